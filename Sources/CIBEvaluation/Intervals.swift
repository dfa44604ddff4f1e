internal import CIBStatistics

/// The interval constructions the evaluation uses, in one place, so each metric says which one it gets. All of
/// them come from the GSL facade in `CIBStatistics`.
enum Intervals {
    /// `successes / trials` with the Wilson score interval (Wilson 1927; recommended over the Wald interval for
    /// small counts and proportions near 0 or 1 by Brown, Cai & DasGupta 2001). Undefined when `trials == 0`.
    static func wilson(successes: Int, trials: Int, confidence: Double) -> MetricValue {
        guard trials > 0 else { return .undefined }
        let interval = ProportionInterval.wilson(successes: successes, trials: trials, confidence: confidence)
        return MetricValue(
            value: Double(successes) / Double(trials), lower: interval.lower, upper: interval.upper)
    }

    /// The percentile bootstrap interval (Efron & Tibshirani 1993, ch. 13): the `(1 − confidence)/2` and
    /// `(1 + confidence)/2` quantiles of the finite replicate values (type-7 interpolation, as GSL and NumPy).
    /// `nil` without finite replicates.
    static func percentile(_ replicates: [Double], confidence: Double) -> (lower: Double, upper: Double)? {
        let sorted = replicates.filter(\.isFinite).sorted()
        guard let lower = Descriptive.quantile(sorted: sorted, (1 - confidence) / 2),
            let upper = Descriptive.quantile(sorted: sorted, (1 + confidence) / 2)
        else { return nil }
        return (lower, upper)
    }

    /// A point estimate with a percentile bootstrap interval; undefined (no interval) when `estimate` is `nil`.
    static func bootstrapped(_ estimate: Double?, replicates: [Double], confidence: Double) -> MetricValue {
        guard let estimate else { return .undefined }
        let interval = percentile(replicates, confidence: confidence)
        return MetricValue(value: estimate, lower: interval?.lower, upper: interval?.upper)
    }
}
