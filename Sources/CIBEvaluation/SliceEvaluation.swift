public import CIBModel

/// Everything measured for one detector on one slice of the entities: one entity kind, or all of them.
public struct SliceEvaluation: Sendable, Equatable, Codable {
    /// The entity kind, or `nil` for all entities together.
    public var kind: EntityKind?
    /// Entities in the slice.
    public var entities: Int
    /// The detector's flags against the labels.
    public var counts: ConfusionCounts
    /// Precision, recall, false-positive rate and accuracy with Wilson intervals; F1 with a percentile bootstrap
    /// interval (entities resampled).
    public var precision: MetricValue
    public var recall: MetricValue
    public var f1: MetricValue
    public var falsePositiveRate: MetricValue
    public var accuracy: MetricValue
    /// Curves, thinned to ``Evaluator/curvePoints`` points each, without the summaries' bootstrap intervals
    /// (``averagePrecision`` and ``auc`` carry them; they come from the full curves).
    public var curves: RankingCurves
    /// Average precision and ROC AUC with percentile bootstrap intervals.
    public var averagePrecision: MetricValue
    public var auc: MetricValue
    /// Precision@k and recall@k, one per configured budget.
    public var reviewBudgets: [ReviewBudgetResult]
    /// Recall among positives that use each tactic (tactics used by no positive are left out), in tactic order.
    public var recallByTactic: [BreakdownRecall]
    /// Recall among positives on each platform (platforms without positives left out), in platform order.
    public var recallByPlatform: [BreakdownRecall]
    /// Recall among positives of each truth cluster, by cluster id.
    public var recallByCluster: [BreakdownRecall]
    /// Time to detection, one entry per day: entry `N` (key `"N"`, 1-based) counts the flagged positives that had
    /// become active within the first `N` days (24-hour periods) of the campaign, over all positives of the slice.
    public var recallByDay: [BreakdownRecall]
    /// Flagged negatives per entity class (truth), one entry per class with negatives in the slice, in
    /// `EntityClass` order: which honest look-alike fooled the detector.
    public var falsePositivesByClass: [ClassFalsePositives]
    /// Agreement between the detector's clusters and the truth clusters on the true positives; `nil` when the
    /// detector gives no clusters.
    public var clusters: ClusterAgreement?

    /// `account`, `page`, `group` or `all`: the `kind` column of the tidy tables.
    public var kindName: String { kind?.name ?? "all" }
}
