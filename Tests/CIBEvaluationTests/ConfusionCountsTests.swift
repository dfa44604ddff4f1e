import CIBEvaluation
import Testing

@Suite struct ConfusionCountsTests {
    @Test func handComputedMetrics() throws {
        let counts = ConfusionCounts(tp: 3, fp: 1, fn: 2, tn: 4)
        #expect(counts.positives == 5 && counts.negatives == 5 && counts.flagged == 4 && counts.total == 10)
        let precision = counts.precision()
        #expect(precision.value == 0.75 && precision.defined)
        // Wilson 95% for 3/4, computed with scipy: (0.3006418425824018, 0.9544127391902995).
        #expect(abs(try #require(precision.lower) - 0.3006418425824018) < 1e-9)
        #expect(abs(try #require(precision.upper) - 0.9544127391902995) < 1e-9)
        let recall = counts.recall()
        #expect(recall.value == 0.6)
        #expect(abs(try #require(recall.lower) - 0.2307242812760128) < 1e-9)
        #expect(abs(counts.f1.value - 2.0 / 3.0) < 1e-12)
        #expect(counts.falsePositiveRate().value == 0.2)
        let accuracy = counts.accuracy()
        #expect(accuracy.value == 0.7)
        #expect(abs(try #require(accuracy.upper) - 0.8922087325936989) < 1e-9)
    }

    @Test func countsFromLabelsAndFlags() {
        let labels = [true, true, false, false, true, false]
        let flags = [true, false, true, false, true, false]
        #expect(ConfusionCounts(labels: labels, flags: flags) == ConfusionCounts(tp: 2, fp: 1, fn: 1, tn: 2))
        #expect(ConfusionCounts(labels: labels, flags: flags, indices: [0, 1, 2]) == ConfusionCounts(tp: 1, fp: 1, fn: 1, tn: 0))
        #expect(ConfusionCounts(tp: 1, fp: 2, fn: 3, tn: 4) + ConfusionCounts(tp: 1, fp: 1, fn: 1, tn: 1)
            == ConfusionCounts(tp: 2, fp: 3, fn: 4, tn: 5))
    }

    /// scikit-learn's zero_division=0 policy: undefined metrics are 0, flagged as undefined, and have no interval.
    @Test func undefinedCasesAreZeroAndFlagged() {
        let nothingFlagged = ConfusionCounts(tp: 0, fp: 0, fn: 4, tn: 6)
        let precision = nothingFlagged.precision()
        #expect(precision.value == 0 && !precision.defined && precision.lower == nil && precision.upper == nil)
        #expect(nothingFlagged.recall().value == 0 && nothingFlagged.recall().defined)
        #expect(nothingFlagged.f1.value == 0 && nothingFlagged.f1.defined)

        let noPositives = ConfusionCounts(tp: 0, fp: 2, fn: 0, tn: 8)
        #expect(!noPositives.recall().defined && noPositives.recall().value == 0)
        #expect(noPositives.f1.defined && noPositives.f1.value == 0)

        let empty = ConfusionCounts()
        for value in [empty.precision(), empty.recall(), empty.f1, empty.falsePositiveRate(), empty.accuracy()] {
            #expect(!value.defined && value.value == 0 && !value.value.isNaN)
        }
    }
}
