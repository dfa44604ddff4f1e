import CIBStatistics
import CKernels
import Testing

/// The C MinHash kernel (whichever instruction-set variant this machine picks) against the definition.
@Suite struct MinHashKernelTests {
    @Test func updateMatchesTheScalarDefinition() {
        let rng = RandomStream(seed: 11, stream: 4)
        for (count, n) in [(1, 1), (145, 60), (160, 1000), (7, 0), (33, 17)] {
            let a = (0 ..< count).map { _ in UInt32(truncatingIfNeeded: rng.next()) | 1 }
            let b = (0 ..< count).map { _ in UInt32(truncatingIfNeeded: rng.next()) }
            let xs = (0 ..< n).map { _ in UInt32(truncatingIfNeeded: rng.next()) }
            var expected = [UInt32](repeating: .max, count: count)
            for x in xs {
                for i in 0 ..< count { expected[i] = min(expected[i], a[i] &* x &+ b[i]) }
            }
            var minima = [UInt32](repeating: .max, count: count)
            cib_minhash_update(&minima, a, b, count, xs, n)
            #expect(minima == expected, "count \(count), n \(n)")
        }
    }

    @Test func updateKeepsSmallerExistingMinima() {
        var minima: [UInt32] = [0, 5, .max]
        cib_minhash_update(&minima, [1, 1, 1], [0, 0, 0], 3, [3], 1)
        #expect(minima == [0, 3, 3])
    }
}
