internal import CGSL

/// Cumulative distribution functions and quantiles (GSL's `gsl_cdf_*`).
///
/// Naming: `…CDF(x)` is `P(X ≤ x)`; `…Survival(x)` is the upper tail `P(X > x)`, computed directly (not as
/// `1 − CDF`) so that small tail probabilities keep their precision; `…Quantile(p)` is the inverse of the CDF.
/// Parameters outside a distribution's domain are programmer errors (`precondition`). For valid arguments the
/// results are never NaN: if a GSL inverse fails to converge (it reports this by returning NaN), the quantile is
/// found by bisection on GSL's CDF instead.
///
/// Example: `Distributions.chiSquareCDF(3.841, degreesOfFreedom: 1)` ≈ 0.95.
public enum Distributions {
    // MARK: Normal

    /// `P(X ≤ x)` for `X ~ Normal(mean, sd²)` (`gsl_cdf_gaussian_P`).
    /// - Precondition: `sd > 0`.
    public static func normalCDF(_ x: Double, mean: Double = 0, sd: Double = 1) -> Double {
        GSLRuntime.prepare()
        precondition(sd > 0 && sd.isFinite, "normalCDF: sd must be positive and finite (got \(sd))")
        return gsl_cdf_gaussian_P(x - mean, sd)
    }

    /// `P(X > x)` for `X ~ Normal(mean, sd²)` (`gsl_cdf_gaussian_Q`).
    /// - Precondition: `sd > 0`.
    public static func normalSurvival(_ x: Double, mean: Double = 0, sd: Double = 1) -> Double {
        GSLRuntime.prepare()
        precondition(sd > 0 && sd.isFinite, "normalSurvival: sd must be positive and finite (got \(sd))")
        return gsl_cdf_gaussian_Q(x - mean, sd)
    }

    /// The `p`-quantile of `Normal(mean, sd²)` (`gsl_cdf_gaussian_Pinv`); `±infinity` at `p` = 0 or 1.
    /// For example `normalQuantile(0.975)` ≈ 1.959964.
    /// - Precondition: `0 <= p <= 1`, `sd > 0`.
    public static func normalQuantile(_ p: Double, mean: Double = 0, sd: Double = 1) -> Double {
        GSLRuntime.prepare()
        precondition(p >= 0 && p <= 1, "normalQuantile: p must be in [0, 1] (got \(p))")
        precondition(sd > 0 && sd.isFinite, "normalQuantile: sd must be positive and finite (got \(sd))")
        return mean + gsl_cdf_gaussian_Pinv(p, sd)
    }

    // MARK: Student's t

    /// `P(T ≤ t)` for Student's t with `degreesOfFreedom` (`gsl_cdf_tdist_P`).
    /// - Precondition: `degreesOfFreedom > 0`.
    public static func studentTCDF(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        GSLRuntime.prepare()
        checkPositive(nu, "studentTCDF", "degreesOfFreedom")
        return gsl_cdf_tdist_P(t, nu)
    }

    /// `P(T > t)` for Student's t with `degreesOfFreedom` (`gsl_cdf_tdist_Q`).
    /// - Precondition: `degreesOfFreedom > 0`.
    public static func studentTSurvival(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        GSLRuntime.prepare()
        checkPositive(nu, "studentTSurvival", "degreesOfFreedom")
        return gsl_cdf_tdist_Q(t, nu)
    }

    /// The `p`-quantile of Student's t (`gsl_cdf_tdist_Pinv`); `±infinity` at `p` = 0 or 1.
    /// For example `studentTQuantile(0.975, degreesOfFreedom: 10)` ≈ 2.228139.
    /// - Precondition: `0 <= p <= 1`, `degreesOfFreedom > 0`.
    public static func studentTQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        GSLRuntime.prepare()
        checkProbability(p, "studentTQuantile")
        checkPositive(nu, "studentTQuantile", "degreesOfFreedom")
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        return invert(gsl_cdf_tdist_Pinv(p, nu), p: p, domain: -.infinity ... .infinity) { gsl_cdf_tdist_P($0, nu) }
    }

    // MARK: Chi-square

    /// `P(X ≤ x)` for the chi-square distribution with `degreesOfFreedom` (`gsl_cdf_chisq_P`).
    /// - Precondition: `degreesOfFreedom > 0`.
    public static func chiSquareCDF(_ x: Double, degreesOfFreedom nu: Double) -> Double {
        GSLRuntime.prepare()
        checkPositive(nu, "chiSquareCDF", "degreesOfFreedom")
        if x <= 0 { return 0 }
        return gsl_cdf_chisq_P(x, nu)
    }

    /// `P(X > x)` for the chi-square distribution with `degreesOfFreedom` (`gsl_cdf_chisq_Q`): the p-value of a
    /// chi-square statistic `x`.
    /// - Precondition: `degreesOfFreedom > 0`.
    public static func chiSquareSurvival(_ x: Double, degreesOfFreedom nu: Double) -> Double {
        GSLRuntime.prepare()
        checkPositive(nu, "chiSquareSurvival", "degreesOfFreedom")
        if x <= 0 { return 1 }
        return gsl_cdf_chisq_Q(x, nu)
    }

    /// The `p`-quantile of the chi-square distribution (`gsl_cdf_chisq_Pinv`); `+infinity` at `p == 1`.
    /// - Precondition: `0 <= p <= 1`, `degreesOfFreedom > 0`.
    public static func chiSquareQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        GSLRuntime.prepare()
        checkProbability(p, "chiSquareQuantile")
        checkPositive(nu, "chiSquareQuantile", "degreesOfFreedom")
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        return invert(gsl_cdf_chisq_Pinv(p, nu), p: p, domain: 0 ... .infinity) { gsl_cdf_chisq_P($0, nu) }
    }

    // MARK: Binomial

    /// `P(X ≤ k)` for `X ~ Binomial(trials, probability)` (`gsl_cdf_binomial_P`). 0 for `k < 0`, 1 for
    /// `k >= trials`.
    /// - Precondition: `0 <= trials <= UInt32.max`, `0 <= probability <= 1`.
    public static func binomialCDF(_ k: Int, trials: Int, probability p: Double) -> Double {
        GSLRuntime.prepare()
        checkBinomial(trials: trials, probability: p, "binomialCDF")
        if k < 0 { return 0 }
        if k >= trials { return 1 }
        return gsl_cdf_binomial_P(UInt32(k), p, UInt32(trials))
    }

    /// `P(X > k)` for `X ~ Binomial(trials, probability)` (`gsl_cdf_binomial_Q`). 1 for `k < 0`, 0 for
    /// `k >= trials`.
    /// - Precondition: `0 <= trials <= UInt32.max`, `0 <= probability <= 1`.
    public static func binomialSurvival(_ k: Int, trials: Int, probability p: Double) -> Double {
        GSLRuntime.prepare()
        checkBinomial(trials: trials, probability: p, "binomialSurvival")
        if k < 0 { return 1 }
        if k >= trials { return 0 }
        return gsl_cdf_binomial_Q(UInt32(k), p, UInt32(trials))
    }

    // MARK: Beta

    /// `P(X ≤ x)` for `X ~ Beta(alpha, beta)` (`gsl_cdf_beta_P`); 0 below 0 and 1 above 1.
    /// - Precondition: `alpha > 0`, `beta > 0`.
    public static func betaCDF(_ x: Double, alpha a: Double, beta b: Double) -> Double {
        GSLRuntime.prepare()
        checkPositive(a, "betaCDF", "alpha")
        checkPositive(b, "betaCDF", "beta")
        return gsl_cdf_beta_P(x, a, b)
    }

    /// `P(X > x)` for `X ~ Beta(alpha, beta)` (`gsl_cdf_beta_Q`).
    /// - Precondition: `alpha > 0`, `beta > 0`.
    public static func betaSurvival(_ x: Double, alpha a: Double, beta b: Double) -> Double {
        GSLRuntime.prepare()
        checkPositive(a, "betaSurvival", "alpha")
        checkPositive(b, "betaSurvival", "beta")
        return gsl_cdf_beta_Q(x, a, b)
    }

    /// The `p`-quantile of `Beta(alpha, beta)` (`gsl_cdf_beta_Pinv`), in [0, 1].
    /// - Precondition: `0 <= p <= 1`, `alpha > 0`, `beta > 0`.
    public static func betaQuantile(_ p: Double, alpha a: Double, beta b: Double) -> Double {
        GSLRuntime.prepare()
        checkProbability(p, "betaQuantile")
        checkPositive(a, "betaQuantile", "alpha")
        checkPositive(b, "betaQuantile", "beta")
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        return invert(gsl_cdf_beta_Pinv(p, a, b), p: p, domain: 0...1) { gsl_cdf_beta_P($0, a, b) }
    }

    // MARK: F

    /// `P(X ≤ x)` for the F distribution with `(numerator, denominator)` degrees of freedom (`gsl_cdf_fdist_P`).
    /// - Precondition: both degrees of freedom `> 0`.
    public static func fCDF(
        _ x: Double, numeratorDegreesOfFreedom nu1: Double, denominatorDegreesOfFreedom nu2: Double
    ) -> Double {
        GSLRuntime.prepare()
        checkPositive(nu1, "fCDF", "numeratorDegreesOfFreedom")
        checkPositive(nu2, "fCDF", "denominatorDegreesOfFreedom")
        if x <= 0 { return 0 }
        return gsl_cdf_fdist_P(x, nu1, nu2)
    }

    /// `P(X > x)` for the F distribution (`gsl_cdf_fdist_Q`): the p-value of an F statistic `x`.
    /// - Precondition: both degrees of freedom `> 0`.
    public static func fSurvival(
        _ x: Double, numeratorDegreesOfFreedom nu1: Double, denominatorDegreesOfFreedom nu2: Double
    ) -> Double {
        GSLRuntime.prepare()
        checkPositive(nu1, "fSurvival", "numeratorDegreesOfFreedom")
        checkPositive(nu2, "fSurvival", "denominatorDegreesOfFreedom")
        if x <= 0 { return 1 }
        return gsl_cdf_fdist_Q(x, nu1, nu2)
    }

    /// The `p`-quantile of the F distribution (`gsl_cdf_fdist_Pinv`); `+infinity` at `p == 1`.
    /// - Precondition: `0 <= p <= 1`, both degrees of freedom `> 0`.
    public static func fQuantile(
        _ p: Double, numeratorDegreesOfFreedom nu1: Double, denominatorDegreesOfFreedom nu2: Double
    ) -> Double {
        GSLRuntime.prepare()
        checkProbability(p, "fQuantile")
        checkPositive(nu1, "fQuantile", "numeratorDegreesOfFreedom")
        checkPositive(nu2, "fQuantile", "denominatorDegreesOfFreedom")
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        return invert(gsl_cdf_fdist_Pinv(p, nu1, nu2), p: p, domain: 0 ... .infinity) {
            gsl_cdf_fdist_P($0, nu1, nu2)
        }
    }

    // MARK: Helpers

    private static func checkProbability(_ p: Double, _ function: String) {
        precondition(p >= 0 && p <= 1, "\(function): p must be in [0, 1] (got \(p))")
    }

    private static func checkPositive(_ value: Double, _ function: String, _ name: String) {
        precondition(value > 0 && !value.isNaN, "\(function): \(name) must be positive (got \(value))")
    }

    private static func checkBinomial(trials: Int, probability p: Double, _ function: String) {
        precondition(
            trials >= 0 && trials <= Int(UInt32.max),
            "\(function): trials must be in 0...\(UInt32.max) (got \(trials))")
        precondition(p >= 0 && p <= 1, "\(function): probability must be in [0, 1] (got \(p))")
    }

    /// Returns GSL's inverse `gslValue` when it is a number inside `domain`; otherwise solves `cdf(x) = p` by
    /// bisection over `domain` (the CDF is monotone, so this always terminates, with the quantile to about 1e-15
    /// relative precision). `0 < p < 1`.
    ///
    /// The fallback matters: GSL 2.7's `gsl_cdf_beta_Pinv` returns NaN ("inverse failed to converge") for about a
    /// quarter of the Clopper–Pearson quantiles with 1,000 or more trials, e.g. `Beta⁻¹(0.025; 33, 968)`.
    static func invert(
        _ gslValue: Double, p: Double, domain: ClosedRange<Double>, cdf: (Double) -> Double
    ) -> Double {
        if gslValue.isFinite && domain.contains(gslValue) { return gslValue }
        // Bracket the root: expand infinite ends geometrically.
        var low = domain.lowerBound
        var high = domain.upperBound
        if low == -.infinity {
            low = -1
            while cdf(low) > p && low > -Double.greatestFiniteMagnitude / 2 { low *= 2 }
        }
        if high == .infinity {
            high = max(1, low + 1)
            while cdf(high) < p && high < Double.greatestFiniteMagnitude / 2 { high *= 2 }
        }
        for _ in 0..<2_000 {
            // (low + high) / 2 cannot overflow when the signs differ; low + (high - low) / 2 cannot when they agree.
            let middle = low.sign == high.sign ? low + (high - low) / 2 : (low + high) / 2
            if middle <= low || middle >= high { break }
            if cdf(middle) < p { low = middle } else { high = middle }
            if high - low <= max(abs(low), abs(high)) * 4 * .ulpOfOne { break }
        }
        return low.sign == high.sign ? low + (high - low) / 2 : (low + high) / 2
    }
}
