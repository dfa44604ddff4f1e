/// McNemar's test for paired binary outcomes (Q. McNemar, Psychometrika 1947), e.g. two detectors judged on the
/// same accounts.
///
/// Only the discordant pairs matter: `b` pairs where the first method is right and the second wrong, and `c` the
/// other way round. Under the null hypothesis (both methods equally accurate) `b ~ Binomial(b + c, 1/2)`.
public enum McNemar {
    /// The result of ``test(b:c:)``.
    public struct Result: Sendable, Codable, Equatable, Hashable {
        /// Discordant pairs favouring the first method.
        public let b: Int
        /// Discordant pairs favouring the second method.
        public let c: Int
        /// The exact two-sided p-value: `min(1, 2 P(X ≤ min(b, c)))` with `X ~ Binomial(b + c, 1/2)`.
        public let exactPValue: Double
        /// The chi-square statistic with Edwards' continuity correction, `max(0, |b − c| − 1)² / (b + c)`.
        /// (The `max` keeps `b == c` at 0; statsmodels omits it and reports `1/(b + c)` there.)
        public let chiSquare: Double
        /// The p-value of ``chiSquare`` on 1 degree of freedom.
        public let chiSquarePValue: Double

        /// Creates a result from its parts (``test(b:c:)`` is the usual way to get one).
        public init(b: Int, c: Int, exactPValue: Double, chiSquare: Double, chiSquarePValue: Double) {
            self.b = b
            self.c = c
            self.exactPValue = exactPValue
            self.chiSquare = chiSquare
            self.chiSquarePValue = chiSquarePValue
        }
    }

    /// Runs McNemar's test on the discordant counts.
    ///
    /// With no discordant pairs (`b + c == 0`) there is no evidence either way: both p-values are 1 and the
    /// statistic is 0. Prefer ``Result/exactPValue`` when `b + c` is small (below about 25).
    /// - Precondition: `b >= 0`, `c >= 0`, `b + c <= UInt32.max`.
    public static func test(b: Int, c: Int) -> Result {
        precondition(b >= 0 && c >= 0, "McNemar.test: counts must be non-negative (got b = \(b), c = \(c))")
        let n = b + c
        guard n > 0 else {
            return Result(b: b, c: c, exactPValue: 1, chiSquare: 0, chiSquarePValue: 1)
        }
        let exact = min(1, 2 * Distributions.binomialCDF(min(b, c), trials: n, probability: 0.5))
        let corrected = max(0, Double(abs(b - c)) - 1)
        let statistic = corrected * corrected / Double(n)
        let pValue = Distributions.chiSquareSurvival(statistic, degreesOfFreedom: 1)
        return Result(b: b, c: c, exactPValue: exact, chiSquare: statistic, chiSquarePValue: pValue)
    }
}
