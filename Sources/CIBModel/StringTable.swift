/// An append-only table of strings stored as UTF-8 buffers plus offsets.
///
/// Millions of short texts cost one allocation each in a `[String]`; here they cost a few bytes of offset, and hot
/// loops (hashing, shingling) read the bytes in place through ``withUTF8(_:_:)`` without creating `String`s.
///
/// A table is usually one buffer. A table made by ``init(joining:forEachTable:)`` keeps each joined table's bytes as
/// a chunk of its own instead of copying them all into one buffer: a generated world joins hundreds of per-unit text
/// tables (gigabytes of bytes for 10^8 events), and the copy cost as much time and, while both existed, memory as the
/// texts themselves. Appends go to the last chunk. Every string lies inside one chunk.
public struct StringTable: Sendable {
    /// The bytes of the last chunk, which appends extend.
    @usableFromInline var storage: [UInt8] = []
    /// The end of every string (`ends[0]` is 0): `chunk << chunkShift | offset in the chunk`. A string starts where
    /// the previous one ends if both are in the same chunk, at 0 of its chunk otherwise. For a one-chunk table these
    /// are plain byte offsets.
    @usableFromInline var ends: [Int] = [0]
    /// The bytes of the chunks before the last (chunk `k` is `sealed[k]`, the last one is `storage`).
    @usableFromInline var sealed: [[UInt8]] = []
    /// `sealed.count << chunkShift`, or'ed into the ends of strings appended now.
    @usableFromInline var chunkTag = 0

    @usableFromInline static let chunkShift = 40
    @usableFromInline static let offsetMask = (1 << chunkShift) - 1

    /// The UTF-8 bytes of every string, back to back (a copy when the table has several chunks).
    public var bytes: [UInt8] { sealed.isEmpty ? storage : sealed.flatMap { $0 } + storage }
    /// `offsets[i] ..< offsets[i + 1]` are the bytes of string `i` in ``bytes``; `offsets.count == count + 1` (made
    /// anew when the table has several chunks).
    public var offsets: [Int] {
        if sealed.isEmpty { return ends }
        var out = [0]
        out.reserveCapacity(ends.count)
        for i in 0 ..< count { out.append(out[i] + utf8Count(i)) }
        return out
    }

    public init() {}

    public init(_ strings: some Sequence<String>) {
        for s in strings { append(s) }
    }

    /// A table from its parts: `bytes` the strings back to back, `offsets` as in ``offsets`` (starts at 0, never
    /// decreases, ends at `bytes.count`). Returns nil if the offsets do not describe `bytes` that way.
    public init?(bytes: [UInt8], offsets: [Int]) {
        guard offsets.first == 0, offsets.last == bytes.count, bytes.count <= Self.offsetMask,
              offsets.withUnsafeBufferPointer({ o in !o.indices.dropFirst().contains { o[$0] < o[$0 - 1] } })
        else { return nil }
        self.storage = bytes
        self.ends = offsets
    }

    /// The strings of `tables`, table after table, without copying their bytes: each non-empty table's bytes become
    /// a chunk of the result (a table of several chunks contributes each of them). Only the offsets are written
    /// anew, table by table through `forEachTable(tables.count, work)`, which must call `work(t)` once for every `t`
    /// in `0 ..< tables.count`, in any order and on any threads (each writes its own rows); the default runs them
    /// in order.
    public init(
        joining tables: [StringTable],
        forEachTable: (_ count: Int, _ work: @Sendable (Int) -> Void) -> Void = { n, work in for t in 0 ..< n { work(t) } }
    ) {
        var chunks: [[UInt8]] = []
        var chunkBase: [Int] = [], stringBase: [Int] = []
        var strings = 0
        for t in tables {
            chunkBase.append(chunks.count)
            stringBase.append(strings)
            strings += t.count
            if t.count > 0 { chunks += t.sealed + [t.storage] }
        }
        guard let last = chunks.popLast() else { return }
        let firstChunk = chunkBase, firstString = stringBase
        precondition(chunks.count < 1 << (Int.bitWidth - 1 - Self.chunkShift), "StringTable: too many chunks")
        let ends = [Int](unsafeUninitializedCapacity: strings + 1) { out, initialized in
            out[0] = 0
            let rows = SharedEnds(out.baseAddress!)
            forEachTable(tables.count) { t in
                let table = tables[t]
                guard table.count > 0 else { return }
                // A table's chunk k becomes chunk firstChunk[t] + k of the result.
                let shift = firstChunk[t] << StringTable.chunkShift
                table.ends.withUnsafeBufferPointer { e in
                    for i in 1 ..< e.count { rows.base[firstString[t] + i] = e[i] + shift }
                }
            }
            initialized = strings + 1
        }
        self.storage = last
        self.ends = ends
        self.sealed = chunks
        self.chunkTag = chunks.count << Self.chunkShift
    }

    @inlinable public var count: Int { ends.count - 1 }
    public var isEmpty: Bool { count == 0 }

    /// The chunk of string `index` and its bytes' range in that chunk.
    @inline(__always)
    @usableFromInline func location(_ index: Int) -> (chunk: Int, range: Range<Int>) {
        let e = ends[index + 1], s = ends[index]
        let chunk = e >> Self.chunkShift
        let start = s >> Self.chunkShift == chunk ? s & Self.offsetMask : 0
        return (chunk, start ..< (e & Self.offsetMask))
    }

    /// The number of UTF-8 bytes of string `index`.
    public func utf8Count(_ index: Int) -> Int { location(index).range.count }

    /// Appends a string and returns its index.
    @discardableResult
    public mutating func append(_ string: String) -> Int32 {
        var s = string
        s.withUTF8 { storage.append(contentsOf: $0) }
        ends.append(chunkTag | storage.count)
        return Int32(count - 1)
    }

    /// Appends raw UTF-8 bytes and returns the index (a bulk copy, no per-byte work).
    @inlinable @discardableResult
    public mutating func append(utf8: UnsafeBufferPointer<UInt8>) -> Int32 {
        storage.append(contentsOf: utf8)
        ends.append(chunkTag | storage.count)
        return Int32(ends.count - 2)
    }

    /// Appends raw UTF-8 bytes and returns the index.
    @inlinable @discardableResult
    public mutating func append(utf8: some Collection<UInt8>) -> Int32 {
        storage.append(contentsOf: utf8)
        ends.append(chunkTag | storage.count)
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
        ends.append(chunkTag | storage.count)
        return Int32(ends.count - 2)
    }

    /// Appends every string of another table, returning the index of its first string here.
    @discardableResult
    public mutating func append(contentsOf other: StringTable) -> Int32 {
        let first = Int32(count)
        if other.sealed.isEmpty {
            let base = storage.count
            storage.append(contentsOf: other.storage)
            ends.append(contentsOf: other.ends.dropFirst().lazy.map { [chunkTag] in chunkTag | ($0 + base) })
        } else {
            for i in 0 ..< other.count { other.withUTF8(i) { _ = append(utf8: $0) } }
        }
        return first
    }

    public mutating func reserveCapacity(strings: Int, bytes byteCount: Int) {
        ends.reserveCapacity(strings + 1)
        storage.reserveCapacity(byteCount)
    }

    public subscript(index: Int) -> String {
        withUTF8(index) { String(decoding: $0, as: UTF8.self) }
    }

    public subscript(index: Int32) -> String { self[Int(index)] }

    /// Calls `body` with the UTF-8 bytes of string `index`, without copying.
    public func withUTF8<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let (chunk, range) = location(index)
        if chunk == sealed.count {
            return try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
        }
        return try sealed[chunk].withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// All strings, in order (allocates one `String` each; for tests and small tables).
    public var strings: [String] { (0 ..< count).map { self[$0] } }
}

extension StringTable: Equatable {
    /// The same strings in the same order, however they are split into chunks.
    public static func == (a: StringTable, b: StringTable) -> Bool {
        guard a.count == b.count else { return false }
        if a.sealed.isEmpty && b.sealed.isEmpty { return a.ends == b.ends && a.storage == b.storage }
        for i in 0 ..< a.count {
            let same = a.withUTF8(i) { x in b.withUTF8(i) { y in x.elementsEqual(y) } }
            if !same { return false }
        }
        return true
    }
}

/// The joined table's offsets, written by several threads at once, each to the rows of its own tables.
private struct SharedEnds: @unchecked Sendable {
    let base: UnsafeMutablePointer<Int>
    init(_ base: UnsafeMutablePointer<Int>) { self.base = base }
}
