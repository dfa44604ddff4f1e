import CIBModel
import Foundation

/// Reads an RFC 4180 CSV file with a header row, handing out fields by column name without creating a `String` per
/// field unless asked. Every error names the file, the line and the column.
public struct CSVReader {
    public let path: String
    private let bytes: [UInt8]
    public let header: [String]
    private var position: Int
    private var line: Int
    /// Data rows handed out so far.
    public private(set) var rows = 0
    /// The file's size in bytes.
    public var byteCount: Int { bytes.count }

    /// Loads the whole file. `expectedColumns` must all be present in the header (extra columns are allowed).
    public init(path: String, expectedColumns: [String] = []) throws(StorageError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StorageError(path: path, message: "missing")
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw StorageError(path: path, message: "cannot read the file (it is a directory or unreadable)")
        }
        bytes = [UInt8](data)
        position = 0
        line = 0
        var fields: [Range<Int>] = []
        var quoted: [Bool] = []
        guard Self.nextRow(bytes, &position, &fields, &quoted) else {
            throw StorageError(path: path, line: 1, message: "empty file: expected a header row")
        }
        line = 1
        let all = bytes
        let names = zip(fields, quoted).map { Self.decode(all, $0.0, quoted: $0.1) }
        header = names
        for column in expectedColumns where !names.contains(column) {
            throw StorageError(
                path: path, line: 1,
                message: "missing column '\(column)' in the header (found '\(PrintableText.clean(names.joined(separator: ","), limit: 120))'; expected \(expectedColumns.joined(separator: ","))")
        }
        for column in expectedColumns where names.firstIndex(of: column) != names.lastIndex(of: column) {
            throw StorageError(path: path, line: 1, message: "column '\(column)' appears twice in the header")
        }
    }

    /// The index of a header column.
    public func column(_ name: String) throws(StorageError) -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw StorageError(path: path, line: 1, message: "missing column '\(name)'")
        }
        return index
    }

    /// Calls `body` for each data row in order.
    public mutating func forEachRow(_ body: (borrowing CSVRow) throws(StorageError) -> Void) throws(StorageError) {
        var fields: [Range<Int>] = []
        var quoted: [Bool] = []
        fields.reserveCapacity(header.count)
        while Self.nextRow(bytes, &position, &fields, &quoted) {
            line += 1
            if fields.count == 1, fields[0].isEmpty { continue }  // blank line
            guard fields.count == header.count else {
                throw StorageError(path: path, line: line, message: "expected \(header.count) fields as in the header, found \(fields.count)")
            }
            let row = CSVRow(bytes: bytes, fields: fields, quoted: quoted, header: header, path: path, line: line, row: rows)
            rows += 1
            try body(row)
        }
    }

    /// Splits the next row starting at `position`; returns false at end of input.
    private static func nextRow(_ bytes: [UInt8], _ position: inout Int, _ fields: inout [Range<Int>], _ quoted: inout [Bool]) -> Bool {
        fields.removeAll(keepingCapacity: true)
        quoted.removeAll(keepingCapacity: true)
        let n = bytes.count
        guard position < n else { return false }
        var i = position
        while true {
            if i < n, bytes[i] == 0x22 {
                // Quoted field: up to the closing quote; "" is an escaped quote.
                let start = i + 1
                i += 1
                while i < n {
                    if bytes[i] == 0x22 {
                        if i + 1 < n, bytes[i + 1] == 0x22 { i += 2; continue }
                        break
                    }
                    i += 1
                }
                fields.append(start ..< min(i, n))
                quoted.append(true)
                i += 1
                while i < n, bytes[i] != 0x2C, bytes[i] != 0x0A { i += 1 }
            } else {
                let start = i
                while i < n, bytes[i] != 0x2C, bytes[i] != 0x0A { i += 1 }
                var end = i
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                fields.append(start ..< end)
                quoted.append(false)
            }
            if i >= n { position = n; return true }
            if bytes[i] == 0x0A { position = i + 1; return true }
            i += 1  // comma
        }
    }

    fileprivate static func decode(_ bytes: [UInt8], _ range: Range<Int>, quoted: Bool) -> String {
        if !quoted { return String(decoding: bytes[range], as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var i = range.lowerBound
        while i < range.upperBound {
            out.append(bytes[i])
            if bytes[i] == 0x22, i + 1 < range.upperBound, bytes[i + 1] == 0x22 { i += 2 } else { i += 1 }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// One data row of a ``CSVReader``.
public struct CSVRow: ~Copyable {
    fileprivate let bytes: [UInt8]
    fileprivate let fields: [Range<Int>]
    fileprivate let quoted: [Bool]
    fileprivate let header: [String]
    public let path: String
    public let line: Int

    public func isEmpty(_ column: Int) -> Bool { fields[column].isEmpty }

    /// The number of data rows read before this one (the row's index, blank lines not counted).
    public let row: Int

    public func string(_ column: Int) -> String {
        CSVReader.decode(bytes, fields[column], quoted: quoted[column])
    }

    /// Parses a decimal integer field, with an error naming the line and column when it is not one.
    public func int(_ column: Int) throws(StorageError) -> Int64 {
        let range = fields[column]
        var i = range.lowerBound
        var negative = false
        if i < range.upperBound, bytes[i] == 0x2D { negative = true; i += 1 }
        guard i < range.upperBound else { throw error(column, expected: "an integer") }
        var value: Int64 = 0
        while i < range.upperBound {
            let d = bytes[i] &- 0x30
            guard d < 10 else { throw error(column, expected: "an integer") }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(d))
            guard !o1, !o2 else { throw error(column, expected: "an integer in 64-bit range") }
            value = s
            i += 1
        }
        return negative ? -value : value
    }

    /// An integer field constrained to `range`.
    public func int(_ column: Int, in range: ClosedRange<Int64>) throws(StorageError) -> Int64 {
        let v = try int(column)
        guard range.contains(v) else { throw error(column, expected: "a value in \(range.lowerBound)...\(range.upperBound)") }
        return v
    }

    public func uint64(_ column: Int) throws(StorageError) -> UInt64 {
        let range = fields[column]
        guard !range.isEmpty, range.count <= 20, bytes[range].allSatisfy({ $0 &- 0x30 < 10 }), let v = UInt64(string(column)) else {
            throw error(column, expected: "an unsigned 64-bit integer")
        }
        return v
    }

    /// A time (UTC seconds) in ``DatasetLimits/times``.
    public func time(_ column: Int) throws(StorageError) -> Int64 {
        let t = try int(column)
        if let problem = DatasetLimits.checkTime(t) { throw error(column, expected: problem) }
        return t
    }

    /// The row's id column: it must equal the row's number.
    public func id(_ column: Int) throws(StorageError) -> Int {
        let v = try int(column)
        if let problem = DatasetLimits.checkID(v, row: row) { throw error(column, expected: problem) }
        return row
    }

    /// A reference to one of `count` rows of another table (`what` names it in the error).
    public func reference(_ column: Int, count: Int, of what: String) throws(StorageError) -> Int32 {
        let v = try int(column)
        if let problem = DatasetLimits.checkReference(v, count: count, of: what) { throw error(column, expected: problem) }
        return Int32(v)
    }

    /// Like ``reference(_:count:of:)``, or ``noReference`` when the field is empty.
    public func optionalReference(_ column: Int, count: Int, of what: String) throws(StorageError) -> Int32 {
        isEmpty(column) ? noReference : try reference(column, count: count, of: what)
    }

    /// The field as printable text for an error message (see ``PrintableText``).
    public func printable(_ column: Int) -> String { PrintableText.quote(bytes[fields[column]]) }

    public func error(_ column: Int, expected: String) -> StorageError {
        StorageError(path: path, line: line, message: "column '\(header[column])': expected \(expected), found '\(printable(column))'")
    }
}
