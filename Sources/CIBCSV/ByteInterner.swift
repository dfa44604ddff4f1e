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

    /// Frees the lookup table, keeping the keys, their order and hashes: for an interner that will only be read
    /// (``withKey(_:_:)``, ``withStorage(_:)``, ``InternerMerge``) from now on. Interning or finding afterwards is a
    /// programming error.
    public mutating func freeLookupTable() {
        slots = []
        mask = -1
        arena.shrinkToFit()
        offsets.shrinkToFit()
        hashes.shrinkToFit()
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

    /// The keys' numbers in byte order (`memcmp`, shorter first on a common prefix: SQLite's `BINARY` collation and the
    /// code point order of UTF-8).
    public func byteOrder() -> [Int32] {
        arena.withUnsafeBufferPointer { a in
            let offsets = self.offsets
            var order = (0 ..< Int32(count)).map { $0 }
            order.sort { x, y in
                let xs = offsets[Int(x)], xe = offsets[Int(x) + 1], ys = offsets[Int(y)], ye = offsets[Int(y) + 1]
                let n = min(xe - xs, ye - ys)
                if n > 0 {
                    let c = memcompare(a.baseAddress! + xs, a.baseAddress! + ys, n)
                    if c != 0 { return c < 0 }
                }
                return xe - xs < ye - ys
            }
            return order
        }
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

extension Array {
    /// Drops spare capacity (a copy when there is any).
    fileprivate mutating func shrinkToFit() {
        if capacity > count + count / 16 + 16 { self = Array(self) }
    }
}
