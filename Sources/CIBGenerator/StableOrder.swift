internal import CIBModel
internal import CIBStatistics

/// Stable least-significant-digit radix sort of row indices by time (digits of up to 16 bits, as many passes as the
/// time span needs): O(n), and ties keep their input order, which is what makes the merged world deterministic.
enum StableOrder {
    /// Row indices in time order (ties in input order). Sorts packed `(time - min) << 32 | row` keys by their time
    /// bits, so every pass reads sequentially.
    static func byTime(_ times: [Timestamp]) -> [Int32] {
        times.withUnsafeBufferPointer { t in byTime(count: t.count) { t[$0] } }
    }

    /// Row indices `0 ..< count` in the order of `time(row)` (ties in row order): ``byTime(_:)`` for times that are a
    /// field of larger records, which then move once, in a gather, instead of on every radix pass.
    @inline(__always)
    static func byTime(count n: Int, time: (Int) -> Timestamp) -> [Int32] {
        guard n > 1 else { return (0 ..< Int32(n)).map { $0 } }
        let (keys, _) = sortedKeys(count: n, time: time)
        return [Int32](unsafeUninitializedCapacity: n) { buf, c in
            for i in 0 ..< n { buf[i] = Int32(truncatingIfNeeded: keys[i]) }
            c = n
        }
    }

    /// The sorted `(time(row) - lo) << 32 | row` keys behind ``byTime(count:time:)``, and `lo`: row `k` of the
    /// order is the key's low half, its time `lo` plus the high half (a column put in order can take its times from
    /// the keys instead of gathering them).
    @inline(__always)
    static func sortedKeys(count n: Int, time: (Int) -> Timestamp) -> (keys: [UInt64], lo: Timestamp) {
        var lo = Timestamp.max, hi = Timestamp.min
        for i in 0 ..< n { let t = time(i); lo = min(lo, t); hi = max(hi, t) }
        let span = UInt64(hi &- lo)
        precondition(n == 0 || (hi >= lo && span < 1 << 32 && n < 1 << 32), "StableOrder: time span or row count too large")
        var keys = [UInt64](unsafeUninitializedCapacity: n) { buf, c in
            for i in 0 ..< n { buf[i] = UInt64(time(i) - lo) << 32 | UInt64(i) }
            c = n
        }
        RadixSort.sort(&keys, bits: span == 0 ? 1 : 64 - span.leadingZeroBitCount, shift: 32)
        return (keys, lo)
    }

    /// The times of sorted keys (``sortedKeys(count:time:)``), in order.
    static func times(_ keys: [UInt64], lo: Timestamp) -> [Timestamp] {
        [Timestamp](unsafeUninitializedCapacity: keys.count) { buf, c in
            for i in keys.indices { buf[i] = lo + Timestamp(keys[i] >> 32) }
            c = keys.count
        }
    }

    /// Whether `times` never decreases.
    static func isSorted(_ times: [Timestamp]) -> Bool {
        times.withUnsafeBufferPointer { t in
            for i in t.indices.dropFirst() where t[i] < t[i - 1] { return false }
            return true
        }
    }

    /// Stable radix sort of records by time (records move, so the caller then reads them sequentially).
    static func sortByTime<T: BitwiseCopyable>(_ records: inout [T], time: (T) -> Timestamp) {
        let n = records.count
        guard n > 1 else { return }
        var lo = Timestamp.max, hi = Timestamp.min
        for r in records { let t = time(r); lo = min(lo, t); hi = max(hi, t) }
        let span = UInt64(hi - lo)
        let bits = span == 0 ? 0 : 64 - span.leadingZeroBitCount
        // Every pass writes all of `scratch` before reading it, and the records are plain bits: no copy needed.
        var scratch = [T](unsafeUninitializedCapacity: n) { _, count in count = n }
        let digitBits = RadixSort.digitBits(for: bits)
        let mask = UInt64(1) << UInt64(digitBits) - 1
        var counts = [Int](repeating: 0, count: (1 << digitBits) + 1)
        var s = 0
        while s < bits {
            for i in counts.indices { counts[i] = 0 }
            for r in records { counts[Int((UInt64(time(r) - lo) >> UInt64(s)) & mask) + 1] += 1 }
            for i in 1 ..< counts.count { counts[i] += counts[i - 1] }
            scratch.withUnsafeMutableBufferPointer { out in
                for r in records {
                    let d = Int((UInt64(time(r) - lo) >> UInt64(s)) & mask)
                    out[counts[d]] = r
                    counts[d] += 1
                }
            }
            swap(&records, &scratch)
            s += digitBits
        }
    }
}

/// `source[row]` for the row in the low half of every sorted key (``StableOrder/sortedKeys(count:time:)``): a column
/// put in time order without a separate array of rows.
func gather<T>(_ source: [T], keys: [UInt64]) -> [T] {
    source.withUnsafeBufferPointer { src in
        keys.withUnsafeBufferPointer { keys in
            [T](unsafeUninitializedCapacity: keys.count) { out, count in
                for i in 0 ..< keys.count { (out.baseAddress! + i).initialize(to: src[Int(UInt32(truncatingIfNeeded: keys[i]))]) }
                count = keys.count
            }
        }
    }
}

/// `source[order[i]]` for every `i`: a column put in a new order.
func gather<T>(_ source: [T], _ order: [Int32]) -> [T] {
    source.withUnsafeBufferPointer { src in
        order.withUnsafeBufferPointer { order in
            [T](unsafeUninitializedCapacity: order.count) { out, count in
                for i in 0 ..< order.count { (out.baseAddress! + i).initialize(to: src[Int(order[i])]) }
                count = order.count
            }
        }
    }
}

extension FollowTable {
    /// Puts the follows in time order (ties keep their order).
    mutating func sortByTime() {
        guard !StableOrder.isSorted(time) else { return }
        let (keys, lo) = time.withUnsafeBufferPointer { t in StableOrder.sortedKeys(count: t.count) { t[$0] } }
        (follower, followee, time) = (gather(follower, keys: keys), gather(followee, keys: keys), StableOrder.times(keys, lo: lo))
    }
}

extension LoginTable {
    /// Puts the logins in time order (ties keep their order).
    mutating func sortByTime() {
        guard !StableOrder.isSorted(time) else { return }
        let (keys, lo) = time.withUnsafeBufferPointer { t in StableOrder.sortedKeys(count: t.count) { t[$0] } }
        (entity, time, ip, device) = (gather(entity, keys: keys), StableOrder.times(keys, lo: lo), gather(ip, keys: keys), gather(device, keys: keys))
    }
}

extension FollowTable {
    /// Appends every follow of `other`.
    mutating func append(contentsOf other: FollowTable) {
        follower += other.follower
        followee += other.followee
        time += other.time
    }

    /// Moves each follow to at least a minute after the entity in `column` was created, and drops the follows that
    /// would then fall at or after `end` (someone followed before they or their followee existed).
    mutating func keepAfterCreation(of column: KeyPath<FollowTable, [EntityID]>, _ createdAt: [Timestamp], end: Timestamp) {
        var keep = 0
        let ids = self[keyPath: column], n = count
        for i in 0 ..< n {
            let t = max(time[i], createdAt[Int(ids[i])] + 60)
            guard t < end else { continue }
            follower[keep] = follower[i]
            followee[keep] = followee[i]
            time[keep] = t
            keep += 1
        }
        follower.removeLast(n - keep)
        followee.removeLast(n - keep)
        time.removeLast(n - keep)
    }
}
