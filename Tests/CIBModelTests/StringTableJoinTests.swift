import CIBModel
import Testing

/// Tables joined without copying their bytes (one chunk per joined table) read, compare, grow and join again like
/// one contiguous table.
@Suite struct StringTableJoinTests {
    /// Tables as a generated world joins them: the shared pool, per-unit tables, an empty one in the middle, empty
    /// strings at the chunk boundaries.
    static let parts = [StringTable(["shared", ""]), StringTable(), StringTable(["", "郭文贵", "d"]), StringTable(["e", ""]), StringTable([""])]
    static let expected = ["shared", "", "", "郭文贵", "d", "e", "", ""]

    @Test func aJoinedTableReadsLikeTheContiguousOne() {
        let joined = StringTable(joining: Self.parts)
        var contiguous = StringTable()
        for t in Self.parts { contiguous.append(contentsOf: t) }
        #expect(joined.count == 8 && joined.strings == Self.expected)
        #expect(joined == contiguous && contiguous == joined, "equal strings, however they are chunked")
        #expect((0 ..< joined.count).map { joined.utf8Count($0) } == Self.expected.map(\.utf8.count))
        #expect(joined.withUTF8(3) { Array($0) } == Array("郭文贵".utf8))
        // The flat views are made on demand and match the contiguous table's.
        #expect(joined.bytes == contiguous.bytes && joined.offsets == contiguous.offsets)
        #expect(StringTable(bytes: joined.bytes, offsets: joined.offsets) == joined)
        // Not equal when one string differs, even with the same lengths.
        #expect(joined != StringTable(joining: [StringTable(["shared", ""]), StringTable(["", "郭文贵", "x", "e", "", ""])]))
    }

    @Test func appendsAfterAJoinGoToTheLastChunk() {
        var joined = StringTable(joining: Self.parts)
        let i = joined.append("new")
        let j = joined.append(maxBytes: 4) { room in room[0] = 0x71; return 1 }
        #expect(i == 8 && j == 9)
        #expect(joined.strings == Self.expected + ["new", "q"])
        // A joined table appended to a plain one, and plain tables joined with a joined one.
        var plain = StringTable(["x"])
        plain.append(contentsOf: joined)
        #expect(plain.strings == ["x"] + Self.expected + ["new", "q"])
        let nested = StringTable(joining: [StringTable(["y"]), joined, StringTable(), StringTable(["z"])])
        #expect(nested.strings == ["y"] + Self.expected + ["new", "q", "z"])
        #expect(StringTable(joining: []).count == 0 && StringTable(joining: [StringTable(), StringTable()]) == StringTable())
    }

    @Test func offsetsAreWrittenByWhicheverWorkerTakesATable() {
        // The work items run in reverse order here: each writes only its own table's rows.
        let reversed = StringTable(joining: Self.parts) { count, work in for t in (0 ..< count).reversed() { work(t) } }
        #expect(reversed.strings == Self.expected)
    }
}
