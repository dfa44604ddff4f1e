internal import CIBCSV
internal import CIBStatistics
internal import Foundation

/// Reads a coordination-network-toolkit CSV straight into ``ToolkitColumns``, on several threads: the file is
/// memory-mapped, cut into chunks at record boundaries (``CSVChunks``: speculative cuts, verified, so a line break
/// inside a quoted field is never taken for the end of a record), each chunk is scanned in parallel
/// (``PythonCSVScanner``), and its ids and keys are interned into chunk-local ``ByteInterner``s from byte slices of
/// the file, without a `String` per field. The local tables are then merged in parallel by hash partition
/// (``InternerMerge``), so every id gets the same number whatever the number of threads. Semantics are those of
/// ``CoordinationToolkitCSV/readMessages(bytes:name:normalization:)``.
enum ToolkitCSVReader {
    /// The chunk size of a parallel read. Fixed, so that results never depend on the thread count.
    static let defaultChunkBytes = 4 << 20

    static func read(
        path: String, kind: CoordinationKind, normalization: ToolkitNormalization, tasks: Int,
        timings: PhaseTimings? = nil
    ) throws(ToolkitCSVError) -> ToolkitColumns {
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch {
            throw ToolkitCSVError(path: path, line: 0, message: "cannot read the file: \(error.message)")
        }
        // The chunks keep no pointer into the file (keys are copied into their interners), so the mapping is dropped
        // before the merge: its pages no longer count towards the peak.
        let chunks = try withExtendedLifetime(file) { () throws(ToolkitCSVError) -> [ToolkitChunk] in
            let bytes = file.bytes
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0 else {
                throw ToolkitCSVError(path: path, line: 1, message: "empty file: expected a header row")
            }
            return try parse(
                base: base, count: bytes.count, name: path, kind: kind, normalization: normalization, tasks: tasks,
                chunkBytes: defaultChunkBytes, file: file)
        }
        timings.mark("scan and intern chunks")
        return merge(chunks, kind: kind, tasks: tasks, timings: timings)
    }

    static func read(
        bytes: [UInt8], name: String, kind: CoordinationKind, normalization: ToolkitNormalization = .none,
        tasks: Int = 1, chunkBytes: Int = defaultChunkBytes
    ) throws(ToolkitCSVError) -> ToolkitColumns {
        guard !bytes.isEmpty else { throw ToolkitCSVError(path: name, line: 1, message: "empty file: expected a header row") }
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<ToolkitColumns, ToolkitCSVError> in
            do throws(ToolkitCSVError) {
                return .success(try read(
                    base: buffer.baseAddress!, count: buffer.count, name: name, kind: kind, normalization: normalization,
                    tasks: tasks, chunkBytes: chunkBytes))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    static func read(
        base: UnsafePointer<UInt8>, count: Int, name: String, kind: CoordinationKind,
        normalization: ToolkitNormalization, tasks: Int, chunkBytes: Int
    ) throws(ToolkitCSVError) -> ToolkitColumns {
        merge(try parse(base: base, count: count, name: name, kind: kind, normalization: normalization, tasks: tasks,
                        chunkBytes: chunkBytes), kind: kind, tasks: tasks)
    }

    /// The verified chunks of the input after its header (or the first bad row's error).
    static func parse(
        base: UnsafePointer<UInt8>, count: Int, name: String, kind: CoordinationKind,
        normalization: ToolkitNormalization, tasks: Int, chunkBytes: Int, file: MappedFile? = nil
    ) throws(ToolkitCSVError) -> [ToolkitChunk] {
        // The header: one record, skipped whatever it says (a UTF-8 BOM is part of its first field).
        var header = PythonCSVScanner(base: base, end: count, endIsEndOfInput: true)
        var position = 0
        switch header.scanRecord(at: &position) {
        case .record: break
        case .endOfInput, .truncated: throw ToolkitCSVError(path: name, line: 1, message: "empty file: expected a header row")
        case .unterminatedQuote(let line): throw ToolkitCSVError(path: name, line: line, message: unterminated)
        }
        if let bad = UTF8Check.firstInvalid(base, from: 0, to: position) {
            throw ToolkitCSVError(path: name, line: 1, message: invalidUTF8(base[bad]))
        }
        let headerLines = header.lineBreaks
        let shared = SharedBytes(base: base)
        let tables = LookupTablePool()
        let chunks = CSVChunks.parse(
            base: base, count: count, from: position, chunkBytes: chunkBytes, slackBytes: chunkBytes,
            mapper: DeterministicMapper(tasks: tasks),
            parse: { start, end, viewEnd in
                var chunk = ToolkitChunk(start: start, kind: kind, expectedBytes: end - start, tables: tables)
                chunk.parse(base: shared.base, count: count, end: end, viewEnd: viewEnd, normalization: normalization)
                // Read pages leave resident memory (a chunk parsed again reads them back from the page cache), and
                // lookup tables go to the next chunks: the merge needs only the keys.
                file?.dropPages(from: start, to: chunk.complete ? chunk.stop : start)
                tables.give(chunk.messageIDs.takeLookupTable())
                tables.give(chunk.users.takeLookupTable())
                tables.give(chunk.keys.takeLookupTable())
                return chunk
            })
        var linesBefore = headerLines
        for chunk in chunks {
            if let error = chunk.error {
                throw ToolkitCSVError(path: name, line: linesBefore + error.line, message: error.message)
            }
            linesBefore += chunk.lineBreaks
        }
        return chunks
    }

    /// The chunks' columns with chunk-local ids replaced by global ones (``InternerMerge``: numbered in parallel, the
    /// same numbers for any thread count): message ids and keys in order of first occurrence, users in byte order.
    private static func merge(
        _ parsed: consuming [ToolkitChunk], kind: CoordinationKind, tasks: Int, timings: PhaseTimings? = nil
    ) -> ToolkitColumns {
        var chunks = parsed
        var columns = ToolkitColumns(kind: kind)
        let mapper = DeterministicMapper(tasks: tasks)
        // One scratch for the three merges (released before the rows are remapped), and each chunk's interner
        // released as soon as it is merged.
        var scratch: MergeScratch? = MergeScratch()
        let messageIDs = InternerMerge(chunks.map(\.messageIDs), mapper: mapper, scratch: scratch!, origins: false)
        for c in chunks.indices { chunks[c].messageIDs = ByteInterner() }
        timings.mark("merge message ids")
        let userChunks = chunks.map(\.users)
        let users = InternerMerge(userChunks, mapper: mapper, scratch: scratch!)
        // Users are numbered in byte order, the order of the toolkit's edge list.
        let firstSeenUsers = users.keys(from: userChunks)
        for c in chunks.indices { chunks[c].users = ByteInterner() }
        let userOrder = firstSeenUsers.byteOrder()
        var userRank = [Int32](repeating: 0, count: users.count)
        for (rank, u) in userOrder.enumerated() { userRank[Int(u)] = Int32(rank) }
        columns.users = firstSeenUsers.reordered(userOrder)
        timings.mark("merge user ids")
        let keys = InternerMerge(chunks.map(\.keys), mapper: mapper, scratch: scratch!, origins: false)
        for c in chunks.indices { chunks[c].keys = ByteInterner() }
        scratch = nil
        timings.mark("merge keys")

        // Rows remapped chunk by chunk in parallel, each chunk straight to its place in the columns.
        var rowStart = [0], keyStart = [0]
        for chunk in chunks {
            rowStart.append(rowStart[rowStart.count - 1] + chunk.rows)
            keyStart.append(keyStart[keyStart.count - 1] + chunk.key.count)
        }
        let rows = rowStart[chunks.count], keyRows = keyStart[chunks.count]
        // Columns left uninitialised: each chunk's task writes (and so first touches) its own rows.
        columns.messageID = [Int32](unsafeUninitializedCapacity: rows) { $1 = rows }
        columns.user = [Int32](unsafeUninitializedCapacity: rows) { $1 = rows }
        columns.isRepost = [Bool](unsafeUninitializedCapacity: rows) { $1 = rows }
        columns.timestamp = [Double](unsafeUninitializedCapacity: rows) { $1 = rows }
        columns.key = [Int32](unsafeUninitializedCapacity: keyRows) { $1 = keyRows }
        if kind == .coLink {
            columns.keyStart = [Int32](unsafeUninitializedCapacity: rows + 1) { buffer, initialized in
                buffer[0] = 0
                initialized = rows + 1
            }
        }
        let frozenChunks = chunks, frozenUserRank = userRank, frozenRowStart = rowStart, frozenKeyStart = keyStart
        columns.withColumnPointers { out in
            _ = mapper.map(frozenChunks.count) { c -> Int in
                let chunk = frozenChunks[c]
                let m = messageIDs.ids(ofChunk: c), u = users.ids(ofChunk: c), k = keys.ids(ofChunk: c)
                let mBase = m.startIndex, uBase = u.startIndex, kBase = k.startIndex
                let r0 = frozenRowStart[c], k0 = frozenKeyStart[c]
                // (A column's pointer is nil only when the column is empty, and then no loop below runs.)
                for r in 0 ..< chunk.rows {
                    out.messageID![r0 + r] = m[mBase + Int(chunk.messageID[r])]
                    out.user![r0 + r] = frozenUserRank[Int(u[uBase + Int(chunk.user[r])])]
                    out.isRepost![r0 + r] = chunk.isRepost[r]
                    out.timestamp![r0 + r] = chunk.timestamp[r]
                }
                for i in 0 ..< chunk.key.count {
                    let local = chunk.key[i]
                    out.key![k0 + i] = local < 0 ? -1 : k[kBase + Int(local)]
                }
                if let keyStart = out.keyStart {
                    for r in 0 ..< chunk.rows { keyStart[r0 + r + 1] = Int32(k0) + chunk.keyStart[r + 1] }
                }
                return 0
            }
        }
        timings.mark("remap rows")
        columns.rowCount = rows
        columns.messageIDCount = messageIDs.count
        columns.keyCount = keys.count
        return columns
    }

    static let unterminated = "unterminated quoted field (a '\"' is never closed)"

    /// What is wrong with a row.
    struct RowProblem: Error {
        var message: String
    }

    /// The checks every data row passes, in this order: valid UTF-8, exactly 8 columns, no field over Python's csv
    /// limit, a timestamp that Python's `float()` reads as a finite number. Returns the timestamp.
    static func checkRow(
        _ scanner: PythonCSVScanner, base: UnsafePointer<UInt8>, from: Int, to: Int
    ) -> Result<Double, RowProblem> {
        if let bad = UTF8Check.firstInvalid(base, from: from, to: to) { return .failure(RowProblem(message: invalidUTF8(base[bad]))) }
        let columns = CoordinationToolkitCSV.columns
        guard scanner.fields.count == columns.count else {
            return .failure(RowProblem(
                message: "expected 8 columns (\(columns.joined(separator: ", "))), found \(scanner.fields.count)"))
        }
        for (i, field) in scanner.fields.enumerated() where field.count > pythonFieldLimit {
            let characters = scanner.withField(i) { $0.reduce(0) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 } }
            if characters > pythonFieldLimit {
                return .failure(RowProblem(message: "column \(columns[i]): \(characters) characters, more than Python's csv field limit of 131,072 (the toolkit stops here)"))
            }
        }
        guard let t = scanner.withField(6, CoordinationToolkitCSV.parsePythonFloat) else {
            let found = scanner.withField(6) { String(decoding: $0, as: UTF8.self) }
            return .failure(RowProblem(message: "column timestamp: expected a finite number of seconds, found '\(found)'"))
        }
        return .success(t)
    }

    /// Python's `csv` module keeps fields to 131,072 characters (`csv.field_size_limit()`); a longer one stops the
    /// toolkit with `_csv.Error`.
    static let pythonFieldLimit = 131_072

    static func invalidUTF8(_ byte: UInt8) -> String {
        "invalid UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true))): the toolkit reads the file as UTF-8"
    }
}

/// CIBCSV's threads: ``DeterministicParallel``.
struct DeterministicMapper: ParallelMapper {
    var tasks: Int

    func map<T: Sendable>(_ n: Int, _ body: @Sendable @escaping (Int) -> T) -> [T] {
        DeterministicParallel.map(chunks: n, tasks: max(1, tasks), body)
    }
}

/// Interner lookup tables handed from finished chunks to the next ones (any thread), so that parsing a large file
/// reuses a few tables' memory instead of touching fresh memory for every chunk. Which table a chunk gets changes
/// only its starting size, never its keys or numbers.
final class LookupTablePool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [[UInt64]] = []

    func take() -> [UInt64] {
        lock.lock()
        defer { lock.unlock() }
        return free.popLast() ?? []
    }

    func give(_ table: [UInt64]) {
        lock.lock()
        free.append(table)
        lock.unlock()
    }
}

/// The input's base address, shared read-only by the chunk parsers.
private struct SharedBytes: @unchecked Sendable {
    let base: UnsafePointer<UInt8>
}

/// The rows of one chunk, with chunk-local ids.
struct ToolkitChunk: CSVChunkResult {
    let start: Int
    var stop = 0
    var complete = true
    var failed: Bool { error != nil }
    /// Line breaks from `start` to `stop`.
    var lineBreaks = 0
    /// The first bad row: its line counted from the chunk's first line (1), and what is wrong.
    var error: (line: Int, message: String)?
    let kind: CoordinationKind
    var rows = 0
    var messageID: [Int32] = []
    var user: [Int32] = []
    var isRepost: [Bool] = []
    var timestamp: [Double] = []
    var keyStart: [Int32] = [0]
    var key: [Int32] = []
    var messageIDs = ByteInterner()
    var users = ByteInterner()
    var keys = ByteInterner()

    /// A chunk expected to hold about `expectedBytes` bytes of rows: its columns and interners reserve room for as
    /// many rows as such bytes can plausibly hold (untouched room costs address space, not memory), and its interners
    /// reuse lookup tables from `tables`.
    init(start: Int, kind: CoordinationKind, expectedBytes: Int, tables: LookupTablePool) {
        self.start = start
        self.kind = kind
        let rows = max(16, expectedBytes / 32)
        messageID.reserveCapacity(rows)
        user.reserveCapacity(rows)
        isRepost.reserveCapacity(rows)
        timestamp.reserveCapacity(rows)
        if kind == .coLink { keyStart.reserveCapacity(rows + 1) }
        key.reserveCapacity(rows)
        messageIDs = ByteInterner(reusing: tables.take(), capacity: rows, bytes: expectedBytes / 4)
        users = ByteInterner(reusing: tables.take(), capacity: rows, bytes: expectedBytes / 4)
        keys = ByteInterner(reusing: tables.take(), capacity: rows, bytes: expectedBytes / 2)
    }

    mutating func parse(
        base: UnsafePointer<UInt8>, count: Int, end: Int, viewEnd: Int, normalization: ToolkitNormalization
    ) {
        var scanner = PythonCSVScanner(base: base, end: viewEnd, endIsEndOfInput: viewEnd == count)
        var position = start
        var text: [UInt8] = []
        var nfc: [UInt8] = []
        var textScratch = ToolkitTextScratch()
        records: while position < end {
            let recordStart = position
            let line = scanner.lineBreaks + 1
            switch scanner.scanRecord(at: &position) {
            case .record: break
            case .endOfInput: break records
            case .truncated:
                complete = false
                return
            case .unterminatedQuote(let quoteLine):
                error = (quoteLine, ToolkitCSVReader.unterminated)
                stop = position
                return
            }
            let t: Double
            switch ToolkitCSVReader.checkRow(scanner, base: base, from: recordStart, to: position) {
            case .success(let timestamp): t = timestamp
            case .failure(let problem):
                error = (line, problem.message)
                return
            }
            // Field i's bytes, in NFC when asked (ASCII is already NFC).
            func withValue<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
                scanner.withField(i) { raw in
                    guard normalization == .nfc, !UTF8Check.isASCII(raw) else { return body(raw) }
                    nfc = Array(String(decoding: raw, as: UTF8.self).precomposedStringWithCanonicalMapping.utf8)
                    return nfc.withUnsafeBufferPointer(body)
                }
            }
            messageID.append(withValue(0) { messageIDs.intern($0).id })
            user.append(withValue(1) { users.intern($0).id })
            let repost = withValue(3) { $0.count > 0 }
            isRepost.append(repost)
            timestamp.append(t)
            switch kind {
            case .coLink:
                if !repost {
                    // Python's urls.split(" "): every U+0020 byte splits, empty pieces kept.
                    withValue(7) { urls in
                        var from = 0
                        for i in 0 ... urls.count where i == urls.count || urls[i] == 0x20 {
                            key.append(keys.intern(UnsafeBufferPointer(rebasing: urls[from ..< i])).id)
                            from = i + 1
                        }
                    }
                }
                keyStart.append(Int32(key.count))
            case .coTweet:
                if repost {
                    key.append(-1)
                } else {
                    text.removeAll(keepingCapacity: true)
                    withValue(5) { ToolkitText.normalise(utf8: $0, into: &text, scratch: &textScratch) }
                    key.append(text.withUnsafeBufferPointer { keys.intern($0).id })
                }
            case .coRetweet:
                key.append(withValue(3) { $0.isEmpty ? -1 : keys.intern($0).id })
            case .coReply:
                key.append(withValue(4) { $0.isEmpty ? -1 : keys.intern($0).id })
            }
            rows += 1
        }
        stop = position
        lineBreaks = scanner.lineBreaks
    }
}
