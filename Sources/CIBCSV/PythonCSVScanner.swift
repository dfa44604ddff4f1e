/// Records of CSV bytes exactly as Python's `csv.reader` with the default `excel` dialect (non-strict) reads them from
/// a file opened in text mode with universal newlines (`open(path, encoding="utf-8")`), without decoding a character:
///
/// - a record ends at `\n`, `\r` or `\r\n` outside quotes; an empty line is a record with no fields;
/// - a field that starts with `"` is quoted: it may hold `,`, line breaks (`\r\n` and `\r` become `\n`, as universal
///   newlines deliver them) and `""` for one quote; after the closing quote, anything up to the next `,` or line break
///   is appended to the value as it is (non-strict mode: `"ab"c` is `abc`);
/// - a `"` anywhere else is an ordinary character (`12" screen` is read as written).
///
/// (CPython's Modules/_csv.c, `parse_process_char`.) The scanner only finds where each value's bytes are: unquoted
/// values and quoted values without `""` or `\r` are spans of the input; the others are unescaped into a scratch
/// buffer, reused from record to record, so scanning allocates nothing per field.
public struct PythonCSVScanner {
    /// Where one field's value is: `count` bytes from `start`, in the input or (when `unescaped`) in ``scratch``.
    public struct Field: Sendable {
        public var start: Int
        public var count: Int
        public var unescaped: Bool
    }

    /// The result of ``scanRecord(at:)``.
    public enum Outcome: Sendable, Equatable {
        /// A record was read into ``fields``.
        case record
        /// The position was at the end of the input.
        case endOfInput
        /// The input ended inside a quoted field opened on line `quoteLine` (relative to this scanner's start).
        case unterminatedQuote(quoteLine: Int)
        /// The scanned view ended before the record did (only when the view is not the whole input).
        case truncated
    }

    public let base: UnsafePointer<UInt8>
    /// The scanned view is `0 ..< end` of `base`.
    public let end: Int
    /// Whether `end` is the end of the input (otherwise a record reaching it is ``Outcome/truncated``).
    public let endIsEndOfInput: Bool
    /// The fields of the last record read.
    public private(set) var fields: [Field] = []
    /// Unescaped values of the last record.
    public private(set) var scratch: [UInt8] = []
    /// Line breaks passed since the scanner started (`\r\n`, `\r` and `\n` count one each), quoted ones included.
    public private(set) var lineBreaks = 0

    public init(base: UnsafePointer<UInt8>, end: Int, endIsEndOfInput: Bool) {
        self.base = base
        self.end = end
        self.endIsEndOfInput = endIsEndOfInput
        fields.reserveCapacity(16)
    }

    /// Calls `body` with the bytes of field `i` of the last record.
    @inline(__always)
    public func withField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let f = fields[i]
        if f.unescaped {
            return try scratch.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[f.start ..< f.start + f.count])) }
        }
        return try body(UnsafeBufferPointer(start: base + f.start, count: f.count))
    }

    /// Reads the record starting at `position` and moves `position` to the start of the next one.
    public mutating func scanRecord(at position: inout Int) -> Outcome {
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        let b = base, n = end
        var i = position
        fields.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        guard i < n else { return endOfView(position: i) }
        let startBreaks = lineBreaks
        // An empty line is a record without fields.
        if b[i] == lf || b[i] == cr {
            if b[i] == cr {
                if i + 1 < n { i += b[i + 1] == lf ? 2 : 1 } else if endIsEndOfInput { i += 1 } else { return .truncated }
            } else {
                i += 1
            }
            lineBreaks += 1
            position = i
            return .record
        }
        while true {
            if i < n && b[i] == quote {
                let quoteLine = lineBreaks - startBreaks + 1
                let open = i
                i += 1
                // Fast path: the value is the span up to the closing quote when it holds no `""` and no `\r`.
                var clean = true
                while i < n {
                    let c = b[i]
                    if c == quote || c == cr { break }
                    if c == lf { lineBreaks += 1 }
                    i += 1
                }
                if i < n && b[i] == quote && (i + 1 >= n || b[i + 1] == comma || b[i + 1] == lf || b[i + 1] == cr) {
                    if i + 1 >= n && !endIsEndOfInput { lineBreaks = startBreaks; return .truncated }
                    fields.append(Field(start: open + 1, count: i - open - 1, unescaped: false))
                    i += 1
                } else {
                    clean = false
                }
                if !clean {
                    // Unescape from the opening quote again (line breaks counted once more from there).
                    var j = open + 1
                    lineBreaks = lineBreaks - countLineFeeds(open + 1, i)
                    let first = scratch.count
                    var closed = false
                    while j < n {
                        let c = b[j]
                        if c == quote {
                            if j + 1 < n && b[j + 1] == quote {
                                scratch.append(quote)
                                j += 2
                                continue
                            }
                            j += 1
                            closed = true
                            while j < n && b[j] != comma && b[j] != lf && b[j] != cr {
                                scratch.append(b[j])
                                j += 1
                            }
                            break
                        } else if c == cr || c == lf {
                            scratch.append(lf)
                            if c == cr && j + 1 < n && b[j + 1] == lf {
                                j += 2
                            } else if c == cr && j + 1 >= n && !endIsEndOfInput {
                                lineBreaks = startBreaks
                                return .truncated
                            } else {
                                j += 1
                            }
                            lineBreaks += 1
                        } else {
                            scratch.append(c)
                            j += 1
                        }
                    }
                    guard closed else {
                        lineBreaks = startBreaks
                        return endIsEndOfInput ? .unterminatedQuote(quoteLine: quoteLine) : .truncated
                    }
                    if j >= n && !endIsEndOfInput {
                        lineBreaks = startBreaks
                        return .truncated
                    }
                    fields.append(Field(start: first, count: scratch.count - first, unescaped: true))
                    i = j
                }
            } else {
                let start = i
                while i < n {
                    let c = b[i]
                    if c == comma || c == lf || c == cr { break }
                    i += 1
                }
                if i >= n && !endIsEndOfInput {
                    lineBreaks = startBreaks
                    return .truncated
                }
                fields.append(Field(start: start, count: i - start, unescaped: false))
            }
            if i < n && b[i] == comma {
                i += 1
                continue
            }
            if i < n {
                if b[i] == cr {
                    if i + 1 < n { i += b[i + 1] == lf ? 2 : 1 } else if endIsEndOfInput { i += 1 } else {
                        lineBreaks = startBreaks
                        return .truncated
                    }
                } else {
                    i += 1
                }
                lineBreaks += 1
            }
            break
        }
        position = i
        return .record
    }

    private func endOfView(position: Int) -> Outcome {
        endIsEndOfInput ? .endOfInput : .truncated
    }

    private func countLineFeeds(_ from: Int, _ to: Int) -> Int {
        var count = 0
        var i = from
        while i < to {
            if base[i] == 0x0A { count += 1 }
            i += 1
        }
        return count
    }

    /// Whether `p` is where a line starts: the start, the end, or just after `\n`, or after a `\r` not followed by
    /// `\n`. Every record starts at a line start (the converse fails only inside quoted fields).
    public static func isLineStart(_ p: Int, base: UnsafePointer<UInt8>, count: Int) -> Bool {
        if p <= 0 || p >= count { return true }
        let previous = base[p - 1]
        return previous == 0x0A || (previous == 0x0D && base[p] != 0x0A)
    }
}
