/// Byte strings numbered `0, 1, 2, …` in order of first insertion, compared byte for byte (so, for UTF-8, code point
/// for code point: no Unicode normalisation), without a `String` or an allocation per key.
///
/// The keys' bytes are kept once each, end to end, in one arena. Lookup is open addressing with linear probing over a
/// power-of-two table of 64-bit slots holding the key number and 32 more bits of its hash, so most probes that miss
/// never touch the arena; the table is kept at most half full. Hashes are computed by ``hash(_:)`` (deterministic, no
/// per-process seed), and can be computed ahead of time on other threads and passed in.
public struct ByteInterner: Sendable {
    private var arena: [UInt8] = []
    /// Key `k`'s bytes are `arena[offsets[k] ..< offsets[k + 1]]`.
    private var offsets: [Int] = [0]
    /// Key `k`'s hash.
    public private(set) var hashes: [UInt64] = []
    private var slots: [UInt64]
    private var mask: Int

    /// The number of distinct keys.
    public var count: Int { hashes.count }

    public init(capacity: Int = 16) {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// An empty interner with room for `capacity` keys of `bytes` bytes in all before its storage grows, whose lookup
    /// table is `table` (one given back by ``takeLookupTable()``: its size is kept, its contents cleared), so that
    /// interners made one after another (chunk after chunk of a file) reuse one table's memory instead of touching
    /// fresh memory each time; the table grows as usual if the keys outgrow it.
    public init(reusing table: consuming [UInt64], capacity: Int, bytes: Int) {
        var slots = table
        if slots.count < 16 || slots.count & (slots.count - 1) != 0 {
            slots = [UInt64](repeating: 0, count: 16)
        } else {
            slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        self.slots = slots
        mask = slots.count - 1
        arena.reserveCapacity(bytes)
        offsets.reserveCapacity(capacity + 1)
        hashes.reserveCapacity(capacity)
    }

    /// Frees the lookup table, keeping the keys, their order and hashes: for an interner that will only be read
    /// (``withKey(_:_:)``, ``withStorage(_:)``, ``InternerMerge``) from now on. Interning or finding afterwards is a
    /// programming error.
    public mutating func freeLookupTable() {
        slots = []
        mask = -1
    }

    /// ``freeLookupTable()``, handing the table over for another interner (``init(reusing:capacity:bytes:)``).
    public mutating func takeLookupTable() -> [UInt64] {
        let table = slots
        freeLookupTable()
        return table
    }

    /// The number of key `id`, inserting the key if it is new (`inserted`).
    @inline(__always)
    public mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> (id: Int32, inserted: Bool) {
        intern(key, hash: Self.hash(key))
    }

    /// ``intern(_:)`` with the key's ``hash(_:)`` already computed.
    public mutating func intern(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (id: Int32, inserted: Bool) {
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry >> 32 == tag {
                let id = Int(entry & 0xFFFF_FFFF) - 1
                if equals(id, key) { return (Int32(id), false) }
            }
            slot = (slot + 1) & mask
        }
        let id = hashes.count
        precondition(id < Int(Int32.max), "ByteInterner: more than 2^31 - 1 keys")
        hashes.append(hash)
        arena.append(contentsOf: key)
        offsets.append(arena.count)
        slots[slot] = tag << 32 | UInt64(id + 1)
        if 2 * hashes.count > slots.count { grow() }
        return (Int32(id), true)
    }

    /// The number of `key` if it was interned.
    public func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = Self.hash(key)
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if entry >> 32 == tag {
                let id = Int(entry & 0xFFFF_FFFF) - 1
                if equals(id, key) { return Int32(id) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Calls `body` with the bytes of key `id`.
    @inline(__always)
    public func withKey<R>(_ id: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let from = offsets[id], to = offsets[id + 1]
        return try arena.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[from ..< to])) }
    }

    /// The bytes of key `id`.
    public func key(_ id: Int) -> [UInt8] { Array(arena[offsets[id] ..< offsets[id + 1]]) }

    /// The number of bytes of key `id`.
    @inline(__always)
    public func keyLength(_ id: Int) -> Int { offsets[id + 1] - offsets[id] }

    /// An interner holding keys `k` = `arena[offsets[k] ..< offsets[k + 1]]` with hashes `hashes[k]` (as
    /// ``hash(_:)`` computes them), without a lookup table: for reading only, as after ``freeLookupTable()``.
    public init(readOnlyArena arena: [UInt8], offsets: [Int], hashes: [UInt64]) {
        precondition(offsets.count == hashes.count + 1 && offsets.first == 0 && offsets.last == arena.count,
                     "ByteInterner: offsets do not delimit the arena")
        self.arena = arena
        self.offsets = offsets
        self.hashes = hashes
        slots = []
        mask = -1
    }

    /// The keys taken in the order `order` (a permutation of the numbers): key `i` of the result is key `order[i]`
    /// of this one. Without a lookup table (see ``freeLookupTable()``).
    public func reordered(_ order: [Int32]) -> ByteInterner {
        precondition(order.count == count, "ByteInterner.reordered: \(order.count) numbers for \(count) keys")
        var newOffsets = [Int](repeating: 0, count: count + 1)
        var newHashes = [UInt64](repeating: 0, count: count)
        for (i, k) in order.enumerated() {
            newOffsets[i + 1] = newOffsets[i] + offsets[Int(k) + 1] - offsets[Int(k)]
            newHashes[i] = hashes[Int(k)]
        }
        let newArena = arena.withUnsafeBufferPointer { a in
            [UInt8](unsafeUninitializedCapacity: a.count) { out, initialized in
                for (i, k) in order.enumerated() {
                    let from = offsets[Int(k)], length = offsets[Int(k) + 1] - from
                    if length > 0 { (out.baseAddress! + newOffsets[i]).update(from: a.baseAddress! + from, count: length) }
                }
                initialized = a.count
            }
        }
        return ByteInterner(readOnlyArena: newArena, offsets: newOffsets, hashes: newHashes)
    }

    /// The keys' numbers in byte order (`memcmp`, shorter first on a common prefix: SQLite's `BINARY` collation and the
    /// code point order of UTF-8). Keys are radix-sorted on their first 16 bytes (no comparisons), then only runs that
    /// share those bytes are compared in full.
    public func byteOrder() -> [Int32] {
        let n = count
        // Bytes 0 ..< 8 and 8 ..< 16 of each key, big-endian, zero-padded.
        var high = [UInt64](repeating: 0, count: n)
        var low = [UInt64](repeating: 0, count: n)
        arena.withUnsafeBufferPointer { a in
            for k in 0 ..< n {
                let from = offsets[k], length = min(16, offsets[k + 1] - from)
                var h: UInt64 = 0, l: UInt64 = 0
                for j in 0 ..< length {
                    if j < 8 { h |= UInt64(a[from + j]) << UInt64(56 - 8 * j) } else { l |= UInt64(a[from + j]) << UInt64(120 - 8 * j) }
                }
                high[k] = h
                low[k] = l
            }
        }
        // Least significant word first, both passes stable: sorted by (high, low), keys in number order on ties.
        var order = (0 ..< Int32(n)).map { $0 }
        var words = low
        ByteOrderSort.sortPairs(&words, &order)
        words = order.map { high[Int($0)] }
        ByteOrderSort.sortPairs(&words, &order)
        low = order.map { low[Int($0)] }
        high = words
        arena.withUnsafeBufferPointer { a in
            offsets.withUnsafeBufferPointer { offsets in
                order.withUnsafeMutableBufferPointer { order in
                    // Runs sharing their first 16 bytes (zero-padded: "ab" and "ab\0" too) are compared in full.
                    var i = 0
                    while i < n {
                        var j = i + 1
                        while j < n && high[j] == high[i] && low[j] == low[i] { j += 1 }
                        if j - i > 1 {
                            var run = UnsafeMutableBufferPointer(rebasing: order[i ..< j])
                            run.sort { x, y in
                                let xs = offsets[Int(x)], xe = offsets[Int(x) + 1], ys = offsets[Int(y)], ye = offsets[Int(y) + 1]
                                let m = min(xe - xs, ye - ys)
                                if m > 0 {
                                    let c = memcompare(a.baseAddress! + xs, a.baseAddress! + ys, m)
                                    if c != 0 { return c < 0 }
                                }
                                return xe - xs < ye - ys
                            }
                        }
                        i = j
                    }
                }
            }
        }
        return order
    }

    /// Calls `body` with the keys' storage: key `k`'s bytes are `arena[offsets[k] ..< offsets[k + 1]]`, its hash
    /// `hashes[k]`.
    @inline(__always)
    public func withStorage<R>(
        _ body: (_ arena: UnsafeBufferPointer<UInt8>, _ offsets: UnsafeBufferPointer<Int>, _ hashes: UnsafeBufferPointer<UInt64>) throws -> R
    ) rethrows -> R {
        try arena.withUnsafeBufferPointer { a in
            try offsets.withUnsafeBufferPointer { o in try hashes.withUnsafeBufferPointer { h in try body(a, o, h) } }
        }
    }

    @inline(__always)
    private func equals(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let from = offsets[id], length = offsets[id + 1] - from
        guard length == key.count else { return false }
        if length == 0 { return true }
        return arena.withUnsafeBufferPointer { memcompare($0.baseAddress! + from, key.baseAddress!, length) == 0 }
    }

    private mutating func grow() {
        let size = slots.count * 2
        var larger = [UInt64](repeating: 0, count: size)
        let newMask = size - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & newMask
            while larger[slot] != 0 { slot = (slot + 1) & newMask }
            larger[slot] = (hash >> 32) << 32 | UInt64(id + 1)
        }
        slots = larger
        mask = newMask
    }

    /// A 64-bit hash of `bytes`: 8 bytes at a time through a multiply-xorshift mix, finished with MurmurHash3's
    /// `fmix64` so that both the low bits (slot) and the high bits (tag) are well mixed.
    @inline(__always)
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        guard let p = bytes.baseAddress else { return fmix(h) }
        let raw = UnsafeRawPointer(p)
        var i = 0
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                w |= UInt64(p[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ w) &* 0x94D0_49BB_1331_11EB
            h ^= h >> 29
        }
        return fmix(h)
    }

    @inline(__always)
    private static func fmix(_ x: UInt64) -> UInt64 {
        var h = x
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }
}

/// Stable least-significant-digit radix sort of 64-bit keys carrying 32-bit values, a byte per pass (256 places to
/// scatter to, which stay in cache); a byte that is the same for every key is skipped, so keys sharing bytes (ids with
/// a common prefix, short keys' zero padding) cost fewer passes.
enum ByteOrderSort {
    static func sortPairs(_ keys: inout [UInt64], _ values: inout [Int32]) {
        let n = keys.count
        guard n > 1 else { return }
        var keyScratch = [UInt64](repeating: 0, count: n)
        var valueScratch = [Int32](repeating: 0, count: n)
        // Every byte's counts in one read of the keys.
        var counts = [Int](repeating: 0, count: 8 * 256)
        keys.withUnsafeBufferPointer { k in
            counts.withUnsafeMutableBufferPointer { c in
                for key in k {
                    for b in 0 ..< 8 { c[b * 256 + Int((key >> UInt64(8 * b)) & 0xFF)] += 1 }
                }
            }
        }
        for b in 0 ..< 8 {
            let shift = UInt64(8 * b)
            var start = Array(counts[b * 256 ..< (b + 1) * 256])
            if start[Int((keys[0] >> shift) & 0xFF)] == n { continue }
            var sum = 0
            for d in 0 ..< 256 {
                let x = start[d]
                start[d] = sum
                sum += x
            }
            keys.withUnsafeBufferPointer { k in
                values.withUnsafeBufferPointer { v in
                    keyScratch.withUnsafeMutableBufferPointer { ko in
                        valueScratch.withUnsafeMutableBufferPointer { vo in
                            start.withUnsafeMutableBufferPointer { c in
                                for i in 0 ..< n {
                                    let d = Int((k[i] >> shift) & 0xFF)
                                    ko[c[d]] = k[i]
                                    vo[c[d]] = v[i]
                                    c[d] += 1
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &keyScratch)
            swap(&values, &valueScratch)
        }
    }
}

/// `memcmp` without importing the C library into every client of this module.
@inline(__always)
func memcompare(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Int32 {
    var i = 0
    while i + 8 <= n {
        let x = UnsafeRawPointer(a).loadUnaligned(fromByteOffset: i, as: UInt64.self)
        let y = UnsafeRawPointer(b).loadUnaligned(fromByteOffset: i, as: UInt64.self)
        if x != y {
            // The first differing byte decides (little-endian: the lowest differing byte).
            let diff = (x ^ y).trailingZeroBitCount & ~7
            return UInt8(truncatingIfNeeded: x >> UInt64(diff)) < UInt8(truncatingIfNeeded: y >> UInt64(diff)) ? -1 : 1
        }
        i += 8
    }
    while i < n {
        if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        i += 1
    }
    return 0
}
