import CIBCSV
public import CIBModel
import CIBStatistics
public import CIBTruth
import Foundation

/// Reads a dataset directory written by ``DatasetWriter`` (or by anyone following docs/dataset.md).
///
/// Before parsing, every file listed in the manifest is checked against its SHA-256; the first mismatch is named.
/// Ground truth is read only on request (``readTruth(directory:manifest:entityCount:eventCount:verifyChecksums:tasks:chunkBytes:)``), so a dataset
/// handed to a detector may omit `truth/`.
public enum DatasetReader {
    /// Bytes per chunk of a table parsed in parallel (``DatasetTableFile``). Results never depend on it, nor on the
    /// number of threads; tests pass small chunks to cut files everywhere.
    public static let defaultChunkBytes = 4 << 20

    /// Reads and checks the manifest and the observable tables, each table's chunks parsed on up to `tasks` threads
    /// (see ``DatasetTableFile``; the result and any error are the same for every `tasks`).
    ///
    /// Nothing read is trusted before it is checked (see ``DatasetLimits``): the manifest's vocabularies, window and
    /// counts; the CSV itself (RFC 4180, see ``RFC4180Scanner``); every id, reference, time, number and text of every
    /// row, with the file, line and column of the first that is wrong; and each table's row count against the
    /// manifest's `row_counts`. No memory is reserved from a count the manifest claims: columns grow with the rows
    /// read.
    public static func readObservable(
        directory: String, verifyChecksums: Bool = true, tasks: Int = 1, chunkBytes: Int = defaultChunkBytes
    ) throws(StorageError) -> (ObservableDataset, DatasetManifest) {
        let manifest = try readManifest(directory: directory)
        if verifyChecksums { try verify(directory: directory, manifest: manifest, files: DatasetFile.observable, tasks: tasks) }
        var d = ObservableDataset()
        d.countries = manifest.countries
        d.languages = manifest.languages
        d.start = manifest.start
        d.end = manifest.end
        // Unique and within the index widths: checked with the manifest.
        var countryIndex: [String: UInt16] = [:]
        for (i, c) in manifest.countries.enumerated() { countryIndex[c] = UInt16(i) }
        var languageIndex: [String: UInt8] = [:]
        for (i, l) in manifest.languages.enumerated() { languageIndex[l] = UInt8(i) }
        func open(_ table: String, _ columns: [String]) throws(StorageError) -> DatasetTableFile {
            try DatasetTableFile(path: directory + "/" + table, expectedColumns: columns)
        }
        func checkRows(_ table: String, _ rows: Int) throws(StorageError) {
            try checkRowCount(rows, manifest: manifest, table: table, directory: directory)
        }

        // platforms: one chunk, names unique across rows
        var file = try open(DatasetFile.platforms, ["platform", "name", "kind"])
        let platforms = try file.readRows(try PlatformRowParser(file), tasks: 1, chunkBytes: .max / 4)
        d.platforms = platforms.flatMap(\.platforms)
        try checkRows(DatasetFile.platforms, d.platforms.count)
        var platformIndex: [String: UInt16] = [:]
        for chunk in platforms { platformIndex.merge(chunk.index) { first, _ in first } }

        // entities
        file = try open(DatasetFile.entities, ["entity", "platform", "kind", "platform_id", "created_at", "country", "name"])
        var entities = try file.readRows(try EntityRowParser(file, platformIndex: platformIndex, countryIndex: countryIndex),
                                         tasks: tasks, chunkBytes: chunkBytes)
        d.entities.platform = .concatenating(&entities, \.table.platform)
        d.entities.kind = .concatenating(&entities, \.table.kind)
        d.entities.platformLocalID = .concatenating(&entities, \.table.platformLocalID)
        d.entities.createdAt = .concatenating(&entities, \.table.createdAt)
        d.entities.country = .concatenating(&entities, \.table.country)
        d.entities.name = StringTable(joining: entities.map(\.table.name))
        entities = []
        try checkRows(DatasetFile.entities, d.entities.count)
        let entityCount = d.entities.count

        // texts and urls, before the events that refer to them
        d.texts = try readStrings(directory, DatasetFile.texts, idColumn: "text", valueColumn: "content", manifest: manifest, tasks: tasks, chunkBytes: chunkBytes)
        d.urls = try readStrings(directory, DatasetFile.urls, idColumn: "url", valueColumn: "address", manifest: manifest, tasks: tasks, chunkBytes: chunkBytes)

        // events
        file = try open(DatasetFile.events, ["event", "time", "actor", "action", "target", "context", "text", "url", "language"])
        let eventParser = try EventRowParser(file, start: manifest.start, end: manifest.end, entityCount: entityCount,
                                             textCount: d.texts.count, urlCount: d.urls.count, languageIndex: languageIndex)
        var events = try file.readRows(eventParser, tasks: tasks, chunkBytes: chunkBytes)
        d.events.time = .concatenating(&events, \.table.time)
        d.events.actor = .concatenating(&events, \.table.actor)
        d.events.action = .concatenating(&events, \.table.action)
        d.events.target = .concatenating(&events, \.table.target)
        d.events.context = .concatenating(&events, \.table.context)
        d.events.text = .concatenating(&events, \.table.text)
        d.events.url = .concatenating(&events, \.table.url)
        d.events.language = .concatenating(&events, \.table.language)
        events = []
        try checkRows(DatasetFile.events, d.events.count)

        // follows
        file = try open(DatasetFile.follows, ["follower", "followee", "time"])
        var follows = try file.readRows(try FollowRowParser(file, entityCount: entityCount), tasks: tasks, chunkBytes: chunkBytes)
        d.follows.follower = .concatenating(&follows, \.table.follower)
        d.follows.followee = .concatenating(&follows, \.table.followee)
        d.follows.time = .concatenating(&follows, \.table.time)
        try checkRows(DatasetFile.follows, d.follows.count)

        // logins
        file = try open(DatasetFile.logins, ["entity", "time", "ip", "device"])
        var logins = try file.readRows(try LoginRowParser(file, entityCount: entityCount), tasks: tasks, chunkBytes: chunkBytes)
        d.logins.entity = .concatenating(&logins, \.table.entity)
        d.logins.time = .concatenating(&logins, \.table.time)
        d.logins.ip = .concatenating(&logins, \.table.ip)
        d.logins.device = .concatenating(&logins, \.table.device)
        try checkRows(DatasetFile.logins, d.logins.count)

        // Every row was checked as it was read; this is the last net, in the tables' own terms.
        do { try d.validate() } catch {
            throw StorageError(path: directory + "/" + error.table + ".csv", message: "inconsistent dataset: \(error)")
        }
        return (d, manifest)
    }

    /// A table's data rows against the manifest's `row_counts` (when it lists the table).
    private static func checkRowCount(_ rows: Int, manifest: DatasetManifest, table: String, directory: String) throws(StorageError) {
        guard let claimed = manifest.rowCounts[table], claimed != rows else { return }
        throw StorageError(
            path: directory + "/" + table,
            message: "has \(rows) data rows, but manifest.json's row_counts says \(claimed)")
    }

    /// Reads `truth/` for a dataset whose observable part has `entityCount` entities and `eventCount` events, on up to
    /// `tasks` threads.
    public static func readTruth(
        directory: String, manifest: DatasetManifest, entityCount: Int, eventCount: Int, verifyChecksums: Bool = true,
        tasks: Int = 1, chunkBytes: Int = defaultChunkBytes
    ) throws(StorageError) -> GroundTruth {
        if verifyChecksums { try verify(directory: directory, manifest: manifest, files: DatasetFile.truth, tasks: tasks) }
        var t = GroundTruth()
        t.campaignNames = manifest.campaigns
        var file = try DatasetTableFile(path: directory + "/" + DatasetFile.truthEntities,
                                        expectedColumns: ["entity", "class", "campaign", "cluster", "operator", "tactics"])
        var entities = try file.readRows(
            try TruthEntityRowParser(file, entityCount: entityCount, campaigns: manifest.campaigns.count), tasks: tasks,
            chunkBytes: chunkBytes)
        t.entityClass = .concatenating(&entities, \.entityClass)
        t.entityCampaign = .concatenating(&entities, \.campaign)
        t.entityCluster = .concatenating(&entities, \.cluster)
        t.entityOperator = .concatenating(&entities, \.operator)
        t.entityTactics = .concatenating(&entities, \.tactics)
        try checkRowCount(t.entityClass.count, manifest: manifest, table: DatasetFile.truthEntities, directory: directory)
        file = try DatasetTableFile(path: directory + "/" + DatasetFile.truthEvents, expectedColumns: ["event", "campaign", "tactics"])
        var events = try file.readRows(
            try TruthEventRowParser(file, eventCount: eventCount, campaigns: manifest.campaigns.count), tasks: tasks,
            chunkBytes: chunkBytes)
        (t.eventTopic, t.topicNames) = try TruthEventRowParser.topics(&events, path: directory + "/" + DatasetFile.truthEvents)
        t.eventCampaign = .concatenating(&events, \.campaign)
        t.eventTactics = .concatenating(&events, \.tactics)
        try checkRowCount(t.eventCampaign.count, manifest: manifest, table: DatasetFile.truthEvents, directory: directory)
        guard t.entityClass.count == entityCount else {
            throw StorageError(path: directory + "/" + DatasetFile.truthEntities, message: "has \(t.entityClass.count) rows, entities.csv has \(entityCount)")
        }
        guard t.eventCampaign.count == eventCount else {
            throw StorageError(path: directory + "/" + DatasetFile.truthEvents, message: "has \(t.eventCampaign.count) rows, events.csv has \(eventCount)")
        }
        return t
    }

    /// Reads a whole labelled world.
    public static func readWorld(
        directory: String, tasks: Int = 1, chunkBytes: Int = defaultChunkBytes
    ) throws(StorageError) -> (LabelledWorld, DatasetManifest) {
        let (observable, manifest) = try readObservable(directory: directory, tasks: tasks, chunkBytes: chunkBytes)
        let truth = try readTruth(directory: directory, manifest: manifest, entityCount: observable.entities.count,
                                  eventCount: observable.events.count, tasks: tasks, chunkBytes: chunkBytes)
        return (LabelledWorld(observable: observable, truth: truth), manifest)
    }

    public static func readManifest(directory: String) throws(StorageError) -> DatasetManifest {
        let path = directory + "/" + DatasetFile.manifest
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StorageError(path: directory, message: "not a dataset directory (it does not exist or is not a directory)")
        }
        var isFile: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFile) else {
            throw StorageError(path: path, message: "missing: not a ciblab dataset (expected manifest.json)")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard !isFile.boolValue, size <= DatasetLimits.maxManifestBytes, let data = FileManager.default.contents(atPath: path) else {
            throw StorageError(path: path, message: "not a readable manifest (a directory, unreadable, or larger than \(DatasetLimits.maxManifestBytes >> 20) MiB)")
        }
        let manifest: DatasetManifest
        do { manifest = try JSONDecoder().decode(DatasetManifest.self, from: data) } catch {
            throw StorageError(path: path, message: "not a valid manifest: \(describe(error))")
        }
        try manifest.check(path: path)
        return manifest
    }

    /// Checks the SHA-256 of each of `files` against the manifest, several files at once on up to `tasks` threads;
    /// names the first in `files` order that does not match.
    public static func verify(directory: String, manifest: DatasetManifest, files: [String], tasks: Int = 1) throws(StorageError) {
        let exists = files.map { FileManager.default.fileExists(atPath: directory + "/" + $0) }
        let digests = DeterministicParallel.map(chunks: files.count, tasks: max(1, tasks)) { i -> Result<String, StorageError>? in
            guard manifest.files[files[i]] != nil, exists[i] else { return nil }
            return Result { () throws(StorageError) in try Checksum.sha256(file: directory + "/" + files[i]) }
        }
        for (i, file) in files.enumerated() {
            guard let expected = manifest.files[file] else {
                throw StorageError(path: directory + "/" + DatasetFile.manifest, message: "lists no checksum for \(file)")
            }
            let path = directory + "/" + file
            guard exists[i], let digest = digests[i] else {
                throw StorageError(path: path, message: "missing (listed in manifest.json)")
            }
            let actual = try digest.get()
            guard actual == expected else {
                throw StorageError(path: path, message: "checksum mismatch: manifest says \(expected.prefix(12))…, file has \(actual.prefix(12))… (the file was changed or truncated; a tool that edits a dataset must update files and row_counts in manifest.json)")
            }
        }
    }

    /// `texts.csv` or `urls.csv`: the chunks' tables joined without copying their bytes.
    private static func readStrings(
        _ directory: String, _ table: String, idColumn: String, valueColumn: String, manifest: DatasetManifest, tasks: Int,
        chunkBytes: Int
    ) throws(StorageError) -> StringTable {
        let file = try DatasetTableFile(path: directory + "/" + table, expectedColumns: [idColumn, valueColumn])
        let chunks = try file.readRows(try StringRowParser(file, idColumn: idColumn, valueColumn: valueColumn), tasks: tasks,
                                       chunkBytes: chunkBytes)
        let strings = StringTable(joining: chunks.map(\.table))
        try checkRowCount(strings.count, manifest: manifest, table: table, directory: directory)
        return strings
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing key '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type or a number out of range at '\(PrintableText.clean(context.codingPath.map(\.stringValue).joined(separator: "."), limit: 80))'"
        case DecodingError.dataCorrupted(let context):
            "invalid JSON (\(PrintableText.clean(context.debugDescription, limit: 200)))"
        default: PrintableText.clean("\(error)", limit: 200)
        }
    }
}
