import CIBCSV
import CIBModel

/// What is wrong with a row of a dataset table: a column's value (``column`` set, ``text`` reads "expected …, found
/// '…'") or the row as a whole. The table reader adds the file, the line and the column's name.
struct RowProblem: Error {
    var column: Int?
    var text: String

    /// The one-line message, the column named by `header`.
    func message(header: [String]) -> String {
        guard let column else { return text }
        return "column '\(RecordFields.columnName(column, header: header))': \(text)"
    }
}

/// The fields of the record a ``RFC4180Scanner`` has just read, as the values of a dataset table: integers, times,
/// ids and references checked by ``DatasetLimits``' rules, with the offending field quoted as printable text in the
/// error. Nothing here allocates unless it throws.
extension RFC4180Scanner {
    @inline(__always)
    func isEmpty(_ column: Int) -> Bool { field(column).count == 0 }

    /// The problem "column: expected `expected`, found 'the field'".
    func problem(_ column: Int, expected: String) -> RowProblem {
        RowProblem(column: column, text: "expected \(expected), found '\(withField(column) { PrintableText.quote($0) })'")
    }

    /// A decimal integer: an optional `-` and digits, within 64 bits.
    @inline(__always)
    func int(_ column: Int) throws(RowProblem) -> Int64 {
        let parsed = withField(column) { RecordFields.parseInt($0) }
        switch parsed {
        case .value(let v): return v
        case .notAnInteger: throw problem(column, expected: "an integer")
        case .overflow: throw problem(column, expected: "an integer in 64-bit range")
        }
    }

    /// An integer constrained to `range`.
    func int(_ column: Int, in range: ClosedRange<Int64>) throws(RowProblem) -> Int64 {
        let v = try int(column)
        guard range.contains(v) else { throw problem(column, expected: "a value in \(range.lowerBound)...\(range.upperBound)") }
        return v
    }

    /// Digits only (at most 20), within 64 unsigned bits.
    func uint64(_ column: Int) throws(RowProblem) -> UInt64 {
        guard let v = withField(column, { RecordFields.parseUInt64($0) }) else { throw problem(column, expected: "an unsigned 64-bit integer") }
        return v
    }

    /// A time (UTC seconds) in ``DatasetLimits/times``.
    func time(_ column: Int) throws(RowProblem) -> Int64 {
        let t = try int(column)
        if let problem = DatasetLimits.checkTime(t) { throw self.problem(column, expected: problem) }
        return t
    }

    /// The row's id column: it must equal the row's number `row`, which is returned.
    @inline(__always)
    func id(_ column: Int, row: Int) throws(RowProblem) -> Int {
        let v = try int(column)
        if let problem = DatasetLimits.checkID(v, row: row) { throw self.problem(column, expected: problem) }
        return row
    }

    /// A reference to one of `count` rows of another table (`what` names it in the error).
    @inline(__always)
    func reference(_ column: Int, count: Int, of what: String) throws(RowProblem) -> Int32 {
        let v = try int(column)
        if let problem = DatasetLimits.checkReference(v, count: count, of: what) { throw self.problem(column, expected: problem) }
        return Int32(v)
    }

    /// Like ``reference(_:count:of:)``, or ``noReference`` when the field is empty.
    @inline(__always)
    func optionalReference(_ column: Int, count: Int, of what: String) throws(RowProblem) -> Int32 {
        isEmpty(column) ? noReference : try reference(column, count: count, of: what)
    }

    /// Calls `body` with a text field's bytes once they are known to be valid UTF-8 (``DatasetLimits/checkText(_:)``).
    @inline(__always) @discardableResult
    func withText<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) throws(RowProblem) -> R {
        if let problem = withField(column, { DatasetLimits.checkText($0) }) { throw self.problem(column, expected: problem) }
        return withField(column, body)
    }
}

/// Number parsing on bytes, for ``RFC4180Scanner``'s record accessors.
enum RecordFields {
    enum ParsedInt {
        case value(Int64)
        case notAnInteger
        case overflow
    }

    /// Column `i` by its header name, or by its position for a field the header does not have (the message is made
    /// printable as a whole by ``StorageError``).
    static func columnName(_ i: Int, header: [String]) -> String {
        i < header.count ? header[i] : "field \(i + 1) (the header has \(header.count))"
    }

    /// An optional `-` then decimal digits; an overflow of 64 bits is reported, never wrapped (whichever of a
    /// non-digit and an overflow comes first, reading left to right).
    @inline(__always)
    static func parseInt(_ bytes: UnsafeBufferPointer<UInt8>) -> ParsedInt {
        var i = 0
        let n = bytes.count
        var negative = false
        if i < n && bytes[i] == 0x2D {
            negative = true
            i += 1
        }
        guard i < n else { return .notAnInteger }
        var value: Int64 = 0
        if n - i <= 18 {
            // At most 18 digits cannot overflow.
            while i < n {
                let d = bytes[i] &- 0x30
                guard d < 10 else { return .notAnInteger }
                value = value &* 10 &+ Int64(d)
                i += 1
            }
            return .value(negative ? -value : value)
        }
        while i < n {
            let d = bytes[i] &- 0x30
            guard d < 10 else { return .notAnInteger }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(d))
            guard !o1, !o2 else { return .overflow }
            value = s
            i += 1
        }
        return .value(negative ? -value : value)
    }

    /// One to 20 decimal digits within 64 unsigned bits.
    static func parseUInt64(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard !bytes.isEmpty, bytes.count <= 20 else { return nil }
        var value: UInt64 = 0
        for b in bytes {
            let d = b &- 0x30
            guard d < 10 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(d))
            guard !o1, !o2 else { return nil }
            value = s
        }
        return value
    }
}
