/// Confidence intervals for a population mean.
public enum MeanInterval {
    /// The Student t interval `x̄ ± t(1 − α/2; n − 1) s / √n`, with `s` the sample standard deviation
    /// (`n − 1` denominator) and `α = 1 − confidence`.
    ///
    /// Undefined cases: no values → `nil`; one value `x` → the degenerate interval `[x, x]` with estimate `x`
    /// (one value says nothing about spread; treat the zero width as "unknown", not as certainty). Non-finite
    /// values propagate into the bounds.
    /// - Precondition: `0 < confidence < 1`.
    public static func t(values: [Double], confidence: Double = 0.95) -> Interval? {
        precondition(
            confidence > 0 && confidence < 1, "MeanInterval.t: confidence must be in (0, 1) (got \(confidence))")
        guard let mean = Descriptive.mean(values) else { return nil }
        guard let sd = Descriptive.standardDeviation(values) else {
            return Interval(lower: mean, upper: mean, estimate: mean)
        }
        let n = Double(values.count)
        let t = Distributions.studentTQuantile(0.5 + confidence / 2, degreesOfFreedom: n - 1)
        let half = t * sd / n.squareRoot()
        guard half.isFinite, mean.isFinite else {
            return Interval(lower: -.infinity, upper: .infinity, estimate: mean.isNaN ? nil : mean)
        }
        return Interval(lower: mean - half, upper: mean + half, estimate: mean)
    }
}
