import Foundation

/// `manifest.json` of a dataset directory: how to reproduce it and how to check it.
///
/// It records the schema version, the tool version, the resolved scenario (overrides applied) and its SHA-256, the
/// seed and scale, the vocabularies that integer columns index, row counts, and a SHA-256 per file. No wall-clock
/// time is recorded, so the same scenario and seed give byte-identical datasets.
public struct DatasetManifest: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1
    /// What `scenario_name` and `scenario_sha256` say in a dataset whose provenance is withheld (a benchmark suite's
    /// test world, docs/suite.md); its `scenario` is `null` and its `seed` 0.
    public static let withheld = "withheld"

    public var schemaVersion: Int
    public var toolVersion: String
    public var scenarioName: String
    public var scenarioSHA256: String
    public var scenario: JSONValue
    public var seed: UInt64
    public var scale: Double
    /// Observation window, UTC seconds.
    public var start: Int64
    public var end: Int64
    public var countries: [String]
    public var languages: [String]
    public var campaigns: [String]
    /// Rows per file (header excluded), keyed by relative path.
    public var rowCounts: [String: Int]
    /// SHA-256 per file, keyed by relative path.
    public var files: [String: String]

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case toolVersion = "tool_version"
        case scenarioName = "scenario_name"
        case scenarioSHA256 = "scenario_sha256"
        case scenario, seed, scale, start, end, countries, languages, campaigns
        case rowCounts = "row_counts"
        case files
    }

    public init(
        toolVersion: String, scenarioName: String, scenarioSHA256: String, scenario: JSONValue, seed: UInt64,
        scale: Double, start: Int64, end: Int64, countries: [String], languages: [String], campaigns: [String]
    ) {
        self.schemaVersion = Self.currentSchemaVersion
        self.toolVersion = toolVersion
        self.scenarioName = scenarioName
        self.scenarioSHA256 = scenarioSHA256
        self.scenario = scenario
        self.seed = seed
        self.scale = scale
        self.start = start
        self.end = end
        self.countries = countries
        self.languages = languages
        self.campaigns = campaigns
        self.rowCounts = [:]
        self.files = [:]
    }
}

/// Where the tables of a dataset live, relative to its directory.
public enum DatasetFile {
    public static let manifest = "manifest.json"
    public static let platforms = "platforms.csv"
    public static let entities = "entities.csv"
    public static let events = "events.csv"
    public static let follows = "follows.csv"
    public static let logins = "logins.csv"
    public static let texts = "texts.csv"
    public static let urls = "urls.csv"
    public static let truthDirectory = "truth"
    public static let truthEntities = "truth/entities.csv"
    public static let truthEvents = "truth/events.csv"

    public static let observable = [platforms, entities, events, follows, logins, texts, urls]
    public static let truth = [truthEntities, truthEvents]
}
