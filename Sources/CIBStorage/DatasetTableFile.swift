import CIBCSV
import CIBModel
import CIBStatistics
import Foundation

/// One CSV table of a dataset directory: the file memory-mapped, its header read and checked, and its rows parsed
/// in chunks on several threads.
///
/// The file is cut into chunks at record boundaries by ``CSVChunks`` (speculative cuts, verified, so a line break
/// inside a quoted text is never taken for the end of a row), and the chunks are parsed in parallel with the strict
/// ``RFC4180Scanner``. A chunk does not know how many rows come before it, nor the previous row's time, so it is
/// parsed optimistically: its first row's id is taken for its first row number, and the order of times is checked
/// from its second row on. The chunks are then walked in file order with the true row numbers and times; a chunk
/// whose guess was wrong, or that found a problem, is parsed again alone with the true values, which finds exactly
/// the first problem a row-by-row reader finds, on its true line (the lines before a chunk are the line feeds of
/// the chunks before it). So results and errors depend only on the file, never on the number of threads.
final class DatasetTableFile {
    let path: String
    let header: [String]
    private let file: MappedFile
    /// Where the first data record starts, and the line feeds before it.
    private let dataStart: Int
    private let headerLineFeeds: Int

    /// Maps the file and reads its header. `expectedColumns` must all be present, once each (extra columns are
    /// allowed).
    init(path: String, expectedColumns: [String]) throws(StorageError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StorageError(path: path, message: "missing")
        }
        guard !isDirectory.boolValue, let file = try? MappedFile(path: path) else {
            throw StorageError(path: path, message: "cannot read the file (it is a directory or unreadable)")
        }
        self.file = file
        let bytes = file.bytes
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0 else {
            throw StorageError(path: path, line: 1, message: "empty file: expected a header row")
        }
        var scanner = RFC4180Scanner(base: base, end: bytes.count, endIsEndOfInput: true)
        var position = 0
        switch scanner.scanRecord(at: &position) {
        case .record, .blankLine: break
        case .endOfInput, .truncated: throw StorageError(path: path, line: 1, message: "empty file: expected a header row")
        case .malformed(let problem, let offset, let field):
            throw StorageError(path: path, line: 1 + scanner.lineFeeds(from: 0, to: offset),
                               message: "header field \(field + 1): \(problem.message)")
        }
        let names = (0 ..< scanner.fieldCount).map { i in scanner.withField(i) { String(decoding: $0, as: UTF8.self) } }
        header = names.isEmpty ? [""] : names
        dataStart = position
        headerLineFeeds = scanner.lineFeeds
        for column in expectedColumns where !header.contains(column) {
            throw StorageError(
                path: path, line: 1,
                message: "missing column '\(column)' in the header (found '\(PrintableText.clean(header.joined(separator: ","), limit: 120))'; expected \(expectedColumns.joined(separator: ","))")
        }
        for column in expectedColumns where header.firstIndex(of: column) != header.lastIndex(of: column) {
            throw StorageError(path: path, line: 1, message: "column '\(column)' appears twice in the header")
        }
    }

    /// The index of a header column.
    func column(_ name: String) throws(StorageError) -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw StorageError(path: path, line: 1, message: "missing column '\(name)'")
        }
        return index
    }

    /// The index of a column that may be absent (a column added in a later schema).
    func optionalColumn(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// The file's rows through `parser`, chunk by chunk in file order, or the first problem in the file with its line.
    /// The chunks are cut every `chunkBytes` (a constant, so that they never depend on the thread count); a
    /// `chunkBytes` at least the file's size gives one chunk parsed with its true row numbers from the start (for
    /// tables whose checks span all rows, such as unique names).
    func readRows<P: TableRowParser>(_ parser: P, tasks: Int, chunkBytes: Int = DatasetReader.defaultChunkBytes) throws(StorageError) -> [P.Rows] {
        let bytes = file.bytes
        let count = bytes.count
        let shared = SharedBytes(base: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
        let header = self.header, file = self.file
        let single = chunkBytes >= count
        let step = max(1, min(chunkBytes, count))
        let chunks = CSVChunks.parse(
            base: shared.base, count: count, from: dataStart, chunkBytes: step, slackBytes: step, mapper: TaskMapper(tasks: tasks),
            parse: { start, end, viewEnd in
                let chunk = Self.parseChunk(parser, header: header, base: shared.base, count: count, start: start, end: end,
                                            viewEnd: viewEnd, firstRow: single ? 0 : nil, previousTime: .min)
                // Parsed pages leave resident memory: the rows hold copies of what they keep.
                file.dropPages(from: start, to: chunk.complete ? chunk.stop : start)
                return chunk
            })
        var row = 0, lines = headerLineFeeds, previousTime = Int64.min
        for chunk in chunks {
            var recheck = chunk.problem != nil
            if chunk.rows.count > 0 {
                if parser.idColumn != nil && chunk.firstRow != row { recheck = true }
                if row + chunk.rows.count > DatasetLimits.maxRows { recheck = true }
                if let span = chunk.rows.timeSpan, span.first < previousTime { recheck = true }
            }
            if recheck {
                // Parsed again alone with the true first row and previous time: the first problem of a row-by-row read.
                let exact = Self.parseChunk(parser, header: header, base: shared.base, count: count, start: chunk.start,
                                            end: count, viewEnd: count, firstRow: row, previousTime: previousTime)
                guard let problem = exact.problem ?? chunk.problem else {
                    throw StorageError(path: path, line: lines + 1, message: "internal error: a chunk's rows did not join its predecessor's")
                }
                throw StorageError(path: path, line: lines + problem.line, message: problem.message)
            }
            row += chunk.rows.count
            lines += chunk.lineFeeds
            if let span = chunk.rows.timeSpan { previousTime = span.last }
        }
        return chunks.map(\.rows)
    }

    /// Parses the records that start in `start ..< end` (reading nothing at or after `viewEnd`) as rows `firstRow, …`
    /// (nil: the first row's id, or 0 for a table without ids).
    private static func parseChunk<P: TableRowParser>(
        _ parser: P, header: [String], base: UnsafePointer<UInt8>, count: Int, start: Int, end: Int, viewEnd: Int,
        firstRow: Int?, previousTime: Int64
    ) -> TableChunk<P.Rows> {
        var chunk = TableChunk(start: start, rows: parser.makeRows())
        var scanner = RFC4180Scanner(base: base, end: viewEnd, endIsEndOfInput: viewEnd == count)
        var position = start
        var row = firstRow ?? -1
        var previous = previousTime
        records: while position < end {
            let recordStart = position
            let line = scanner.lineFeeds + 1
            switch scanner.scanRecord(at: &position) {
            case .record: break
            case .blankLine: continue records
            case .endOfInput: break records
            case .truncated:
                chunk.complete = false
                return chunk
            case .malformed(let problem, let offset, let field):
                chunk.problem = (line + scanner.lineFeeds(from: recordStart, to: offset),
                                 "column '\(RecordFields.columnName(field, header: header))': \(problem.message)")
                return chunk
            }
            guard scanner.fieldCount == header.count else {
                chunk.problem = (line, "expected \(header.count) fields as in the header, found \(scanner.fieldCount)")
                return chunk
            }
            if row < 0 {
                row = optimisticFirstRow(scanner, idColumn: parser.idColumn)
                chunk.firstRow = row
            }
            do {
                try parser.parse(scanner, row: row, previousTime: &previous, into: &chunk.rows)
            } catch {
                let fieldLine = error.column.map { line + scanner.lineFeeds(from: recordStart, to: scanner.field($0).origin) } ?? line
                chunk.problem = (fieldLine, error.message(header: header))
                return chunk
            }
            row += 1
        }
        chunk.stop = position
        chunk.lineFeeds = scanner.lineFeeds
        return chunk
    }

    /// A chunk's guess of its first row number: its first row's id when that is a row number, else 0.
    private static func optimisticFirstRow(_ record: RFC4180Scanner, idColumn: Int?) -> Int {
        guard let idColumn, case .value(let id) = record.withField(idColumn, { RecordFields.parseInt($0) }),
              id >= 0, id < Int64(DatasetLimits.maxRows) else { return 0 }
        return Int(id)
    }
}

/// The rows of one chunk, and where it ends (see ``CSVChunkResult``).
struct TableChunk<Rows: TableRows>: CSVChunkResult {
    let start: Int
    var stop = 0
    var complete = true
    var failed: Bool { problem != nil }
    /// Line feeds from `start` to `stop`.
    var lineFeeds = 0
    /// The first problem: its line counted from the chunk's first line (1), and the message.
    var problem: (line: Int, message: String)?
    /// The number of the chunk's first row (guessed, until checked).
    var firstRow = 0
    var rows: Rows

    init(start: Int, rows: Rows) {
        self.start = start
        self.rows = rows
    }
}

/// A mapped file's bytes, shared read-only by the chunk parsers.
private struct SharedBytes: @unchecked Sendable {
    let base: UnsafePointer<UInt8>
}

/// CIBCSV's threads: ``DeterministicParallel``.
struct TaskMapper: ParallelMapper {
    var tasks: Int

    func map<T: Sendable>(_ n: Int, _ body: @Sendable @escaping (Int) -> T) -> [T] {
        DeterministicParallel.map(chunks: n, tasks: max(1, tasks), body)
    }
}

extension Array {
    /// The concatenation of every part's `column`, each part's column freed once copied (so that the parts and the
    /// whole are not all in memory at once).
    static func concatenating<Part>(_ parts: inout [Part], _ column: WritableKeyPath<Part, [Element]>) -> [Element] {
        var out: [Element] = []
        out.reserveCapacity(parts.reduce(0) { $0 + $1[keyPath: column].count })
        for i in parts.indices {
            out.append(contentsOf: parts[i][keyPath: column])
            parts[i][keyPath: column] = []
        }
        return out
    }
}
