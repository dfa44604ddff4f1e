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
    public static func readObservable(directory: String, verifyChecksums: Bool = true) throws(StorageError) -> (ObservableDataset, DatasetManifest) {
        let manifest = try readManifest(directory: directory)
        if verifyChecksums { try verify(directory: directory, manifest: manifest, files: DatasetFile.observable) }
        var d = ObservableDataset()
        d.countries = manifest.countries
        d.languages = manifest.languages
        d.start = manifest.start
        d.end = manifest.end
        let countryIndex = Dictionary(uniqueKeysWithValues: manifest.countries.enumerated().map { ($1, UInt16($0)) })
        let languageIndex = Dictionary(uniqueKeysWithValues: manifest.languages.enumerated().map { ($1, UInt8($0)) })

        // platforms
        var reader = try CSVReader(path: directory + "/" + DatasetFile.platforms, expectedColumns: ["platform", "name", "kind"])
        var c = (try reader.column("platform"), try reader.column("name"), try reader.column("kind"))
        try reader.forEachRow { (row: borrowing CSVRow) throws(StorageError) in
            let id = try row.int(c.0)
            guard id == d.platforms.count else { throw row.error(c.0, expected: "platform ids 0, 1, 2, ... in order") }
            guard let kind = PlatformKind(rawValue: row.string(c.2)) else {
                throw row.error(c.2, expected: "one of \(PlatformKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            d.platforms.append(PlatformInfo(name: row.string(c.1), kind: kind))
        }
        let platformIndex = Dictionary(uniqueKeysWithValues: d.platforms.enumerated().map { ($1.name, UInt16($0)) })

        // entities
        reader = try CSVReader(path: directory + "/" + DatasetFile.entities,
                               expectedColumns: ["entity", "platform", "kind", "platform_id", "created_at", "country", "name"])
        let e = (try reader.column("entity"), try reader.column("platform"), try reader.column("kind"),
                 try reader.column("platform_id"), try reader.column("created_at"), try reader.column("country"),
                 try reader.column("name"))
        d.entities.reserveCapacity(manifest.rowCounts[DatasetFile.entities] ?? 0)
        try reader.forEachRow { (row: borrowing CSVRow) throws(StorageError) in
            let id = try row.int(e.0)
            guard id == d.entities.count else { throw row.error(e.0, expected: "entity ids 0, 1, 2, ... in order") }
            guard let platform = platformIndex[row.string(e.1)] else { throw row.error(e.1, expected: "a platform from platforms.csv") }
            guard let kind = EntityKind(name: row.string(e.2)) else { throw row.error(e.2, expected: "account, page or group") }
            guard let country = countryIndex[row.string(e.5)] else { throw row.error(e.5, expected: "a country listed in the manifest") }
            d.entities.append(platform: platform, kind: kind, platformLocalID: try row.uint64(e.3),
                              createdAt: try row.int(e.4), country: country, name: row.string(e.6))
        }

        // events
        reader = try CSVReader(path: directory + "/" + DatasetFile.events,
                               expectedColumns: ["event", "time", "actor", "action", "target", "context", "text", "url", "language"])
        let v = (try reader.column("event"), try reader.column("time"), try reader.column("actor"), try reader.column("action"),
                 try reader.column("target"), try reader.column("context"), try reader.column("text"), try reader.column("url"),
                 try reader.column("language"))
        d.events.reserveCapacity(manifest.rowCounts[DatasetFile.events] ?? 0)
        let int32Range: ClosedRange<Int64> = -1 ... Int64(Int32.max)
        func optional(_ row: borrowing CSVRow, _ column: Int) throws(StorageError) -> Int32 {
            row.isEmpty(column) ? noReference : Int32(try row.int(column, in: int32Range))
        }
        try reader.forEachRow { (row: borrowing CSVRow) throws(StorageError) in
            let id = try row.int(v.0)
            guard id == d.events.count else { throw row.error(v.0, expected: "event ids 0, 1, 2, ... in order") }
            guard let action = ActionKind(name: row.string(v.3)) else { throw row.error(v.3, expected: "post, reply, repost or like") }
            var language = EventTable.noLanguage
            if !row.isEmpty(v.8) {
                guard let l = languageIndex[row.string(v.8)] else { throw row.error(v.8, expected: "a language listed in the manifest") }
                language = l
            }
            d.events.append(time: try row.int(v.1), actor: Int32(try row.int(v.2, in: 0 ... Int64(Int32.max))), action: action,
                            target: try optional(row, v.4), context: try optional(row, v.5), text: try optional(row, v.6),
                            url: try optional(row, v.7), language: language)
        }

        // follows
        reader = try CSVReader(path: directory + "/" + DatasetFile.follows, expectedColumns: ["follower", "followee", "time"])
        c = (try reader.column("follower"), try reader.column("followee"), try reader.column("time"))
        d.follows.reserveCapacity(manifest.rowCounts[DatasetFile.follows] ?? 0)
        try reader.forEachRow { (row: borrowing CSVRow) throws(StorageError) in
            d.follows.append(follower: Int32(try row.int(c.0, in: 0 ... Int64(Int32.max))),
                             followee: Int32(try row.int(c.1, in: 0 ... Int64(Int32.max))), time: try row.int(c.2))
        }

        // logins
        reader = try CSVReader(path: directory + "/" + DatasetFile.logins, expectedColumns: ["entity", "time", "ip", "device"])
        let l = (try reader.column("entity"), try reader.column("time"), try reader.column("ip"), try reader.column("device"))
        d.logins.reserveCapacity(manifest.rowCounts[DatasetFile.logins] ?? 0)
        try reader.forEachRow { (row: borrowing CSVRow) throws(StorageError) in
            guard let ip = IPv4.parse(row.string(l.2)) else { throw row.error(l.2, expected: "an IPv4 address a.b.c.d") }
            d.logins.append(entity: Int32(try row.int(l.0, in: 0 ... Int64(Int32.max))), time: try row.int(l.1), ip: ip,
                            device: UInt32(try row.int(l.3, in: 0 ... Int64(UInt32.max))))
        }

        d.texts = try readStrings(directory + "/" + DatasetFile.texts, idColumn: "text", valueColumn: "content")
        d.urls = try readStrings(directory + "/" + DatasetFile.urls, idColumn: "url", valueColumn: "address")

        do { try d.validate() } catch {
            throw StorageError(path: directory, message: "inconsistent dataset: \(error)")
        }
        return (d, manifest)
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
        try reader.forEachRow { (row: borrowing CSVRow) throws(StorageError) in
            guard try row.int(e.0) == t.entityClass.count else { throw row.error(e.0, expected: "entity ids 0, 1, 2, ... in order") }
            guard let cls = EntityClass(name: row.string(e.1)) else {
                throw row.error(e.1, expected: "one of \(EntityClass.allCases.map(\.name).joined(separator: ", "))")
            }
            guard let tactics = TacticSet(codes: row.string(e.5)) else { throw row.error(e.5, expected: "kill-chain codes separated by ';'") }
            t.appendEntity(cls, campaign: Int16(try row.int(e.2, in: -1 ... Int64(Int16.max))),
                           cluster: Int32(try row.int(e.3, in: -1 ... Int64(Int32.max))),
                           operator: Int32(try row.int(e.4, in: -1 ... Int64(Int32.max))), tactics: tactics)
        }
        reader = try CSVReader(path: directory + "/" + DatasetFile.truthEvents, expectedColumns: ["event", "campaign", "tactics"])
        let v = (try reader.column("event"), try reader.column("campaign"), try reader.column("tactics"))
        t.eventCampaign.reserveCapacity(eventCount)
        t.eventTactics.reserveCapacity(eventCount)
        try reader.forEachRow { (row: borrowing CSVRow) throws(StorageError) in
            guard try row.int(v.0) == t.eventCampaign.count else { throw row.error(v.0, expected: "event ids 0, 1, 2, ... in order") }
            guard let tactics = TacticSet(codes: row.string(v.2)) else { throw row.error(v.2, expected: "kill-chain codes separated by ';'") }
            t.appendEvent(campaign: Int16(try row.int(v.1, in: -1 ... Int64(Int16.max))), tactics: tactics)
        }
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
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StorageError(path: path, message: "missing: not a ciblab dataset (expected manifest.json)")
        }
        let manifest: DatasetManifest
        do { manifest = try JSONDecoder().decode(DatasetManifest.self, from: data) } catch {
            throw StorageError(path: path, message: "not a valid manifest: \(describe(error))")
        }
        guard manifest.schemaVersion == DatasetManifest.currentSchemaVersion else {
            throw StorageError(path: path, message: "schema_version \(manifest.schemaVersion) is not supported (expected \(DatasetManifest.currentSchemaVersion))")
        }
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
                throw StorageError(path: path, message: "checksum mismatch: manifest says \(expected.prefix(12))…, file has \(actual.prefix(12))… (the file was changed or truncated)")
            }
        }
    }

    private static func readStrings(_ path: String, idColumn: String, valueColumn: String) throws(StorageError) -> StringTable {
        var reader = try CSVReader(path: path, expectedColumns: [idColumn, valueColumn])
        let id = try reader.column(idColumn)
        let value = try reader.column(valueColumn)
        var table = StringTable()
        try reader.forEachRow { (row: borrowing CSVRow) throws(StorageError) in
            guard try row.int(id) == table.count else { throw row.error(id, expected: "ids 0, 1, 2, ... in order") }
            table.append(row.string(value))
        }
        return table
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing key '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted(let context): "invalid JSON (\(context.debugDescription))"
        default: "\(error)"
        }
    }
}
