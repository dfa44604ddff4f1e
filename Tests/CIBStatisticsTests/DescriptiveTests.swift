import CIBStatistics
import Testing

@Suite("Descriptive statistics")
struct DescriptiveTests {
    // Hand-computed: sum 40, mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32, variance 32/7.
    let data: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]

    @Test func meanVarianceAndStandardDeviation() {
        #expect(Descriptive.mean(data) == 5)
        #expect(isClose(Descriptive.variance(data)!, 32.0 / 7.0, within: 1e-12))
        #expect(isClose(Descriptive.standardDeviation(data)!, (32.0 / 7.0).squareRoot(), within: 1e-12))
        data.withUnsafeBufferPointer { buffer in
            #expect(Descriptive.mean(buffer) == 5)
        }
    }

    @Test func quantilesInterpolateLinearly() {
        // (n − 1) p = 7 × 0.25 = 1.75 → x[1] + 0.75 (x[2] − x[1]) = 4; 7 × 0.9 = 6.3 → 7 + 0.3 × 2 = 7.6.
        #expect(Descriptive.quantile(sorted: data, 0.25) == 4)
        #expect(isClose(Descriptive.quantile(sorted: data, 0.9)!, 7.6, within: 1e-12))
        #expect(Descriptive.quantile(sorted: data, 0) == 2)
        #expect(Descriptive.quantile(sorted: data, 1) == 9)
        #expect(Descriptive.median(sorted: data) == 4.5)
        #expect(Descriptive.median([9, 1, 5]) == 5)
        #expect(isClose(Descriptive.quantile(data.reversed(), 0.9)!, 7.6, within: 1e-12))
    }

    @Test func extremes() {
        let shuffled: [Double] = [5, 9, 2, 4, 7]
        #expect(Descriptive.minimum(shuffled) == 2)
        #expect(Descriptive.maximum(shuffled) == 9)
        #expect(Descriptive.extremes(shuffled)! == (min: 2, max: 9))
    }

    @Test func undefinedCasesAreNil() {
        let empty: [Double] = []
        #expect(Descriptive.mean(empty) == nil)
        #expect(Descriptive.variance(empty) == nil)
        #expect(Descriptive.variance([3]) == nil)
        #expect(Descriptive.standardDeviation([3]) == nil)
        #expect(Descriptive.quantile(sorted: empty, 0.5) == nil)
        #expect(Descriptive.median(empty) == nil)
        #expect(Descriptive.extremes(empty) == nil)
        #expect(Descriptive.mean([3]) == 3)
    }
}
