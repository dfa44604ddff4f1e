internal import CIBStatistics

/// A value sorted by ``ParallelRadixSort`` on some of its bits.
protocol RadixSortable: Sendable {
    /// The bits sorted on (only the low `keyBits` are read).
    var radixKey: UInt64 { get }
}

extension UInt64: RadixSortable {
    /// Packed pairs sort on their high half.
    var radixKey: UInt64 { self >> 32 }
}

/// Stable least-significant-digit radix sort on several threads: each pass counts digits per fixed range of the
/// input (in parallel), turns the counts into each range's write positions (ranges in order within a digit, so equal
/// digits keep their input order), and scatters every range to its positions (in parallel). Digits of at most 12 bits,
/// so a range's scatter goes to at most 4,096 places, which stay in cache. The ranges depend only on the input size,
/// so the result is the same for any thread count (and, being a stable sort, the same as any stable sort).
enum ParallelRadixSort {
    /// Elements per range.
    static let rangeSize = 1 << 16

    /// Sorts `values` on the low `keyBits` bits of their ``RadixSortable/radixKey``.
    static func sort<T: RadixSortable>(_ values: inout [T], keyBits: Int, tasks: Int) {
        let n = values.count
        guard n > 1, keyBits > 0 else { return }
        let passes = (keyBits + 11) / 12
        let digitBits = (keyBits + passes - 1) / passes
        let buckets = 1 << digitBits
        let mask = UInt64(buckets - 1)
        let ranges = DeterministicParallel.ranges(count: n, chunkSize: rangeSize)
        var scratch = [T](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        for pass in 0 ..< passes {
            let shift = UInt64(pass * digitBits)
            values.withUnsafeBufferPointer { from in
                scratch.withUnsafeMutableBufferPointer { to in
                    let input = SharedPointer(from.baseAddress!), output = SharedPointer(to.baseAddress!)
                    // Digit counts per range.
                    let counts = DeterministicParallel.map(chunks: ranges.count, tasks: tasks) { r -> [Int] in
                        var c = [Int](repeating: 0, count: buckets)
                        for i in ranges[r] { c[Int((input.pointer[i].radixKey >> shift) & mask)] += 1 }
                        return c
                    }
                    // Write positions: digit by digit, ranges in order within a digit.
                    var starts = [[Int]](repeating: [Int](repeating: 0, count: buckets), count: ranges.count)
                    var sum = 0
                    for d in 0 ..< buckets {
                        for r in 0 ..< ranges.count {
                            starts[r][d] = sum
                            sum += counts[r][d]
                        }
                    }
                    let frozenStarts = starts
                    _ = DeterministicParallel.map(chunks: ranges.count, tasks: tasks) { r -> Int in
                        var next = frozenStarts[r]
                        next.withUnsafeMutableBufferPointer { next in
                            for i in ranges[r] {
                                let value = input.pointer[i]
                                let d = Int((value.radixKey >> shift) & mask)
                                (output.pointer + next[d]).initialize(to: value)
                                next[d] += 1
                            }
                        }
                        return 0
                    }
                }
            }
            swap(&values, &scratch)
        }
    }
}

/// A pointer to memory that parallel tasks read, or write at disjoint places.
private struct SharedPointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>

    init(_ pointer: UnsafePointer<T>) { self.pointer = UnsafeMutablePointer(mutating: pointer) }
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
