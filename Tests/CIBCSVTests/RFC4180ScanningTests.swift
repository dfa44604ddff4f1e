import Testing

@testable import CIBCSV

/// Every outcome of scanning `bytes` from the start to its end, records as strings.
private func scanAll(_ bytes: [UInt8]) -> [String] {
    bytes.withUnsafeBufferPointer { buffer -> [String] in
        guard let base = buffer.baseAddress else { return ["end"] }
        var scanner = RFC4180Scanner(base: base, end: buffer.count, endIsEndOfInput: true)
        var p = 0
        var out: [String] = []
        while true {
            switch scanner.scanRecord(at: &p) {
            case .record:
                out.append((0 ..< scanner.fieldCount).map { i in scanner.withField(i) { String(decoding: $0, as: UTF8.self) } }
                    .joined(separator: "|"))
            case .blankLine: out.append("blank")
            case .endOfInput: return out + ["end"]
            case .truncated: return out + ["truncated"]
            case .malformed(let problem, let offset, let field): return out + ["\(problem) at \(offset) in field \(field)"]
            }
        }
    }
}

@Suite struct RFC4180ScannerTests {
    /// Valid RFC 4180 input and its records (Python's `csv.reader` over a file opened with `newline=""` reads the same
    /// values; blank lines are its empty records).
    static let valid: [(String, [String])] = [
        ("a,b,c\n", ["a|b|c", "end"]),
        ("a,b,c\r\n1,2,3\r\n", ["a|b|c", "1|2|3", "end"]),
        ("a,\"b,c\",d\n", ["a|b,c|d", "end"]),
        ("\"x\"\"y\",z\n", ["x\"y|z", "end"]),
        ("\"\",\"\"\"\"\n", ["|\"", "end"]),
        ("\"multi\nline\r\nfield\rhere\",2\n", ["multi\nline\r\nfield\rhere|2", "end"]),
        ("a\n\nb\r\n\r\nc\n", ["a", "blank", "b", "blank", "c", "end"]),
        ("a,b,", ["a|b|", "end"]),
        ("last,line", ["last|line", "end"]),
        ("\"quoted last\"", ["quoted last", "end"]),
        (",,\n", ["||", "end"]),
        ("0,\"Long text, with a comma and \"\"quotes\"\" that runs past eight bytes\"\n", ["0|Long text, with a comma and \"quotes\" that runs past eight bytes", "end"]),
        ("小蚂蚁,\"郭文贵的谎言, \"\"小蚂蚁\"\"\"\n", ["小蚂蚁|郭文贵的谎言, \"小蚂蚁\"", "end"]),
        ("", ["end"]),
    ]

    @Test func readsRFC4180Records() {
        for (input, expected) in Self.valid {
            #expect(scanAll(Array(input.utf8)) == expected, "\(input.debugDescription)")
        }
    }

    /// What ciblab's writer never writes, and where the scanner says it is.
    static let malformed: [(String, [String])] = [
        ("a,12\" screen\n", ["quoteInUnquotedField at 4 in field 1"]),
        ("a,\"ab\"c,d\n", ["textAfterClosingQuote at 6 in field 1"]),
        ("ok\nx,\"ab\" \n", ["ok", "textAfterClosingQuote at 9 in field 1"]),
        ("a\rb\n", ["bareCarriageReturn at 1 in field 0"]),
        ("\rb\n", ["bareCarriageReturn at 0 in field 0"]),
        ("a,b\r", ["bareCarriageReturn at 3 in field 1"]),
        ("a\n1,\"open\n\nnever closed", ["a", "unterminatedQuote at 4 in field 1"]),
        ("\"a\"\"", ["unterminatedQuote at 0 in field 0"]),
    ]

    @Test func findsWhatBreaksRFC4180() {
        for (input, expected) in Self.malformed {
            #expect(scanAll(Array(input.utf8)) == expected, "\(input.debugDescription)")
        }
    }

    @Test func countsLineFeedsQuotedOnesIncluded() {
        let bytes = Array("a,\"x\r\ny\rz\n\"\nb,c\r\n\nd".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = RFC4180Scanner(base: buffer.baseAddress!, end: buffer.count, endIsEndOfInput: true)
            var p = 0
            #expect(scanner.scanRecord(at: &p) == .record)
            #expect(scanner.lineFeeds == 3)
            #expect(scanner.scanRecord(at: &p) == .record)
            #expect(scanner.lineFeeds == 4)
            #expect(scanner.scanRecord(at: &p) == .blankLine)
            #expect(scanner.lineFeeds == 5)
            #expect(scanner.scanRecord(at: &p) == .record)
            #expect(scanner.lineFeeds == 5)
            #expect(scanner.scanRecord(at: &p) == .endOfInput)
            #expect(scanner.lineFeeds(from: 0, to: buffer.count) == 5)
        }
    }

    @Test func aViewThatEndsInsideARecordIsTruncated() {
        // Every view ending before the first line end (the \r\n included) is truncated, and so is one ending on the
        // quote that might be the first of a `""`.
        let bytes = Array("ab,\"c\"\"d\"\r\nef".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            for end in 1 ..< 11 {
                var scanner = RFC4180Scanner(base: buffer.baseAddress!, end: end, endIsEndOfInput: false)
                var p = 0
                #expect(scanner.scanRecord(at: &p) == .truncated, "end \(end)")
                #expect(p == 0)
            }
            var scanner = RFC4180Scanner(base: buffer.baseAddress!, end: 11, endIsEndOfInput: false)
            var p = 0
            #expect(scanner.scanRecord(at: &p) == .record)
            #expect(p == 11)
            #expect(scanner.withField(1) { Array($0) } == Array("c\"d".utf8))
            #expect(scanner.scanRecord(at: &p) == .truncated)
        }
    }
}

/// Records of `bytes` cut into chunks of `chunkBytes` through ``CSVChunks``, serially, each with its line number (the
/// lines before a chunk are the line feeds its predecessors passed).
private func strictRecords(_ bytes: [UInt8], chunkBytes: Int) -> [String] {
    bytes.withUnsafeBufferPointer { buffer -> [String] in
        let count = buffer.count
        let shared = StrictBase(base: buffer.baseAddress!)
        let chunks = CSVChunks.parse(
            base: buffer.baseAddress!, count: count, from: 0, chunkBytes: chunkBytes, slackBytes: chunkBytes,
            mapper: SerialMapper(),
            parse: { start, end, viewEnd in StrictChunk(base: shared.base, count: count, start: start, end: end, viewEnd: viewEnd) })
        var linesBefore = 0
        var out: [String] = []
        for chunk in chunks {
            out += chunk.records.map { "line \(linesBefore + $0.line): \($0.text)" }
            linesBefore += chunk.lineFeeds
        }
        return out
    }
}

private struct StrictBase: @unchecked Sendable { let base: UnsafePointer<UInt8> }

private struct StrictChunk: CSVChunkResult {
    let start: Int
    var stop = 0
    var complete = true
    var failed = false
    var lineFeeds = 0
    var records: [(line: Int, text: String)] = []

    init(base: UnsafePointer<UInt8>, count: Int, start: Int, end: Int, viewEnd: Int) {
        self.start = start
        var scanner = RFC4180Scanner(base: base, end: viewEnd, endIsEndOfInput: viewEnd == count)
        var p = start
        while p < end {
            let line = scanner.lineFeeds + 1
            switch scanner.scanRecord(at: &p) {
            case .record:
                records.append((line, (0 ..< scanner.fieldCount).map { i in scanner.withField(i) { String(decoding: $0, as: UTF8.self) } }
                    .joined(separator: "|")))
            case .blankLine: records.append((line, "blank"))
            case .endOfInput: break
            case .truncated:
                complete = false
                return
            case .malformed:
                failed = true
                return
            }
        }
        stop = p
        lineFeeds = scanner.lineFeeds
    }
}

@Suite struct RFC4180ChunkTests {
    /// Strict CSV whose quoted fields hold commas, quotes, CR and LF, with LF and CRLF line ends and blank lines, and
    /// the line each data row starts on (1 + the line feeds before it).
    static func strictCSV(rows: Int, seed: UInt64, lastLineEnd: Bool) -> (bytes: [UInt8], lines: [Int]) {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let pieces = ["plain", "\"a,b\"", "\"line\nbreak\"", "\"crlf\r\ninside\"", "\"cr\rinside\"", "\"say \"\"hi\"\"\"",
                      "\"\"", "", "\"\n\n\n\"", "é", "\"a much longer quoted text, with \"\"quotes\"\", commas\nand lines\"",
                      "a much longer unquoted text that spans several words"]
        var text: [UInt8] = Array("h1,h2,h3\r\n".utf8)
        var lines: [Int] = []
        for r in 0 ..< rows {
            lines.append(1 + text.filter { $0 == 0x0A }.count)
            text += Array((0 ..< 3).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined(separator: ",").utf8)
            if r < rows - 1 || lastLineEnd { text += Array(["\n", "\r\n"][Int(next() % 2)].utf8) }
            if r % 17 == 0 && r < rows - 1 { text.append(0x0A) }
        }
        return (text, lines)
    }

    @Test func chunksCutAnywhereGiveTheSerialRecordsAndLines() {
        for seed in 1 ... 3 as ClosedRange<UInt64> {
            for lastLineEnd in [true, false] {
                let (bytes, lines) = Self.strictCSV(rows: 300, seed: seed, lastLineEnd: lastLineEnd)
                let serial = strictRecords(bytes, chunkBytes: bytes.count + 1)
                let rows = serial.filter { !$0.hasSuffix("blank") }
                #expect(rows.count == 301)
                #expect(rows.dropFirst().map { Int($0.dropFirst(5).prefix { $0 != ":" })! } == lines)
                for chunkBytes in [1, 2, 3, 5, 8, 13, 64, 200, 4096] {
                    #expect(strictRecords(bytes, chunkBytes: chunkBytes) == serial,
                            "seed \(seed), last line end \(lastLineEnd), chunks of \(chunkBytes) bytes")
                }
            }
        }
    }
}
