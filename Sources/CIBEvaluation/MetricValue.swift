/// One metric's value for one detector, entity kind and world, with its interval when it has one.
///
/// Undefined cases (a precision with nothing flagged, a recall with no positives, an AUC with one class only)
/// never produce NaN: following scikit-learn's `zero_division=0` policy (`sklearn/metrics/_classification.py`)
/// the value is reported as `0`, ``defined`` is `false` and there is no interval. Reports print such values as
/// "n/a"; summaries across seeds skip them. See `docs/evaluation.md`.
public struct MetricValue: Sendable, Equatable, Codable {
    /// The point estimate; always finite.
    public var value: Double
    /// The lower end of the interval (95% unless the evaluator was configured otherwise), if the metric has one.
    public var lower: Double?
    /// The upper end of the interval, if the metric has one.
    public var upper: Double?
    /// `false` when the metric is undefined for this input (its denominator is zero); ``value`` is then `0`.
    public var defined: Bool

    public init(value: Double, lower: Double? = nil, upper: Double? = nil, defined: Bool = true) {
        self.value = value.isFinite ? value : 0
        self.lower = lower.flatMap { $0.isFinite ? $0 : nil }
        self.upper = upper.flatMap { $0.isFinite ? $0 : nil }
        self.defined = defined && value.isFinite
    }

    /// The documented answer for an undefined metric: value 0, no interval, `defined == false`.
    public static let undefined = MetricValue(value: 0, defined: false)

    /// A ratio `numerator / denominator`, undefined (see ``undefined``) when the denominator is zero.
    static func ratio(_ numerator: Double, _ denominator: Double) -> MetricValue {
        denominator > 0 ? MetricValue(value: numerator / denominator) : .undefined
    }
}
