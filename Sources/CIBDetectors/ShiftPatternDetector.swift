public import CIBModel

/// Hour-of-week activity against human daily curves; infers an operation's UTC offset and office shift blocks.
///
/// Meta's Q2 2023 Adversarial Threat Report describes Spamouflage clusters working "a clear shift pattern": bursts
/// mid-morning and early afternoon Beijing time (UTC+8), breaks for lunch and supper, a final burst in the evening;
/// Twitter's 2019 disclosure of a China-based network and Keller et al. ("Political astroturfing on Twitter",
/// Political Communication 37(2), 2020) describe posting in working weeks and office hours. Time-of-day profiles as
/// an account signature follow Goga et al. ("Exploiting innocuous activity for correlating users across sites", WWW
/// 2013); the leisure curve's shape follows Golder & Macy (Science 333, 2011).
///
/// Individual accounts have few events, so the detector works at group level:
/// 1. **Seeds.** Every entity's events become UTC half-hour slots of the week. For each of the 53 candidate offsets
///    (UTC-12:00 ... UTC+14:00, half-hour steps) it computes the log-likelihood of its events under a template
///    office shift (parameters `morning-start` ... `evening-end`, working days only, `leak` outside blocks,
///    `off-day` at weekends) and under the human leisure curve. The seed score is the best template fit minus the
///    best leisure fit (each maximised over offsets). Entities with at least `min-events` events and a seed score of
///    at least `threshold` are seeds, tagged with their best offset.
/// 2. **Groups.** Seeds are grouped by offset (the most common offset and everything within an hour of it, then the
///    next, up to `max-groups`). For each group of at least `min-group` accounts the pooled profile gives the group
///    offset (best template fit), the shift blocks (half hours whose weekday activity is at least `block-fraction` of
///    the busiest; gaps under `min-break` closed, blocks under `min-block` dropped), the breaks between blocks (at
///    most `max-break` long; when there are fewer than `min-breaks`, the fraction is raised in steps of 0.05 up to
///    `max-block-fraction`, because honest people of the operators' time zone who seed the group with them fill the
///    breaks of the pooled day from below), the weekday share and the quiet weekdays (volume under `quiet-fraction` of the median
///    weekday: public holidays).
/// 3. **Gate.** A group is a shift group when it shows at least `min-breaks` breaks and a weekday share of at least
///    `min-weekday-share`. This is what separates an operation's office shift from honest UTC+8 users (a leisure
///    curve with no lunch or supper gap and busy weekends) and from UTC+8 newsrooms (office hours all week, without
///    the gaps).
/// 4. **Scores.** Each shift group's inferred schedule becomes a shift-work model (density 1 in its blocks on working
///    days, `leak` outside, `off-day` at weekends and on its quiet weekdays). An entity's score is its log-likelihood
///    ratio, in nats, of that model (at the group's offset) against the leisure curve (at the entity's best offset),
///    maximised over shift groups; it is flagged, and given the group's cluster id, when the score reaches
///    `threshold` and it has at least `min-events` events. Steps 2-4 are repeated `refinements` times with the
///    flagged entities as the groups. Without any shift group, scores are the seed scores and nothing is flagged.
///
/// Each flagged group is reported as a ``Finding``: its offset, blocks, breaks, weekday share and quiet weekdays.
/// Cost: linear in events (the offset scan is 2 x 53 table lookups per event; each candidate group adds one walk
/// over the events, entity by entity); memory: 4 bytes per event plus a few numbers per entity. Entities are processed in fixed-size chunks on
/// up to `context.tasks` threads and merged in order, so the output does not depend on the thread count.
public struct ShiftPatternDetector: Detector {
    public static let name = "shift-pattern"
    public static let summary =
        "Hour-of-week activity against human daily curves; infers the operators' UTC offset and shift blocks."
    public static let citation =
        "Meta, Adversarial Threat Report Q2 2023 (Spamouflage shift pattern); Twitter Safety, information operations "
        + "directed at Hong Kong (2019); Keller, Schoch, Stier & Yang, Political astroturfing on Twitter, Political "
        + "Communication 37(2) 2020; Goga et al., Exploiting innocuous activity for correlating users across sites, "
        + "WWW 2013; Golder & Macy, Science 333 (2011)."

    public static let parameters: [ParameterSpec] = [
        ParameterSpec(
            "threshold", "log-likelihood ratio (nats) of shift work over the leisure curve at which an entity is flagged",
            default: 6, range: 0 ... 1000),
        ParameterSpec(
            "min-events", "events an entity needs to seed a group or be flagged", default: 5, unit: .count,
            range: 1 ... 1_000_000, integer: true),
        ParameterSpec(
            "min-group", "accounts a candidate group needs", default: 5, unit: .count, range: 1 ... 1_000_000,
            integer: true),
        ParameterSpec(
            "max-groups", "candidate groups examined at most", default: 8, unit: .count, range: 1 ... 64, integer: true),
        ParameterSpec(
            "block-fraction", "a half hour is in a shift block when the group's weekday activity there is at least this "
                + "fraction of its busiest half hour", default: 0.25, unit: .fraction, range: 0.01 ... 1),
        ParameterSpec(
            "max-block-fraction", "when a group's day shows fewer than min-breaks breaks at block-fraction, the fraction "
                + "is raised in steps of 0.05 up to this (honest people of the operators' time zone pooled with them can "
                + "fill a break above block-fraction); block-fraction or less: never raised", default: 0.5, unit: .fraction,
            range: 0.01 ... 1),
        ParameterSpec("min-block", "shortest shift block", default: 1, unit: .hours, range: 0.5 ... 24),
        ParameterSpec("min-break", "shortest gap counted as a break (shorter gaps are jitter)", default: 1, unit: .hours,
            range: 0.5 ... 24),
        ParameterSpec("max-break", "longest gap between blocks counted as a break", default: 3, unit: .hours,
            range: 0.5 ... 24),
        ParameterSpec(
            "min-breaks", "breaks a group's day must show to be a shift (lunch, supper)", default: 1, unit: .count,
            range: 0 ... 10, integer: true),
        ParameterSpec(
            "min-weekday-share", "share of a group's events on Monday-Friday (local) needed to be a shift",
            default: 0.8, unit: .fraction, range: 0 ... 1),
        ParameterSpec(
            "min-coverage", "share of (working day, block half hour) cells a group must be active in to be a shift",
            default: 0.25, unit: .fraction, range: 0 ... 1),
        ParameterSpec(
            "quiet-fraction", "a weekday is a holiday of the group when its volume is under this fraction of the "
                + "median weekday's", default: 0.2, unit: .fraction, range: 0 ... 1),
        ParameterSpec(
            "worked-fraction", "a weekend day is a make-up working day of the group when its volume is at least this "
                + "fraction of the median weekday's", default: 0.5, unit: .fraction, range: 0 ... 10),
        ParameterSpec(
            "leak", "shift model: activity density outside the blocks relative to inside", default: 0.05,
            unit: .fraction, range: 0.0001 ... 1),
        ParameterSpec(
            "off-day", "shift model: activity density at weekends and on holidays relative to working days",
            default: 0.1, unit: .fraction, range: 0.0001 ... 1),
        ParameterSpec("morning-start", "template shift (local time): first block starts", default: 9, unit: .hours, range: 0 ... 24),
        ParameterSpec("lunch-start", "template shift: lunch break starts", default: 12, unit: .hours, range: 0 ... 24),
        ParameterSpec("lunch-end", "template shift: lunch break ends", default: 13.5, unit: .hours, range: 0 ... 24),
        ParameterSpec("supper-start", "template shift: supper break starts", default: 17.5, unit: .hours, range: 0 ... 24),
        ParameterSpec("supper-end", "template shift: supper break ends", default: 19, unit: .hours, range: 0 ... 24),
        ParameterSpec("evening-end", "template shift: last block ends", default: 22, unit: .hours, range: 0 ... 24),
        ParameterSpec(
            "refinements", "times the groups are re-inferred from the flagged entities", default: 1, unit: .count,
            range: 0 ... 10, integer: true),
    ]

    /// The resolved parameters.
    public struct Settings: Sendable, Equatable {
        public var threshold: Double
        public var minEvents: Int
        public var minGroup: Int
        public var maxGroups: Int
        public var blockFraction: Double
        public var maxBlockFraction: Double
        public var minBlockSlots: Int
        public var minBreakSlots: Int
        public var maxBreakSlots: Int
        public var minBreaks: Int
        public var minWeekdayShare: Double
        public var minCoverage: Double
        public var quietFraction: Double
        public var workedFraction: Double
        public var leak: Double
        public var offDay: Double
        /// The template shift blocks, local half-hour slots of the day.
        public var templateBlocks: [Range<Int>]
        public var refinements: Int
    }

    public let settings: Settings

    public init(parameters: ParameterValues) throws(DetectorError) {
        func slots(_ name: String) -> Int { Int((parameters[name] * 2).rounded()) }
        let hours = ["morning-start", "lunch-start", "lunch-end", "supper-start", "supper-end", "evening-end"]
        for (a, b) in zip(hours, hours.dropFirst()) where parameters[a] > parameters[b] {
            throw DetectorError(
                detector: Self.name, message: "parameter \(a) (\(parameters[a]) h) is later than \(b) (\(parameters[b]) h)")
        }
        guard parameters["min-break"] <= parameters["max-break"] else {
            throw DetectorError(detector: Self.name, message: "parameter min-break is larger than max-break")
        }
        let template = [
            slots("morning-start") ..< slots("lunch-start"), slots("lunch-end") ..< slots("supper-start"),
            slots("supper-end") ..< slots("evening-end"),
        ].filter { !$0.isEmpty }
        guard !template.isEmpty else {
            throw DetectorError(detector: Self.name, message: "the template shift has no block (morning-start ... evening-end)")
        }
        settings = Settings(
            threshold: parameters["threshold"], minEvents: parameters.int("min-events"),
            minGroup: parameters.int("min-group"), maxGroups: parameters.int("max-groups"),
            blockFraction: parameters["block-fraction"], maxBlockFraction: parameters["max-block-fraction"], minBlockSlots: slots("min-block"),
            minBreakSlots: slots("min-break"), maxBreakSlots: slots("max-break"), minBreaks: parameters.int("min-breaks"),
            minWeekdayShare: parameters["min-weekday-share"], minCoverage: parameters["min-coverage"], quietFraction: parameters["quiet-fraction"],
            workedFraction: parameters["worked-fraction"],
            leak: parameters["leak"], offDay: parameters["off-day"], templateBlocks: template,
            refinements: parameters.int("refinements"))
    }

    /// The detector with default parameters.
    public init() {
        // The defaults are valid by construction.
        try! self.init(parameters: ParameterValues.resolve(Self.parameters, overrides: [:], detector: Self.name))
    }

    public func run(on data: ObservableDataset, context: DetectorContext) throws(DetectorError) -> DetectorOutput {
        let result = ShiftPatternAnalysis(settings: settings).analyse(data, tasks: context.tasks)
        context.progress("shift-pattern: \(result.groups.count) shift group(s), \(result.flagged) entities flagged")
        let findings = result.groups.enumerated().map { index, group in
            Finding(
                cluster: Int32(index), size: group.members,
                summary: group.schedule.summary + "; \(group.members) entities, \(group.events) events")
        }
        return DetectorOutput(
            scores: EntityScores(
                detector: Self.name, score: result.score, flag: result.flag,
                cluster: result.groups.isEmpty ? nil : result.cluster),
            findings: findings)
    }
}
