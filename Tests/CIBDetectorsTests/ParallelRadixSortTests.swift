import Testing

@testable import CIBDetectors

@Suite struct ParallelRadixSortTests {
    /// Pairs sorted on their high half, over several ranges and passes: the result is the stable sort (equal keys
    /// keep their input order, which the low half records) whatever the number of threads.
    @Test func isTheStableSortWhateverTheThreads() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let n = 3 * ParallelRadixSort.rangeSize + 12_345
        // Keys of 20 bits (two 10-bit passes), many repeated; the low half is the input position.
        let input = (0 ..< n).map { i in (next() % 50_000) << 32 | UInt64(i) }
        let expected = input.sorted()  // distinct low halves: the full order is the stable order on the high half
        for tasks in [1, 2, 3] {
            var values = input
            ParallelRadixSort.sort(&values, keyBits: 20, tasks: tasks)
            // (Compared as one Bool: a failing comparison of two large arrays would make the test library diff them.)
            let same = values == expected
            #expect(same, "tasks \(tasks): first difference at \(values.indices.first { values[$0] != expected[$0] } ?? -1)")
        }
        // Fewer key bits than the keys have: only the low bits order, ties stay in input order.
        var low = input
        ParallelRadixSort.sort(&low, keyBits: 4, tasks: 2)
        func digit(_ v: UInt64) -> UInt64 { (v >> 32) & 15 }
        let lowExpected = input.sorted { digit($0) < digit($1) || (digit($0) == digit($1) && $0 & 0xFFFF_FFFF < $1 & 0xFFFF_FFFF) }
        let lowSame = low == lowExpected
        #expect(lowSame)
    }
}
