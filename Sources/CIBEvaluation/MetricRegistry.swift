/// Whether a larger value of a metric is better; regression checks and reports read it.
public enum MetricDirection: String, Codable, Sendable {
    case higherIsBetter = "higher"
    case lowerIsBetter = "lower"
    /// Counts and other descriptive numbers: neither better nor worse.
    case neutral
}

/// One registered metric: its name, meaning, direction and range, and how to read it off a ``SliceEvaluation``.
///
/// A *family* (for example `recall_by_tactic`) gives one value per key, named `name[key]` in the tidy tables
/// (`recall_by_tactic[6.3]`). After scikit-learn's metric registry in `sklearn/metrics/tests/test_common.py`: one
/// list that every invariant test and every table is driven from.
public struct MetricDefinition: Sendable {
    public let name: String
    public let description: String
    public let direction: MetricDirection
    /// Every defined value lies in this range.
    public let range: ClosedRange<Double>
    /// `true` when the metric gives one row per key (`name[key]`).
    public let isFamily: Bool
    let compute: @Sendable (SliceEvaluation) -> [(key: String?, value: MetricValue)]

    public init(
        name: String, description: String, direction: MetricDirection, range: ClosedRange<Double>,
        isFamily: Bool = false, compute: @escaping @Sendable (SliceEvaluation) -> [(key: String?, value: MetricValue)]
    ) {
        self.name = name
        self.description = description
        self.direction = direction
        self.range = range
        self.isFamily = isFamily
        self.compute = compute
    }

    /// A metric with a single value per slice.
    static func scalar(
        _ name: String, _ description: String, _ direction: MetricDirection, _ range: ClosedRange<Double>,
        _ value: @escaping @Sendable (SliceEvaluation) -> MetricValue?
    ) -> MetricDefinition {
        MetricDefinition(name: name, description: description, direction: direction, range: range) { slice in
            value(slice).map { [(nil, $0)] } ?? []
        }
    }

    /// A family with one value per key.
    static func family(
        _ name: String, _ description: String, _ direction: MetricDirection, _ range: ClosedRange<Double>,
        _ values: @escaping @Sendable (SliceEvaluation) -> [(String, MetricValue)]
    ) -> MetricDefinition {
        MetricDefinition(name: name, description: description, direction: direction, range: range, isFamily: true) {
            values($0).map { (key: Optional($0.0), value: $0.1) }
        }
    }

    /// The metric's rows for one slice: `(name, value)` pairs, names expanded to `name[key]` for families. Empty
    /// when the metric does not apply (e.g. cluster recovery for a detector without clusters).
    public func values(_ slice: SliceEvaluation) -> [(name: String, value: MetricValue)] {
        compute(slice).map { entry in
            (entry.key.map { "\(name)[\($0)]" } ?? name, entry.value)
        }
    }
}

/// The list of metrics every table, report and regression check is produced from.
public struct MetricRegistry: Sendable {
    public var metrics: [MetricDefinition]

    public init(metrics: [MetricDefinition]) {
        self.metrics = metrics
    }

    /// The days since the campaign began at which `recall_by_day` gets a tidy row (the full daily curve stays in
    /// ``SliceEvaluation/recallByDay`` for charts).
    public static let dayCheckpoints: Set<Int> = [1, 2, 3, 7, 14, 30, 60, 90, 180, 365]

    static func isDayCheckpoint(_ day: Int, last: Bool) -> Bool {
        last || dayCheckpoints.contains(day)
    }

    /// The definition a tidy metric name refers to: `precision` or, for a family, `recall_by_tactic[6.3]`.
    public func definition(of metricName: String) -> MetricDefinition? {
        let base = metricName.firstIndex(of: "[").map { String(metricName[..<$0]) } ?? metricName
        return metrics.first { $0.name == base }
    }

    /// ciblab's metrics (docs/evaluation.md), in table order. See `docs/evaluation.md` for definitions and undefined cases.
    public static let standard = MetricRegistry(metrics: [
        .scalar("precision", "Flagged positives over flagged entities (Wilson 95% interval)", .higherIsBetter, 0 ... 1) {
            $0.precision
        },
        .scalar("recall", "Flagged positives over positives (Wilson 95% interval)", .higherIsBetter, 0 ... 1) {
            $0.recall
        },
        .scalar("f1", "Harmonic mean of precision and recall, 2tp/(2tp+fp+fn) (bootstrap interval)", .higherIsBetter, 0 ... 1) {
            $0.f1
        },
        .scalar("false_positive_rate", "Flagged negatives over negatives (Wilson 95% interval)", .lowerIsBetter, 0 ... 1) {
            $0.falsePositiveRate
        },
        .scalar("accuracy", "Correct decisions over entities (Wilson 95% interval)", .higherIsBetter, 0 ... 1) {
            $0.accuracy
        },
        .scalar("average_precision", "Step-wise area under the PR curve, sum (R_n - R_n-1) P_n (bootstrap interval)", .higherIsBetter, 0 ... 1) {
            $0.averagePrecision
        },
        .scalar("roc_auc", "Area under the ROC curve = Mann-Whitney U/(n+ n-), ties one half (bootstrap interval)", .higherIsBetter, 0 ... 1) {
            $0.auc
        },
        .family("precision_at_k", "Positives among the k highest scores over min(k, n); ties by entity id", .higherIsBetter, 0 ... 1) {
            $0.reviewBudgets.map { (String($0.k), $0.precision) }
        },
        .family("recall_at_k", "Positives among the k highest scores over all positives; ties by entity id", .higherIsBetter, 0 ... 1) {
            $0.reviewBudgets.map { (String($0.k), $0.recall) }
        },
        .family("recall_by_tactic", "Recall among positives using a kill-chain tactic (events or entity)", .higherIsBetter, 0 ... 1) {
            $0.recallByTactic.map { ($0.key, $0.recall) }
        },
        .family("recall_by_platform", "Recall among positives on a platform", .higherIsBetter, 0 ... 1) {
            $0.recallByPlatform.map { ($0.key, $0.recall) }
        },
        .family("recall_by_cluster", "Recall among positives of a truth cluster", .higherIsBetter, 0 ... 1) {
            $0.recallByCluster.map { ($0.key, $0.recall) }
        },
        .family("recall_by_day", "Flagged positives active within the campaign's first N days, over all positives (N = 1, 2, 3, 7, 14, 30, 60, 90, 180, 365 and the last day)", .higherIsBetter, 0 ... 1) {
            let days = $0.recallByDay
            return days.enumerated().filter { isDayCheckpoint($0.offset + 1, last: $0.offset == days.count - 1) }
                .map { ($0.element.key, $0.element.recall) }
        },
        .family("fp_by_class", "False positives among the negatives of each entity class of the truth (organic, newsroom, …; classes without negatives left out)", .neutral, 0 ... Double.infinity) {
            $0.falsePositivesByClass.map { ($0.key, MetricValue(value: Double($0.flagged))) }
        },
        .family("false_positive_rate_by_class", "Flagged negatives of each entity class over the negatives of that class (Wilson 95% interval)", .lowerIsBetter, 0 ... 1) {
            $0.falsePositivesByClass.map { ($0.key, $0.share) }
        },
        .scalar("cluster_ari", "Adjusted Rand index of detector vs truth clusters on true positives", .higherIsBetter, -1 ... 1) {
            $0.clusters?.adjustedRandIndex
        },
        .scalar("cluster_nmi", "Normalized mutual information (arithmetic) of detector vs truth clusters on true positives", .higherIsBetter, 0 ... 1) {
            $0.clusters?.normalizedMutualInformation
        },
        .scalar("tp", "True positives (flagged positives)", .neutral, 0 ... Double.infinity) { MetricValue(value: Double($0.counts.tp)) },
        .scalar("fp", "False positives (flagged negatives)", .neutral, 0 ... Double.infinity) { MetricValue(value: Double($0.counts.fp)) },
        .scalar("fn", "False negatives (missed positives)", .neutral, 0 ... Double.infinity) { MetricValue(value: Double($0.counts.fn)) },
        .scalar("tn", "True negatives (unflagged negatives)", .neutral, 0 ... Double.infinity) { MetricValue(value: Double($0.counts.tn)) },
    ])
}
