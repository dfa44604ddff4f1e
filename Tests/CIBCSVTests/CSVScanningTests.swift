import Testing

@testable import CIBCSV

/// The records of `bytes` as strings, read serially (`chunkBytes == nil`) or in chunks of `chunkBytes` on `tasks`
/// threads through ``CSVChunks``.
private func records(_ bytes: [UInt8], chunkBytes: Int? = nil, tasks: Int = 1) -> [[String]] {
    bytes.withUnsafeBufferPointer { buffer -> [[String]] in
        guard let base = buffer.baseAddress else { return [] }
        let count = buffer.count
        let shared = Base(base: base)
        let chunks = CSVChunks.parse(
            base: base, count: count, from: 0, chunkBytes: chunkBytes ?? count + 1, slackBytes: chunkBytes ?? 0,
            mapper: SerialMapper(),
            parse: { start, end, viewEnd in RecordsChunk(base: shared.base, count: count, start: start, end: end, viewEnd: viewEnd) })
        return chunks.flatMap(\.records)
    }
}

private struct Base: @unchecked Sendable { let base: UnsafePointer<UInt8> }

private struct RecordsChunk: CSVChunkResult {
    let start: Int
    var stop = 0
    var complete = true
    var failed = false
    var records: [[String]] = []

    init(base: UnsafePointer<UInt8>, count: Int, start: Int, end: Int, viewEnd: Int) {
        self.start = start
        var scanner = PythonCSVScanner(base: base, end: viewEnd, endIsEndOfInput: viewEnd == count)
        var p = start
        while p < end {
            switch scanner.scanRecord(at: &p) {
            case .record:
                records.append(scanner.fields.indices.map { i in scanner.withField(i) { String(decoding: $0, as: UTF8.self) } })
            case .endOfInput: break
            case .truncated:
                complete = false
                return
            case .unterminatedQuote:
                failed = true
                return
            }
        }
        stop = p
    }
}

@Suite struct PythonCSVScannerTests {
    /// Expected records printed by Python 3.11's `csv.reader` over `io.TextIOWrapper(BytesIO(...), encoding="utf-8")`
    /// (universal newlines), as the toolkit reads its input.
    static let python: [(String, [[String]])] = [
        ("a,b,c\n", [["a", "b", "c"]]),
        ("a,\"b,c\",d\r\n", [["a", "b,c", "d"]]),
        ("\"x\"\"y\",z\n", [["x\"y", "z"]]),
        ("\"ab\"c\"d\",e\n", [["abc\"d\"", "e"]]),
        ("12\" screen,ok\n", [["12\" screen", "ok"]]),
        ("\"multi\nline\r\nfield\rhere\",2\n", [["multi\nline\nfield\nhere", "2"]]),
        ("\n", [[]]),
        ("a,b,", [["a", "b", ""]]),
        ("\"q\"\r", [["q"]]),
        (",,\r\n", [["", "", ""]]),
        ("\u{FEFF}\"h\",x\n", [["\u{FEFF}\"h\"", "x"]]),
        ("\"a\"b\n", [["ab"]]),
        ("\"\",\"\"\"\"\n", [["", "\""]]),
        ("last,line", [["last", "line"]]),
    ]

    @Test func readsRecordsAsPythonsCSVModule() {
        for (input, expected) in Self.python {
            let got = records(Array(input.utf8))
            // Compare bytes: String equality would forgive a canonically equivalent difference.
            #expect(got.map { $0.map { Array($0.utf8) } } == expected.map { $0.map { Array($0.utf8) } }, "\(input.debugDescription)")
        }
    }

    @Test func countsLineBreaksInsideQuotes() {
        let bytes = Array("a,\"x\r\ny\rz\"\nb,c\r\n".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = PythonCSVScanner(base: buffer.baseAddress!, end: buffer.count, endIsEndOfInput: true)
            var p = 0
            #expect(scanner.scanRecord(at: &p) == .record)
            #expect(scanner.lineBreaks == 3)
            #expect(scanner.scanRecord(at: &p) == .record)
            #expect(scanner.lineBreaks == 4)
            #expect(scanner.scanRecord(at: &p) == .endOfInput)
        }
    }

    @Test func reportsAnUnterminatedQuoteWithItsLine() {
        let bytes = Array("a\nb,\"open\n\nnever closed".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = PythonCSVScanner(base: buffer.baseAddress!, end: buffer.count, endIsEndOfInput: true)
            var p = 0
            #expect(scanner.scanRecord(at: &p) == .record)
            #expect(scanner.scanRecord(at: &p) == .unterminatedQuote(quoteLine: 1))
        }
    }

    @Test func aViewThatEndsInsideARecordIsTruncated() {
        let bytes = Array("ab,cd\nef".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            for end in 1 ..< 6 {
                var scanner = PythonCSVScanner(base: buffer.baseAddress!, end: end, endIsEndOfInput: false)
                var p = 0
                #expect(scanner.scanRecord(at: &p) == .truncated, "end \(end)")
            }
            var scanner = PythonCSVScanner(base: buffer.baseAddress!, end: 6, endIsEndOfInput: false)
            var p = 0
            #expect(scanner.scanRecord(at: &p) == .record)
            #expect(p == 6)
        }
    }
}

@Suite struct CSVChunksTests {
    /// A CSV whose quoted fields hold commas, quotes and every kind of line break, so that most cuts at a line start
    /// fall inside a quoted field.
    static func awkwardCSV(rows: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let pieces = ["plain", "\"a,b\"", "\"line\nbreak\"", "\"crlf\r\ninside\"", "\"cr\rinside\"", "\"say \"\"hi\"\"\"",
                      "12\" tall", "\"\"", "", "\"x\"tail", "\"\n\n\n\"", "é"]
        var text = "h1,h2,h3\r\n"
        for r in 0 ..< rows {
            text += (0 ..< 3).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined(separator: ",")
            text += ["\n", "\r\n", "\r"][Int(next() % 3)]
            if r % 17 == 0 { text += "\n" }
        }
        return Array(text.utf8)
    }

    @Test func chunksCutAnywhereGiveTheSerialRecords() {
        for seed in 1 ... 3 as ClosedRange<UInt64> {
            let bytes = Self.awkwardCSV(rows: 300, seed: seed)
            let serial = records(bytes)
            #expect(serial.count > 300)
            for chunkBytes in [1, 2, 3, 5, 8, 13, 64, 200, 4096] {
                #expect(records(bytes, chunkBytes: chunkBytes) == serial, "seed \(seed), chunks of \(chunkBytes) bytes")
            }
        }
    }

    @Test func aLastLineWithoutNewlineIsARecord() {
        let bytes = Array("h\n1,\"a\nb\"\n2,last".utf8)
        for chunkBytes in [1, 2, 4, 7, 100] {
            #expect(records(bytes, chunkBytes: chunkBytes) == [["h"], ["1", "a\nb"], ["2", "last"]], "\(chunkBytes)")
        }
    }

    @Test func anUnterminatedQuoteStopsAtItsChunk() {
        let bytes = Array("a\nb\n\"open\nc\nd\n".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            let shared = Base(base: buffer.baseAddress!)
            let chunks = CSVChunks.parse(
                base: buffer.baseAddress!, count: count, from: 0, chunkBytes: 2, slackBytes: 2,
                mapper: SerialMapper(),
                parse: { start, end, viewEnd in RecordsChunk(base: shared.base, count: count, start: start, end: end, viewEnd: viewEnd) })
            #expect(chunks.last?.failed == true)
            #expect(chunks.flatMap(\.records) == [["a"], ["b"]])
        }
    }
}

@Suite struct ByteInternerTests {
    @Test func numbersKeysInFirstInsertionOrderByteForByte() {
        var interner = ByteInterner(capacity: 2)
        let keys = ["b", "a", "", "b", "caf\u{E9}", "cafe\u{301}", "a", "long key of more than eight bytes"]
        let ids = keys.map { key in Array(key.utf8).withUnsafeBufferPointer { interner.intern($0) } }
        #expect(ids.map(\.id) == [0, 1, 2, 0, 3, 4, 1, 5])
        #expect(ids.map(\.inserted) == [true, true, true, false, true, true, false, true])
        #expect(interner.key(3) == Array("caf\u{E9}".utf8))
        #expect(Array("cafe\u{301}".utf8).withUnsafeBufferPointer { interner.find($0) } == 4)
        #expect(Array("zz".utf8).withUnsafeBufferPointer { interner.find($0) } == nil)
    }

    @Test func growsWithoutLosingKeys() {
        var interner = ByteInterner()
        for i in 0 ..< 10_000 { _ = Array("k\(i)".utf8).withUnsafeBufferPointer { interner.intern($0) } }
        #expect(interner.count == 10_000)
        for i in stride(from: 0, to: 10_000, by: 997) {
            #expect(Array("k\(i)".utf8).withUnsafeBufferPointer { interner.find($0) } == Int32(i))
        }
    }

    @Test func sortsKeysInByteOrder() {
        var interner = ByteInterner()
        let keys = ["b", "B", "\u{E9}", "a10", "a9", "", "a", "e\u{301}", "abcdefghij", "abcdefghi"]
        for key in keys { _ = Array(key.utf8).withUnsafeBufferPointer { interner.intern($0) } }
        let sorted = interner.byteOrder().map { interner.key(Int($0)) }
        #expect(sorted == keys.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func sortsKeysSharingTheirFirstSixteenBytesAndZeroBytes() {
        // The radix step sees 16 zero-padded bytes: "ab" and "ab\0" look alike there, and so do keys longer than 16
        // bytes that differ later; both must still come out in byte order, as must a reordered copy.
        var interner = ByteInterner()
        let keys = ["ab\u{0}", "ab", "user12345678901234567", "user1234567890123456", "user12345678901234560",
                    "user1234567890123455", "a\u{0}\u{0}", "a", "\u{0}", "", "zz", "user1234567890123456x"]
        for key in keys { _ = Array(key.utf8).withUnsafeBufferPointer { interner.intern($0) } }
        let order = interner.byteOrder()
        let expected = keys.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        #expect(order.map { interner.key(Int($0)) } == expected)
        let reordered = interner.reordered(order)
        #expect((0 ..< reordered.count).map { reordered.key($0) } == expected)
        #expect(reordered.byteOrder() == (0 ..< Int32(keys.count)).map { $0 })
    }
}

@Suite struct UTF8CheckTests {
    @Test func findsTheFirstIllFormedSequence() {
        func check(_ bytes: [UInt8]) -> Int? {
            bytes.withUnsafeBufferPointer { UTF8Check.firstInvalid($0.baseAddress!, from: 0, to: $0.count) }
        }
        #expect(check(Array("plain ascii text, longer than eight".utf8)) == nil)
        #expect(check(Array("caf\u{E9} \u{1F600} \u{10FFFF}".utf8)) == nil)
        #expect(check([0x61, 0x62, 0xC0, 0x80]) == 2)  // overlong
        #expect(check([0x61, 0xED, 0xA0, 0x80]) == 1)  // surrogate
        #expect(check([0xF4, 0x90, 0x80, 0x80]) == 0)  // above U+10FFFF
        #expect(check(Array("12345678".utf8) + [0xE2, 0x82]) == 8)  // truncated
        #expect(check([0x80]) == 0)
    }
}

@Suite struct InternerMergeTests {
    @Test func numbersEqualKeysAlikeAcrossChunksWhateverTheThreads() {
        let chunkKeys = [["a", "b", "caf\u{E9}", "a"], ["b", "cafe\u{301}", "c"], [], ["c", "a", "d", ""]]
        let chunks = chunkKeys.map { keys in
            var interner = ByteInterner()
            for key in keys { _ = Array(key.utf8).withUnsafeBufferPointer { interner.intern($0) } }
            return interner
        }
        let merged = InternerMerge(chunks, mapper: SerialMapper())
        #expect(merged.count == 7)
        // Per chunk, the number of each local key; equal bytes get equal numbers, different bytes different ones.
        var numberOf: [[UInt8]: Int32] = [:]
        for (c, chunk) in chunks.enumerated() {
            for k in 0 ..< chunk.count {
                let key = chunk.key(k), number = merged.ids[merged.chunkStart[c] + k]
                if let seen = numberOf[key] { #expect(seen == number) } else { numberOf[key] = number }
                #expect(chunks[Int(merged.originChunk[Int(number)])].key(Int(merged.originKey[Int(number)])) == key)
            }
        }
        #expect(Set(numberOf.values).count == 7)
        // Numbers follow first occurrences: a b café (chunk 0), cafe+U+0301 c (chunk 1), d "" (chunk 3).
        let inOrder = ["a", "b", "caf\u{E9}", "cafe\u{301}", "c", "d", ""]
        #expect(inOrder.map { numberOf[Array($0.utf8)]! } == [0, 1, 2, 3, 4, 5, 6])
        #expect(merged.originChunk == [0, 0, 0, 1, 1, 3, 3])
        #expect(merged.originKey == [0, 1, 2, 1, 2, 2, 3])
        // The merged keys, gathered in that order.
        let keys = merged.keys(from: chunks)
        #expect((0 ..< 7).map { keys.key($0) } == inOrder.map { Array($0.utf8) })
    }
}

extension InternerMergeTests {
    @Test func manyKeysUseMorePartitionsAndStillAgree() {
        // 3 chunks of 120,000 keys, a third shared with the next chunk: 280,000 distinct, more than 64 × 4,096.
        let chunks = (0 ..< 3).map { c in
            var interner = ByteInterner()
            for i in 80_000 * c ..< 80_000 * c + 120_000 { _ = Array("key-\(i)".utf8).withUnsafeBufferPointer { interner.intern($0) } }
            return interner
        }
        #expect(InternerMerge.partitions(forKeys: 360_000) == 32)
        let merged = InternerMerge(chunks, mapper: SerialMapper())
        #expect(merged.count == 280_000)
        // Key 80,000 + j of chunk 0 is key j of chunk 1; key 160,000 + j of chunk 1 is key j of chunk 2; numbers are
        // first occurrences, so key i is number i - 80,000 × (chunks before it).
        for j in stride(from: 0, to: 40_000, by: 997) {
            #expect(merged.ids[80_000 + j] == merged.ids[120_000 + j])
            #expect(merged.ids[120_000 + 80_000 + j] == merged.ids[240_000 + j])
        }
        let expected: [Int32] = (0 ..< 3).flatMap { c in (80_000 * c ..< 80_000 * c + 120_000).map { Int32($0) } }
        #expect(merged.ids == expected)
    }
}

@Suite struct AtomicFileWriterTests {
    static func temporaryPath(_ name: String) -> String {
        "/tmp/cibcsv-\(name)-\(UInt64.random(in: 0 ... .max))"
    }

    @Test func writesBlocksLargerAndSmallerThanItsBufferThenRenames() throws {
        let path = Self.temporaryPath("writer")
        defer { _ = try? FileManagerless.remove(path) }
        let writer = try AtomicFileWriter(path: path, blockBytes: 8)
        var expected: [UInt8] = []
        for piece in ["ab", "cdefghijklmnop", "q", "", "rstuvwxy"] {
            try Array(piece.utf8).withUnsafeBytes { try writer.append($0) }
            expected += Array(piece.utf8)
        }
        try writer.append(UInt8(ascii: "z"))
        expected.append(UInt8(ascii: "z"))
        #expect(FileManagerless.read(path) == nil, "nothing under the final name before finish()")
        try writer.finish()
        #expect(FileManagerless.read(path) == expected)
    }

    @Test func anUnfinishedWriterLeavesNoFile() throws {
        let path = Self.temporaryPath("unfinished")
        do {
            let writer = try AtomicFileWriter(path: path, blockBytes: 4)
            try Array("partial content".utf8).withUnsafeBytes { try writer.append($0) }
        }
        #expect(FileManagerless.read(path) == nil)
    }
}

/// Reading and removing files without Foundation (CIBCSV's tests depend on nothing either).
enum FileManagerless {
    static func read(_ path: String) -> [UInt8]? {
        guard let file = try? MappedFile(path: path) else { return nil }
        return Array(file.bytes)
    }

    static func remove(_ path: String) throws {
        _ = path.withCString { unlinkPath($0) }
    }
}

#if canImport(Glibc)
import Glibc
private func unlinkPath(_ p: UnsafePointer<CChar>) -> Int32 { unlink(p) }
#else
import Darwin
private func unlinkPath(_ p: UnsafePointer<CChar>) -> Int32 { unlink(p) }
#endif
