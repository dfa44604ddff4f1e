/// Records of CSV bytes read strictly as RFC 4180 (§2) defines them and ciblab's `CSVWriter` writes them, without
/// decoding a character:
///
/// - a record ends at `\n` or `\r\n` (the RFC's CRLF, accepted as a line end; a `\r` anywhere else outside quotes is an
///   error), or at the end of the input (a last line without a line end is a record);
/// - an empty line is reported as ``Outcome/blankLine``, for the caller to skip or refuse;
/// - a field that starts with `"` is quoted: it may hold `,`, `\r` and `\n` (kept as they are) and `""` for one quote,
///   and must end with a `"` followed by `,`, a line end or the end of the input;
/// - a `"` is allowed nowhere else: not inside an unquoted field (`12" screen`), not after a closing quote (`"ab"c`).
///
/// (Compare ``PythonCSVScanner``, which reads Python's lenient dialect.) The scanner only finds where each value's
/// bytes are: unquoted values and quoted values without `""` are spans of the input; the others are unescaped into a
/// scratch buffer reused from record to record, so scanning allocates nothing per field. Separators are found eight
/// bytes at a time (SWAR: exact zero-byte masks, Hacker's Delight §6-1), which matters for long text fields.
///
/// Line numbers count `\n` bytes (a `\r\n` is one line end), quoted ones included: they are the lines an editor shows.
public struct RFC4180Scanner {
    /// Where one field's value is: `count` bytes from `start`, in the input or (when `unescaped`) in ``scratch``;
    /// `origin` is where the field begins in the input (its opening quote, for a quoted field).
    public struct Field: Sendable {
        public var start: Int
        public var count: Int
        public var unescaped: Bool
        public var origin: Int
    }

    /// What breaks RFC 4180 in a record.
    public enum Problem: Sendable, Equatable {
        /// A `"` inside a field that does not start with one.
        case quoteInUnquotedField
        /// Something other than `,` or a line end after a quoted field's closing quote.
        case textAfterClosingQuote
        /// A `\r` outside quotes that is not followed by `\n`.
        case bareCarriageReturn
        /// The input ends inside a quoted field.
        case unterminatedQuote

        /// What is wrong, as the end of a sentence naming the column.
        public var message: String {
            switch self {
            case .quoteInUnquotedField:
                "a '\"' inside an unquoted field (RFC 4180: a field holding a quote is enclosed in quotes, each quote doubled)"
            case .textAfterClosingQuote:
                "text after the closing quote of a quoted field (expected ',' or a line end; a quote inside a quoted field is doubled)"
            case .bareCarriageReturn:
                "a carriage return (\\r) that does not end a line (lines end with \\n or \\r\\n)"
            case .unterminatedQuote:
                "unterminated quoted field (the '\"' that opens it is never closed)"
            }
        }
    }

    /// The result of ``scanRecord(at:)``.
    public enum Outcome: Sendable, Equatable {
        /// A record was read: ``fieldCount`` fields, ``field(_:)``, ``withField(_:_:)``.
        case record
        /// An empty line (`\n` or `\r\n` alone) was passed; the record has no fields.
        case blankLine
        /// The position was at the end of the input.
        case endOfInput
        /// The scanned view ended before the record did (only when the view is not the whole input).
        case truncated
        /// The record breaks RFC 4180 at input offset `offset`, in its field number `field` (from 0). The position
        /// is not moved.
        case malformed(Problem, offset: Int, field: Int)
    }

    public let base: UnsafePointer<UInt8>
    /// The scanned view is `0 ..< end` of `base`.
    public let end: Int
    /// Whether `end` is the end of the input (otherwise a record reaching it is ``Outcome/truncated``).
    public let endIsEndOfInput: Bool
    /// The fields of the last record read are `fieldStorage[0 ..< fieldCount]` (the storage is reused from record to
    /// record: no allocation, nothing to clear).
    @usableFromInline var fieldStorage: [Field] = []
    /// The number of fields of the last record read.
    public private(set) var fieldCount = 0
    /// Unescaped values of the last record.
    public private(set) var scratch: [UInt8] = []
    /// `\n` bytes passed by the records (and blank lines) read so far, quoted ones included.
    public private(set) var lineFeeds = 0

    public init(base: UnsafePointer<UInt8>, end: Int, endIsEndOfInput: Bool) {
        self.base = base
        self.end = end
        self.endIsEndOfInput = endIsEndOfInput
        fieldStorage = [Field](repeating: Field(start: 0, count: 0, unescaped: false, origin: 0), count: 16)
    }

    /// Field `i` of the last record read.
    @inlinable @inline(__always)
    public func field(_ i: Int) -> Field {
        precondition(i >= 0 && i < fieldCount, "RFC4180Scanner: field \(i) of a record of \(fieldCount)")
        return fieldStorage[i]
    }

    @inline(__always)
    private mutating func appendField(_ field: Field) {
        if fieldCount == fieldStorage.count { fieldStorage.append(field) } else { fieldStorage[fieldCount] = field }
        fieldCount += 1
    }

    /// Calls `body` with the bytes of field `i` of the last record.
    @inlinable @inline(__always)
    public func withField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let f = field(i)
        if f.unescaped {
            return try scratch.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[f.start ..< f.start + f.count])) }
        }
        return try body(UnsafeBufferPointer(start: base + f.start, count: f.count))
    }

    /// Reads the record starting at `position` and moves `position` to the start of the next one.
    public mutating func scanRecord(at position: inout Int) -> Outcome {
        let b = base, n = end
        fieldCount = 0
        if !scratch.isEmpty { scratch.removeAll(keepingCapacity: true) }
        var i = position
        guard i < n else { return endIsEndOfInput ? .endOfInput : .truncated }
        // An empty line.
        if b[i] == Self.lf {
            position = i + 1
            lineFeeds += 1
            return .blankLine
        }
        if b[i] == Self.cr {
            guard i + 1 < n else { return endIsEndOfInput ? .malformed(.bareCarriageReturn, offset: i, field: 0) : .truncated }
            guard b[i + 1] == Self.lf else { return .malformed(.bareCarriageReturn, offset: i, field: 0) }
            position = i + 2
            lineFeeds += 1
            return .blankLine
        }
        var feeds = 0
        while true {
            let origin = i
            if i < n && b[i] == Self.quote {
                i += 1
                var spanStart = i
                var unescapedFrom = -1
                while true {
                    i = nextQuote(from: i, lineFeeds: &feeds)
                    guard i < n else {
                        return endIsEndOfInput ? .malformed(.unterminatedQuote, offset: origin, field: fieldCount) : .truncated
                    }
                    // A quote: the last byte of a view that is not the input's end may be the first of `""`.
                    guard i + 1 < n else {
                        if endIsEndOfInput { break }
                        return .truncated
                    }
                    guard b[i + 1] == Self.quote else { break }
                    // `""`: one quote of the value.
                    if unescapedFrom < 0 { unescapedFrom = scratch.count }
                    scratch.append(contentsOf: UnsafeBufferPointer(start: b + spanStart, count: i + 1 - spanStart))
                    i += 2
                    spanStart = i
                }
                if unescapedFrom >= 0 {
                    scratch.append(contentsOf: UnsafeBufferPointer(start: b + spanStart, count: i - spanStart))
                    appendField(Field(start: unescapedFrom, count: scratch.count - unescapedFrom, unescaped: true, origin: origin))
                } else {
                    appendField(Field(start: origin + 1, count: i - origin - 1, unescaped: false, origin: origin))
                }
                i += 1
                if i < n && b[i] != Self.comma && b[i] != Self.lf && b[i] != Self.cr {
                    return .malformed(.textAfterClosingQuote, offset: i, field: fieldCount - 1)
                }
            } else {
                i = nextSeparator(from: i)
                if i < n && b[i] == Self.quote { return .malformed(.quoteInUnquotedField, offset: i, field: fieldCount) }
                if i >= n && !endIsEndOfInput { return .truncated }
                appendField(Field(start: origin, count: i - origin, unescaped: false, origin: origin))
            }
            // At a separator, a line end or the end of the input.
            if i >= n {
                position = i
                lineFeeds += feeds
                return .record
            }
            let c = b[i]
            if c == Self.comma {
                i += 1
                continue
            }
            if c == Self.lf {
                position = i + 1
                lineFeeds += feeds + 1
                return .record
            }
            // `\r`
            guard i + 1 < n else {
                return endIsEndOfInput ? .malformed(.bareCarriageReturn, offset: i, field: fieldCount - 1) : .truncated
            }
            guard b[i + 1] == Self.lf else { return .malformed(.bareCarriageReturn, offset: i, field: fieldCount - 1) }
            position = i + 2
            lineFeeds += feeds + 1
            return .record
        }
    }

    /// The `\n` bytes in `from ..< to` of the input (for the line of a problem inside a record).
    public func lineFeeds(from: Int, to: Int) -> Int {
        var count = 0
        var i = from
        while i < to {
            if base[i] == Self.lf { count += 1 }
            i += 1
        }
        return count
    }

    // MARK: - Byte search

    static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let high: UInt64 = 0x8080_8080_8080_8080
    private static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The high bit of each byte of `word` equal to the byte repeated in `pattern`, and no other bit (exact: no false
    /// positives from borrows).
    @inline(__always)
    private static func matches(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let x = word ^ pattern
        return ~(((x & low7) &+ low7) | x) & high
    }

    @inline(__always)
    private func word(at i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: i, as: UInt64.self))
    }

    /// The first `,`, `"`, `\n` or `\r` at or after `from`, or ``end``.
    @inline(__always)
    private func nextSeparator(from: Int) -> Int {
        var i = from
        while i + 8 <= end {
            let w = word(at: i)
            let m = Self.matches(w, Self.ones &* UInt64(Self.comma)) | Self.matches(w, Self.ones &* UInt64(Self.quote))
                | Self.matches(w, Self.ones &* UInt64(Self.lf)) | Self.matches(w, Self.ones &* UInt64(Self.cr))
            if m != 0 { return i + m.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < end {
            let c = base[i]
            if c == Self.comma || c == Self.quote || c == Self.lf || c == Self.cr { return i }
            i += 1
        }
        return end
    }

    /// The first `"` at or after `from`, or ``end``; adds the `\n` bytes passed to `lineFeeds`.
    @inline(__always)
    private func nextQuote(from: Int, lineFeeds: inout Int) -> Int {
        var i = from
        while i + 8 <= end {
            let w = word(at: i)
            let q = Self.matches(w, Self.ones &* UInt64(Self.quote))
            let f = Self.matches(w, Self.ones &* UInt64(Self.lf))
            if q != 0 {
                // Line feeds before the quote: the bits below its lowest set bit.
                lineFeeds += (f & ((q & (0 &- q)) &- 1)).nonzeroBitCount
                return i + q.trailingZeroBitCount >> 3
            }
            lineFeeds += f.nonzeroBitCount
            i += 8
        }
        while i < end {
            let c = base[i]
            if c == Self.quote { return i }
            if c == Self.lf { lineFeeds += 1 }
            i += 1
        }
        return end
    }
}
