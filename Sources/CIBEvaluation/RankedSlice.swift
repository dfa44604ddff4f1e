/// A set of entities put in review order for threshold-free metrics: score descending, ties broken by entity id
/// ascending (so precision@k is deterministic), with the boundaries of each run of tied scores.
///
/// Every threshold-free metric walks this order once, optionally with integer bootstrap weights, so a bootstrap
/// replicate costs O(n) and allocates nothing.
struct RankedSlice: Sendable {
    /// Entity ids in review order.
    let ids: [Int32]
    /// For each rank position, the entity's index in the slice's own (id-ascending) member list; bootstrap weights
    /// are indexed by it, so replicates resample the same entities whatever the detector's order.
    let local: [Int32]
    let labels: [Bool]
    let flags: [Bool]
    let scores: [Double]
    /// Exclusive end position of each run of equal scores, in order.
    let groupEnds: [Int32]
    /// Number of positives and negatives (unweighted).
    let positives: Int
    let negatives: Int

    /// - Parameters:
    ///   - members: the entity ids of the slice, ascending.
    ///   - labels, scores, flags: per-entity columns over the whole dataset.
    init(members: [Int32], labels: [Bool], scores: [Double], flags: [Bool]) {
        // NaN never reaches here from validated scores; treat it as the lowest score to keep the order total.
        func key(_ id: Int32) -> Double {
            let s = scores[Int(id)]
            return s.isNaN ? -.infinity : s
        }
        var order = [Int32](0 ..< Int32(members.count))
        order.sort { a, b in
            let sa = key(members[Int(a)]), sb = key(members[Int(b)])
            return sa != sb ? sa > sb : members[Int(a)] < members[Int(b)]
        }
        var ids = [Int32](), rankLabels = [Bool](), rankFlags = [Bool](), rankScores = [Double](), ends = [Int32]()
        ids.reserveCapacity(order.count)
        rankLabels.reserveCapacity(order.count)
        rankFlags.reserveCapacity(order.count)
        rankScores.reserveCapacity(order.count)
        var positives = 0
        for (position, localIndex) in order.enumerated() {
            let id = members[Int(localIndex)]
            let score = key(id)
            if position > 0, score != rankScores[position - 1] { ends.append(Int32(position)) }
            ids.append(id)
            rankLabels.append(labels[Int(id)])
            rankFlags.append(flags[Int(id)])
            rankScores.append(score)
            if labels[Int(id)] { positives += 1 }
        }
        if !order.isEmpty { ends.append(Int32(order.count)) }
        self.ids = ids
        self.local = order
        self.labels = rankLabels
        self.flags = rankFlags
        self.scores = rankScores
        self.groupEnds = ends
        self.positives = positives
        self.negatives = order.count - positives
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
    /// the confusion counts of the flags, each entity counted `weights[local[p]]` times (once when `weights` is
    /// `nil`). AP is `nil` without positives, AUC `nil` without positives or negatives.
    func summary(weights: UnsafeBufferPointer<Int32>?) -> Summary {
        // Pass 1: weighted totals.
        var totalPositive = 0, totalNegative = 0
        var counts = ConfusionCounts()
        for p in 0 ..< ids.count {
            let w = weights.map { Int($0[Int(local[p])]) } ?? 1
            if w == 0 { continue }
            switch (labels[p], flags[p]) {
            case (true, true): counts.tp += w
            case (false, true): counts.fp += w
            case (true, false): counts.fn += w
            case (false, false): counts.tn += w
            }
            if labels[p] { totalPositive += w } else { totalNegative += w }
        }
        // Pass 2: walk tie groups from the highest score.
        var tp = 0, fp = 0
        var ap = 0.0
        var u = 0.0
        var start = 0
        for end32 in groupEnds {
            let end = Int(end32)
            var groupPositive = 0, groupNegative = 0
            for p in start ..< end {
                let w = weights.map { Int($0[Int(local[p])]) } ?? 1
                if labels[p] { groupPositive += w } else { groupNegative += w }
            }
            start = end
            if groupPositive + groupNegative == 0 { continue }
            u += Double(groupNegative) * (Double(tp) + 0.5 * Double(groupPositive))
            tp += groupPositive
            fp += groupNegative
            if groupPositive > 0 {
                ap += Double(groupPositive) * (Double(tp) / Double(tp + fp))
            }
        }
        let averagePrecision = totalPositive > 0 ? ap / Double(totalPositive) : nil
        let auc = totalPositive > 0 && totalNegative > 0
            ? u / (Double(totalPositive) * Double(totalNegative)) : nil
        return Summary(averagePrecision: averagePrecision, auc: auc, counts: counts)
    }
}
