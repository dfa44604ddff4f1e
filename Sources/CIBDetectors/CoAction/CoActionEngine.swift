internal import CIBStatistics
internal import Foundation

/// A time type the co-action engine can window over: integer seconds (datasets) or fractional seconds (toolkit CSVs).
protocol CoActionTime: Comparable, Sendable {
    static func - (lhs: Self, rhs: Self) -> Self
    static func + (lhs: Self, rhs: Self) -> Self
}

extension Int64: CoActionTime {}
extension Double: CoActionTime {}

/// The input of ``CoActionEngine``: one row per (message, key) occurrence, e.g. a message with two URLs gives two
/// co-link rows. Messages are numbered `0 ..< messageCount`, each belonging to exactly one user.
struct CoActionInput<Time: CoActionTime>: Sendable {
    var keyCount: Int
    var userCount: Int
    /// The user of each message.
    var messageUser: [Int32]
    var rowKey: [Int32]
    var rowTime: [Time]
    var rowMessage: [Int32]
    /// Optional per-key weight (e.g. a discount for viral keys); `nil` means every key weighs 1.
    var keyWeight: [Double]?
}

/// How ``CoActionEngine`` windows, thresholds and parallelises.
struct CoActionOptions<Time: CoActionTime>: Sendable {
    /// Two rows match when their keys are equal and `t1 - window <= t2 <= t1 + window` (inclusive, as SQL `between`).
    var window: Time
    /// An edge u→v is kept when at least this many distinct messages of u have a match from v.
    var minCount: Int = 1
    /// ... and when the summed weight of those messages is at least this.
    var minWeight: Double = 0
    /// Whether u→u edges (a user matching their own messages, each message matching itself) are produced.
    var includeSelfLoops = false
    /// Keys with more distinct users than this are skipped entirely (`nil`: never).
    var maxKeyUsers: Int? = nil
    /// When set (and the input has no key weights), key `k` weighs `min(1, viralUsers / n(k))` with `n(k)` its
    /// number of distinct users.
    var viralUsers: Int? = nil
    /// Whether ``DirectedEdges/matchedMessages`` and ``DirectedEdges/matchedWeight`` are computed (the detector reads
    /// them; the toolkit's networks do not).
    var countMatched = true
    var tasks = 1
}

/// Directed weighted edges, sorted by (source, target).
struct DirectedEdges: Sendable, Equatable {
    var source: [Int32] = []
    var target: [Int32] = []
    /// Number of distinct messages of `source` with at least one match from `target`.
    var count: [Int32] = []
    /// Sum over those messages of the largest weight of a key through which `target` matched them.
    var weight: [Double] = []

    /// Per user (filled by ``CoActionEngine/run(_:_:)``): how many of its messages have at least one match from
    /// another user, and the sum over those messages of the weight of their best matching key.
    var matchedMessages: [Int32] = []
    var matchedWeight: [Double] = []

    var edgeCount: Int { source.count }

    mutating func append(contentsOf other: DirectedEdges) {
        source.append(contentsOf: other.source)
        target.append(contentsOf: other.target)
        count.append(contentsOf: other.count)
        weight.append(contentsOf: other.weight)
    }
}

/// The co-action join of coordination-network-toolkit 1.5.2 (`compute_networks.py`), without SQL:
///
///     select e_1.user_id, e_2.user_id, count(distinct e_1.message_id) as weight
///     from T e_1 join T e_2 on e_1.key = e_2.key
///         and e_2.timestamp between e_1.timestamp - window and e_1.timestamp + window
///     group by e_1.user_id, e_2.user_id having weight >= min_edge_weight
///
/// Rows are bucketed by key and sorted by time; for every row the matching rows are the contiguous run of its bucket
/// within the window, found by scanning outwards from the row's own position. Users are processed in fixed chunks in
/// parallel; each user's partners are accumulated in a dense scratch array with a "last message" stamp (Gustavson's
/// sparse accumulator), so counting distinct messages needs no hashing and no allocation per match. Cost:
/// O(rows log rows + matches), where matches is the number of (row, row) pairs within the window; output is the same
/// for any task count because chunks are fixed and merged in order.
enum CoActionEngine {
    static func run<Time: CoActionTime>(
        _ input: CoActionInput<Time>, _ options: CoActionOptions<Time>, timings: PhaseTimings? = nil
    ) -> DirectedEdges {
        let rowCount = input.rowKey.count
        let keyCount = input.keyCount
        let userCount = input.userCount
        let messageCount = input.messageUser.count
        if rowCount == 0 || userCount == 0 { return DirectedEdges() }

        // 1. Counting sort of rows by key, then by time within each key.
        var keyStart = [Int](repeating: 0, count: keyCount + 1)
        for k in input.rowKey { keyStart[Int(k) + 1] += 1 }
        for k in 0 ..< keyCount { keyStart[k + 1] += keyStart[k] }
        var order = [Int32](repeating: 0, count: rowCount)
        do {
            var fill = keyStart
            for row in 0 ..< rowCount {
                let k = Int(input.rowKey[row])
                order[fill[k]] = Int32(row)
                fill[k] += 1
            }
        }
        let rowTime = input.rowTime
        let keyBounds = keyStart
        order.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedMutableBuffer(base: buffer.baseAddress!)
            let ranges = DeterministicParallel.ranges(count: keyCount, chunkSize: max(1, keyCount / 64 + 1))
            _ = DeterministicParallel.map(chunks: ranges.count, tasks: options.tasks) { chunk in
                for k in ranges[chunk] {
                    let lo = keyBounds[k], hi = keyBounds[k + 1]
                    if hi - lo > 1 {
                        var slice = UnsafeMutableBufferPointer(start: shared.base + lo, count: hi - lo)
                        slice.sort { a, b in
                            let ta = rowTime[Int(a)], tb = rowTime[Int(b)]
                            return ta < tb || (ta == tb && a < b)
                        }
                    }
                }
                return 0
            }
        }

        timings.mark("engine: sort rows by key and time")
        // 2. Columns in sorted order; distinct users per key (for skipping and weights).
        var sTime = [Time]()
        sTime.reserveCapacity(rowCount)
        var sUser = [Int32](repeating: 0, count: rowCount)
        var positionOfRow = [Int32](repeating: 0, count: rowCount)
        for p in 0 ..< rowCount {
            let row = Int(order[p])
            sTime.append(rowTime[row])
            sUser[p] = input.messageUser[Int(input.rowMessage[row])]
            positionOfRow[row] = Int32(p)
        }
        var keySkipped = [Bool](repeating: false, count: keyCount)
        var keyWeight = input.keyWeight
        if options.maxKeyUsers != nil || (keyWeight == nil && options.viralUsers != nil) {
            var seen = [Int32](repeating: -1, count: userCount)
            var computed = [Double](repeating: 1, count: keyCount)
            for k in 0 ..< keyCount {
                var distinct = 0
                for p in keyStart[k] ..< keyStart[k + 1] where seen[Int(sUser[p])] != Int32(k) {
                    seen[Int(sUser[p])] = Int32(k)
                    distinct += 1
                }
                if let cap = options.maxKeyUsers { keySkipped[k] = distinct > cap }
                if let viral = options.viralUsers { computed[k] = min(1, Double(viral) / Double(max(1, distinct))) }
            }
            if keyWeight == nil && options.viralUsers != nil { keyWeight = computed }
        }

        // 3. Each message's positions, highest key weight first (so a partner is first met through its best key).
        var messagePosStart = [Int](repeating: 0, count: messageCount + 1)
        for m in input.rowMessage { messagePosStart[Int(m) + 1] += 1 }
        for m in 0 ..< messageCount { messagePosStart[m + 1] += messagePosStart[m] }
        var messagePos = [Int32](repeating: 0, count: rowCount)
        var positionKey = [Int32](repeating: 0, count: rowCount)
        do {
            var fill = messagePosStart
            for row in 0 ..< rowCount {
                let m = Int(input.rowMessage[row])
                messagePos[fill[m]] = positionOfRow[row]
                positionKey[Int(positionOfRow[row])] = input.rowKey[row]
                fill[m] += 1
            }
        }
        if let keyWeight {
            for m in 0 ..< messageCount where messagePosStart[m + 1] - messagePosStart[m] > 1 {
                messagePos[messagePosStart[m] ..< messagePosStart[m + 1]].sort { a, b in
                    let wa = keyWeight[Int(positionKey[Int(a)])], wb = keyWeight[Int(positionKey[Int(b)])]
                    return wa > wb || (wa == wb && a < b)
                }
            }
        }

        // 4. The walk: every (message, position) in the order step 5 visits them (users in order, each user's
        // messages in order, each message's positions as sorted above), with what step 5 reads of each position, so
        // that the hot loop reads sequentially instead of chasing position -> key -> bucket bounds at random.
        var userMsgStart = [Int](repeating: 0, count: userCount + 1)
        for u in input.messageUser { userMsgStart[Int(u) + 1] += 1 }
        for u in 0 ..< userCount { userMsgStart[u + 1] += userMsgStart[u] }
        var userWalkStart = [Int](repeating: 0, count: userCount + 1)
        var walkMessage = [Int32](), walkPos = [Int32](), walkLo = [Int32](), walkHi = [Int32](), walkTime = [Time]()
        var walkWeight = [Double]()
        do {
            var userMsgs = [Int32](repeating: 0, count: messageCount)
            var fill = userMsgStart
            for m in 0 ..< messageCount {
                let u = Int(input.messageUser[m])
                userMsgs[fill[u]] = Int32(m)
                fill[u] += 1
            }
            walkMessage.reserveCapacity(rowCount)
            walkPos.reserveCapacity(rowCount)
            walkLo.reserveCapacity(rowCount)
            walkHi.reserveCapacity(rowCount)
            walkTime.reserveCapacity(rowCount)
            for u in 0 ..< userCount {
                for mi in userMsgStart[u] ..< userMsgStart[u + 1] {
                    let m = Int(userMsgs[mi])
                    for pi in messagePosStart[m] ..< messagePosStart[m + 1] {
                        let p = Int(messagePos[pi])
                        let k = Int(positionKey[p])
                        if keySkipped[k] { continue }
                        walkMessage.append(Int32(m))
                        walkPos.append(Int32(p))
                        walkLo.append(Int32(keyStart[k]))
                        walkHi.append(Int32(keyStart[k + 1]))
                        walkTime.append(sTime[p])
                        if let keyWeight { walkWeight.append(keyWeight[k]) }
                    }
                }
                userWalkStart[u + 1] = walkPos.count
            }
        }
        // Time and user of each sorted position side by side: a window scan reads one array.
        var slots = [TimedUser<Time>]()
        slots.reserveCapacity(rowCount)
        for p in 0 ..< rowCount { slots.append(TimedUser(time: sTime[p], user: sUser[p])) }

        timings.mark("engine: lay out the walk")
        // 5. Sparse accumulation per user, in fixed user chunks.
        let window = options.window
        let weighted = keyWeight != nil
        let minCount = Int32(options.minCount)
        let minWeight = options.minWeight
        let loops = options.includeSelfLoops
        let countMatched = options.countMatched
        let frozenSlots = slots, frozenUserWalkStart = userWalkStart
        let frozenWalkMessage = walkMessage, frozenWalkPos = walkPos, frozenWalkLo = walkLo, frozenWalkHi = walkHi
        let frozenWalkTime = walkTime, frozenWalkWeight = walkWeight
        let chunkSize = max(1, userCount / 256 + 1)
        let ranges = DeterministicParallel.ranges(count: userCount, chunkSize: chunkSize)
        let pool = ScratchPool(userCount: userCount)
        var parts = DeterministicParallel.map(chunks: ranges.count, tasks: options.tasks) { chunk -> DirectedEdges in
            let scratch = pool.take()
            defer { pool.give(scratch) }
            var stamp = [Int32](), count = [Int32](), weight = [Double](), touched = [Int32]()
            swap(&stamp, &scratch.stamp)
            swap(&count, &scratch.count)
            swap(&weight, &scratch.weight)
            swap(&touched, &scratch.touched)
            defer {
                swap(&stamp, &scratch.stamp)
                swap(&count, &scratch.count)
                swap(&weight, &scratch.weight)
                swap(&touched, &scratch.touched)
            }
            var out = DirectedEdges()
            frozenSlots.withUnsafeBufferPointer { slots in
            for u in ranges[chunk] {
                let u32 = Int32(u)
                var matchedCount: Int32 = 0
                var matchedSum = 0.0
                var currentMessage: Int32 = -1
                var matched = false
                for i in frozenUserWalkStart[u] ..< frozenUserWalkStart[u + 1] {
                    let m = frozenWalkMessage[i]
                    if m != currentMessage {
                        currentMessage = m
                        matched = false
                    }
                    let p = Int(frozenWalkPos[i])
                    let w = weighted ? frozenWalkWeight[i] : 1
                    let t = frozenWalkTime[i]
                    let lower = t - window, upper = t + window
                    let bucketLo = Int(frozenWalkLo[i]), bucketHi = Int(frozenWalkHi[i])
                    if countMatched && !matched {
                        let before = p > bucketLo && slots[p - 1].time >= lower && slots[p - 1].user != u32
                        let after = p + 1 < bucketHi && slots[p + 1].time <= upper && slots[p + 1].user != u32
                        if before || after || Self.hasOtherUser(slots, p, bucketLo, bucketHi, lower, upper, u32) {
                            matched = true
                            matchedCount += 1
                            matchedSum += w
                        }
                    }
                    // Scan down from p (inclusive when self-loops count: a message matches itself), then up.
                    var q = loops ? p : p - 1
                    while q >= bucketLo && slots[q].time >= lower {
                        let v = slots[q].user
                        if (loops || v != u32) && stamp[Int(v)] != m {
                            stamp[Int(v)] = m
                            if count[Int(v)] == 0 { touched.append(v) }
                            count[Int(v)] += 1
                            weight[Int(v)] += w
                        }
                        q -= 1
                    }
                    q = p + 1
                    while q < bucketHi && slots[q].time <= upper {
                        let v = slots[q].user
                        if (loops || v != u32) && stamp[Int(v)] != m {
                            stamp[Int(v)] = m
                            if count[Int(v)] == 0 { touched.append(v) }
                            count[Int(v)] += 1
                            weight[Int(v)] += w
                        }
                        q += 1
                    }
                }
                out.matchedMessages.append(matchedCount)
                out.matchedWeight.append(matchedSum)
                if touched.isEmpty { continue }
                touched.sort()
                for v in touched {
                    let c = count[Int(v)], s = weight[Int(v)]
                    if c >= minCount && s >= minWeight {
                        out.source.append(u32)
                        out.target.append(v)
                        out.count.append(c)
                        out.weight.append(s)
                    }
                    count[Int(v)] = 0
                    weight[Int(v)] = 0
                }
                touched.removeAll(keepingCapacity: true)
            }
            }
            return out
        }
        timings.mark("engine: join")
        var edges = DirectedEdges()
        let total = parts.reduce(0) { $0 + $1.edgeCount }
        edges.source.reserveCapacity(total)
        edges.target.reserveCapacity(total)
        edges.count.reserveCapacity(total)
        edges.weight.reserveCapacity(total)
        // Each part is released as soon as it is copied: at most one part beside the whole.
        for i in parts.indices {
            edges.append(contentsOf: parts[i])
            edges.matchedMessages.append(contentsOf: parts[i].matchedMessages)
            edges.matchedWeight.append(contentsOf: parts[i].matchedWeight)
            parts[i] = DirectedEdges()
        }
        timings.mark("engine: concatenate")
        return edges
    }

    /// Whether a user other than `u` acts within `[lower, upper]` around position `p` of its key bucket.
    @inline(__always)
    static func hasOtherUser<Time: CoActionTime>(
        _ slots: UnsafeBufferPointer<TimedUser<Time>>, _ p: Int, _ lo: Int, _ hi: Int, _ lower: Time, _ upper: Time, _ u: Int32
    ) -> Bool {
        var q = p - 1
        while q >= lo && slots[q].time >= lower {
            if slots[q].user != u { return true }
            q -= 1
        }
        q = p + 1
        while q < hi && slots[q].time <= upper {
            if slots[q].user != u { return true }
            q += 1
        }
        return false
    }
}

/// A sorted position's time and user, stored together.
struct TimedUser<Time: CoActionTime>: Sendable {
    var time: Time
    var user: Int32
}

/// A raw pointer shared by parallel chunks that write disjoint ranges.
private struct SharedMutableBuffer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}

/// Dense per-user scratch arrays, reused across chunks (one chunk uses one scratch at a time; every array is left
/// clean — counts and weights zero — when given back, so reuse cannot change results). Stamps hold message ids,
/// which are distinct across users, so stale stamps never collide.
private final class Scratch: @unchecked Sendable {
    var stamp: [Int32]
    var count: [Int32]
    var weight: [Double]
    var touched: [Int32] = []

    init(userCount: Int) {
        stamp = [Int32](repeating: -1, count: userCount)
        count = [Int32](repeating: 0, count: userCount)
        weight = [Double](repeating: 0, count: userCount)
    }
}

private final class ScratchPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [Scratch] = []
    private let userCount: Int

    init(userCount: Int) { self.userCount = userCount }

    func take() -> Scratch {
        lock.lock()
        let s = free.popLast()
        lock.unlock()
        return s ?? Scratch(userCount: userCount)
    }

    func give(_ s: Scratch) {
        lock.lock()
        free.append(s)
        lock.unlock()
    }
}
