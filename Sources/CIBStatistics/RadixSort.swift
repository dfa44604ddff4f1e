/// Stable least-significant-digit radix sort of 64-bit keys, up to 16 bits per pass: O(n) per pass and no
/// comparisons.
///
/// For the millions of packed keys the generator and the detectors order — `(time, index)` pairs, `(band key,
/// group)` entries, candidate pairs — it is several times faster than a comparison sort. Keys are compared only on
/// bits `shift ..< shift + bits`; equal keys keep their input order, so the result is fully determined by the input.
/// A pass whose digit is the same for every key is skipped.
public enum RadixSort {
    /// Sorts `keys` by their bits `shift ..< shift + bits` (stable).
    /// - Precondition: `0 <= shift`, `bits >= 0`, `shift + bits <= 64`.
    public static func sort(_ keys: inout [UInt64], bits: Int = 64, shift: Int = 0) {
        precondition(shift >= 0 && bits >= 0 && shift + bits <= 64, "RadixSort: bits \(shift) ..< \(shift + bits) out of range")
        let n = keys.count
        guard n > 1, bits > 0 else { return }
        if n < 256 && shift == 0 && bits == 64 {
            keys.sort()  // equal keys are identical, so stability does not matter here
            return
        }
        var scratch = [UInt64](unsafeUninitializedCapacity: n) { _, c in c = n }  // every pass writes all of it first
        let digitBits = digitBits(for: bits)
        var counts = [Int](repeating: 0, count: 1 << digitBits)
        var s = shift
        while s < shift + bits {
            let digitShift = UInt64(s)
            let mask = UInt64(1) << UInt64(min(digitBits, shift + bits - s)) - 1
            let skip: Bool = keys.withUnsafeBufferPointer { k in
                counts.withUnsafeMutableBufferPointer { c in
                    for i in c.indices { c[i] = 0 }
                    for key in k { c[Int((key >> digitShift) & mask)] += 1 }
                    if c[Int((k[0] >> digitShift) & mask)] == n { return true }
                    var sum = 0
                    for i in c.indices {
                        let x = c[i]
                        c[i] = sum
                        sum += x
                    }
                    return false
                }
            }
            if !skip {
                keys.withUnsafeBufferPointer { k in
                    scratch.withUnsafeMutableBufferPointer { out in
                        counts.withUnsafeMutableBufferPointer { c in
                            for key in k {
                                let d = Int((key >> digitShift) & mask)
                                out[c[d]] = key
                                c[d] += 1
                            }
                        }
                    }
                }
                swap(&keys, &scratch)
            }
            s += digitBits
        }
    }
}

extension RadixSort {
    /// The digit width for sorting on `bits` bits: as few passes as 16-bit digits need, with the bits shared evenly
    /// among them (23 bits: two 12-bit passes, not 16 + 7). Smaller count tables keep a pass's scatter to fewer
    /// write positions, which stay in cache.
    public static func digitBits(for bits: Int) -> Int {
        guard bits > 0 else { return 1 }
        let passes = (bits + 15) / 16
        return (bits + passes - 1) / passes
    }

    /// Sorts `keys` and keeps one of each value.
    public static func sortUnique(_ keys: inout [UInt64]) {
        sort(&keys)
        keys.removeAdjacentDuplicates()
    }
}

extension Array where Element: Equatable {
    /// Removes every element equal to the one before it, in place (on a sorted array: keeps one of each value).
    public mutating func removeAdjacentDuplicates() {
        var write = 0
        for read in indices where read == 0 || self[read] != self[write - 1] {
            self[write] = self[read]
            write += 1
        }
        removeLast(count - write)
    }
}
