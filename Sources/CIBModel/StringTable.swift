/// An append-only table of strings stored as one contiguous UTF-8 buffer plus offsets.
///
/// Millions of short texts cost one allocation each in a `[String]`; here they cost a few bytes of offset, and hot
/// loops (hashing, shingling) read the bytes in place through ``withUTF8(_:_:)`` without creating `String`s.
public struct StringTable: Sendable, Equatable {
    public private(set) var bytes: [UInt8] = []
    /// `offsets[i] ..< offsets[i + 1]` are the bytes of string `i`; `offsets.count == count + 1`.
    public private(set) var offsets: [Int] = [0]

    public init() {}

    public init(_ strings: some Sequence<String>) {
        for s in strings { append(s) }
    }

    public var count: Int { offsets.count - 1 }
    public var isEmpty: Bool { count == 0 }

    /// Appends a string and returns its index.
    @discardableResult
    public mutating func append(_ string: String) -> Int32 {
        var s = string
        s.withUTF8 { bytes.append(contentsOf: $0) }
        offsets.append(bytes.count)
        return Int32(count - 1)
    }

    /// Appends raw UTF-8 bytes and returns the index.
    @discardableResult
    public mutating func append(utf8: some Collection<UInt8>) -> Int32 {
        bytes.append(contentsOf: utf8)
        offsets.append(bytes.count)
        return Int32(count - 1)
    }

    /// Appends every string of another table, returning the index of its first string here.
    @discardableResult
    public mutating func append(contentsOf other: StringTable) -> Int32 {
        let first = Int32(count)
        let base = bytes.count
        bytes.append(contentsOf: other.bytes)
        offsets.append(contentsOf: other.offsets.dropFirst().lazy.map { $0 + base })
        return first
    }

    public mutating func reserveCapacity(strings: Int, bytes byteCount: Int) {
        offsets.reserveCapacity(strings + 1)
        bytes.reserveCapacity(byteCount)
    }

    public subscript(index: Int) -> String {
        String(decoding: bytes[offsets[index] ..< offsets[index + 1]], as: UTF8.self)
    }

    public subscript(index: Int32) -> String { self[Int(index)] }

    /// Calls `body` with the UTF-8 bytes of string `index`, without copying.
    public func withUTF8<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let range = offsets[index] ..< offsets[index + 1]
        return try bytes.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[range]))
        }
    }

    /// All strings, in order (allocates one `String` each; for tests and small tables).
    public var strings: [String] { (0 ..< count).map { self[$0] } }
}
