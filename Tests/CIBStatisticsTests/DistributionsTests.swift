@testable import CIBStatistics
import Foundation
import Testing

/// Reference values from SciPy 1.x (`scipy.stats`).
@Suite("CDFs and quantiles")
struct DistributionsTests {
    @Test func chiSquare() {
        #expect(isClose(Distributions.chiSquareCDF(3.841, degreesOfFreedom: 1), 0.95, within: 1e-4))
        #expect(isClose(Distributions.chiSquareCDF(3.841, degreesOfFreedom: 1), 0.9499863162360432, within: 1e-12))
        #expect(isClose(Distributions.chiSquareQuantile(0.95, degreesOfFreedom: 1), 3.841458820694124, within: 1e-9))
        #expect(isClose(Distributions.chiSquareSurvival(10, degreesOfFreedom: 3), 0.01856613546304325, within: 1e-12))
        #expect(isClose(Distributions.chiSquareQuantile(0.99, degreesOfFreedom: 5), 15.08627246938899, within: 1e-8))
        #expect(Distributions.chiSquareCDF(-1, degreesOfFreedom: 2) == 0)
        #expect(Distributions.chiSquareQuantile(1, degreesOfFreedom: 2) == .infinity)
    }

    @Test func normal() {
        #expect(isClose(Distributions.normalQuantile(0.975), 1.959964, within: 1e-6))
        #expect(isClose(Distributions.normalQuantile(0.975), 1.959963984540054, within: 1e-12))
        #expect(isClose(Distributions.normalCDF(1), 0.8413447460685429, within: 1e-14))
        #expect(isClose(Distributions.normalSurvival(2.5), 0.006209665325776132, within: 1e-15))
        #expect(isClose(Distributions.normalCDF(12, mean: 10, sd: 2), 0.8413447460685429, within: 1e-14))
        #expect(isClose(Distributions.normalQuantile(0.5, mean: 3, sd: 4), 3, within: 1e-14))
    }

    @Test func studentT() {
        #expect(isClose(Distributions.studentTQuantile(0.975, degreesOfFreedom: 10), 2.228139, within: 1e-6))
        #expect(isClose(Distributions.studentTCDF(2, degreesOfFreedom: 5), 0.9490302605850708, within: 1e-12))
        #expect(isClose(Distributions.studentTSurvival(2, degreesOfFreedom: 5), 0.050969739414929174, within: 1e-12))
        #expect(isClose(Distributions.studentTQuantile(0.05, degreesOfFreedom: 3), -2.353363434801824, within: 1e-9))
        #expect(isClose(Distributions.studentTQuantile(0.975, degreesOfFreedom: 0.5), 164.55767348048818, within: 1e-6))
    }

    @Test func binomial() {
        #expect(isClose(Distributions.binomialCDF(3, trials: 10, probability: 0.3), 0.6496107184000002, within: 1e-12))
        let survival = Distributions.binomialSurvival(3, trials: 10, probability: 0.3)
        #expect(isClose(survival, 0.3503892815999998, within: 1e-12))
        #expect(isClose(Distributions.binomialCDF(7, trials: 20, probability: 0.5), 0.13158798217773438, within: 1e-12))
        #expect(Distributions.binomialCDF(-1, trials: 5, probability: 0.5) == 0)
        #expect(Distributions.binomialCDF(5, trials: 5, probability: 0.5) == 1)
        #expect(Distributions.binomialSurvival(5, trials: 5, probability: 0.5) == 0)
    }

    @Test func beta() {
        #expect(isClose(Distributions.betaCDF(0.3, alpha: 2, beta: 5), 0.579825, within: 1e-12))
        #expect(isClose(Distributions.betaSurvival(0.3, alpha: 2, beta: 5), 0.420175, within: 1e-12))
        #expect(isClose(Distributions.betaQuantile(0.5, alpha: 2, beta: 5), 0.26444998329566005, within: 1e-9))
        #expect(Distributions.betaQuantile(0, alpha: 2, beta: 5) == 0)
        #expect(Distributions.betaQuantile(1, alpha: 2, beta: 5) == 1)
    }

    @Test func betaQuantilesWhereGSLsInverseFails() {
        // GSL 2.7's gsl_cdf_beta_Pinv returns NaN for these; the bisection fallback must match SciPy.
        #expect(isClose(Distributions.betaQuantile(0.025, alpha: 33, beta: 968), 0.02282238334945957, within: 1e-10))
        #expect(isClose(Distributions.betaQuantile(0.975, alpha: 34, beta: 967), 0.046033981817023194, within: 1e-10))
        #expect(isClose(Distributions.betaQuantile(0.025, alpha: 968, beta: 33), 0.9551240971649907, within: 1e-10))
        #expect(isClose(Distributions.betaQuantile(0.9995, alpha: 22, beta: 979), 0.04036162246631677, within: 1e-10))
    }

    @Test func f() {
        let cdf = Distributions.fCDF(2.5, numeratorDegreesOfFreedom: 3, denominatorDegreesOfFreedom: 10)
        #expect(isClose(cdf, 0.8809604373417219, within: 1e-12))
        let sf = Distributions.fSurvival(2.5, numeratorDegreesOfFreedom: 3, denominatorDegreesOfFreedom: 10)
        #expect(isClose(sf, 0.11903956265827809, within: 1e-12))
        let q = Distributions.fQuantile(0.95, numeratorDegreesOfFreedom: 3, denominatorDegreesOfFreedom: 10)
        #expect(isClose(q, 3.7082648190468435, within: 1e-8))
        // GSL's inverse fails here (NaN); the fallback finds SciPy's 8.4623524689e10.
        let far = Distributions.fQuantile(0.999, numeratorDegreesOfFreedom: 0.5, denominatorDegreesOfFreedom: 0.5)
        #expect(isClose(far / 84_623_524_689.27354, 1, within: 1e-9))
    }

    @Test func bisectionFallbackInvertsAMonotoneCDF() {
        // Forced fallback (GSL value NaN): the logistic CDF has quantile log(p / (1 − p)).
        let logistic: (Double) -> Double = { 1 / (1 + exp(-$0)) }
        let q = Distributions.invert(.nan, p: 0.9, domain: -.infinity ... .infinity, cdf: logistic)
        #expect(isClose(q, log(9.0), within: 1e-12))
        let r = Distributions.invert(.nan, p: 0.25, domain: 0...1) { $0 * $0 }
        #expect(isClose(r, 0.5, within: 1e-14))
        #expect(Distributions.invert(0.3, p: 0.09, domain: 0...1) { $0 * $0 } == 0.3)
    }
}
