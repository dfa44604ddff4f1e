/// One point of a precision-recall curve: the precision and recall obtained by flagging every entity whose score
/// is at least ``threshold``.
public struct PRPoint: Sendable, Equatable, Codable {
    public var threshold: Double
    public var precision: Double
    public var recall: Double
    /// True and false positives at this threshold.
    public var tp: Int
    public var fp: Int

    public init(threshold: Double, precision: Double, recall: Double, tp: Int, fp: Int) {
        self.threshold = threshold
        self.precision = precision
        self.recall = recall
        self.tp = tp
        self.fp = fp
    }
}

/// One point of a ROC curve: the false- and true-positive rates when every entity scoring at least ``threshold``
/// is flagged. The first point, (0, 0), has threshold `+∞`.
public struct ROCPoint: Sendable, Equatable, Codable {
    public var threshold: Double
    public var falsePositiveRate: Double
    public var truePositiveRate: Double

    public init(threshold: Double, falsePositiveRate: Double, truePositiveRate: Double) {
        self.threshold = threshold
        self.falsePositiveRate = falsePositiveRate
        self.truePositiveRate = truePositiveRate
    }
}

/// Threshold-free views of a ranking: the precision-recall and ROC curves with one point per distinct score
/// (tied scores form one step, as in scikit-learn's `_binary_clf_curve`), average precision and ROC AUC.
///
/// - Average precision is scikit-learn's step-wise sum `AP = Σₙ (Rₙ − Rₙ₋₁) Pₙ` over distinct thresholds
///   (no interpolation; Zhu 2004, scikit-learn `average_precision_score`). Undefined without positives.
/// - ROC AUC is the trapezoidal area under the ROC curve; tied scores give a diagonal segment, so it equals the
///   Mann-Whitney statistic `U / (n₊ n₋)` with ties counted one half (Hanley & McNeil 1982). Undefined without
///   positives or without negatives.
public struct RankingCurves: Sendable, Equatable, Codable {
    /// One point per distinct score, from the highest threshold down.
    public var precisionRecall: [PRPoint]
    /// `(0, 0)` followed by one point per distinct score, from the highest threshold down.
    public var roc: [ROCPoint]
    public var averagePrecision: MetricValue
    public var auc: MetricValue
    public var positives: Int
    public var negatives: Int

    /// Curves and summaries of `scores` against `labels` (same length; scores finite).
    public init(scores: [Double], labels: [Bool]) {
        precondition(scores.count == labels.count, "scores and labels differ in length")
        self.init(RankedSlice(labels: labels, scores: scores, flags: labels))
    }

    init(_ ranked: RankedSlice) {
        let summary = ranked.summary()
        positives = ranked.positives
        negatives = ranked.negatives
        averagePrecision = summary.averagePrecision.map { MetricValue(value: $0) } ?? .undefined
        auc = summary.auc.map { MetricValue(value: $0) } ?? .undefined
        var pr = [PRPoint](), roc = [ROCPoint(threshold: .infinity, falsePositiveRate: 0, truePositiveRate: 0)]
        pr.reserveCapacity(ranked.groupEnds.count)
        roc.reserveCapacity(ranked.groupEnds.count + 1)
        var tp = 0, fp = 0, start = 0
        for end32 in ranked.groupEnds {
            let end = Int(end32)
            for p in start ..< end {
                if ranked.labels[p] { tp += 1 } else { fp += 1 }
            }
            let threshold = ranked.scores[start]
            start = end
            pr.append(PRPoint(
                threshold: threshold, precision: Double(tp) / Double(tp + fp),
                recall: ranked.positives > 0 ? Double(tp) / Double(ranked.positives) : 0, tp: tp, fp: fp))
            roc.append(ROCPoint(
                threshold: threshold,
                falsePositiveRate: ranked.negatives > 0 ? Double(fp) / Double(ranked.negatives) : 0,
                truePositiveRate: ranked.positives > 0 ? Double(tp) / Double(ranked.positives) : 0))
        }
        precisionRecall = pr
        self.roc = roc
    }
}

extension RankingCurves {
    /// The same curves with fewer points, for storage and charts: a point is kept when it moves at least
    /// `tolerance` in either coordinate from the last kept point (the first and last points are always kept); if
    /// more than `maxPoints` remain, every ⌈count / maxPoints⌉-th is kept. Average precision and AUC are unchanged:
    /// they were computed from the full curves.
    public func thinned(maxPoints: Int = 1000, tolerance: Double = 0.002) -> RankingCurves {
        var copy = self
        copy.precisionRecall = Self.thin(precisionRecall, maxPoints: maxPoints, tolerance: tolerance) { ($0.recall, $0.precision) }
        copy.roc = Self.thin(roc, maxPoints: maxPoints, tolerance: tolerance) { ($0.falsePositiveRate, $0.truePositiveRate) }
        return copy
    }

    static func thin<T>(_ points: [T], maxPoints: Int, tolerance: Double, _ xy: (T) -> (Double, Double)) -> [T] {
        guard points.count > 2 else { return points }
        var kept = [points[0]]
        var last = xy(points[0])
        for point in points.dropFirst().dropLast() {
            let p = xy(point)
            if max(abs(p.0 - last.0), abs(p.1 - last.1)) >= tolerance {
                kept.append(point)
                last = p
            }
        }
        kept.append(points[points.count - 1])
        guard kept.count > max(2, maxPoints) else { return kept }
        let step = (kept.count + maxPoints - 1) / maxPoints
        var every = stride(from: 0, to: kept.count - 1, by: step).map { kept[$0] }
        every.append(kept[kept.count - 1])
        return every
    }
}

/// Precision and recall among the `k` highest-scoring entities: what a review team with a budget of `k` entities
/// would find. Ties at the boundary are broken by entity id (lower ids first), so the answer is deterministic.
/// When fewer than `k` entities exist, all of them are reviewed and precision@k divides by that number.
public struct ReviewBudgetResult: Sendable, Equatable, Codable {
    public var k: Int
    /// Positives among the top `min(k, n)` entities, over `min(k, n)`; Wilson interval; undefined when `n == 0`.
    public var precision: MetricValue
    /// Positives among the top `min(k, n)` entities, over all positives; Wilson interval; undefined without
    /// positives.
    public var recall: MetricValue

    public init(k: Int, precision: MetricValue, recall: MetricValue) {
        self.k = k
        self.precision = precision
        self.recall = recall
    }

    init(k: Int, ranked: RankedSlice, confidence: Double) {
        let reviewed = min(k, ranked.count)
        var found = 0
        for p in 0 ..< reviewed where ranked.labels[p] { found += 1 }
        self.init(
            k: k,
            precision: Intervals.wilson(successes: found, trials: reviewed, confidence: confidence),
            recall: Intervals.wilson(successes: found, trials: ranked.positives, confidence: confidence))
    }
}
