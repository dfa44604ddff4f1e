/// A confidence interval `[lower, upper]` with the point estimate it surrounds, when there is one.
///
/// The functions that build intervals (``ProportionInterval``, ``MeanInterval``, ``Bootstrap``) document their
/// undefined cases instead of returning NaN, e.g. a proportion with zero trials is `[0, 1]` with no estimate.
public struct Interval: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    /// The lower bound.
    public let lower: Double
    /// The upper bound.
    public let upper: Double
    /// The point estimate (e.g. the observed proportion or mean), or `nil` when the data define none.
    public let estimate: Double?

    /// Creates an interval.
    /// - Precondition: `lower <= upper` (neither NaN).
    public init(lower: Double, upper: Double, estimate: Double? = nil) {
        precondition(lower <= upper, "Interval: lower (\(lower)) must not exceed upper (\(upper))")
        self.lower = lower
        self.upper = upper
        self.estimate = estimate
    }

    /// `upper − lower`.
    public var width: Double {
        upper - lower
    }

    /// Whether `value` lies in the closed interval.
    public func contains(_ value: Double) -> Bool {
        lower <= value && value <= upper
    }

    /// `"estimate [lower, upper]"`, or `"[lower, upper]"` without an estimate.
    public var description: String {
        if let estimate {
            return "\(estimate) [\(lower), \(upper)]"
        }
        return "[\(lower), \(upper)]"
    }
}
