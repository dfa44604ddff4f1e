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

/// Two detectors compared on the same worlds (docs/evaluation.md, "between detectors: paired tests"): McNemar's test on
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
        try compareAll([worlds], kind: kind)[0]
    }

    /// Several paired comparisons on the same worlds — `pairs[p][w]` is comparison `p` on world `w`, every
    /// comparison listing the same worlds in the same order — giving for each exactly what ``compare(_:kind:)``
    /// gives. Each world's bootstrap resamples are drawn once for all comparisons, and each detector's summary is
    /// computed once per resample however many comparisons it takes part in (comparing every detector against one
    /// reference: one bootstrap pass instead of one per detector).
    public static func compareAll(_ pairs: [[PairedWorld]], kind: EntityKind? = nil) throws(EvaluationError) -> [PairedComparison] {
        guard let firstWorld = pairs.first?.first else { throw EvaluationError("paired comparison needs at least one world") }
        let worldCount = pairs[0].count
        guard pairs.allSatisfy({ $0.count == worldCount }) else {
            throw EvaluationError("paired comparisons must all cover the same worlds")
        }
        let confidence = firstWorld.evaluator.confidence
        let replicates = firstWorld.evaluator.bootstrapReplicates
        var b = [Int](repeating: 0, count: pairs.count), c = b
        var apEstimates = [[Double]](repeating: [], count: pairs.count), f1Estimates = apEstimates
        var apDefined = [Bool](repeating: true, count: pairs.count), f1Defined = apDefined
        var apSums = [[Double]](repeating: [Double](repeating: 0, count: replicates), count: pairs.count), f1Sums = apSums
        for w in 0 ..< worldCount {
            let evaluator = pairs[0][w].evaluator
            for pair in pairs {
                let other = pair[w].evaluator
                guard other.bootstrapReplicates == replicates, other.confidence == confidence else {
                    throw EvaluationError(
                        "paired comparison: every world needs the same bootstrap replicates and confidence "
                            + "(\(replicates) at \(confidence), found \(other.bootstrapReplicates) at \(other.confidence))")
                }
                guard other.entityCount == evaluator.entityCount, other.seed == evaluator.seed else {
                    throw EvaluationError("paired comparisons must all list the same worlds in the same order")
                }
                try evaluator.validate(pair[w].first)
                try evaluator.validate(pair[w].second)
            }
            guard let index = evaluator.slices.firstIndex(where: { $0.kind == kind }) else {
                throw EvaluationError("paired comparison: the dataset has no entities of kind \(kind?.name ?? "all")")
            }
            let members = evaluator.slices[index].members
            // The distinct score sets of this world (a detector in several comparisons is ranked once).
            var distinct: [EntityScores] = []
            func slot(_ scores: EntityScores) -> Int {
                if let i = distinct.firstIndex(where: { $0.detector == scores.detector && $0.score == scores.score && $0.flag == scores.flag }) {
                    return i
                }
                distinct.append(scores)
                return distinct.count - 1
            }
            let slots = pairs.map { (slot($0[w].first), slot($0[w].second)) }
            let ranked = distinct.map { evaluator.rankings(of: $0).slices[index] }
            let full = ranked.map { $0.summary() }
            for (p, pair) in pairs.enumerated() {
                let (x, y) = slots[p]
                for id in members {
                    let i = Int(id)
                    let label = evaluator.labels[i]
                    let right1 = pair[w].first.flag[i] == label, right2 = pair[w].second.flag[i] == label
                    if right1, !right2 { b[p] += 1 }
                    if !right1, right2 { c[p] += 1 }
                }
                if let ap1 = full[x].averagePrecision, let ap2 = full[y].averagePrecision { apEstimates[p].append(ap1 - ap2) } else { apDefined[p] = false }
                let f1x = full[x].counts.f1, f1y = full[y].counts.f1
                if f1x.defined, f1y.defined { f1Estimates[p].append(f1x.value - f1y.value) } else { f1Defined[p] = false }
            }
            let perReplicate = EntityBootstrap.run(
                count: evaluator.entityCount, replicates: replicates, seed: evaluator.seed, tasks: evaluator.tasks
            ) { weights -> [ReplicateSummary] in
                ranked.map { slice in
                    let s = slice.summary(weights: weights)
                    let f1 = s.counts.f1
                    return ReplicateSummary(averagePrecision: s.averagePrecision ?? .nan, f1: f1.defined ? f1.value : .nan)
                }
            }
            for r in 0 ..< min(replicates, perReplicate.count) {
                for (p, (x, y)) in slots.enumerated() {
                    apSums[p][r] += perReplicate[r][x].averagePrecision - perReplicate[r][y].averagePrecision
                    f1Sums[p][r] += perReplicate[r][x].f1 - perReplicate[r][y].f1
                }
            }
        }
        let count = Double(worldCount)
        func mean(_ values: [Double], _ defined: Bool) -> Double? {
            defined && !values.isEmpty ? values.reduce(0, +) / count : nil
        }
        return pairs.indices.map { p in
            PairedComparison(
                first: pairs[p][0].first.detector, second: pairs[p][0].second.detector, kind: kind?.name ?? "all",
                worlds: worldCount, mcnemar: McNemar.test(b: b[p], c: c[p]),
                averagePrecision: PairedDifference(
                    estimate: mean(apEstimates[p], apDefined[p]), replicates: apSums[p].map { $0 / count }, confidence: confidence),
                f1: PairedDifference(
                    estimate: mean(f1Estimates[p], f1Defined[p]), replicates: f1Sums[p].map { $0 / count }, confidence: confidence))
        }
    }
}

/// One detector's statistics on one bootstrap replicate (NaN where undefined).
private struct ReplicateSummary: Sendable {
    var averagePrecision: Double
    var f1: Double
}
