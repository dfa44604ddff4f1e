/// An append-only table of strings stored as one contiguous UTF-8 buffer plus offsets.
///
/// Millions of short texts cost one allocation each in a `[String]`; here they cost a few bytes of offset, and hot
/// loops (hashing, shingling) read the bytes in place through ``withUTF8(_:_:)`` without creating `String`s.
public struct StringTable: Sendable, Equatable {
    @usableFromInline var storage: [UInt8] = []
    @usableFromInline var ends: [Int] = [0]
    /// The UTF-8 bytes of every string, back to back.
    public var bytes: [UInt8] { storage }
    /// `offsets[i] ..< offsets[i + 1]` are the bytes of string `i`; `offsets.count == count + 1`.
    public var offsets: [Int] { ends }

    public init() {}

    public init(_ strings: some Sequence<String>) {
        for s in strings { append(s) }
    }

    /// A table from its parts: `bytes` the strings back to back, `offsets` as in ``offsets`` (starts at 0, never
    /// decreases, ends at `bytes.count`). Returns nil if the offsets do not describe `bytes` that way.
    public init?(bytes: [UInt8], offsets: [Int]) {
        guard offsets.first == 0, offsets.last == bytes.count,
              offsets.withUnsafeBufferPointer({ o in !o.indices.dropFirst().contains { o[$0] < o[$0 - 1] } })
        else { return nil }
        self.storage = bytes
        self.ends = offsets
    }

    @inlinable public var count: Int { ends.count - 1 }
    public var isEmpty: Bool { count == 0 }

    /// Appends a string and returns its index.
    @discardableResult
    public mutating func append(_ string: String) -> Int32 {
        var s = string
        s.withUTF8 { storage.append(contentsOf: $0) }
        ends.append(storage.count)
        return Int32(count - 1)
    }

    /// Appends raw UTF-8 bytes and returns the index (a bulk copy, no per-byte work).
    @inlinable @discardableResult
    public mutating func append(utf8: UnsafeBufferPointer<UInt8>) -> Int32 {
        storage.append(contentsOf: utf8)
        ends.append(storage.count)
        return Int32(ends.count - 2)
    }

    /// Appends raw UTF-8 bytes and returns the index.
    @inlinable @discardableResult
    public mutating func append(utf8: some Collection<UInt8>) -> Int32 {
        storage.append(contentsOf: utf8)
        ends.append(storage.count)
        return Int32(count - 1)
    }

    /// Appends one string written by `write`, which gets room for `maxBytes` bytes (on the stack: keep it small) and
    /// returns how many it wrote (at most `maxBytes`). No allocation, one copy into the table.
    @inlinable @discardableResult
    public mutating func append(maxBytes: Int, _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int) -> Int32 {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxBytes) { room in
            let written = write(room)
            precondition(written >= 0 && written <= maxBytes, "StringTable.append(maxBytes:): wrote \(written) of at most \(maxBytes) bytes")
            storage.append(contentsOf: UnsafeBufferPointer(rebasing: room[..<written]))
        }
        ends.append(storage.count)
        return Int32(ends.count - 2)
    }

    /// Appends every string of another table, returning the index of its first string here.
    @discardableResult
    public mutating func append(contentsOf other: StringTable) -> Int32 {
        let first = Int32(count)
        let base = storage.count
        storage.append(contentsOf: other.storage)
        ends.append(contentsOf: other.ends.dropFirst().lazy.map { $0 + base })
        return first
    }

    public mutating func reserveCapacity(strings: Int, bytes byteCount: Int) {
        ends.reserveCapacity(strings + 1)
        storage.reserveCapacity(byteCount)
    }

    public subscript(index: Int) -> String {
        String(decoding: storage[ends[index] ..< ends[index + 1]], as: UTF8.self)
    }

    public subscript(index: Int32) -> String { self[Int(index)] }

    /// Calls `body` with the UTF-8 bytes of string `index`, without copying.
    public func withUTF8<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let range = ends[index] ..< ends[index + 1]
        return try storage.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[range]))
        }
    }

    /// All strings, in order (allocates one `String` each; for tests and small tables).
    public var strings: [String] { (0 ..< count).map { self[$0] } }
}
