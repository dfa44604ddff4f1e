internal import CIBCSV
internal import Foundation

/// A problem reading a coordination-network-toolkit CSV: the file, the line the row starts on, and what was wrong.
public struct ToolkitCSVError: Error, CustomStringConvertible, Sendable, Equatable {
    public var path: String
    public var line: Int
    public var message: String

    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { "\(path):\(line): \(message)" }
}

/// How ids, URLs and texts of a toolkit CSV are compared.
public enum ToolkitNormalization: String, CaseIterable, Sendable {
    /// Code point for code point, as the toolkit (Python `str`, SQLite `BINARY`) does: `é` (U+00E9) and `e` + U+0301
    /// are different user ids, message ids, URLs and texts.
    case none
    /// Every field is put in Unicode Normalization Form C as it is read, so canonically equivalent spellings are
    /// equal (not what the toolkit does; useful when sources mix NFC and NFD). Output ids are the NFC forms.
    case nfc

    /// `field` in this normalisation.
    func apply(_ field: String) -> String {
        guard self == .nfc, !field.utf8.allSatisfy({ $0 < 0x80 }) else { return field }
        return field.precomposedStringWithCanonicalMapping
    }
}

/// Reads coordination-network-toolkit 1.5.2's CSV input and writes its edge-list output, so researchers can compare
/// ciblab's co-action networks with the toolkit's on their own data.
///
/// Input (`preprocess.preprocess_csv_files`): UTF-8, a header row that is skipped whatever it says, then rows of exactly
/// eight columns `message_id, user_id, username, repost_id, reply_id, message, timestamp, urls` in that order; the
/// timestamp is read with Python `float()` (seconds, any consistent origin); `urls` is split on U+0020 exactly as
/// Python's `str.split(" ")` (a space followed by a combining mark splits too). Fields are compared code point for
/// code point, as the toolkit does (``ToolkitNormalization``). Quoting
/// follows Python's `csv` module with the default `excel` dialect (fields may be quoted, `""` is a quote inside a
/// quoted field, quoted fields may span lines; the file is read in universal-newline mode, so `\r\n` and `\r` become
/// `\n`). Where the toolkit would crash or silently misread (a row with the wrong number of columns, a timestamp that is
/// not a finite number, an unterminated quote, invalid UTF-8) this reader throws ``ToolkitCSVError`` naming the line.
///
/// Output (`output.output_gephi_csv`): header `source,target,weight,edge_type`, every field quoted
/// (`csv.QUOTE_ALL`), `\r\n` line ends, edge type the network name (e.g. `co_link`), rows ordered by source then target
/// in byte order. (The toolkit's own `--output_format csv` path crashes in 1.5.2 — `output_gephi_csv()` is passed an
/// unexpected `n_messages` — so the toolkit's Python function is the reference.)
public enum CoordinationToolkitCSV {
    /// The input columns, in order.
    public static let columns = ["message_id", "user_id", "username", "repost_id", "reply_id", "message", "timestamp", "urls"]

    /// Reads the messages of a toolkit CSV file; with `.nfc`, every field is put in Unicode NFC as it is read.
    public static func readMessages(
        path: String, normalization: ToolkitNormalization = .none
    ) throws(ToolkitCSVError) -> [ToolkitMessage] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ToolkitCSVError(path: path, line: 0, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try readMessages(bytes: [UInt8](data), name: path, normalization: normalization)
    }

    /// Reads the messages of toolkit CSV bytes; `name` is used in error messages.
    public static func readMessages(
        bytes: [UInt8], name: String, normalization: ToolkitNormalization = .none
    ) throws(ToolkitCSVError) -> [ToolkitMessage] {
        guard !bytes.isEmpty else { throw ToolkitCSVError(path: name, line: 1, message: "empty file: expected a header row") }
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<[ToolkitMessage], ToolkitCSVError> in
            let base = buffer.baseAddress!
            var scanner = PythonCSVScanner(base: base, end: buffer.count, endIsEndOfInput: true)
            var messages: [ToolkitMessage] = []
            var position = 0
            var sawHeader = false
            while true {
                let recordStart = position, line = scanner.lineBreaks + 1
                switch scanner.scanRecord(at: &position) {
                case .record: break
                case .endOfInput, .truncated:
                    guard sawHeader else { return .failure(ToolkitCSVError(path: name, line: 1, message: "empty file: expected a header row")) }
                    return .success(messages)
                case .unterminatedQuote(let quoteLine):
                    return .failure(ToolkitCSVError(path: name, line: quoteLine, message: ToolkitCSVReader.unterminated))
                }
                guard sawHeader else {
                    // The header is skipped whatever it says (a UTF-8 BOM is part of its first field).
                    if let bad = UTF8Check.firstInvalid(base, from: recordStart, to: position) {
                        return .failure(ToolkitCSVError(path: name, line: line, message: ToolkitCSVReader.invalidUTF8(base[bad])))
                    }
                    sawHeader = true
                    continue
                }
                let timestamp: Double
                switch ToolkitCSVReader.checkRow(scanner, base: base, from: recordStart, to: position) {
                case .success(let t): timestamp = t
                case .failure(let problem): return .failure(ToolkitCSVError(path: name, line: line, message: problem.message))
                }
                let fields = (0 ..< 8).map { i in
                    normalization.apply(scanner.withField(i) { String(decoding: $0, as: UTF8.self) })
                }
                messages.append(ToolkitMessage(
                    messageID: fields[0], userID: fields[1], username: fields[2], repostID: fields[3], replyID: fields[4],
                    message: fields[5], timestamp: timestamp, urls: splitURLs(fields[7]), line: line))
            }
        }
        return try result.get()
    }

    /// The toolkit's edge-list CSV for `edges` (which should already be in ``coordinationNetwork(messages:kind:window:minWeight:includeSelfLoops:tasks:)``'s order).
    public static func edgeList(_ edges: [WeightedEdge], kind: CoordinationKind) -> String {
        var out = "\"source\",\"target\",\"weight\",\"edge_type\"\r\n"
        for e in edges {
            out += "\(quote(e.source)),\(quote(e.target)),\"\(e.weight)\",\"\(kind.rawValue)\"\r\n"
        }
        return out
    }

    /// Writes ``edgeList(_:kind:)`` to `path` atomically (a temporary file renamed into place).
    public static func writeEdges(_ edges: [WeightedEdge], kind: CoordinationKind, to path: String) throws(ToolkitCSVError) {
        do {
            try Data(edgeList(edges, kind: kind).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ToolkitCSVError(path: path, line: 0, message: "cannot write the edge list: \(error.localizedDescription)")
        }
    }

    private static func quote(_ field: String) -> String {
        // Ids rarely contain a quote: skip Foundation's search-and-replace for them.
        guard field.utf8.contains(UInt8(ascii: "\"")) else { return "\"" + field + "\"" }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Python `row[-1].split(" ")`: split on U+0020 bytes only, keeping empty pieces. (Swift's `split(separator: " ")`
    /// compares grapheme clusters, so a space followed by a combining mark — U+0301, U+200D, U+FE0F — would not split.)
    static func splitURLs(_ field: String) -> [String] {
        field.utf8.split(separator: 0x20, omittingEmptySubsequences: false).map { String(Substring($0)) }
    }

    /// Python `float()` of a CSV field.
    static func parsePythonFloat(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parsePythonFloat($0) }
    }

    /// Python `float()` of the UTF-8 bytes of a CSV field: surrounding whitespace (`str.isspace()`) ignored, any
    /// Unicode decimal digits, decimal or exponent notation, `_` between digits; NaN and infinities are rejected (they
    /// cannot be windowed).
    static func parsePythonFloat(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
        if let value = parsePlainDecimal(field) { return value }
        // CPython's PyFloat_FromString: Unicode spaces become ' ' and Unicode decimal digits their ASCII digit (any
        // other non-ASCII character makes the text invalid), underscores are checked and dropped, ASCII whitespace is
        // stripped from both ends, and the rest must be a decimal number in full.
        var ascii: [UInt8] = []
        var iterator = field.makeIterator()
        var decoder = Unicode.UTF8()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                if s.isASCII {
                    ascii.append(UInt8(s.value))
                } else if ToolkitText.isPythonSpace(s.value) {
                    ascii.append(0x20)
                } else if s.properties.numericType == .decimal, let v = s.properties.numericValue, v >= 0, v <= 9 {
                    ascii.append(0x30 + UInt8(v))
                } else {
                    return nil
                }
            case .emptyInput: break decoding
            case .error: return nil
            }
        }
        if ascii.contains(UInt8(ascii: "_")) {
            var cleaned: [UInt8] = []
            var previous: UInt8 = 0
            for c in ascii {
                let isDigit = c >= 0x30 && c <= 0x39
                if c == UInt8(ascii: "_") {
                    guard previous >= 0x30 && previous <= 0x39 else { return nil }
                } else {
                    guard previous != UInt8(ascii: "_") || isDigit else { return nil }
                    cleaned.append(c)
                }
                previous = c
            }
            guard previous != UInt8(ascii: "_") else { return nil }
            ascii = cleaned
        }
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
        guard let first = ascii.firstIndex(where: { !isSpace($0) }), let last = ascii.lastIndex(where: { !isSpace($0) })
        else { return nil }
        let body = ascii[first ... last]
        // Python accepts [sign] digits [. digits] [e [sign] digits] (and inf/nan, refused here); Swift's Double(String)
        // also reads hexadecimal, so the characters are checked first.
        guard body.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E || $0 == 0x45 || $0 == 0x65 }),
              let value = Double(String(decoding: body, as: UTF8.self)), value.isFinite
        else { return nil }
        return value
    }

    /// `[sign] digits [. digits]` with at most 15 digits in all: exact as an integer over a power of ten, so one
    /// correctly rounded division gives the same double as Python's correctly rounded `float()`.
    @inline(__always)
    static func parsePlainDecimal(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = field.count
        var i = 0
        var negative = false
        if n > 0 && (field[0] == 0x2D || field[0] == 0x2B) {
            negative = field[0] == 0x2D
            i = 1
        }
        var mantissa: Int64 = 0
        var digits = 0
        var fraction = -1
        while i < n {
            let c = field[i]
            if c >= 0x30 && c <= 0x39 {
                mantissa = mantissa &* 10 &+ Int64(c &- 0x30)
                digits += 1
                if fraction >= 0 { fraction += 1 }
            } else if c == 0x2E && fraction < 0 {
                fraction = 0
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0, digits <= 15 else { return nil }
        var value = Double(mantissa)
        if fraction > 0 { value /= plainPowersOfTen[fraction] }
        return negative ? -value : value
    }

    private static let plainPowersOfTen: [Double] = (0 ... 15).map { pow10($0) }

    private static func pow10(_ e: Int) -> Double {
        var v = 1.0
        for _ in 0 ..< e { v *= 10 }
        return v
    }
}
