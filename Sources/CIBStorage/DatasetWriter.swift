import CIBModel
public import CIBTruth
import Foundation

/// What a dataset records about how it was made.
public struct DatasetProvenance: Sendable {
    public var toolVersion: String
    public var scenarioName: String
    /// The resolved scenario as canonical JSON (sorted keys); its SHA-256 is the scenario hash.
    public var scenarioJSON: Data
    public var seed: UInt64
    public var scale: Double

    public init(toolVersion: String, scenarioName: String, scenarioJSON: Data, seed: UInt64, scale: Double) {
        self.toolVersion = toolVersion
        self.scenarioName = scenarioName
        self.scenarioJSON = scenarioJSON
        self.seed = seed
        self.scale = scale
    }

    public var scenarioSHA256: String { Checksum.sha256(scenarioJSON) }
}

/// Writes a world as a dataset directory (see docs/dataset.md): observable tables as CSV, ground truth under `truth/`,
/// and `manifest.json` with a SHA-256 per file. The directory appears only when complete.
public enum DatasetWriter {
    /// Writes `world` to `directory` (created atomically).
    ///
    /// - Parameters:
    ///   - includeTruth: write `truth/` (a dataset to hand to a detector leaves it out).
    ///   - withholdProvenance: record `scenario` as `null`, `scenario_name` and `scenario_sha256` as `withheld` and
    ///     `seed` as 0 in the manifest. A benchmark suite's test worlds are written so (docs/suite.md): the resolved
    ///     scenario names the campaign's size and the presets applied, and a scenario with its seed regenerates the
    ///     world together with its truth. ``writeHeldOutTruth(_:provenance:datasetManifest:to:replace:)`` keeps them.
    @discardableResult
    public static func write(
        _ world: LabelledWorld, provenance: DatasetProvenance, to directory: String, includeTruth: Bool = true,
        replace: Bool = false, withholdProvenance: Bool = false
    ) throws(StorageError) -> DatasetManifest {
        let data = world.observable
        var manifest = try manifest(world, provenance: provenance, directory: directory)
        if withholdProvenance {
            manifest.scenario = .null
            manifest.scenarioName = DatasetManifest.withheld
            manifest.scenarioSHA256 = DatasetManifest.withheld
            manifest.seed = 0
        }
        return try AtomicOutput.directory(at: directory, replace: replace) { (dir: String) throws(StorageError) -> DatasetManifest in
            func record(_ name: String, _ result: (rows: Int, sha: String)) {
                manifest.rowCounts[name] = result.rows
                manifest.files[name] = result.sha
            }
            record(DatasetFile.platforms, try writePlatforms(data, dir + "/" + DatasetFile.platforms))
            record(DatasetFile.entities, try writeEntities(data, dir + "/" + DatasetFile.entities))
            record(DatasetFile.events, try writeEvents(data, dir + "/" + DatasetFile.events))
            record(DatasetFile.follows, try writeFollows(data, dir + "/" + DatasetFile.follows))
            record(DatasetFile.logins, try writeLogins(data, dir + "/" + DatasetFile.logins))
            record(DatasetFile.texts, try writeStrings(data.texts, ["text", "content"], dir + "/" + DatasetFile.texts))
            record(DatasetFile.urls, try writeStrings(data.urls, ["url", "address"], dir + "/" + DatasetFile.urls))
            if includeTruth {
                try AtomicOutput.createDirectory(dir + "/" + DatasetFile.truthDirectory)
                record(DatasetFile.truthEntities, try writeTruthEntities(world.truth, dir + "/" + DatasetFile.truthEntities))
                record(DatasetFile.truthEvents, try writeTruthEvents(world.truth, dir + "/" + DatasetFile.truthEvents))
            }
            let bytes: Data
            do { bytes = try CanonicalJSON.encode(manifest) } catch {
                throw StorageError(path: dir + "/" + DatasetFile.manifest, message: "cannot encode manifest: \(error)")
            }
            try AtomicOutput.write(bytes, to: dir + "/" + DatasetFile.manifest)
            return manifest
        }
    }

    /// The manifest of `world` before any file is written: provenance, window, vocabularies; no files yet.
    static func manifest(_ world: LabelledWorld, provenance: DatasetProvenance, directory: String) throws(StorageError) -> DatasetManifest {
        let data = world.observable
        let scenarioValue: JSONValue
        do { scenarioValue = try JSONValue.parse(provenance.scenarioJSON) } catch {
            throw StorageError(path: directory, message: "the resolved scenario is not valid JSON: \(error)")
        }
        return DatasetManifest(
            toolVersion: provenance.toolVersion, scenarioName: provenance.scenarioName,
            scenarioSHA256: provenance.scenarioSHA256, scenario: scenarioValue, seed: provenance.seed,
            scale: provenance.scale, start: data.start, end: data.end, countries: data.countries,
            languages: data.languages, campaigns: world.truth.campaignNames)
    }

    private static func writePlatforms(_ d: ObservableDataset, _ path: String) throws(StorageError) -> (rows: Int, sha: String) {
        var w = try CSVWriter(path: path)
        try w.header(["platform", "name", "kind"])
        for (i, p) in d.platforms.enumerated() {
            w.int(i)
            w.string(p.name)
            w.string(p.kind.rawValue)
            try w.endRow()
        }
        let rows = w.rows
        return (rows, try w.finish())
    }

    private static func writeEntities(_ d: ObservableDataset, _ path: String) throws(StorageError) -> (rows: Int, sha: String) {
        var w = try CSVWriter(path: path)
        try w.header(["entity", "platform", "kind", "platform_id", "created_at", "country", "name"])
        let e = d.entities
        for i in 0 ..< e.count {
            w.int(i)
            w.string(d.platforms[Int(e.platform[i])].name)
            w.string(e.kind[i].name)
            w.uint(e.platformLocalID[i])
            w.int(e.createdAt[i])
            w.string(d.countries[Int(e.country[i])])
            e.name.withUTF8(i) { w.bytes($0) }
            try w.endRow()
        }
        let rows = w.rows
        return (rows, try w.finish())
    }

    private static func writeEvents(_ d: ObservableDataset, _ path: String) throws(StorageError) -> (rows: Int, sha: String) {
        var w = try CSVWriter(path: path)
        try w.header(["event", "time", "actor", "action", "target", "context", "text", "url", "language"])
        let ev = d.events
        let actionNames = ActionKind.allCases.map(\.name)
        for i in 0 ..< ev.count {
            w.int(i)
            w.int(ev.time[i])
            w.int(ev.actor[i])
            w.string(actionNames[Int(ev.action[i].rawValue)])
            optional(&w, ev.target[i])
            optional(&w, ev.context[i])
            optional(&w, ev.text[i])
            optional(&w, ev.url[i])
            let language = ev.language[i]
            if language == EventTable.noLanguage { w.empty() } else { w.string(d.languages[Int(language)]) }
            try w.endRow()
        }
        let rows = w.rows
        return (rows, try w.finish())
    }

    private static func optional(_ w: inout CSVWriter, _ value: Int32) {
        if value == noReference { w.empty() } else { w.int(value) }
    }

    private static func writeFollows(_ d: ObservableDataset, _ path: String) throws(StorageError) -> (rows: Int, sha: String) {
        var w = try CSVWriter(path: path)
        try w.header(["follower", "followee", "time"])
        let f = d.follows
        for i in 0 ..< f.count {
            w.int(f.follower[i])
            w.int(f.followee[i])
            w.int(f.time[i])
            try w.endRow()
        }
        let rows = w.rows
        return (rows, try w.finish())
    }

    private static func writeLogins(_ d: ObservableDataset, _ path: String) throws(StorageError) -> (rows: Int, sha: String) {
        var w = try CSVWriter(path: path)
        try w.header(["entity", "time", "ip", "device"])
        let l = d.logins
        for i in 0 ..< l.count {
            w.int(l.entity[i])
            w.int(l.time[i])
            w.string(IPv4.format(l.ip[i]))
            w.int(l.device[i])
            try w.endRow()
        }
        let rows = w.rows
        return (rows, try w.finish())
    }

    private static func writeStrings(_ table: StringTable, _ header: [String], _ path: String) throws(StorageError) -> (rows: Int, sha: String) {
        var w = try CSVWriter(path: path)
        try w.header(header)
        for i in 0 ..< table.count {
            w.int(i)
            table.withUTF8(i) { w.bytes($0) }
            try w.endRow()
        }
        let rows = w.rows
        return (rows, try w.finish())
    }

    static func writeTruthEntities(_ t: GroundTruth, _ path: String) throws(StorageError) -> (rows: Int, sha: String) {
        var w = try CSVWriter(path: path)
        try w.header(["entity", "class", "campaign", "cluster", "operator", "tactics"])
        for i in 0 ..< t.entityClass.count {
            w.int(i)
            w.string(t.entityClass[i].name)
            w.int(t.entityCampaign[i])
            w.int(t.entityCluster[i])
            w.int(t.entityOperator[i])
            w.string(t.entityTactics[i].codes)
            try w.endRow()
        }
        let rows = w.rows
        return (rows, try w.finish())
    }

    static func writeTruthEvents(_ t: GroundTruth, _ path: String) throws(StorageError) -> (rows: Int, sha: String) {
        var w = try CSVWriter(path: path)
        let topics = !t.eventTopic.isEmpty && !t.topicNames.isEmpty
        try w.header(["event", "campaign", "tactics"] + (topics ? ["topic"] : []))
        var codes = [UInt16: String]()
        for i in 0 ..< t.eventCampaign.count {
            w.int(i)
            w.int(t.eventCampaign[i])
            let set = t.eventTactics[i]
            if set.rawValue == 0 {
                w.empty()
            } else {
                if codes[set.rawValue] == nil { codes[set.rawValue] = set.codes }
                w.string(codes[set.rawValue]!)
            }
            if topics {
                // Topic 0 (everyday chatter, and events without text) is written empty.
                let k = Int(t.eventTopic[i])
                if k == 0 || k >= t.topicNames.count { w.empty() } else { w.string(t.topicNames[k]) }
            }
            try w.endRow()
        }
        let rows = w.rows
        return (rows, try w.finish())
    }
}
