internal import Foundation

/// An exact sampler for the bounded Zipf distribution on ranks `0..<count`: `P(k) ∝ (k + 1)^-exponent`.
///
/// Algorithm: rejection-inversion, W. Hörmann and G. Derflinger, "Rejection-inversion to generate variates from
/// monotone discrete distributions", ACM TOMACS 6(3), 1996, in the numerically careful form used by Apache Commons
/// RNG's `RejectionInversionZipfSampler` (helpers based on `log1p`/`expm1` so that exponents near 1 and 0 are
/// handled without special cases). Set-up is a few logarithms; each draw takes O(1) expected time (fewer than
/// 1.1 uniforms on average for any exponent and count) and allocates nothing. `exponent == 0` gives the uniform
/// distribution.
///
/// A `ZipfSampler` is an immutable value and may be shared across tasks; the draws come from the `RandomStream`
/// passed to ``sample(_:)``.
public struct ZipfSampler: Sendable, Hashable {
    /// The exponent `s` of `P(k) ∝ (k + 1)^-s`.
    public let exponent: Double
    /// The number of ranks.
    public let count: Int

    private let hIntegralX1: Double
    private let hIntegralCount: Double
    private let squeeze: Double

    /// Prepares a sampler for ranks `0..<count` with `P(k) ∝ (k + 1)^-exponent`.
    /// - Precondition: `exponent >= 0` and finite, `count >= 1`.
    public init(exponent: Double, count: Int) {
        precondition(
            exponent >= 0 && exponent.isFinite, "ZipfSampler: exponent must be >= 0 and finite (got \(exponent))")
        precondition(count >= 1, "ZipfSampler: count must be at least 1 (got \(count))")
        self.exponent = exponent
        self.count = count
        hIntegralX1 = Self.hIntegral(1.5, exponent) - 1
        hIntegralCount = Self.hIntegral(Double(count) + 0.5, exponent)
        squeeze = 2 - Self.hIntegralInverse(Self.hIntegral(2.5, exponent) - Self.h(2, exponent), exponent)
    }

    /// The probability of rank `k` (computed by summing the normalising constant: O(count)). For tests and reports.
    public func probability(ofRank k: Int) -> Double {
        guard k >= 0 && k < count else { return 0 }
        var norm = 0.0
        for rank in stride(from: count, through: 1, by: -1) {
            norm += Foundation.pow(Double(rank), -exponent)
        }
        return Foundation.pow(Double(k + 1), -exponent) / norm
    }

    /// Draws a rank in `0..<count` using `rng`'s uniform variates.
    public func sample(_ rng: RandomStream) -> Int {
        while true {
            // u is uniform in (hIntegralX1, hIntegralCount].
            let u = hIntegralCount + rng.uniform() * (hIntegralX1 - hIntegralCount)
            let x = Self.hIntegralInverse(u, exponent)
            var k = (x + 0.5).rounded(.down)
            if k < 1 {
                k = 1
            } else if k > Double(count) {
                k = Double(count)
            }
            if k - x <= squeeze || u >= Self.hIntegral(k + 0.5, exponent) - Self.h(k, exponent) {
                return Int(k) - 1
            }
        }
    }

    /// `H(x) = ((x^(1-s)) - 1) / (1 - s)`, or `log x` when `s == 1`: an antiderivative of `h`.
    private static func hIntegral(_ x: Double, _ s: Double) -> Double {
        let logX = Foundation.log(x)
        return helper2((1 - s) * logX) * logX
    }

    /// `h(x) = x^-s`.
    private static func h(_ x: Double, _ s: Double) -> Double {
        Foundation.exp(-s * Foundation.log(x))
    }

    /// The inverse of `hIntegral`.
    private static func hIntegralInverse(_ x: Double, _ s: Double) -> Double {
        var t = x * (1 - s)
        if t < -1 {
            t = -1  // limit rounding errors near the lower end of the domain
        }
        return Foundation.exp(helper1(t) * x)
    }

    /// `log(1 + x) / x`, accurate near 0.
    private static func helper1(_ x: Double) -> Double {
        if abs(x) > 1e-8 {
            return Foundation.log1p(x) / x
        }
        return 1 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x))
    }

    /// `(exp(x) - 1) / x`, accurate near 0.
    private static func helper2(_ x: Double) -> Double {
        if abs(x) > 1e-8 {
            return Foundation.expm1(x) / x
        }
        return 1 + x * 0.5 * (1 + x * (1.0 / 3.0) * (1 + 0.25 * x))
    }
}
