import CIBStatistics
import Testing

@Suite("Histogram")
struct HistogramTests {
    @Test func fillCountsBinsAndOutOfRangeValues() throws {
        var histogram = try Histogram(binCount: 5, range: 0..<10)
        histogram.fill([0, 1.9, 2, 5, 9.99, 10, -1, .nan, .infinity])
        #expect(histogram.counts == [2, 1, 1, 0, 1])
        #expect(histogram.underflow == 1)
        #expect(histogram.overflow == 2)
        #expect(histogram.missing == 1)
        #expect(histogram.total == 5)
        #expect(histogram[0] == 2)
        #expect(histogram.binCount == 5)
        #expect(histogram.binRange(1) == 2..<4)
        #expect(histogram.bin(for: 5) == 2)
        #expect(histogram.bin(for: 10) == nil)
        #expect(histogram.bin(for: .nan) == nil)
        // bin centres 1, 1, 3, 5, 9 → mean 19/5
        #expect(isClose(histogram.mean!, 3.8, within: 1e-12))
        histogram.add(3, weight: 2.5)
        #expect(histogram[1] == 3.5)
    }

    @Test func copiesAreIndependent() throws {
        var original = try Histogram(binCount: 2, range: 0..<1)
        original.fill([0.1, 0.2, 0.7])
        var copy = original
        #expect(copy == original)
        copy.add(0.9)
        #expect(original.counts == [2, 1])
        #expect(copy.counts == [2, 2])
        #expect(copy != original)
        copy.reset()
        #expect(copy.counts == [0, 0] && copy.total == 0 && copy.mean == nil)
        #expect(original.total == 3)
    }

    @Test func invalidShapesThrow() {
        #expect(throws: StatisticsError.self) { try Histogram(binCount: 0, range: 0..<1) }
        #expect(throws: StatisticsError.self) { try Histogram(binCount: 3, range: 1..<1) }
        #expect(throws: StatisticsError.self) { try Histogram(binCount: 3, range: 0..<Double.infinity) }
    }
}
