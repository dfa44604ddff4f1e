import CIBCSV

/// The values of a column that holds few distinct strings (a country, an action, a platform name, tactic codes),
/// each distinct byte string resolved once per chunk: a lookup hashes the field's bytes (``ByteInterner``) and creates
/// a `String` only for a byte string it has not met, so a row costs no allocation. Resolution goes through the same
/// `String`-keyed functions a row-by-row reader would call, so the values are exactly theirs.
struct VocabularyCache<Value: Sendable>: Sendable {
    private var interner = ByteInterner()
    private var values: [Value?] = []

    /// The value of `bytes`, `resolve(bytes as a String)` the first time they are met; nil when it is nil.
    @inline(__always)
    mutating func value(_ bytes: UnsafeBufferPointer<UInt8>, resolve: (String) -> Value?) -> Value? {
        let (id, inserted) = interner.intern(bytes)
        if inserted { values.append(resolve(String(decoding: bytes, as: UTF8.self))) }
        return values[Int(id)]
    }
}
