import CIBCSV

/// The values of a column that holds few distinct strings (a country, an action, a platform name, tactic codes),
/// each distinct byte string resolved once per chunk, so a row costs no allocation: a `String` is created only for a
/// byte string not met before. Resolution goes through the same `String`-keyed functions a row-by-row reader would
/// call, so the values are exactly theirs.
///
/// Keys of up to 7 bytes (most: `en`, `post`, `TW`, `account`) are packed with their length into one word and found
/// in an open-addressing table of words kept at most half full; longer keys go through a ``ByteInterner``.
struct VocabularyCache<Value: Sendable>: Sendable {
    /// Packed short keys (0: empty slot) and their values.
    private var shortKeys = [UInt64](repeating: 0, count: 64)
    private var shortValues = [Value?](repeating: nil, count: 64)
    private var shortCount = 0
    private var interner = ByteInterner()
    private var longValues: [Value?] = []

    /// The value of `bytes`, `resolve(bytes as a String)` the first time they are met; nil when it is nil.
    @inline(__always)
    mutating func value(_ bytes: UnsafeBufferPointer<UInt8>, resolve: (String) -> Value?) -> Value? {
        let n = bytes.count
        guard n <= 7 else { return longValue(bytes, resolve: resolve) }
        var key = UInt64(n + 1) << 56
        for i in 0 ..< n { key |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        let mask = shortKeys.count - 1
        var slot = Self.slot(key, mask: mask)
        while true {
            let k = shortKeys[slot]
            if k == key { return shortValues[slot] }
            if k == 0 { break }
            slot = (slot + 1) & mask
        }
        let value = resolve(String(decoding: bytes, as: UTF8.self))
        shortKeys[slot] = key
        shortValues[slot] = value
        shortCount += 1
        if 2 * shortCount > shortKeys.count { grow() }
        return value
    }

    @inline(__always)
    private static func slot(_ key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    private mutating func grow() {
        let keys = shortKeys, values = shortValues
        shortKeys = [UInt64](repeating: 0, count: keys.count * 2)
        shortValues = [Value?](repeating: nil, count: keys.count * 2)
        let mask = shortKeys.count - 1
        for (k, v) in zip(keys, values) where k != 0 {
            var slot = Self.slot(k, mask: mask)
            while shortKeys[slot] != 0 { slot = (slot + 1) & mask }
            shortKeys[slot] = k
            shortValues[slot] = v
        }
    }

    private mutating func longValue(_ bytes: UnsafeBufferPointer<UInt8>, resolve: (String) -> Value?) -> Value? {
        let (id, inserted) = interner.intern(bytes)
        if inserted { longValues.append(resolve(String(decoding: bytes, as: UTF8.self))) }
        return longValues[Int(id)]
    }
}
