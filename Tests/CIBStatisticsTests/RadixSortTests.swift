import CIBStatistics
import Testing

@Suite("RadixSort")
struct RadixSortTests {
    /// Seeded random keys; `highBits` limits how many distinct values the top half takes (to force ties).
    func keys(_ n: Int, seed: UInt64, highBits: Int = 32) -> [UInt64] {
        let rng = RandomStream(seed: seed, stream: 0)
        return (0 ..< n).map { _ in
            let x = rng.next()
            return ((x >> 32) >> UInt64(32 - highBits)) << 32 | (x & 0xFFFF_FFFF)
        }
    }

    @Test func fullKeysMatchTheStandardSort() {
        for n in [0, 1, 2, 255, 256, 10_000] {
            var a = keys(n, seed: UInt64(n) + 1)
            let expected = a.sorted()
            RadixSort.sort(&a)
            #expect(a == expected, "n = \(n)")
        }
    }

    @Test func partialKeysAreStable() {
        // Sort by the high 32 bits only, with few distinct high values: equal high halves keep input order.
        let input = keys(20_000, seed: 7, highBits: 4)
        var a = input
        RadixSort.sort(&a, bits: 32, shift: 32)
        let expected = input.enumerated().sorted { ($0.element >> 32, $0.offset) < ($1.element >> 32, $1.offset) }.map(\.element)
        #expect(a == expected)
        // The low halves of one high value appear in input order.
        let firstHigh = a[0] >> 32
        #expect(a.filter { $0 >> 32 == firstHigh } == input.filter { $0 >> 32 == firstHigh })
    }

    @Test func rangesOfAnyWidthIgnoreTheBitsAroundThem() {
        // Random bits everywhere; sort by 14 bits (one narrow pass) and by 21 bits (a 16-bit and a narrower pass).
        let input = keys(30_000, seed: 11)
        for (bits, shift) in [(14, 48), (21, 5), (3, 61)] {
            var a = input
            RadixSort.sort(&a, bits: bits, shift: shift)
            let field = { (k: UInt64) in (k >> UInt64(shift)) & (UInt64(1) << UInt64(bits) - 1) }
            let expected = input.enumerated().sorted { (field($0.element), $0.offset) < (field($1.element), $1.offset) }.map(\.element)
            #expect(a == expected, "bits \(bits) shift \(shift)")
        }
    }

    @Test func skipsPassesWhoseDigitIsConstantAndSortsTheRest() {
        // Only bits 16-31 vary: the passes over bits 0-15 and 32-63 see one digit.
        var a = (0 ..< 5000).map { UInt64((($0 * 7919) % 5000) << 16) | 0xABCD_0000_0000_0000 }
        RadixSort.sort(&a)
        #expect(a == a.sorted())
        #expect(a.first == 0xABCD_0000_0000_0000 && a.last == 0xABCD_0000_0000_0000 | UInt64(4999 << 16))
    }

    @Test func sortUniqueKeepsOneOfEachValue() {
        var a = keys(5000, seed: 3, highBits: 2).map { $0 & 0xFFFF_0000_0000_00FF }
        let expected = Array(Set(a)).sorted()
        RadixSort.sortUnique(&a)
        #expect(a == expected && a.count < 5000)
        var b = [3, 3, 1, 1, 1, 2, 3]
        b.removeAdjacentDuplicates()
        #expect(b == [3, 1, 2, 3])
        var empty: [Int] = []
        empty.removeAdjacentDuplicates()
        #expect(empty.isEmpty)
    }
}
