internal import CIBModel

/// Stable least-significant-digit radix sort of row indices by time (16-bit digits, as many passes as the time
/// span needs): O(n), and ties keep their input order, which is what makes the merged world deterministic.
enum StableOrder {
    static func byTime(_ times: [Timestamp]) -> [Int32] {
        let n = times.count
        guard n > 1 else { return (0 ..< Int32(n)).map { $0 } }
        let lo = times.min()!, hi = times.max()!
        let span = UInt64(hi - lo)
        var order = [Int32](unsafeUninitializedCapacity: n) { buf, c in
            for i in 0 ..< n { buf[i] = Int32(i) }
            c = n
        }
        var scratch = [Int32](repeating: 0, count: n)
        var shift: UInt64 = 0
        var counts = [Int](repeating: 0, count: 65_537)
        times.withUnsafeBufferPointer { t in
            while shift == 0 || (shift < 64 && span >> shift != 0) {
                for i in counts.indices { counts[i] = 0 }
                for i in 0 ..< n { counts[Int((UInt64(t[i] - lo) >> shift) & 0xFFFF) + 1] += 1 }
                for i in 1 ..< counts.count { counts[i] += counts[i - 1] }
                for idx in order {
                    let digit = Int((UInt64(t[Int(idx)] - lo) >> shift) & 0xFFFF)
                    scratch[counts[digit]] = idx
                    counts[digit] += 1
                }
                swap(&order, &scratch)
                shift += 16
            }
        }
        return order
    }
}
