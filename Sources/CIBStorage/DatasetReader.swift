public import CIBModel
public import CIBTruth
import Foundation

/// Reads a dataset directory written by ``DatasetWriter`` (or by anyone following docs/dataset.md).
///
/// Before parsing, every file listed in the manifest is checked against its SHA-256; the first mismatch is named.
/// Ground truth is read only on request (``readTruth(directory:manifest:entityCount:eventCount:)``), so a dataset
/// handed to a detector may omit `truth/`.
public enum DatasetReader {
    /// Reads and checks the manifest and the observable tables.
    ///
    /// Nothing read is trusted before it is checked (see ``DatasetLimits``): the manifest's vocabularies, window and
    /// counts; every id, reference, time and number of every row, with the file, line and column of the first that
    /// is wrong; and each table's row count against the manifest's `row_counts`. Memory is reserved from a row count
    /// only as far as the file's size can back it.
    public static func readObservable(directory: String, verifyChecksums: Bool = true) throws(StorageError) -> (ObservableDataset, DatasetManifest) {
        let manifest = try readManifest(directory: directory)
        if verifyChecksums { try verify(directory: directory, manifest: manifest, files: DatasetFile.observable) }
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
        func path(_ table: String) -> String { directory + "/" + table }

        // platforms
        var reader = try CSVReader(path: path(DatasetFile.platforms), expectedColumns: ["platform", "name", "kind"])
        var c = (try reader.column("platform"), try reader.column("name"), try reader.column("kind"))
        var platformIndex: [String: UInt16] = [:]
        try reader.forEachRow { (row: borrowing CSVRow) throws(StorageError) in
            _ = try row.id(c.0)
            guard d.platforms.count < DatasetLimits.maxPlatforms else {
                throw StorageError(path: row.path, line: row.line, message: "more than \(DatasetLimits.maxPlatforms) platforms")
            }
            guard let kind = PlatformKind(rawValue: row.string(c.2)) else {
                throw row.error(c.2, expected: "one of \(PlatformKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let name = row.string(c.1)
            guard platformIndex.updateValue(UInt16(d.platforms.count), forKey: name) == nil else {
                throw row.error(c.1, expected: "a platform name not used by an earlier row")
            }
            d.platforms.append(PlatformInfo(name: name, kind: kind))
        }
        try checkRowCount(reader, manifest: manifest, table: DatasetFile.platforms, directory: directory)

        // entities
        reader = try CSVReader(path: path(DatasetFile.entities),
                               expectedColumns: ["entity", "platform", "kind", "platform_id", "created_at", "country", "name"])
        let e = (try reader.column("entity"), try reader.column("platform"), try reader.column("kind"),
                 try reader.column("platform_id"), try reader.column("created_at"), try reader.column("country"),
                 try reader.column("name"))
        d.entities.reserveCapacity(reservation(reader, manifest, DatasetFile.entities))
        try reader.forEachRow { (row: borrowing CSVRow) throws(StorageError) in
            _ = try row.id(e.0)
            try checkRowLimit(row)
            guard let platform = platformIndex[row.string(e.1)] else { throw row.error(e.1, expected: "a platform from platforms.csv") }
            guard let kind = EntityKind(name: row.string(e.2)) else { throw row.error(e.2, expected: "account, page or group") }
            guard let country = countryIndex[row.string(e.5)] else { throw row.error(e.5, expected: "a country listed in the manifest") }
            d.entities.append(platform: platform, kind: kind, platformLocalID: try row.uint64(e.3),
                              createdAt: try row.time(e.4), country: country, name: row.string(e.6))
        }
        try checkRowCount(reader, manifest: manifest, table: DatasetFile.entities, directory: directory)
        let entityCount = d.entities.count

        // texts and urls, before the events that refer to them
        d.texts = try readStrings(path(DatasetFile.texts), idColumn: "text", valueColumn: "content", manifest: manifest, table: DatasetFile.texts, directory: directory)
        d.urls = try readStrings(path(DatasetFile.urls), idColumn: "url", valueColumn: "address", manifest: manifest, table: DatasetFile.urls, directory: directory)
        let textCount = d.texts.count, urlCount = d.urls.count

        // events
        reader = try CSVReader(path: path(DatasetFile.events),
                               expectedColumns: ["event", "time", "actor", "action", "target", "context", "text", "url", "language"])
        let v = (try reader.column("event"), try reader.column("time"), try reader.column("actor"), try reader.column("action"),
                 try reader.column("target"), try reader.column("context"), try reader.column("text"), try reader.column("url"),
                 try reader.column("language"))
        d.events.reserveCapacity(reservation(reader, manifest, DatasetFile.events))
        var previousTime = Int64.min
        let start = manifest.start, end = manifest.end
        try reader.forEachRow { (row: borrowing CSVRow) throws(StorageError) in
            let id = try row.id(v.0)
            try checkRowLimit(row)
            let time = try row.int(v.1)
            if let problem = DatasetLimits.checkEventTime(time, previous: previousTime, start: start, end: end) {
                throw row.error(v.1, expected: problem)
            }
            previousTime = time
            guard let action = ActionKind(name: row.string(v.3)) else { throw row.error(v.3, expected: "post, reply, repost or like") }
            var target = noReference
            if !row.isEmpty(v.4) {
                let t = try row.int(v.4)
                if let problem = DatasetLimits.checkTarget(t, event: id) { throw row.error(v.4, expected: problem) }
                target = Int32(t)
            }
            var language = EventTable.noLanguage
            if !row.isEmpty(v.8) {
                guard let l = languageIndex[row.string(v.8)] else { throw row.error(v.8, expected: "a language listed in the manifest") }
                language = l
            }
            d.events.append(time: time, actor: try row.reference(v.2, count: entityCount, of: "an entity"), action: action,
                            target: target, context: try row.optionalReference(v.5, count: entityCount, of: "an entity"),
                            text: try row.optionalReference(v.6, count: textCount, of: "a texts.csv"),
                            url: try row.optionalReference(v.7, count: urlCount, of: "a urls.csv"), language: language)
        }
        try checkRowCount(reader, manifest: manifest, table: DatasetFile.events, directory: directory)

        // follows
        reader = try CSVReader(path: path(DatasetFile.follows), expectedColumns: ["follower", "followee", "time"])
        c = (try reader.column("follower"), try reader.column("followee"), try reader.column("time"))
        d.follows.reserveCapacity(reservation(reader, manifest, DatasetFile.follows))
        try reader.forEachRow { (row: borrowing CSVRow) throws(StorageError) in
            try checkRowLimit(row)
            d.follows.append(follower: try row.reference(c.0, count: entityCount, of: "an entity"),
                             followee: try row.reference(c.1, count: entityCount, of: "an entity"), time: try row.time(c.2))
        }
        try checkRowCount(reader, manifest: manifest, table: DatasetFile.follows, directory: directory)

        // logins
        reader = try CSVReader(path: path(DatasetFile.logins), expectedColumns: ["entity", "time", "ip", "device"])
        let l = (try reader.column("entity"), try reader.column("time"), try reader.column("ip"), try reader.column("device"))
        d.logins.reserveCapacity(reservation(reader, manifest, DatasetFile.logins))
        try reader.forEachRow { (row: borrowing CSVRow) throws(StorageError) in
            try checkRowLimit(row)
            guard let ip = IPv4.parse(row.string(l.2)) else { throw row.error(l.2, expected: "an IPv4 address a.b.c.d") }
            d.logins.append(entity: try row.reference(l.0, count: entityCount, of: "an entity"), time: try row.time(l.1), ip: ip,
                            device: UInt32(try row.int(l.3, in: 0 ... Int64(UInt32.max))))
        }
        try checkRowCount(reader, manifest: manifest, table: DatasetFile.logins, directory: directory)

        // Every row was checked as it was read; this is the last net, in the tables' own terms.
        do { try d.validate() } catch {
            throw StorageError(path: directory + "/" + error.table + ".csv", message: "inconsistent dataset: \(error)")
        }
        return (d, manifest)
    }

    /// Rows worth reserving for `table`: the manifest's count, as far as the file's size can back it.
    private static func reservation(_ reader: CSVReader, _ manifest: DatasetManifest, _ table: String) -> Int {
        DatasetLimits.reservation(claimed: manifest.rowCounts[table], fileBytes: reader.byteCount, table: table)
    }

    /// Ids are 32-bit: a table may not grow past ``DatasetLimits/maxRows``.
    private static func checkRowLimit(_ row: borrowing CSVRow) throws(StorageError) {
        guard row.row < DatasetLimits.maxRows else {
            throw StorageError(path: row.path, line: row.line, message: "more than \(DatasetLimits.maxRows) rows")
        }
    }

    /// A table's rows against the manifest's `row_counts` (when it lists the table).
    private static func checkRowCount(_ reader: CSVReader, manifest: DatasetManifest, table: String, directory: String) throws(StorageError) {
        guard let claimed = manifest.rowCounts[table], claimed != reader.rows else { return }
        throw StorageError(
            path: directory + "/" + table,
            message: "has \(reader.rows) data rows, but manifest.json's row_counts says \(claimed)")
    }

    /// Reads `truth/` for a dataset whose observable part has `entityCount` entities and `eventCount` events.
    public static func readTruth(directory: String, manifest: DatasetManifest, entityCount: Int, eventCount: Int, verifyChecksums: Bool = true) throws(StorageError) -> GroundTruth {
        if verifyChecksums { try verify(directory: directory, manifest: manifest, files: DatasetFile.truth) }
        var t = GroundTruth()
        t.campaignNames = manifest.campaigns
        var reader = try CSVReader(path: directory + "/" + DatasetFile.truthEntities,
                                   expectedColumns: ["entity", "class", "campaign", "cluster", "operator", "tactics"])
        let e = (try reader.column("entity"), try reader.column("class"), try reader.column("campaign"),
                 try reader.column("cluster"), try reader.column("operator"), try reader.column("tactics"))
        let campaignRange = -1 ... Int64(manifest.campaigns.count) - 1
        try reader.forEachRow { (row: borrowing CSVRow) throws(StorageError) in
            _ = try row.id(e.0)
            guard row.row < entityCount else { throw row.error(e.0, expected: "one row per entity of entities.csv (\(entityCount))") }
            guard let cls = EntityClass(name: row.string(e.1)) else {
                throw row.error(e.1, expected: "one of \(EntityClass.allCases.map(\.name).joined(separator: ", "))")
            }
            guard let tactics = TacticSet(codes: row.string(e.5)) else { throw row.error(e.5, expected: "kill-chain codes separated by ';'") }
            t.appendEntity(cls, campaign: Int16(try row.int(e.2, in: campaignRange)),
                           cluster: Int32(try row.int(e.3, in: -1 ... Int64(Int32.max))),
                           operator: Int32(try row.int(e.4, in: -1 ... Int64(Int32.max))), tactics: tactics)
        }
        try checkRowCount(reader, manifest: manifest, table: DatasetFile.truthEntities, directory: directory)
        reader = try CSVReader(path: directory + "/" + DatasetFile.truthEvents, expectedColumns: ["event", "campaign", "tactics"])
        let v = (try reader.column("event"), try reader.column("campaign"), try reader.column("tactics"))
        t.eventCampaign.reserveCapacity(eventCount)
        t.eventTactics.reserveCapacity(eventCount)
        try reader.forEachRow { (row: borrowing CSVRow) throws(StorageError) in
            _ = try row.id(v.0)
            guard row.row < eventCount else { throw row.error(v.0, expected: "one row per event of events.csv (\(eventCount))") }
            guard let tactics = TacticSet(codes: row.string(v.2)) else { throw row.error(v.2, expected: "kill-chain codes separated by ';'") }
            t.appendEvent(campaign: Int16(try row.int(v.1, in: campaignRange)), tactics: tactics)
        }
        try checkRowCount(reader, manifest: manifest, table: DatasetFile.truthEvents, directory: directory)
        guard t.entityClass.count == entityCount else {
            throw StorageError(path: directory + "/" + DatasetFile.truthEntities, message: "has \(t.entityClass.count) rows, entities.csv has \(entityCount)")
        }
        guard t.eventCampaign.count == eventCount else {
            throw StorageError(path: directory + "/" + DatasetFile.truthEvents, message: "has \(t.eventCampaign.count) rows, events.csv has \(eventCount)")
        }
        return t
    }

    /// Reads a whole labelled world.
    public static func readWorld(directory: String) throws(StorageError) -> (LabelledWorld, DatasetManifest) {
        let (observable, manifest) = try readObservable(directory: directory)
        let truth = try readTruth(directory: directory, manifest: manifest, entityCount: observable.entities.count,
                                  eventCount: observable.events.count)
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

    /// Checks the SHA-256 of each of `files` against the manifest; names the first that does not match.
    public static func verify(directory: String, manifest: DatasetManifest, files: [String]) throws(StorageError) {
        for file in files {
            guard let expected = manifest.files[file] else {
                throw StorageError(path: directory + "/" + DatasetFile.manifest, message: "lists no checksum for \(file)")
            }
            let path = directory + "/" + file
            guard FileManager.default.fileExists(atPath: path) else {
                throw StorageError(path: path, message: "missing (listed in manifest.json)")
            }
            let actual = try Checksum.sha256(file: path)
            guard actual == expected else {
                throw StorageError(path: path, message: "checksum mismatch: manifest says \(expected.prefix(12))…, file has \(actual.prefix(12))… (the file was changed or truncated; a tool that edits a dataset must update files and row_counts in manifest.json)")
            }
        }
    }

    private static func readStrings(
        _ path: String, idColumn: String, valueColumn: String, manifest: DatasetManifest, table name: String, directory: String
    ) throws(StorageError) -> StringTable {
        var reader = try CSVReader(path: path, expectedColumns: [idColumn, valueColumn])
        let id = try reader.column(idColumn)
        let value = try reader.column(valueColumn)
        var table = StringTable()
        try reader.forEachRow { (row: borrowing CSVRow) throws(StorageError) in
            _ = try row.id(id)
            try checkRowLimit(row)
            table.append(row.string(value))
        }
        try checkRowCount(reader, manifest: manifest, table: name, directory: directory)
        return table
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
