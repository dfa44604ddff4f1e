internal import CIBStatistics
internal import CKernels
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
    /// Whether ``DirectedEdges/weight`` is filled (the detector reads it; the toolkit's networks do not).
    var edgeWeights = true
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
/// Rows are sorted by key, then by time, so that for every row the matching rows are the contiguous run of its key
/// within the window, found by scanning outwards from the row's own position. Users are processed in fixed chunks in
/// parallel, each walking its messages' positions; a user's partners are tallied in a table of the user's own size
/// with a "last message" stamp per partner, so counting distinct messages needs no allocation per match.
///
/// Built for inputs far larger than the caches: every step that would look things up at random by row, message or
/// key instead moves whole records through stable radix sorts (Knuth, TAOCP vol. 3, 5.2.5; LSD passes of at most 12
/// bits, run on the task threads: ``ParallelRadixSort``), so memory is read and written in order; the one random
/// read left per walked position (its slot) is prefetched ahead. Cost: O(rows + messages + matches) plus the sorts of
/// each key's rows by time, where matches is the number of (row, row) pairs within the window; the output is the
/// same for any task count because chunks and sort ranges are fixed and merged in order.
enum CoActionEngine {
    static func run<Time: CoActionTime>(
        _ input: CoActionInput<Time>, _ options: CoActionOptions<Time>, timings: PhaseTimings? = nil
    ) -> DirectedEdges {
        var parts = runParts(input, options, timings: timings)
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

    /// ``run(_:_:timings:)``'s edges as the join leaves them: one part per fixed chunk of sources, in source order
    /// (their concatenation is ``run(_:_:timings:)``'s result), so that a caller that streams the edges need not copy
    /// them into one array first. Without ``CoActionOptions/edgeWeights`` the parts' `weight` arrays are empty;
    /// without ``CoActionOptions/countMatched``, their `matchedMessages` and `matchedWeight`.
    static func runParts<Time: CoActionTime>(
        _ input: CoActionInput<Time>, _ options: CoActionOptions<Time>, timings: PhaseTimings? = nil
    ) -> [DirectedEdges] {
        let rowCount = input.rowKey.count
        let keyCount = input.keyCount
        let userCount = input.userCount
        let messageCount = input.messageUser.count
        if rowCount == 0 || userCount == 0 { return [] }

        // 1. Messages ranked by (user, message number): a stable radix sort of (user, message) pairs. A user's
        // messages have consecutive ranks, in message order.
        var userMsgStart = [Int](repeating: 0, count: userCount + 1)
        var messageRank = [Int32](repeating: 0, count: messageCount)
        do {
            var packed = [UInt64](unsafeUninitializedCapacity: messageCount) { buffer, initialized in
                input.messageUser.withUnsafeBufferPointer { messageUser in
                    for m in 0 ..< messageCount { buffer[m] = UInt64(UInt32(bitPattern: messageUser[m])) << 32 | UInt64(m) }
                }
                initialized = messageCount
            }
            ParallelRadixSort.sort(&packed, keyBits: Self.bitWidth(userCount), tasks: options.tasks)
            var u = 0
            for rank in 0 ..< messageCount {
                let user = Int(packed[rank] >> 32)
                while u < user {
                    u += 1
                    userMsgStart[u] = rank
                }
                messageRank[Int(packed[rank] & 0xFFFF_FFFF)] = Int32(rank)
            }
            while u < userCount {
                u += 1
                userMsgStart[u] = messageCount
            }
        }

        // 2. Rows sorted by key, then by time (then row) within each key. Each row's record carries everything later
        // steps read of it (time, user, message rank), so that the sort moves whole records — a stable radix sort on
        // the key, streaming through memory — and nothing is looked up by row afterwards.
        var keyStart = [Int](repeating: 0, count: keyCount + 1)
        let rowRanges = DeterministicParallel.ranges(count: rowCount, chunkSize: ParallelRadixSort.rangeSize)
        var records = [SortRecord<Time>](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
            input.rowKey.withUnsafeBufferPointer { rowKey in
                input.rowTime.withUnsafeBufferPointer { rowTime in
                    input.rowMessage.withUnsafeBufferPointer { rowMessage in
                        input.messageUser.withUnsafeBufferPointer { messageUser in
                            messageRank.withUnsafeBufferPointer { messageRank in
                                let shared = EngineInputPointers(
                                    rowKey: rowKey.baseAddress!, rowTime: rowTime.baseAddress!,
                                    rowMessage: rowMessage.baseAddress!, messageUser: messageUser.baseAddress!,
                                    messageRank: messageRank.baseAddress!, out: buffer.baseAddress!)
                                _ = DeterministicParallel.map(chunks: rowRanges.count, tasks: options.tasks) { c -> Int in
                                    for r in rowRanges[c] {
                                        let m = Int(shared.rowMessage[r])
                                        (shared.out + r).initialize(to: SortRecord(
                                            time: shared.rowTime[r], key: shared.rowKey[r], row: Int32(r),
                                            user: shared.messageUser[m], rank: shared.messageRank[m]))
                                    }
                                    return 0
                                }
                            }
                        }
                    }
                }
            }
            initialized = rowCount
        }
        messageRank = []
        ParallelRadixSort.sort(&records, keyBits: Self.bitWidth(keyCount), tasks: options.tasks)
        do {
            var k = 0
            for p in 0 ..< rowCount {
                let key = Int(records[p].key)
                while k < key {
                    k += 1
                    keyStart[k] = p
                }
            }
            while k < keyCount {
                k += 1
                keyStart[k] = rowCount
            }
        }
        let keyBounds = keyStart
        records.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedMutableBuffer(base: buffer.baseAddress!)
            let ranges = DeterministicParallel.ranges(count: keyCount, chunkSize: max(1, keyCount / 64 + 1))
            _ = DeterministicParallel.map(chunks: ranges.count, tasks: options.tasks) { chunk in
                for k in ranges[chunk] {
                    let lo = keyBounds[k], hi = keyBounds[k + 1]
                    if hi - lo > 1 {
                        var slice = UnsafeMutableBufferPointer(start: shared.base + lo, count: hi - lo)
                        slice.sort { a, b in a.time < b.time || (a.time == b.time && a.row < b.row) }
                    }
                }
                return 0
            }
        }

        timings.mark("engine: sort rows by key and time")
        // 3. Time, user and key of each sorted position side by side (a window scan reads one array and stops at the
        // key's end by comparing keys); distinct users per key (for skipping and weights).
        let slots = [PositionSlot<Time>](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
            records.withUnsafeBufferPointer { records in
                let from = SharedMutableBuffer(base: UnsafeMutablePointer(mutating: records.baseAddress!))
                let to = SharedMutableBuffer(base: buffer.baseAddress!)
                _ = DeterministicParallel.map(chunks: rowRanges.count, tasks: options.tasks) { c -> Int in
                    for p in rowRanges[c] {
                        let r = from.base[p]
                        (to.base + p).initialize(to: PositionSlot(time: r.time, user: r.user, key: r.key))
                    }
                    return 0
                }
            }
            initialized = rowCount
        }
        var keySkipped = [Bool](repeating: false, count: keyCount)
        var keyWeight = input.keyWeight
        if options.maxKeyUsers != nil || (keyWeight == nil && options.viralUsers != nil) {
            var seen = [Int32](repeating: -1, count: userCount)
            var computed = [Double](repeating: 1, count: keyCount)
            for k in 0 ..< keyCount {
                var distinct = 0
                for p in keyStart[k] ..< keyStart[k + 1] where seen[Int(slots[p].user)] != Int32(k) {
                    seen[Int(slots[p].user)] = Int32(k)
                    distinct += 1
                }
                if let cap = options.maxKeyUsers { keySkipped[k] = distinct > cap }
                if let viral = options.viralUsers { computed[k] = min(1, Double(viral) / Double(max(1, distinct))) }
            }
            if keyWeight == nil && options.viralUsers != nil { keyWeight = computed }
        }

        // 4. The walk: every (message, position) in the order step 5 visits them — users in order, each user's
        // messages in order, each message's positions by position (by key weight first, when keys are weighted, so a
        // partner is first met through its best key) — as (message rank, position) pairs, sorted by a stable radix
        // sort on the rank of pairs made in position order. Skipped keys' positions are left out.
        let frozenSkipped = keySkipped
        var walk: [UInt64] = []
        records.withUnsafeBufferPointer { records in
            // Kept positions per range (in parallel), then each range's pairs written at its place (in parallel).
            let shared = SharedMutableBuffer(base: UnsafeMutablePointer(mutating: records.baseAddress!))
            let kept = DeterministicParallel.map(chunks: rowRanges.count, tasks: options.tasks) { c -> Int in
                rowRanges[c].reduce(0) { $0 + (frozenSkipped[Int(shared.base[$1].key)] ? 0 : 1) }
            }
            var keptStart = [Int](repeating: 0, count: rowRanges.count + 1)
            for c in 0 ..< rowRanges.count { keptStart[c + 1] = keptStart[c] + kept[c] }
            let total = keptStart[rowRanges.count]
            guard total > 0 else { return }
            let frozenKeptStart = keptStart
            walk = [UInt64](unsafeUninitializedCapacity: total) { buffer, initialized in
                let out = SharedMutableBuffer(base: buffer.baseAddress!)
                _ = DeterministicParallel.map(chunks: rowRanges.count, tasks: options.tasks) { c -> Int in
                    var i = frozenKeptStart[c]
                    for p in rowRanges[c] where !frozenSkipped[Int(shared.base[p].key)] {
                        (out.base + i).initialize(to: UInt64(UInt32(bitPattern: shared.base[p].rank)) << 32 | UInt64(p))
                        i += 1
                    }
                    return 0
                }
                initialized = total
            }
        }
        records = []
        ParallelRadixSort.sort(&walk, keyBits: Self.bitWidth(messageCount), tasks: options.tasks)
        if let keyWeight {
            var i = 0
            while i < walk.count {
                var j = i + 1
                while j < walk.count && walk[j] >> 32 == walk[i] >> 32 { j += 1 }
                if j - i > 1 {
                    walk[i ..< j].sort { a, b in
                        let wa = keyWeight[Int(slots[Int(a & 0xFFFF_FFFF)].key)]
                        let wb = keyWeight[Int(slots[Int(b & 0xFFFF_FFFF)].key)]
                        return wa > wb || (wa == wb && a < b)
                    }
                }
                i = j
            }
        }
        // Where each user's walk starts: its messages' ranks are userMsgStart[u] ..< userMsgStart[u + 1].
        var userWalkStart = [Int](repeating: 0, count: userCount + 1)
        do {
            var u = 0
            for i in 0 ..< walk.count {
                let rank = Int(walk[i] >> 32)
                while rank >= userMsgStart[u + 1] {
                    u += 1
                    userWalkStart[u] = i
                }
            }
            while u < userCount {
                u += 1
                userWalkStart[u] = walk.count
            }
        }

        timings.mark("engine: lay out the walk")
        // 5. Sparse accumulation per user, in fixed user chunks.
        let window = options.window
        let weighted = keyWeight != nil
        let frozenKeyWeight = keyWeight ?? []
        let minCount = Int32(options.minCount)
        let minWeight = options.minWeight
        let loops = options.includeSelfLoops
        let countMatched = options.countMatched
        let frozenSlots = slots, frozenUserWalkStart = userWalkStart, frozenWalk = walk
        let chunkSize = max(1, userCount / 256 + 1)
        let ranges = DeterministicParallel.ranges(count: userCount, chunkSize: chunkSize)
        let pool = PartnerTablePool(weighted: weighted)
        let edgeWeights = options.edgeWeights
        let parts = DeterministicParallel.map(chunks: ranges.count, tasks: options.tasks) { chunk -> DirectedEdges in
            let partners = pool.take()
            defer { pool.give(partners) }
            var out = DirectedEdges()
            frozenSlots.withUnsafeBufferPointer { slots in
            frozenWalk.withUnsafeBufferPointer { walk in
            for u in ranges[chunk] {
                let u32 = Int32(u)
                var matchedCount: Int32 = 0
                var matchedSum = 0.0
                var currentMessage: Int32 = -1
                var matched = false
                for i in frozenUserWalkStart[u] ..< frozenUserWalkStart[u + 1] {
                    // Walk positions are at random in the slots: fetched some entries ahead so misses overlap.
                    if i + Self.prefetchDistance < walk.count {
                        cib_prefetch(slots.baseAddress! + Int(walk[i + Self.prefetchDistance] & 0xFFFF_FFFF))
                    }
                    let m = Int32(truncatingIfNeeded: walk[i] >> 32)
                    if m != currentMessage {
                        currentMessage = m
                        matched = false
                    }
                    let p = Int(walk[i] & 0xFFFF_FFFF)
                    let here = slots[p]
                    let k = here.key
                    let w = weighted ? frozenKeyWeight[Int(k)] : 1
                    let lower = here.time - window, upper = here.time + window
                    if countMatched && !matched {
                        if Self.hasOtherUser(slots, p, k, lower, upper, u32) {
                            matched = true
                            matchedCount += 1
                            matchedSum += w
                        }
                    }
                    // Scan down from p (inclusive when self-loops count: a message matches itself), then up.
                    var q = loops ? p : p - 1
                    while q >= 0 && slots[q].key == k && slots[q].time >= lower {
                        let v = slots[q].user
                        if loops || v != u32 { partners.tally(v, message: m, weight: w) }
                        q -= 1
                    }
                    q = p + 1
                    while q < slots.count && slots[q].key == k && slots[q].time <= upper {
                        let v = slots[q].user
                        if loops || v != u32 { partners.tally(v, message: m, weight: w) }
                        q += 1
                    }
                }
                if countMatched {
                    out.matchedMessages.append(matchedCount)
                    out.matchedWeight.append(matchedSum)
                }
                partners.drain { v, c, weight in
                    // Unweighted, every key weighs 1: the weight is the count.
                    let s = weighted ? weight : Double(c)
                    if c >= minCount && s >= minWeight {
                        out.source.append(u32)
                        out.target.append(v)
                        out.count.append(c)
                        if edgeWeights { out.weight.append(s) }
                    }
                }
            }
            }
            }
            return out
        }
        timings.mark("engine: join")
        return parts
    }

    /// How many walk entries ahead a position's slot is prefetched.
    static let prefetchDistance = 16

    /// The number of bits that numbers `0 ..< count` need (at least 1).
    static func bitWidth(_ count: Int) -> Int { max(1, Int.bitWidth - max(0, count - 1).leadingZeroBitCount) }

    /// Whether a user other than `u` acts within `[lower, upper]` around position `p` of key `k`'s run.
    @inline(__always)
    static func hasOtherUser<Time: CoActionTime>(
        _ slots: UnsafeBufferPointer<PositionSlot<Time>>, _ p: Int, _ k: Int32, _ lower: Time, _ upper: Time, _ u: Int32
    ) -> Bool {
        var q = p - 1
        while q >= 0 && slots[q].key == k && slots[q].time >= lower {
            if slots[q].user != u { return true }
            q -= 1
        }
        q = p + 1
        while q < slots.count && slots[q].key == k && slots[q].time <= upper {
            if slots[q].user != u { return true }
            q += 1
        }
        return false
    }
}

/// A sorted position's time, user and key, stored together: a window scan reads one array.
struct PositionSlot<Time: CoActionTime>: Sendable {
    var time: Time
    var user: Int32
    var key: Int32
}

/// A row being sorted by (key, time, row), with what later steps need of it: its user and its message's rank.
struct SortRecord<Time: CoActionTime>: RadixSortable {
    var time: Time
    var key: Int32
    var row: Int32
    var user: Int32
    var rank: Int32

    var radixKey: UInt64 { UInt64(UInt32(bitPattern: key)) }
}

/// The engine input's columns and the records being built from them, shared read-only (`out`: written at disjoint
/// rows) by parallel tasks.
private struct EngineInputPointers<Time: CoActionTime>: @unchecked Sendable {
    let rowKey: UnsafePointer<Int32>
    let rowTime: UnsafePointer<Time>
    let rowMessage: UnsafePointer<Int32>
    let messageUser: UnsafePointer<Int32>
    let messageRank: UnsafePointer<Int32>
    let out: UnsafeMutablePointer<SortRecord<Time>>
}

/// A raw pointer shared by parallel chunks that write disjoint ranges.
private struct SharedMutableBuffer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}

/// The partners one user has met so far, with the number of the user's messages each matched (counted once per
/// message: a partner remembers the last message it was counted for) and, for weighted keys, the weight of those
/// messages. Open addressing over a power-of-two table of partner entries that grows with the user's partners: a
/// user's tallies stay in a table of its own size, in cache, instead of touching a per-user array as large as all
/// users at random (Gustavson's dense accumulator, which stops fitting in cache at millions of users).
final class PartnerTable: @unchecked Sendable {
    private struct Entry {
        var partner: Int32 = -1
        var stamp: Int32 = -1
        var count: Int32 = 0
    }

    private static let initialBits = 10
    private var entries: UnsafeMutablePointer<Entry>
    private var weights: UnsafeMutablePointer<Double>
    private var bits: Int
    private var used: [Int32] = []
    private var order: [UInt64] = []
    private let weighted: Bool

    init(weighted: Bool) {
        self.weighted = weighted
        bits = Self.initialBits
        entries = .allocate(capacity: 1 << bits)
        entries.initialize(repeating: Entry(), count: 1 << bits)
        weights = .allocate(capacity: weighted ? 1 << bits : 1)
    }

    deinit {
        entries.deallocate()
        weights.deallocate()
    }

    @inline(__always)
    private func slot(of partner: Int32) -> Int {
        Int(truncatingIfNeeded: (UInt64(UInt32(bitPattern: partner)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
    }

    /// Counts `partner` for `message` (once per message), adding `weight` when keys are weighted.
    @inline(__always)
    func tally(_ partner: Int32, message: Int32, weight: Double) {
        let mask = (1 << bits) - 1
        var s = slot(of: partner)
        while true {
            if entries[s].partner == partner {
                if entries[s].stamp != message {
                    entries[s].stamp = message
                    entries[s].count += 1
                    if weighted { weights[s] += weight }
                }
                return
            }
            if entries[s].partner < 0 {
                entries[s] = Entry(partner: partner, stamp: message, count: 1)
                if weighted { weights[s] = weight }
                used.append(Int32(s))
                if 2 * used.count > 1 << bits { grow() }
                return
            }
            s = (s + 1) & mask
        }
    }

    /// Hands every partner to `body` in increasing order (partner, count, weight), and empties the table.
    @inline(__always)
    func drain(_ body: (Int32, Int32, Double) -> Void) {
        if used.isEmpty { return }
        order.removeAll(keepingCapacity: true)
        for s in used { order.append(UInt64(UInt32(bitPattern: entries[Int(s)].partner)) << 32 | UInt64(UInt32(s))) }
        order.sort()
        for o in order {
            let s = Int(o & 0xFFFF_FFFF)
            body(entries[s].partner, entries[s].count, weighted ? weights[s] : 0)
            entries[s] = Entry()
        }
        used.removeAll(keepingCapacity: true)
        // After a user with very many partners, back to a small table (cache-sized for the next users).
        if bits > Self.initialBits + 6 { resize(to: Self.initialBits) }
    }

    private func grow() { resize(to: bits + 1) }

    private func resize(to newBits: Int) {
        let oldEntries = entries, oldWeights = weights, oldUsed = used
        bits = newBits
        entries = .allocate(capacity: 1 << bits)
        entries.initialize(repeating: Entry(), count: 1 << bits)
        weights = .allocate(capacity: weighted ? 1 << bits : 1)
        used.removeAll(keepingCapacity: true)
        let mask = (1 << bits) - 1
        for old in oldUsed {
            let e = oldEntries[Int(old)]
            var s = slot(of: e.partner)
            while entries[s].partner >= 0 { s = (s + 1) & mask }
            entries[s] = e
            if weighted { weights[s] = oldWeights[Int(old)] }
            used.append(Int32(s))
        }
        oldEntries.deallocate()
        oldWeights.deallocate()
    }
}

/// Partner tables reused across user chunks (one chunk uses one table at a time; a table is empty when given back, so
/// reuse cannot change results).
private final class PartnerTablePool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [PartnerTable] = []
    private let weighted: Bool

    init(weighted: Bool) { self.weighted = weighted }

    func take() -> PartnerTable {
        lock.lock()
        let t = free.popLast()
        lock.unlock()
        return t ?? PartnerTable(weighted: weighted)
    }

    func give(_ t: PartnerTable) {
        lock.lock()
        free.append(t)
        lock.unlock()
    }
}
