public import CIBModel
public import CIBTruth

/// Joins a detector's scores with the ground truth of the world they were computed on (docs/evaluation.md).
///
/// Build one evaluator per world: it derives the labels, the entity slices (all entities, then each kind), each
/// positive's tactics, platform, truth cluster and activation day once, and evaluates any number of detectors
/// against them. Bootstrap resamples (of all entities; per-kind statistics restrict them) depend only on `seed`,
/// never on the detector or on `tasks`, so results are reproducible and detectors evaluated with the same
/// evaluator share resamples.
public struct Evaluator: Sendable {
    public let positives: PositiveDefinition
    /// The campaign index used by ``PositiveDefinition/thisCampaign``.
    public let campaign: Int
    public let bootstrapReplicates: Int
    /// Review budgets for precision@k and recall@k.
    public let reviewBudgets: [Int]
    /// Confidence level of every interval (0.95 by default).
    public let confidence: Double
    /// At most this many points of each curve are kept in ``SliceEvaluation/curves`` (see
    /// ``RankingCurves/thinned(maxPoints:tolerance:)``); metrics always use the full curves.
    public var curvePoints = 1000
    public let seed: UInt64
    public let tasks: Int
    /// When the campaign began: its first attributed event (for ``PositiveDefinition/anyInauthentic``, the first
    /// activity of any positive); the first day of ``SliceEvaluation/recallByDay`` starts here.
    public let campaignStart: Timestamp
    /// Number of days from ``campaignStart`` to the end of the observation window (at least 1).
    public let dayCount: Int
    /// One label per entity: `true` for a positive.
    public let labels: [Bool]

    struct Slice: Sendable {
        var kind: EntityKind?
        /// Entity ids of the slice, ascending.
        var members: [Int32]
    }

    let slices: [Slice]
    /// Per entity: tactics of its events and of the entity itself (filled for positives only).
    let tactics: [TacticSet]
    /// Per entity: the day (since ``campaignStart``) it became active, or -1 if it never acted (positives only).
    let activationDay: [Int32]
    let platform: [UInt16]
    let platformNames: [String]
    let truthCluster: [Int32]
    let entityCount: Int
    let entityKind: [EntityKind]
    /// Per entity: its class in the truth (for false positives per class).
    let entityClass: [EntityClass]

    /// - Parameters:
    ///   - truth: the world's ground truth; must describe the same entities and events as `observable`.
    ///   - positives: what counts as a positive.
    ///   - campaign: the campaign index for ``PositiveDefinition/thisCampaign``.
    ///   - bootstrapReplicates: resamples for the AP, AUC and F1 intervals (0 disables those intervals).
    ///   - reviewBudgets: the `k`s of precision@k and recall@k.
    ///   - confidence: interval confidence level, in (0, 1).
    ///   - seed: seeds the bootstrap streams.
    ///   - tasks: threads for the bootstrap; does not change any result.
    public init(
        truth: GroundTruth, observable: ObservableDataset, positives: PositiveDefinition = .thisCampaign,
        campaign: Int = 0, bootstrapReplicates: Int = 200, reviewBudgets: [Int] = [100, 1000],
        confidence: Double = 0.95, seed: UInt64, tasks: Int = 1
    ) throws(EvaluationError) {
        let n = observable.entities.count
        guard truth.entityClass.count == n, truth.entityCampaign.count == n, truth.entityCluster.count == n,
            truth.entityTactics.count == n
        else {
            throw EvaluationError(
                "ground truth describes \(truth.entityClass.count) entities, the dataset has \(n)")
        }
        guard truth.eventCampaign.count == observable.events.count,
            truth.eventTactics.count == observable.events.count
        else {
            throw EvaluationError(
                "ground truth describes \(truth.eventCampaign.count) events, the dataset has \(observable.events.count)")
        }
        if positives == .thisCampaign {
            guard campaign >= 0, truth.campaignNames.isEmpty || campaign < truth.campaignNames.count else {
                throw EvaluationError(
                    "campaign index \(campaign) is out of range: the world has \(truth.campaignNames.count) campaign(s)")
            }
        }
        guard bootstrapReplicates >= 0 else {
            throw EvaluationError("bootstrap replicates must be non-negative (got \(bootstrapReplicates))")
        }
        guard confidence > 0, confidence < 1 else {
            throw EvaluationError("confidence must be in (0, 1) (got \(confidence))")
        }
        if let bad = reviewBudgets.first(where: { $0 < 1 }) {
            throw EvaluationError("review budgets must be at least 1 (got \(bad))")
        }
        self.positives = positives
        self.campaign = campaign
        self.bootstrapReplicates = bootstrapReplicates
        self.reviewBudgets = reviewBudgets
        self.confidence = confidence
        self.seed = seed
        self.tasks = max(1, tasks)
        self.entityCount = n
        let labels = positives.labels(truth, campaign: campaign)
        self.labels = labels

        var slices = [Slice(kind: nil, members: Array(0 ..< Int32(n)))]
        for kind in EntityKind.allCases {
            var members = [Int32]()
            for i in 0 ..< n where observable.entities.kind[i] == kind { members.append(Int32(i)) }
            if !members.isEmpty { slices.append(Slice(kind: kind, members: members)) }
        }
        self.slices = slices
        self.entityKind = observable.entities.kind

        // Tactics, first activity and first campaign-attributed activity of positives, in one pass over events.
        var tactics = [TacticSet](repeating: [], count: n)
        var firstActivity = [Timestamp](repeating: .max, count: n)
        var firstCampaignEvent = [Timestamp](repeating: .max, count: n)
        var start = Timestamp.max
        let events = observable.events
        for e in 0 ..< events.count {
            let actor = Int(events.actor[e])
            let eventCampaign = Int(truth.eventCampaign[e])
            let attributed = positives == .thisCampaign ? eventCampaign == campaign : eventCampaign >= 0
            if attributed, positives != .anyInauthentic, start == .max { start = events.time[e] }
            guard labels[actor] else { continue }
            tactics[actor].formUnion(truth.eventTactics[e])
            if firstActivity[actor] == .max { firstActivity[actor] = events.time[e] }
            if eventCampaign >= 0, firstCampaignEvent[actor] == .max { firstCampaignEvent[actor] = events.time[e] }
        }
        let follows = observable.follows
        for f in 0 ..< follows.count {
            let follower = Int(follows.follower[f])
            if labels[follower] { firstActivity[follower] = min(firstActivity[follower], follows.time[f]) }
        }
        for i in 0 ..< n where labels[i] {
            tactics[i].formUnion(truth.entityTactics[i])
        }
        if start == .max {
            for i in 0 ..< n where labels[i] { start = min(start, firstActivity[i]) }
        }
        if start == .max { start = observable.start }
        self.campaignStart = start
        let lastEvent = events.time.last ?? observable.end
        let end = max(observable.end, lastEvent + 1)
        let day: Timestamp = 86_400
        self.dayCount = Int(max(1, (end - start + day - 1) / day))
        var activationDay = [Int32](repeating: -1, count: n)
        for i in 0 ..< n where labels[i] {
            let t = firstCampaignEvent[i] != .max ? firstCampaignEvent[i] : firstActivity[i]
            guard t != .max else { continue }
            activationDay[i] = Int32(min(Timestamp(dayCount - 1), max(0, (t - start) / day)))
        }
        self.activationDay = activationDay
        self.tactics = tactics
        self.platform = observable.entities.platform
        self.platformNames = observable.platforms.map(\.name)
        self.truthCluster = truth.entityCluster
        self.entityClass = truth.entityClass
    }

    /// As ``init(truth:observable:positives:campaign:bootstrapReplicates:reviewBudgets:confidence:seed:tasks:)``
    /// with ``PositiveDefinition/thisCampaign`` for the campaign called `campaignNamed`.
    public init(
        truth: GroundTruth, observable: ObservableDataset, campaignNamed name: String,
        bootstrapReplicates: Int = 200, reviewBudgets: [Int] = [100, 1000], confidence: Double = 0.95,
        seed: UInt64, tasks: Int = 1
    ) throws(EvaluationError) {
        guard let index = truth.campaignNames.firstIndex(of: name) else {
            let known = truth.campaignNames.isEmpty ? "none" : truth.campaignNames.joined(separator: ", ")
            throw EvaluationError("unknown campaign '\(name)' (campaigns: \(known))")
        }
        try self.init(
            truth: truth, observable: observable, positives: .thisCampaign, campaign: index,
            bootstrapReplicates: bootstrapReplicates, reviewBudgets: reviewBudgets, confidence: confidence,
            seed: seed, tasks: tasks)
    }

    /// Checks that `scores` fit this world: one finite score, one flag and (if present) one cluster per entity.
    public func validate(_ scores: EntityScores) throws(EvaluationError) {
        guard scores.score.count == entityCount, scores.flag.count == entityCount else {
            throw EvaluationError(
                "detector '\(scores.detector)' scored \(scores.score.count) entities, the dataset has \(entityCount)")
        }
        if let cluster = scores.cluster, cluster.count != entityCount {
            throw EvaluationError(
                "detector '\(scores.detector)' gave \(cluster.count) cluster ids, the dataset has \(entityCount) entities")
        }
        if let row = scores.score.firstIndex(where: { !$0.isFinite }) {
            throw EvaluationError(
                "detector '\(scores.detector)': score of entity \(row) is \(scores.score[row]), expected a finite number")
        }
    }

    /// Evaluates one detector's scores on every slice.
    public func evaluate(_ scores: EntityScores) throws(EvaluationError) -> DetectorEvaluation {
        try evaluate([scores])[0]
    }

    /// Evaluates several detectors on this world. Equivalent to evaluating each alone (same resamples, same
    /// numbers), but the bootstrap draws are paid once for all of them.
    public func evaluate(_ all: [EntityScores]) throws(EvaluationError) -> [DetectorEvaluation] {
        for scores in all { try validate(scores) }
        let ranked = all.map { rankings(of: $0) }
        let sliceCount = slices.count
        // Replicate r gives, per detector and slice, (AP, AUC, F1), NaN where a resample leaves one undefined.
        let replicates = EntityBootstrap.run(
            count: entityCount, replicates: bootstrapReplicates, seed: seed, tasks: tasks
        ) { weights -> [Double] in
            var values = [Double]()
            values.reserveCapacity(ranked.count * sliceCount * 3)
            for detector in ranked {
                // One walk of the whole ranking gives every slice (kinds are parts of it).
                for s in detector.whole.summaries(weights: weights, part: detector.part, parts: sliceCount - 1) {
                    let f1 = s.counts.f1
                    values.append(s.averagePrecision ?? .nan)
                    values.append(s.auc ?? .nan)
                    values.append(f1.defined ? f1.value : .nan)
                }
            }
            return values
        }
        return all.indices.map { d in
            let evaluated = slices.indices.map { s in
                let base = (d * sliceCount + s) * 3
                return evaluate(
                    all[d], on: slices[s], ranked: ranked[d].slices[s],
                    replicates: (replicates.map { $0[base] }, replicates.map { $0[base + 1] }, replicates.map { $0[base + 2] }))
            }
            return DetectorEvaluation(detector: all[d].detector, positives: positives, campaign: campaign, slices: evaluated)
        }
    }

    /// A detector's review order on the whole world and on every slice.
    struct Rankings: Sendable {
        var whole: RankedSlice
        /// One per slice, in ``Evaluator/slices`` order.
        var slices: [RankedSlice]
        /// Per position of `whole`: the index, among the kind slices (slices after the first), of its entity's kind.
        var part: [UInt8]
    }

    /// The detector's review order on every slice: one sort of all entities, filtered per kind.
    func rankings(of scores: EntityScores) -> Rankings {
        let whole = RankedSlice(labels: labels, scores: scores.score, flags: scores.flag)
        var partOfKind = [UInt8](repeating: 0, count: EntityKind.allCases.count)
        for (index, slice) in slices.enumerated().dropFirst() { partOfKind[Int(slice.kind!.rawValue)] = UInt8(index - 1) }
        let part = whole.ids.map { partOfKind[Int(entityKind[Int($0)].rawValue)] }
        let perSlice = slices.map { slice in
            guard let kind = slice.kind else { return whole }
            return whole.filtered(labels: labels, scores: scores.score, flags: scores.flag) { entityKind[Int($0)] == kind }
        }
        return Rankings(whole: whole, slices: perSlice, part: part)
    }

    func evaluate(
        _ scores: EntityScores, on slice: Slice, ranked: RankedSlice,
        replicates boot: (ap: [Double], auc: [Double], f1: [Double])
    ) -> SliceEvaluation {
        let curves = RankingCurves(ranked)
        let counts = ranked.summary().counts
        let stored = curves.thinned(maxPoints: curvePoints)
        let f1 = counts.f1
        let breakdowns = breakdowns(scores, on: slice)
        return SliceEvaluation(
            kind: slice.kind, entities: slice.members.count, counts: counts,
            precision: counts.precision(confidence: confidence), recall: counts.recall(confidence: confidence),
            f1: Intervals.bootstrapped(f1.defined ? f1.value : nil, replicates: boot.f1, confidence: confidence),
            falsePositiveRate: counts.falsePositiveRate(confidence: confidence),
            accuracy: counts.accuracy(confidence: confidence),
            curves: stored,
            averagePrecision: Intervals.bootstrapped(
                curves.averagePrecision.defined ? curves.averagePrecision.value : nil,
                replicates: boot.ap, confidence: confidence),
            auc: Intervals.bootstrapped(
                curves.auc.defined ? curves.auc.value : nil, replicates: boot.auc, confidence: confidence),
            reviewBudgets: reviewBudgets.map { ReviewBudgetResult(k: $0, ranked: ranked, confidence: confidence) },
            recallByTactic: breakdowns.tactic, recallByPlatform: breakdowns.platform,
            recallByCluster: breakdowns.cluster, recallByDay: breakdowns.day,
            falsePositivesByClass: falsePositivesByClass(scores, on: slice),
            clusters: clusterAgreement(scores, on: slice))
    }

    func breakdowns(_ scores: EntityScores, on slice: Slice) -> (
        tactic: [BreakdownRecall], platform: [BreakdownRecall], cluster: [BreakdownRecall], day: [BreakdownRecall]
    ) {
        let tacticCount = Tactic.allCases.count
        var tacticTotal = [Int](repeating: 0, count: tacticCount), tacticFound = tacticTotal
        var platformTotal = [Int](repeating: 0, count: platformNames.count), platformFound = platformTotal
        var clusterCounts = [Int32: (total: Int, found: Int)]()
        var foundOnDay = [Int](repeating: 0, count: dayCount)
        var positives = 0
        for id in slice.members {
            let i = Int(id)
            guard labels[i] else { continue }
            positives += 1
            let flagged = scores.flag[i]
            let found = flagged ? 1 : 0
            let set = tactics[i]
            if set.rawValue != 0 {
                for t in 0 ..< tacticCount where set.rawValue & (1 << UInt16(t)) != 0 {
                    tacticTotal[t] += 1
                    tacticFound[t] += found
                }
            }
            let p = Int(platform[i])
            if p < platformTotal.count {
                platformTotal[p] += 1
                platformFound[p] += found
            }
            if truthCluster[i] >= 0 {
                clusterCounts[truthCluster[i], default: (0, 0)].total += 1
                clusterCounts[truthCluster[i], default: (0, 0)].found += found
            }
            if flagged, activationDay[i] >= 0 { foundOnDay[Int(activationDay[i])] += 1 }
        }
        let tactic = Tactic.allCases.filter { tacticTotal[$0.rawValue] > 0 }.map {
            BreakdownRecall(
                key: $0.code, positives: tacticTotal[$0.rawValue], detected: tacticFound[$0.rawValue],
                confidence: confidence)
        }
        let platform = platformNames.indices.filter { platformTotal[$0] > 0 }.map {
            BreakdownRecall(
                key: platformNames[$0], positives: platformTotal[$0], detected: platformFound[$0],
                confidence: confidence)
        }
        let cluster = clusterCounts.keys.sorted().map { id in
            BreakdownRecall(
                key: String(id), positives: clusterCounts[id]!.total, detected: clusterCounts[id]!.found,
                confidence: confidence)
        }
        var day = [BreakdownRecall]()
        day.reserveCapacity(dayCount)
        var cumulative = 0
        for d in 0 ..< dayCount {
            cumulative += foundOnDay[d]
            day.append(BreakdownRecall(key: String(d + 1), positives: positives, detected: cumulative, confidence: confidence))
        }
        return (tactic, platform, cluster, day)
    }

    /// Negatives and flagged negatives of each entity class in the slice (classes without negatives left out).
    func falsePositivesByClass(_ scores: EntityScores, on slice: Slice) -> [ClassFalsePositives] {
        let classCount = Int(EntityClass.allCases.map(\.rawValue).max()!) + 1
        var negatives = [Int](repeating: 0, count: classCount), flagged = negatives
        for id in slice.members {
            let i = Int(id)
            guard !labels[i] else { continue }
            let c = Int(entityClass[i].rawValue)
            negatives[c] += 1
            if scores.flag[i] { flagged[c] += 1 }
        }
        return EntityClass.allCases.filter { negatives[Int($0.rawValue)] > 0 }.map {
            ClassFalsePositives(key: $0.name, negatives: negatives[Int($0.rawValue)], flagged: flagged[Int($0.rawValue)],
                                confidence: confidence)
        }
    }

    /// ARI and NMI between the detector's clusters and the truth clusters on the slice's true positives (flagged
    /// positives). Entities without a cluster on either side (id < 0) count as singletons.
    func clusterAgreement(_ scores: EntityScores, on slice: Slice) -> ClusterAgreement? {
        guard let predicted = scores.cluster else { return nil }
        var truthLabels = [Int64](), predictedLabels = [Int64]()
        for id in slice.members {
            let i = Int(id)
            guard labels[i], scores.flag[i] else { continue }
            truthLabels.append(Int64(truthCluster[i]))
            predictedLabels.append(Int64(predicted[i]))
        }
        return ClusterAgreement(truth: truthLabels, predicted: predictedLabels)
    }
}
