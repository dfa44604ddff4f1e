public import CIBModel
public import CIBStatistics

/// A difference between two detectors on the same entities, from a paired bootstrap: the same resampled entity
/// indices score both detectors in every replicate.
public struct PairedDifference: Sendable, Equatable, Codable {
    /// First detector minus second, on the full sample (averaged over worlds when several are pooled).
    public var estimate: Double
    /// Percentile bootstrap interval of the difference.
    public var lower: Double?
    public var upper: Double?
    /// Two-sided bootstrap p-value for "no difference": `min(1, 2 min(P*(Δ ≤ 0), P*(Δ ≥ 0)))` over the finite
    /// replicates Δ (the percentile-interval inversion of Efron & Tibshirani 1993, §15.4). 1 without replicates.
    public var pValue: Double
    /// `false` when the statistic is undefined on the full sample for either detector (e.g. AP without positives).
    public var defined: Bool

    public init(estimate: Double, lower: Double?, upper: Double?, pValue: Double, defined: Bool) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
        self.pValue = pValue
        self.defined = defined
    }

    init(estimate: Double?, replicates: [Double], confidence: Double) {
        guard let estimate else {
            self.init(estimate: 0, lower: nil, upper: nil, pValue: 1, defined: false)
            return
        }
        let finite = replicates.filter(\.isFinite)
        let interval = Intervals.percentile(finite, confidence: confidence)
        var p = 1.0
        if !finite.isEmpty {
            let atMost = Double(finite.filter { $0 <= 0 }.count) / Double(finite.count)
            let atLeast = Double(finite.filter { $0 >= 0 }.count) / Double(finite.count)
            p = min(1, 2 * min(atMost, atLeast))
        }
        self.init(estimate: estimate, lower: interval?.lower, upper: interval?.upper, pValue: p, defined: true)
    }
}

/// Two detectors compared on the same worlds (MISSION §4, "between detectors: paired tests"): McNemar's test on
/// their decisions and paired bootstrap differences in average precision and F1.
public struct PairedComparison: Sendable, Equatable, Codable {
    public var first: String
    public var second: String
    /// `account`, `page`, `group` or `all`.
    public var kind: String
    /// Worlds pooled.
    public var worlds: Int
    /// McNemar on correctness (`flag == label`): `b` entities the first detector gets right and the second wrong,
    /// `c` the reverse, summed over worlds.
    public var mcnemar: McNemar.Result
    public var averagePrecision: PairedDifference
    public var f1: PairedDifference

    public init(
        first: String, second: String, kind: String, worlds: Int, mcnemar: McNemar.Result,
        averagePrecision: PairedDifference, f1: PairedDifference
    ) {
        self.first = first
        self.second = second
        self.kind = kind
        self.worlds = worlds
        self.mcnemar = mcnemar
        self.averagePrecision = averagePrecision
        self.f1 = f1
    }
}

/// One world's inputs to a paired comparison.
public struct PairedWorld: Sendable {
    public var evaluator: Evaluator
    public var first: EntityScores
    public var second: EntityScores

    public init(evaluator: Evaluator, first: EntityScores, second: EntityScores) {
        self.evaluator = evaluator
        self.first = first
        self.second = second
    }
}

extension Evaluator {
    /// Compares two detectors on this world (see ``compare(_:kind:)``).
    public func compare(
        _ first: EntityScores, _ second: EntityScores, kind: EntityKind? = nil
    ) throws(EvaluationError) -> PairedComparison {
        try Self.compare([PairedWorld(evaluator: self, first: first, second: second)], kind: kind)
    }

    /// Compares two detectors on one or more worlds (seeds). McNemar's discordant counts are summed over worlds;
    /// the bootstrap difference is the mean over worlds of the per-world difference, replicate `r` resampling
    /// every world's entities with that world's replicate-`r` stream. Every world's evaluator must use the same
    /// replicate count and confidence level.
    public static func compare(_ worlds: [PairedWorld], kind: EntityKind? = nil) throws(EvaluationError) -> PairedComparison {
        guard let firstWorld = worlds.first else { throw EvaluationError("paired comparison needs at least one world") }
        let confidence = firstWorld.evaluator.confidence
        let replicates = firstWorld.evaluator.bootstrapReplicates
        var b = 0, c = 0
        var apEstimates = [Double](), f1Estimates = [Double]()
        var apDefined = true, f1Defined = true
        var apSums = [Double](repeating: 0, count: replicates), f1Sums = apSums
        for world in worlds {
            let evaluator = world.evaluator
            guard evaluator.bootstrapReplicates == replicates, evaluator.confidence == confidence else {
                throw EvaluationError(
                    "paired comparison: every world needs the same bootstrap replicates and confidence "
                        + "(\(replicates) at \(confidence), found \(evaluator.bootstrapReplicates) at \(evaluator.confidence))")
            }
            try evaluator.validate(world.first)
            try evaluator.validate(world.second)
            guard let slice = evaluator.slices.first(where: { $0.kind == kind }) else {
                throw EvaluationError("paired comparison: the dataset has no entities of kind \(kind?.name ?? "all")")
            }
            for id in slice.members {
                let i = Int(id)
                let label = evaluator.labels[i]
                let right1 = world.first.flag[i] == label, right2 = world.second.flag[i] == label
                if right1, !right2 { b += 1 }
                if !right1, right2 { c += 1 }
            }
            guard let index = evaluator.slices.firstIndex(where: { $0.kind == kind }) else { continue }
            let ranked1 = evaluator.rankings(of: world.first).slices[index]
            let ranked2 = evaluator.rankings(of: world.second).slices[index]
            let full1 = ranked1.summary(), full2 = ranked2.summary()
            if let x = full1.averagePrecision, let y = full2.averagePrecision { apEstimates.append(x - y) } else { apDefined = false }
            let f1x = full1.counts.f1, f1y = full2.counts.f1
            if f1x.defined, f1y.defined { f1Estimates.append(f1x.value - f1y.value) } else { f1Defined = false }
            let diffs = EntityBootstrap.run(
                count: evaluator.entityCount, replicates: replicates, seed: evaluator.seed, tasks: evaluator.tasks
            ) { weights -> (ap: Double, f1: Double) in
                let s1 = ranked1.summary(weights: weights), s2 = ranked2.summary(weights: weights)
                let ap = (s1.averagePrecision ?? .nan) - (s2.averagePrecision ?? .nan)
                let a = s1.counts.f1, z = s2.counts.f1
                return (ap, a.defined && z.defined ? a.value - z.value : .nan)
            }
            for r in 0 ..< min(replicates, diffs.count) {
                apSums[r] += diffs[r].ap
                f1Sums[r] += diffs[r].f1
            }
        }
        let count = Double(worlds.count)
        func mean(_ values: [Double], _ defined: Bool) -> Double? {
            defined && !values.isEmpty ? values.reduce(0, +) / count : nil
        }
        return PairedComparison(
            first: firstWorld.first.detector, second: firstWorld.second.detector, kind: kind?.name ?? "all",
            worlds: worlds.count, mcnemar: McNemar.test(b: b, c: c),
            averagePrecision: PairedDifference(
                estimate: mean(apEstimates, apDefined), replicates: apSums.map { $0 / count }, confidence: confidence),
            f1: PairedDifference(
                estimate: mean(f1Estimates, f1Defined), replicates: f1Sums.map { $0 / count }, confidence: confidence))
    }
}
