public import CIBModel
internal import Foundation

/// The scores file: what every detector, built-in or external, hands to the evaluation.
///
/// A CSV file with a header line naming the columns `entity,score,flag` and optionally `cluster` (in any order;
/// other columns are ignored), then one row per entity of the dataset:
/// - `entity`: the dataset's ``EntityID`` (the row index in `entities.csv`, from 0);
/// - `score`: a finite decimal number, higher is more suspicious;
/// - `flag`: `0`/`1` (also `true`/`false`), the detector's own decision;
/// - `cluster`: an optional non-negative integer group id; empty or `-1` means "in no cluster".
///
/// Every entity must have exactly one row; rows may come in any order. See `docs/detectors.md`.
public enum ScoresFile {
    /// The header ``write(_:to:)`` produces (plus `,cluster` when the scores have clusters).
    public static let header = "entity,score,flag"

    /// Writes `scores` as a scores file, atomically: the text goes to a temporary file in the same directory, which
    /// is then renamed over `path`, so a reader never sees a half-written file.
    public static func write(_ scores: EntityScores, to path: String) throws {
        var text = header
        if scores.cluster != nil { text += ",cluster" }
        text += "\n"
        text.reserveCapacity(scores.count * 24)
        for i in 0 ..< scores.count {
            text += String(i)
            text += ","
            text += scores.score[i].description
            text += scores.flag[i] ? ",1" : ",0"
            if let cluster = scores.cluster {
                text += ","
                if cluster[i] >= 0 { text += String(cluster[i]) }
            }
            text += "\n"
        }
        try writeAtomically(Data(text.utf8), to: path)
    }

    /// Reads and validates a scores file for a dataset of `entityCount` entities.
    ///
    /// Errors name the file and line: a missing header or column, an unparsable or unknown entity id, a duplicate
    /// row, a NaN or infinite score, a flag other than 0/1/true/false, a bad cluster id, and — for the file as a
    /// whole — how many entities have no row and the first of them.
    ///
    /// - Parameter detector: the name the returned ``EntityScores`` carries.
    public static func read(path: String, entityCount: Int, detector: String) throws(ScoresFileError) -> EntityScores {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ScoresFileError(path: path, line: nil, message: "cannot read the scores file (\(reason(error)))")
        }
        return try parse(Array(data), path: path, entityCount: entityCount, detector: detector)
    }

    /// Parses the bytes of a scores file (see ``read(path:entityCount:detector:)``); `path` is only used in errors.
    public static func parse(
        _ bytes: [UInt8], path: String, entityCount: Int, detector: String
    ) throws(ScoresFileError) -> EntityScores {
        var score = [Double](repeating: 0, count: entityCount)
        var flag = [Bool](repeating: false, count: entityCount)
        var cluster = [Int32](repeating: noReference, count: entityCount)
        // The line each entity was first seen on (0 = not yet).
        var seenOn = [Int32](repeating: 0, count: entityCount)
        var anyCluster = false

        // A scores file is UTF-8 text of numbers: a NUL byte means a binary or damaged file, whatever else it holds.
        if let nul = bytes.firstIndex(of: 0) {
            let line = 1 + bytes[..<nul].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw ScoresFileError(
                path: path, line: line, message: "contains a NUL byte (byte \(nul + 1)); expected CSV text 'entity,score,flag[,cluster]'")
        }
        var lines = CSVLines(bytes)
        var lineNumber = 0
        // Header: the first non-empty line.
        var columns: [String] = []
        while let line = lines.next() {
            lineNumber += 1
            let fields = CSVLines.fields(of: line)
            if fields.count == 1 && fields[0].isEmpty { continue }
            columns = fields.map { PrintableText.quote($0, limit: 40).lowercased() }
            break
        }
        guard !columns.isEmpty else {
            throw ScoresFileError(path: path, line: nil, message: "the file is empty; expected a header 'entity,score,flag[,cluster]'")
        }
        func column(_ name: String) throws(ScoresFileError) -> Int {
            guard let index = columns.firstIndex(of: name) else {
                let found = PrintableText.clean(columns.joined(separator: ","), limit: 120)
                throw ScoresFileError(
                    path: path, line: lineNumber,
                    message: "missing column '\(name)' in the header (found '\(found)'; expected 'entity,score,flag[,cluster]')")
            }
            return index
        }
        let entityColumn = try column("entity")
        let scoreColumn = try column("score")
        let flagColumn = try column("flag")
        let clusterColumn = columns.firstIndex(of: "cluster")
        let needed = max(entityColumn, scoreColumn, flagColumn, clusterColumn ?? 0) + 1

        while let line = lines.next() {
            lineNumber += 1
            let fields = CSVLines.fields(of: line)
            if fields.count == 1 && fields[0].isEmpty { continue }
            guard fields.count >= needed else {
                throw ScoresFileError(
                    path: path, line: lineNumber,
                    message: "expected \(columns.count) fields as in the header, found \(fields.count)")
            }
            let entityText = fields[entityColumn]
            guard let entity = parseInteger(entityText) else {
                throw ScoresFileError(
                    path: path, line: lineNumber, message: "entity '\(text(entityText))' is not an entity id (a whole number)")
            }
            guard entity >= 0, entity < entityCount else {
                throw ScoresFileError(
                    path: path, line: lineNumber,
                    message: "unknown entity id \(entity) (the dataset has entities 0 ..< \(entityCount))")
            }
            guard seenOn[entity] == 0 else {
                throw ScoresFileError(
                    path: path, line: lineNumber,
                    message: "duplicate row for entity \(entity) (first on line \(seenOn[entity]))")
            }
            seenOn[entity] = Int32(clamping: lineNumber)

            let scoreText = fields[scoreColumn]
            guard isDecimal(scoreText), let value = Double(String(decoding: scoreText, as: UTF8.self)) else {
                throw ScoresFileError(
                    path: path, line: lineNumber, message: "score '\(text(scoreText))' of entity \(entity) is not a number")
            }
            guard value.isFinite else {
                throw ScoresFileError(
                    path: path, line: lineNumber,
                    message: "score of entity \(entity) is \(text(scoreText)); scores must be finite numbers")
            }
            score[entity] = value

            switch String(decoding: fields[flagColumn], as: UTF8.self).lowercased() {
            case "1", "true": flag[entity] = true
            case "0", "false": flag[entity] = false
            default:
                throw ScoresFileError(
                    path: path, line: lineNumber, message: "flag '\(text(fields[flagColumn]))' of entity \(entity) is not 0, 1, true or false")
            }

            if let clusterColumn {
                let clusterText = fields[clusterColumn]
                if !clusterText.isEmpty {
                    guard let id = parseInteger(clusterText), id >= -1, id <= Int(Int32.max) else {
                        throw ScoresFileError(
                            path: path, line: lineNumber,
                            message: "cluster '\(text(clusterText))' of entity \(entity) is not a non-negative whole number, -1 or empty")
                    }
                    cluster[entity] = Int32(id)
                    if id >= 0 { anyCluster = true }
                }
            }
        }

        var missing = 0
        var firstMissing = -1
        for entity in 0 ..< entityCount where seenOn[entity] == 0 {
            if firstMissing < 0 { firstMissing = entity }
            missing += 1
        }
        guard missing == 0 else {
            throw ScoresFileError(
                path: path, line: nil,
                message: "\(missing) of \(entityCount) entities have no row (the first is entity \(firstMissing)); every entity needs one")
        }
        return EntityScores(
            detector: detector, score: score, flag: flag, cluster: clusterColumn != nil && anyCluster ? cluster : nil)
    }

    // MARK: - Helpers

    /// A field for an error message: printable, short (see ``PrintableText``).
    private static func text(_ field: ArraySlice<UInt8>) -> String { PrintableText.quote(field) }

    /// Whether a score field is written as a decimal number (digits, sign, point, exponent) or as nan/inf, which
    /// are then refused by name; hexadecimal floats and anything else are not numbers here.
    private static func isDecimal(_ field: ArraySlice<UInt8>) -> Bool {
        guard !field.isEmpty, field.count <= 64 else { return false }
        if field.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E || $0 == 0x65 || $0 == 0x45 }) {
            return true
        }
        let word = String(decoding: field, as: UTF8.self).lowercased()
        return ["nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"].contains(word)
    }

    /// A decimal integer with an optional sign, or nil.
    private static func parseInteger(_ field: ArraySlice<UInt8>) -> Int? {
        var index = field.startIndex
        guard index < field.endIndex else { return nil }
        var negative = false
        if field[index] == UInt8(ascii: "-") || field[index] == UInt8(ascii: "+") {
            negative = field[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < field.endIndex, field.endIndex - index <= 18 else { return nil }
        var value = 0
        while index < field.endIndex {
            let byte = field[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            index += 1
        }
        return negative ? -value : value
    }

    static func reason(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError, let underlying = cocoa.userInfo[NSUnderlyingErrorKey] as? NSError {
            return underlying.localizedDescription
        }
        return (error as NSError).localizedDescription
    }

    /// Writes `data` to a temporary file next to `path`, then renames it over `path`.
    static func writeAtomically(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw ScoresFileError(path: path, line: nil, message: "cannot write the scores file (\(reason(error)))")
        }
        guard rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw ScoresFileError(path: path, line: nil, message: "cannot move the finished scores file into place (\(message))")
        }
    }
}

/// Splits CSV bytes into lines (LF or CRLF) and lines into fields. Scores files hold numbers only, so quoting is
/// limited to stripping one pair of double quotes and surrounding spaces from a field.
struct CSVLines: IteratorProtocol {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // Skip a UTF-8 byte-order mark.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    mutating func next() -> ArraySlice<UInt8>? {
        guard position < bytes.count else { return nil }
        var end = position
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        var lineEnd = end
        if lineEnd > position, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
        let line = bytes[position ..< lineEnd]
        position = end + 1
        return line
    }

    /// The fields of a line, trimmed of spaces and one pair of surrounding double quotes.
    static func fields(of line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map(trim)
    }

    private static func trim(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lower = field.startIndex
        var upper = field.endIndex
        while lower < upper, field[lower] == UInt8(ascii: " ") || field[lower] == UInt8(ascii: "\t") { lower += 1 }
        while upper > lower, field[upper - 1] == UInt8(ascii: " ") || field[upper - 1] == UInt8(ascii: "\t") { upper -= 1 }
        if upper - lower >= 2, field[lower] == UInt8(ascii: "\""), field[upper - 1] == UInt8(ascii: "\"") {
            lower += 1
            upper -= 1
        }
        return field[lower ..< upper]
    }
}
