import CIBStatistics
import Foundation
import Testing

@Suite("Confidence intervals and McNemar")
struct IntervalTests {
    @Test func wilsonMatchesTheClosedForm() {
        let interval = ProportionInterval.wilson(successes: 8, trials: 10, confidence: 0.95)
        let z = 1.959963984540054
        let n = 10.0
        let p = 0.8
        let centre = p + z * z / (2 * n)
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        let denominator = 1 + z * z / n
        #expect(isClose(interval.lower, (centre - half) / denominator, within: 1e-12))
        #expect(isClose(interval.upper, (centre + half) / denominator, within: 1e-12))
        #expect(interval.estimate == 0.8)
        #expect(isClose(interval.lower, 0.4901624, within: 1e-6))
        #expect(isClose(interval.upper, 0.9433178, within: 1e-6))
    }

    @Test func clopperPearsonMatchesBetaQuantiles() {
        let interval = ProportionInterval.clopperPearson(successes: 8, trials: 10, confidence: 0.95)
        // scipy.stats.beta.ppf(0.025, 8, 3), beta.ppf(0.975, 9, 2)
        #expect(isClose(interval.lower, 0.4439045376923585, within: 1e-9))
        #expect(isClose(interval.upper, 0.9747892736731666, within: 1e-9))
        #expect(interval.estimate == 0.8)
        // Large n, where GSL's own beta inverse fails: beta.ppf(0.025, 33, 968), beta.ppf(0.975, 34, 967).
        let large = ProportionInterval.clopperPearson(successes: 33, trials: 1_000)
        #expect(isClose(large.lower, 0.02282238334945957, within: 1e-10))
        #expect(isClose(large.upper, 0.046033981817023194, within: 1e-10))
    }

    @Test func proportionEdgeCases() {
        let none = ProportionInterval.clopperPearson(successes: 0, trials: 10)
        #expect(none.lower == 0 && none.estimate == 0)
        #expect(isClose(none.upper, 1 - pow(0.025, 0.1), within: 1e-10))  // beta.ppf(0.975, 1, 10)
        let all = ProportionInterval.clopperPearson(successes: 10, trials: 10)
        #expect(all.upper == 1 && all.estimate == 1)
        #expect(isClose(all.lower, pow(0.025, 0.1), within: 1e-10))  // beta.ppf(0.025, 10, 1)
        let wilsonNone = ProportionInterval.wilson(successes: 0, trials: 10)
        #expect(wilsonNone.lower == 0 && wilsonNone.upper > 0 && wilsonNone.upper < 0.35)
        let wilsonAll = ProportionInterval.wilson(successes: 10, trials: 10)
        #expect(wilsonAll.upper == 1 && wilsonAll.lower > 0.65)
        for interval in [
            ProportionInterval.wilson(successes: 0, trials: 0),
            ProportionInterval.clopperPearson(successes: 0, trials: 0),
        ] {
            #expect(interval == Interval(lower: 0, upper: 1, estimate: nil))
        }
    }

    @Test func intervalsNeverContainNaNAndContainTheEstimate() {
        for trials in [1, 2, 3, 10, 57, 1_000, 25_000] {
            for successes in Set([0, 1, trials / 3, trials / 2, trials - 1, trials]) where successes <= trials {
                for interval in [
                    ProportionInterval.wilson(successes: successes, trials: trials, confidence: 0.99),
                    ProportionInterval.clopperPearson(successes: successes, trials: trials, confidence: 0.9),
                ] {
                    #expect(!interval.lower.isNaN && !interval.upper.isNaN, "\(successes)/\(trials)")
                    #expect(interval.lower >= 0 && interval.upper <= 1)
                    #expect(interval.contains(interval.estimate!), "\(successes)/\(trials): \(interval)")
                }
            }
        }
    }

    @Test func meanTInterval() throws {
        let interval = try #require(MeanInterval.t(values: [1, 2, 3, 4, 5], confidence: 0.95))
        #expect(isClose(interval.lower, 1.0367568385224428, within: 1e-9))
        #expect(isClose(interval.upper, 4.963243161477557, within: 1e-9))
        #expect(interval.estimate == 3)
        #expect(MeanInterval.t(values: [7]) == Interval(lower: 7, upper: 7, estimate: 7))
        #expect(MeanInterval.t(values: []) == nil)
    }

    @Test func mcNemar() {
        let result = McNemar.test(b: 10, c: 2)
        // 2 × binom.cdf(2, 12, 0.5); (|10 − 2| − 1)² / 12; chi2.sf(that, 1)
        #expect(isClose(result.exactPValue, 0.03857421875, within: 1e-12))
        #expect(isClose(result.chiSquare, 49.0 / 12.0, within: 1e-12))
        #expect(isClose(result.chiSquarePValue, 0.04330814281079206, within: 1e-12))
        let tie = McNemar.test(b: 3, c: 3)
        #expect(tie.exactPValue == 1 && tie.chiSquare == 0 && tie.chiSquarePValue == 1)
        #expect(McNemar.test(b: 0, c: 0).exactPValue == 1)
        #expect(McNemar.test(b: 2, c: 10) == McNemar.Result(b: 2, c: 10, exactPValue: result.exactPValue,
                                                            chiSquare: result.chiSquare,
                                                            chiSquarePValue: result.chiSquarePValue))
    }

    @Test func intervalIsCodable() throws {
        let interval = Interval(lower: 0.25, upper: 0.75, estimate: 0.5)
        let data = try JSONEncoder().encode(interval)
        #expect(try JSONDecoder().decode(Interval.self, from: data) == interval)
        #expect(interval.width == 0.5)
    }
}
