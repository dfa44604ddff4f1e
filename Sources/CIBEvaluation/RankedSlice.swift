/// A set of entities put in review order for threshold-free metrics: score descending, ties broken by entity id
/// ascending (so precision@k is deterministic), with the boundaries of each run of tied scores.
///
/// Every threshold-free metric walks this order once, optionally with integer bootstrap weights indexed by entity
/// id, so a bootstrap replicate costs O(n) and allocates nothing.
struct RankedSlice: Sendable {
    /// Entity ids in review order.
    let ids: [Int32]
    let labels: [Bool]
    let flags: [Bool]
    let scores: [Double]
    /// Per position, `label | flag << 1`: lets the hot loop count without branches.
    let codes: [UInt8]
    /// Exclusive end position of each run of equal scores, in order.
    let groupEnds: [Int32]
    /// Number of positives and negatives (unweighted).
    let positives: Int
    let negatives: Int

    /// Ranks all entities `0 ..< scores.count`.
    init(labels: [Bool], scores: [Double], flags: [Bool]) {
        // NaN never reaches here from validated scores; treat it as the lowest score to keep the order total.
        var keyed = [(score: Double, id: Int32)]()
        keyed.reserveCapacity(scores.count)
        for (i, s) in scores.enumerated() { keyed.append((s.isNaN ? -.infinity : s, Int32(i))) }
        keyed.sort { a, b in a.score != b.score ? a.score > b.score : a.id < b.id }
        self.init(ordered: keyed.lazy.map(\.id), labels: labels, scores: scores, flags: flags)
    }

    /// Ranks the entities of `members` (any order).
    init(members: [Int32], labels: [Bool], scores: [Double], flags: [Bool]) {
        var keyed = members.map { (score: scores[Int($0)].isNaN ? -.infinity : scores[Int($0)], id: $0) }
        keyed.sort { a, b in a.score != b.score ? a.score > b.score : a.id < b.id }
        self.init(ordered: keyed.lazy.map(\.id), labels: labels, scores: scores, flags: flags)
    }

    /// The entities of this ranking for which `keep[id]` is true, in the same order (a sub-ranking is the ranking
    /// of the subset, so per-kind slices need no second sort).
    func filtered(
        labels allLabels: [Bool], scores allScores: [Double], flags allFlags: [Bool], keep: (Int32) -> Bool
    ) -> RankedSlice {
        RankedSlice(ordered: ids.lazy.filter(keep), labels: allLabels, scores: allScores, flags: allFlags)
    }

    private init(ordered: some Sequence<Int32>, labels allLabels: [Bool], scores allScores: [Double], flags allFlags: [Bool]) {
        var ids = [Int32](), labels = [Bool](), flags = [Bool](), scores = [Double](), ends = [Int32]()
        var positives = 0
        for id in ordered {
            let i = Int(id)
            let score = allScores[i].isNaN ? -Double.infinity : allScores[i]
            if let last = scores.last, score != last { ends.append(Int32(ids.count)) }
            ids.append(id)
            labels.append(allLabels[i])
            flags.append(allFlags[i])
            scores.append(score)
            if allLabels[i] { positives += 1 }
        }
        if !ids.isEmpty { ends.append(Int32(ids.count)) }
        self.ids = ids
        self.labels = labels
        self.flags = flags
        self.scores = scores
        self.codes = zip(labels, flags).map { UInt8($0 ? 1 : 0) | UInt8($1 ? 2 : 0) }
        self.groupEnds = ends
        self.positives = positives
        self.negatives = ids.count - positives
    }

    var count: Int { ids.count }

    /// The threshold-free summaries and the weighted confusion counts of one (re)sample.
    struct Summary {
        var averagePrecision: Double?
        var auc: Double?
        var counts: ConfusionCounts
    }

    /// AP (step-wise, scikit-learn's `average_precision_score`), ROC AUC (Mann-Whitney U / (n₊ n₋), ties counted
    /// one half, which equals the trapezoidal area under the ROC curve with tied scores as diagonal segments) and
    /// the confusion counts of the flags, each entity counted `weights[id]` times. AP is `nil` without positives,
    /// AUC `nil` without positives or negatives.
    func summary(weights: UnsafeBufferPointer<UInt8>) -> Summary {
        summaries(weights: weights, part: nil, parts: 0)[0]
    }

    /// As ``summary(weights:)`` with every entity counted once.
    func summary() -> Summary {
        summaries(weights: nil, part: nil, parts: 0)[0]
    }

    /// The summary of the whole ranking (element 0) and of each of `parts` sub-rankings (element `1 + k` for the
    /// positions with `part[p] == k`), in one pass: a subset of a ranking is ranked in the same order, and its tie
    /// groups are the whole ranking's groups restricted to it. Each entity counts `weights[id]` times (once when
    /// `weights` is `nil`).
    func summaries(weights: UnsafeBufferPointer<UInt8>?, part: [UInt8]?, parts: Int) -> [Summary] {
        precondition(part.map { $0.count == ids.count } ?? (parts == 0), "part column does not match the ranking")
        precondition(parts < 32, "at most 31 parts")
        return withUnsafeTemporaryAllocation(of: Accumulator.self, capacity: parts + 1) { slots in
            slots.initialize(repeating: Accumulator())
            ids.withUnsafeBufferPointer { ids in
                codes.withUnsafeBufferPointer { codes in
                    (part ?? []).withUnsafeBufferPointer { part in
                        var start = 0
                        for end32 in groupEnds {
                            let end = Int(end32)
                            var touched: UInt32 = 0
                            for p in start ..< end {
                                let w = weights.map { Int($0[Int(ids[p])]) } ?? 1
                                let code = Int(codes[p])
                                slots[0].add(weight: w, code: code)
                                if parts > 0 {
                                    let k = 1 + Int(part[p])
                                    slots[k].add(weight: w, code: code)
                                    touched |= 1 << UInt32(k)
                                }
                            }
                            start = end
                            slots[0].closeGroup()
                            while touched != 0 {
                                let k = touched.trailingZeroBitCount
                                slots[k].closeGroup()
                                touched &= touched - 1
                            }
                        }
                    }
                }
            }
            return slots.map(\.summary)
        }
    }

    /// Running sums of one ranking walk.
    private struct Accumulator {
        var counts = ConfusionCounts()
        var tp = 0, fp = 0
        var ap = 0.0, u = 0.0
        var groupTotal = 0, groupPositive = 0, groupFlagged = 0, groupFlaggedPositive = 0

        /// Adds an entity with `code = label | flag << 1`, without branches.
        @inline(__always)
        mutating func add(weight w: Int, code: Int) {
            let label = code & 1, flag = code >> 1
            groupTotal &+= w
            groupPositive &+= w &* label
            groupFlagged &+= w &* flag
            groupFlaggedPositive &+= w &* (label & flag)
        }

        @inline(__always)
        mutating func closeGroup() {
            guard groupTotal > 0 else { return }
            let groupNegative = groupTotal - groupPositive
            counts.tp += groupFlaggedPositive
            counts.fn += groupPositive - groupFlaggedPositive
            counts.fp += groupFlagged - groupFlaggedPositive
            counts.tn += groupNegative - (groupFlagged - groupFlaggedPositive)
            u += Double(groupNegative) * (Double(tp) + 0.5 * Double(groupPositive))
            tp += groupPositive
            fp += groupNegative
            if groupPositive > 0 { ap += Double(groupPositive) * (Double(tp) / Double(tp + fp)) }
            groupTotal = 0
            groupPositive = 0
            groupFlagged = 0
            groupFlaggedPositive = 0
        }

        var summary: Summary {
            Summary(
                averagePrecision: tp > 0 ? ap / Double(tp) : nil,
                auc: tp > 0 && fp > 0 ? u / (Double(tp) * Double(fp)) : nil,
                counts: counts)
        }
    }
}
