internal import CIBModel
internal import CIBStatistics

/// The time order of the union of several runs, each already in time order: by time, ties in run order, then by
/// position in the run — the order a stable sort of the runs laid end to end would give.
///
/// The span is cut into buckets of 2^14 seconds (about 4.5 hours) or, when that would make more than one bucket per
/// 2,048 elements (follows reach back years), of the smallest power of two seconds that does not. A bucket's elements
/// take contiguous output rows and are contiguous within every run, so buckets are independent: each is ordered by
/// radix passes over its (second in bucket, global index) keys, on all threads. Writing a bucket's elements to their
/// rows then touches only that bucket's rows, which stay in cache — unlike a scatter across the whole table. (Tiny
/// buckets would cost more than they hold: every bucket visits every run.)
struct TimeBuckets: Sendable {
    /// A run's times, read in place: `count` timestamps `stride` bytes apart (a column, or a field of records).
    struct Times {
        let base: UnsafeRawPointer?
        let stride: Int
        let count: Int

        init(_ column: UnsafeRawBufferPointer, stride: Int = MemoryLayout<Timestamp>.stride, offset: Int = 0) {
            self.base = column.baseAddress.map { $0 + offset }
            self.stride = stride
            self.count = column.count / stride
        }

        @inline(__always)
        subscript(i: Int) -> Timestamp { base!.loadUnaligned(fromByteOffset: i * stride, as: Timestamp.self) }
    }

    /// Calls `body` with run `run`'s times.
    typealias Access = @Sendable (_ run: Int, _ body: (Times) -> Void) -> Void

    /// The smallest bucket: 2^14 seconds.
    private static let minBucketBits = 14
    /// Buckets are 2^bucketBits seconds.
    private let bucketBits: Int
    /// The first element of each run in the runs laid end to end (its global index), and the total.
    let runStart: [Int]
    let count: Int
    let buckets: Int
    private let origin: Timestamp
    /// `bounds[run * (buckets + 1) + b]`: the first index of `run` at or after bucket `b`'s start.
    private let bounds: [Int]
    /// The first output row of each bucket (and the total at the end).
    private let bucketRow: [Int]

    /// - Precondition: fewer than 2^16 runs, fewer than 2^31 elements.
    init(runs: Int, times access: Access) {
        precondition(runs < 1 << 16, "TimeBuckets: too many runs (\(runs))")
        var runStart: [Int] = [], n = 0
        var lo = Timestamp.max, hi = Timestamp.min
        for u in 0 ..< runs {
            access(u) { t in
                runStart.append(n)
                n += t.count
                if t.count > 0 { lo = min(lo, t[0]); hi = max(hi, t[t.count - 1]) }
            }
        }
        precondition(n <= Int(Int32.max), "TimeBuckets: too many elements for 32-bit row numbers")
        self.runStart = runStart
        self.count = n
        self.origin = n == 0 ? 0 : lo
        let span = n == 0 ? 0 : UInt64(hi - lo)
        var bits = Self.minBucketBits
        while bits < 32 && Int(span >> UInt64(bits)) + 1 > max(64, n / 2048) { bits += 1 }
        self.bucketBits = bits
        self.buckets = n == 0 ? 0 : Int(span >> UInt64(bits)) + 1
        let stride = buckets + 1, origin = self.origin, buckets = self.buckets, bucketBits = Timestamp(bits)
        var bounds = [Int](repeating: 0, count: runs * stride)
        for u in 0 ..< runs {
            access(u) { t in
                // Buckets up to the run's first element's start at 0 (as initialised), those after its last element's
                // at its end; only the buckets in between need a search (follows may span years, most runs the period).
                guard buckets > 0, t.count > 0 else { return }
                let first = Int((t[0] - origin) >> bucketBits)
                let last = Int((t[t.count - 1] - origin) >> bucketBits)  // < buckets
                for b in last + 1 ... buckets { bounds[u * stride + b] = t.count }
                guard first < last else { return }
                for b in first + 1 ... last {
                    // Binary search: the first element at or after the bucket's start.
                    let start = origin + Timestamp(b) << bucketBits
                    var a = bounds[u * stride + b - 1], z = t.count
                    while a < z {
                        let mid = (a + z) / 2
                        if t[mid] < start { a = mid + 1 } else { z = mid }
                    }
                    bounds[u * stride + b] = a
                }
            }
        }
        var bucketRow = [Int](repeating: 0, count: buckets + 1)
        for b in 0 ..< buckets {
            var m = 0
            for u in 0 ..< runs { m += bounds[u * stride + b + 1] - bounds[u * stride + b] }
            bucketRow[b + 1] = bucketRow[b] + m
        }
        self.bounds = bounds
        self.bucketRow = bucketRow
    }

    /// The indices of `run` that fall in bucket `b`.
    @inline(__always)
    func range(run: Int, bucket b: Int) -> Range<Int> {
        bounds[run * (buckets + 1) + b] ..< bounds[run * (buckets + 1) + b + 1]
    }

    /// The first index of `run` at or after bucket `b`'s start (`b` up to `buckets`: the run's count).
    @inline(__always)
    func start(run: Int, bucket b: Int) -> Int { bounds[run * (buckets + 1) + b] }

    /// Whether no element falls in bucket `b` (long spans, such as follows made years before the period, leave many
    /// buckets empty).
    @inline(__always)
    func isEmpty(bucket b: Int) -> Bool { bucketRow[b] == bucketRow[b + 1] }

    /// Every element's output row, by global index (`runStart[run] + index`); buckets are ordered in parallel.
    func rows(tasks: Int, times access: Access) -> [Int32] {
        var rows = [Int32](unsafeUninitializedCapacity: count) { _, c in c = count }
        rows.withUnsafeMutableBufferPointer { out in
            let shared = SharedRows(out)
            _ = DeterministicParallel.map(chunks: buckets, tasks: tasks) { b in
                let first = bucketRow[b], m = bucketRow[b + 1] - first
                guard m > 0 else { return 0 }
                let bucketStart = origin + Timestamp(b) << Timestamp(bucketBits)
                var keys: [UInt64] = []
                keys.reserveCapacity(m)
                // (second in bucket, global index): the global index orders by run, then by index in the run.
                for u in runStart.indices {
                    let r = range(run: u, bucket: b)
                    guard !r.isEmpty else { continue }
                    let base = runStart[u]
                    access(u) { t in
                        for i in r { keys.append(UInt64(t[i] - bucketStart) << 32 | UInt64(base + i)) }
                    }
                }
                // Keys are distinct, so any sort gives the same order; radix pays off on larger buckets.
                if m < 1024 { keys.sort() } else { RadixSort.sort(&keys, bits: bucketBits, shift: 32) }
                for (i, k) in keys.enumerated() { shared.base[Int(k & 0xFFFF_FFFF)] = Int32(first + i) }
                return 0
            }
        }
        return rows
    }
}

extension TimeBuckets {
    /// The runs' values of one column (one array per run, in run order) put in merged order, given every element's
    /// row from ``rows(tasks:times:)``: each bucket's values, run by run, written to its rows, on all threads.
    ///
    /// With `releasing`, the memory of those runs' columns is given back as the buckets are written
    /// (``MergeFrontier``): neither the caller nor anything sharing their storage may read them again.
    func place<T: BitwiseCopyable & Sendable>(_ columns: [[T]], rows: [Int32], tasks: Int, releasing: Range<Int> = 0 ..< 0) -> [T] {
        let bases = columns.indices.map { u in
            releasing.contains(u) ? columns[u].withUnsafeBufferPointer { $0.isEmpty ? 0 : UInt(bitPattern: $0.baseAddress) } : 0
        }
        let frontier = MergeFrontier(order: self, bases: bases, stride: MemoryLayout<T>.stride)
        return [T](unsafeUninitializedCapacity: count) { out, c in
            let shared = SharedRows(out)
            rows.withUnsafeBufferPointer { rows in
                let rows = SharedReadRows(rows)
                _ = DeterministicParallel.map(chunks: buckets, tasks: tasks) { b in
                    defer { frontier.finished(bucket: b) }
                    if isEmpty(bucket: b) { return 0 }
                    for u in columns.indices {
                        let r = range(run: u, bucket: b)
                        guard !r.isEmpty else { continue }
                        let first = runStart[u]
                        columns[u].withUnsafeBufferPointer { values in
                            for i in r { shared.base[Int(rows.base[first + i])] = values[i] }
                        }
                    }
                    return 0
                }
            }
            c = count
        }
    }

    /// The merge of runs given by their (sorted) time columns: the order, and every element's row.
    private static func merge(times: [[Timestamp]], tasks: Int) -> (order: TimeBuckets, rows: [Int32]) {
        let access: Access = { u, body in times[u].withUnsafeBytes { body(.init($0)) } }
        let order = TimeBuckets(runs: times.count, times: access)
        return (order, order.rows(tasks: tasks, times: access))
    }

    /// Follows from several time-sorted tables in one time order (ties in table order). The tables in `releasing`
    /// have their memory given back as they are merged (see ``place(_:rows:tasks:releasing:)``).
    static func merge(_ tables: [FollowTable], tasks: Int, releasing: Range<Int> = 0 ..< 0) -> FollowTable {
        let (order, rows) = merge(times: tables.map(\.time), tasks: tasks)
        var merged = FollowTable()
        merged.follower = order.place(tables.map(\.follower), rows: rows, tasks: tasks, releasing: releasing)
        merged.followee = order.place(tables.map(\.followee), rows: rows, tasks: tasks, releasing: releasing)
        merged.time = order.place(tables.map(\.time), rows: rows, tasks: tasks, releasing: releasing)
        return merged
    }

    /// Logins from several time-sorted tables in one time order (ties in table order); `releasing` as for follows.
    static func merge(_ tables: [LoginTable], tasks: Int, releasing: Range<Int> = 0 ..< 0) -> LoginTable {
        let (order, rows) = merge(times: tables.map(\.time), tasks: tasks)
        var merged = LoginTable()
        merged.entity = order.place(tables.map(\.entity), rows: rows, tasks: tasks, releasing: releasing)
        merged.time = order.place(tables.map(\.time), rows: rows, tasks: tasks, releasing: releasing)
        merged.ip = order.place(tables.map(\.ip), rows: rows, tasks: tasks, releasing: releasing)
        merged.device = order.place(tables.map(\.device), rows: rows, tasks: tasks, releasing: releasing)
        return merged
    }
}

/// Read-only rows shared by several threads.
struct SharedReadRows<T>: @unchecked Sendable {
    let base: UnsafeBufferPointer<T>
    init(_ base: UnsafeBufferPointer<T>) { self.base = base }
}

/// Rows written by several threads at once, each index by exactly one of them.
struct SharedRows<T>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<T>
    init(_ base: UnsafeMutableBufferPointer<T>) { self.base = base }
}
