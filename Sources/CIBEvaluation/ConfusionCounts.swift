/// The sufficient statistics of a binary decision against binary labels: true and false positives and
/// negatives. Every thresholded metric (precision, recall, F1, false-positive rate, accuracy) is a function of
/// these four counts, as in scikit-learn's `multilabel_confusion_matrix` → `precision_recall_fscore_support`.
///
/// Counts from disjoint sets of entities add (``+(_:_:)``), so per-kind counts sum to the overall counts and
/// counts can be pooled across worlds.
public struct ConfusionCounts: Sendable, Hashable, Codable {
    /// Flagged positives.
    public var tp: Int
    /// Flagged negatives.
    public var fp: Int
    /// Missed positives.
    public var fn: Int
    /// Unflagged negatives.
    public var tn: Int

    public init(tp: Int = 0, fp: Int = 0, fn: Int = 0, tn: Int = 0) {
        self.tp = tp
        self.fp = fp
        self.fn = fn
        self.tn = tn
    }

    /// Counts the decisions `flags[i]` against `labels[i]` for every `i` in `indices` (all entities when `nil`).
    public init(labels: [Bool], flags: [Bool], indices: [Int32]? = nil) {
        precondition(labels.count == flags.count, "labels and flags differ in length")
        var tp = 0, fp = 0, fn = 0, tn = 0
        func add(_ i: Int) {
            switch (labels[i], flags[i]) {
            case (true, true): tp += 1
            case (false, true): fp += 1
            case (true, false): fn += 1
            case (false, false): tn += 1
            }
        }
        if let indices {
            for i in indices { add(Int(i)) }
        } else {
            for i in labels.indices { add(i) }
        }
        self.init(tp: tp, fp: fp, fn: fn, tn: tn)
    }

    /// Positives (`tp + fn`).
    public var positives: Int { tp + fn }
    /// Negatives (`fp + tn`).
    public var negatives: Int { fp + tn }
    /// Flagged entities (`tp + fp`).
    public var flagged: Int { tp + fp }
    /// All entities.
    public var total: Int { tp + fp + fn + tn }

    /// `tp / (tp + fp)` with a Wilson score interval; undefined (0, no interval) when nothing is flagged.
    public func precision(confidence: Double = 0.95) -> MetricValue {
        Intervals.wilson(successes: tp, trials: tp + fp, confidence: confidence)
    }

    /// `tp / (tp + fn)` with a Wilson score interval; undefined when there are no positives.
    public func recall(confidence: Double = 0.95) -> MetricValue {
        Intervals.wilson(successes: tp, trials: tp + fn, confidence: confidence)
    }

    /// `fp / (fp + tn)` with a Wilson score interval; undefined when there are no negatives.
    public func falsePositiveRate(confidence: Double = 0.95) -> MetricValue {
        Intervals.wilson(successes: fp, trials: fp + tn, confidence: confidence)
    }

    /// `(tp + tn) / total` with a Wilson score interval; undefined for an empty set.
    public func accuracy(confidence: Double = 0.95) -> MetricValue {
        Intervals.wilson(successes: tp + tn, trials: total, confidence: confidence)
    }

    /// F1 = `2 tp / (2 tp + fp + fn)`, the harmonic mean of precision and recall, without an interval (F1 is not
    /// a binomial proportion: the evaluator attaches a bootstrap interval). Undefined when `2 tp + fp + fn == 0`
    /// (no positives and nothing flagged), as in scikit-learn's `zero_division` policy.
    public var f1: MetricValue {
        MetricValue.ratio(Double(2 * tp), Double(2 * tp + fp + fn))
    }

    public static func + (a: ConfusionCounts, b: ConfusionCounts) -> ConfusionCounts {
        ConfusionCounts(tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn, tn: a.tn + b.tn)
    }
}
