/// Confidence intervals for a binomial proportion (successes out of trials).
///
/// See L. D. Brown, T. T. Cai and A. DasGupta, "Interval Estimation for a Binomial Proportion", Statistical
/// Science 16(2), 2001, for how the two methods compare: Wilson is the better default for reports; Clopper–Pearson
/// is conservative (coverage at least the nominal level).
///
/// Undefined case: with `trials == 0` nothing is known, and both methods return `[0, 1]` with `estimate == nil`.
/// Results are never NaN.
public enum ProportionInterval {
    /// The Wilson score interval (E. B. Wilson, JASA 1927):
    /// `(p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n)` with `z` the normal `(1 + confidence)/2` quantile.
    /// Exactly 0 at the lower end when `successes == 0` and 1 at the upper end when `successes == trials`.
    /// - Precondition: `0 <= successes <= trials`, `0 < confidence < 1`.
    public static func wilson(successes: Int, trials: Int, confidence: Double = 0.95) -> Interval {
        check(successes: successes, trials: trials, confidence: confidence, "wilson")
        guard trials > 0 else { return Interval(lower: 0, upper: 1, estimate: nil) }
        let n = Double(trials)
        let p = Double(successes) / n
        let z = Distributions.normalQuantile(0.5 + confidence / 2)
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        let lower = successes == 0 ? 0 : min(p, max(0, centre - half))
        let upper = successes == trials ? 1 : max(p, min(1, centre + half))
        return Interval(lower: lower, upper: upper, estimate: p)
    }

    /// The Clopper–Pearson "exact" interval (Biometrika 1934) from beta quantiles:
    /// lower `= B⁻¹(α/2; x, n − x + 1)` (0 when `x == 0`), upper `= B⁻¹(1 − α/2; x + 1, n − x)` (1 when `x == n`),
    /// with `α = 1 − confidence`.
    /// - Precondition: `0 <= successes <= trials`, `0 < confidence < 1`.
    public static func clopperPearson(successes: Int, trials: Int, confidence: Double = 0.95) -> Interval {
        check(successes: successes, trials: trials, confidence: confidence, "clopperPearson")
        guard trials > 0 else { return Interval(lower: 0, upper: 1, estimate: nil) }
        let alpha = 1 - confidence
        let x = Double(successes)
        let n = Double(trials)
        let p = x / n
        let lower = successes == 0 ? 0 : Distributions.betaQuantile(alpha / 2, alpha: x, beta: n - x + 1)
        let upper = successes == trials ? 1 : Distributions.betaQuantile(1 - alpha / 2, alpha: x + 1, beta: n - x)
        return Interval(lower: min(lower, p), upper: max(upper, p), estimate: p)
    }

    private static func check(successes: Int, trials: Int, confidence: Double, _ function: String) {
        precondition(trials >= 0, "\(function): trials must be non-negative (got \(trials))")
        precondition(
            successes >= 0 && successes <= trials,
            "\(function): successes must be in 0...\(trials) (got \(successes))")
        precondition(confidence > 0 && confidence < 1, "\(function): confidence must be in (0, 1) (got \(confidence))")
    }
}
