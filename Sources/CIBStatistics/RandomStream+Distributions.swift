internal import CGSL

/// Random variates drawn with GSL's `gsl_ran_*` algorithms (GSL reference manual, "Random Number Distributions").
///
/// Parameters outside a distribution's domain are programmer errors and stop the program with a `precondition`
/// failure that names the parameter. None of these methods allocates, except the ones documented as returning a
/// new array.
///
/// Uniform variates have GSL's 32-bit resolution (`gsl_rng_uniform` divides a 32-bit output by 2^32).
extension RandomStream {
    /// A uniform variate in [0, 1) (`gsl_rng_uniform`; multiples of 2^-32).
    @inlinable
    public func uniform() -> Double {
        Double(nextTaus()) / 4_294_967_296.0
    }

    /// A uniform integer in `0..<n`, without bias.
    ///
    /// Uses `gsl_rng_uniform_int` (rejection on one 32-bit draw) for `n < 2^32`, and Lemire's multiply-shift
    /// method on 64-bit draws (`RandomNumberGenerator.next(upperBound:)`) for larger `n`.
    /// - Precondition: `n > 0`.
    @inlinable
    public func uniformInt(_ n: Int) -> Int {
        precondition(n > 0, "uniformInt: n must be positive (got \(n))")
        guard n <= 0xFFFF_FFFF else { return uniformIntAbove32Bits(n) }
        // gsl_rng_uniform_int's rejection with its scale, in 32 bits (the same quotients, a cheaper division).
        let bound = UInt32(truncatingIfNeeded: n), scale = UInt32.max / bound
        while true {
            let k = nextTaus() / scale
            if k < bound { return Int(k) }
        }
    }

    @usableFromInline
    func uniformIntAbove32Bits(_ n: Int) -> Int {
        var rng = self
        return Int(truncatingIfNeeded: rng.next(upperBound: UInt64(n)))
    }

    /// A uniform variate in `range.lowerBound ..< range.upperBound` (or exactly the bound when the range is a
    /// single value), from `gsl_ran_flat`.
    /// - Precondition: both bounds are finite.
    public func uniform(in range: ClosedRange<Double>) -> Double {
        precondition(
            range.lowerBound.isFinite && range.upperBound.isFinite,
            "uniform(in:): bounds must be finite (got \(range))")
        if range.lowerBound == range.upperBound { return range.lowerBound }
        return gsl_ran_flat(generator, range.lowerBound, range.upperBound)
    }

    /// `true` with probability `p` (`gsl_ran_bernoulli`).
    /// - Precondition: `0 <= p <= 1`.
    @inlinable
    public func bernoulli(_ p: Double) -> Bool {
        precondition(p >= 0 && p <= 1, "bernoulli: p must be in [0, 1] (got \(p))")
        return uniform() < p  // gsl_ran_bernoulli
    }

    /// The number of successes in `n` independent trials with success probability `p` (`gsl_ran_binomial`,
    /// Kachitvichyanukul & Schmeiser's BTPE algorithm).
    /// - Precondition: `0 <= n <= UInt32.max`, `0 <= p <= 1`.
    public func binomial(n: Int, p: Double) -> Int {
        precondition(n >= 0 && n <= Int(UInt32.max), "binomial: n must be in 0...\(UInt32.max) (got \(n))")
        precondition(p >= 0 && p <= 1, "binomial: p must be in [0, 1] (got \(p))")
        return Int(gsl_ran_binomial(generator, p, UInt32(n)))
    }

    /// A Poisson count with the given mean (`gsl_ran_poisson`).
    /// - Precondition: `0 <= mean <= 1e9` (GSL returns a 32-bit count).
    public func poisson(mean: Double) -> Int {
        precondition(mean >= 0 && mean <= 1e9, "poisson: mean must be in [0, 1e9] (got \(mean))")
        return Int(gsl_ran_poisson(generator, mean))
    }

    /// An exponential variate with the given mean (`gsl_ran_exponential`; rate = 1 / mean).
    /// - Precondition: `mean > 0` and finite.
    public func exponential(mean: Double) -> Double {
        precondition(mean > 0 && mean.isFinite, "exponential: mean must be positive and finite (got \(mean))")
        return gsl_ran_exponential(generator, mean)
    }

    /// A normal variate (`gsl_ran_gaussian_ziggurat`, Marsaglia & Tsang's ziggurat method).
    /// - Precondition: `sd >= 0`, both finite.
    public func normal(mean: Double = 0, sd: Double = 1) -> Double {
        precondition(mean.isFinite, "normal: mean must be finite (got \(mean))")
        precondition(sd >= 0 && sd.isFinite, "normal: sd must be non-negative and finite (got \(sd))")
        return mean + gsl_ran_gaussian_ziggurat(generator, sd)
    }

    /// A gamma variate with density `x^(shape-1) e^(-x/scale) / (Γ(shape) scale^shape)`: mean `shape × scale`,
    /// variance `shape × scale²` (`gsl_ran_gamma`, Marsaglia & Tsang 2000).
    /// - Precondition: `shape > 0`, `scale > 0`, both finite.
    public func gamma(shape: Double, scale: Double) -> Double {
        precondition(shape > 0 && shape.isFinite, "gamma: shape must be positive and finite (got \(shape))")
        precondition(scale > 0 && scale.isFinite, "gamma: scale must be positive and finite (got \(scale))")
        return gsl_ran_gamma(generator, shape, scale)
    }

    /// A log-normal variate: `exp(X)` with `X ~ Normal(mu, sigma)` (`gsl_ran_lognormal`).
    /// - Precondition: `sigma >= 0`, both finite.
    public func lognormal(mu: Double, sigma: Double) -> Double {
        precondition(mu.isFinite, "lognormal: mu must be finite (got \(mu))")
        precondition(sigma >= 0 && sigma.isFinite, "lognormal: sigma must be non-negative and finite (got \(sigma))")
        return gsl_ran_lognormal(generator, mu, sigma)
    }

    /// A Pareto (type I) variate with density `(alpha / scale) (x / scale)^-(alpha+1)` for `x >= scale`
    /// (`gsl_ran_pareto(a: alpha, b: scale)`).
    /// - Precondition: `alpha > 0`, `scale > 0`, both finite.
    public func pareto(alpha: Double, scale: Double) -> Double {
        precondition(alpha > 0 && alpha.isFinite, "pareto: alpha must be positive and finite (got \(alpha))")
        precondition(scale > 0 && scale.isFinite, "pareto: scale must be positive and finite (got \(scale))")
        return gsl_ran_pareto(generator, alpha, scale)
    }

    /// A Zipf rank in `0..<count` with `P(k) ∝ (k + 1)^-exponent`, drawn exactly by rejection-inversion
    /// (see ``ZipfSampler``). O(1) expected time, no allocation; build a `ZipfSampler` once instead when drawing
    /// many values with the same parameters, to skip the few logarithms of the set-up.
    /// - Precondition: `exponent >= 0` and finite, `count >= 1`.
    public func zipf(exponent: Double, count: Int) -> Int {
        ZipfSampler(exponent: exponent, count: count).sample(self)
    }

    /// A Dirichlet variate (`gsl_ran_dirichlet`): a probability vector with one entry per concentration
    /// parameter. Allocates the result; see ``dirichlet(alpha:into:)`` for the non-allocating form.
    /// - Precondition: `alpha` is non-empty and every entry is positive and finite.
    public func dirichlet(alpha: [Double]) -> [Double] {
        var theta = [Double](repeating: 0, count: alpha.count)
        dirichlet(alpha: alpha, into: &theta)
        return theta
    }

    /// Writes a Dirichlet variate (`gsl_ran_dirichlet`) into `theta`, which must already have one entry per
    /// concentration parameter. Does not allocate.
    /// - Precondition: `alpha` is non-empty, every entry is positive and finite, `theta.count == alpha.count`.
    public func dirichlet(alpha: [Double], into theta: inout [Double]) {
        precondition(!alpha.isEmpty, "dirichlet: alpha must not be empty")
        precondition(
            theta.count == alpha.count,
            "dirichlet: theta has \(theta.count) entries for \(alpha.count) parameters")
        for (index, value) in alpha.enumerated() {
            precondition(
                value > 0 && value.isFinite, "dirichlet: alpha[\(index)] must be positive and finite (got \(value))")
        }
        alpha.withUnsafeBufferPointer { alphaBuffer in
            theta.withUnsafeMutableBufferPointer { thetaBuffer in
                gsl_ran_dirichlet(generator, alphaBuffer.count, alphaBuffer.baseAddress, thetaBuffer.baseAddress)
            }
        }
    }

    /// Multinomial counts: how many of `trials` independent draws fall in each category
    /// (`gsl_ran_multinomial`). `probabilities` need not sum to 1; they are normalised. Allocates the result.
    /// - Precondition: `probabilities` is non-empty, entries are non-negative and finite with a positive sum,
    ///   `0 <= trials <= UInt32.max`.
    public func multinomial(trials: Int, probabilities: [Double]) -> [Int] {
        Self.checkMultinomial(trials: trials, probabilities: probabilities)
        var counts = [UInt32](repeating: 0, count: probabilities.count)
        probabilities.withUnsafeBufferPointer { p in
            counts.withUnsafeMutableBufferPointer { n in
                gsl_ran_multinomial(generator, p.count, UInt32(trials), p.baseAddress, n.baseAddress)
            }
        }
        return counts.map { Int($0) }
    }

    /// Writes multinomial counts into `counts` (which must have one entry per category) without allocating.
    ///
    /// Uses the same conditional-binomial method as `gsl_ran_multinomial` (category `k` gets
    /// `Binomial(remaining trials, p_k / remaining probability)`), with the same draws, so for the same stream state
    /// it gives the same counts as ``multinomial(trials:probabilities:)``.
    /// - Precondition: as for ``multinomial(trials:probabilities:)``, and `counts.count == probabilities.count`.
    public func multinomial(trials: Int, probabilities: [Double], into counts: inout [Int]) {
        Self.checkMultinomial(trials: trials, probabilities: probabilities)
        precondition(
            counts.count == probabilities.count,
            "multinomial: counts has \(counts.count) entries for \(probabilities.count) categories")
        var norm = 0.0
        for p in probabilities { norm += p }
        var usedProbability = 0.0
        var usedTrials: UInt32 = 0
        let total = UInt32(trials)
        for k in probabilities.indices {
            let p = probabilities[k]
            var n: UInt32 = 0
            if p > 0 {
                let conditional = min(1, p / (norm - usedProbability))
                n = gsl_ran_binomial(generator, conditional, total - usedTrials)
            }
            counts[k] = Int(n)
            usedProbability += p
            usedTrials += n
        }
    }

    private static func checkMultinomial(trials: Int, probabilities: [Double]) {
        precondition(
            trials >= 0 && trials <= Int(UInt32.max),
            "multinomial: trials must be in 0...\(UInt32.max) (got \(trials))")
        precondition(!probabilities.isEmpty, "multinomial: probabilities must not be empty")
        var sum = 0.0
        for (index, p) in probabilities.enumerated() {
            precondition(
                p >= 0 && p.isFinite,
                "multinomial: probabilities[\(index)] must be non-negative and finite (got \(p))")
            sum += p
        }
        precondition(
            sum > 0 && sum.isFinite, "multinomial: probabilities must have a positive, finite sum (got \(sum))")
    }
}
