import CIBStorage
import Foundation

/// `DIR/suite.json`: the resolved suite a folder was built from — every world's scenario file, presets, overrides,
/// seed and scale, its resolved scenario's SHA-256, its size, and the SHA-256 of the manifests written for it.
///
/// No time, path of `DIR` or thread count is recorded, so the same suite file gives the same bytes.
/// `ciblab suite evaluate` reads it to check that `DIR` was built from the suite it is given.
public struct SuiteRecord: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1
    public static let fileName = "suite.json"

    public struct World: Codable, Sendable, Equatable {
        public var name: String
        /// The scenario file as the suite file names it.
        public var scenarioFile: String
        public var presets: [String]
        public var overrides: [String]
        public var seed: UInt64
        public var scale: Double
        /// Test worlds only.
        public var distribution: SuiteDistribution?
        public var scenarioName: String
        public var scenarioSHA256: String
        public var entities: Int
        public var events: Int
        /// SHA-256 of `train/NAME/manifest.json` or `test/NAME/manifest.json`.
        public var manifestSHA256: String
        /// SHA-256 of `truth/NAME/manifest.json` (test worlds only).
        public var truthManifestSHA256: String?

        enum CodingKeys: String, CodingKey {
            case name, presets, seed, scale, distribution, entities, events
            case scenarioFile = "scenario_file"
            case overrides = "set"
            case scenarioName = "scenario_name"
            case scenarioSHA256 = "scenario_sha256"
            case manifestSHA256 = "manifest_sha256"
            case truthManifestSHA256 = "truth_manifest_sha256"
        }
    }

    public var schemaVersion: Int
    public var toolVersion: String
    public var name: String
    public var description: String
    /// SHA-256 of the suite file's bytes.
    public var suiteSHA256: String
    public var train: [World]
    public var test: [World]

    enum CodingKeys: String, CodingKey {
        case name, description, train, test
        case schemaVersion = "schema_version"
        case toolVersion = "tool_version"
        case suiteSHA256 = "suite_sha256"
    }

    public init(toolVersion: String, name: String, description: String, suiteSHA256: String, train: [World], test: [World]) {
        self.schemaVersion = Self.currentSchemaVersion
        self.toolVersion = toolVersion
        self.name = name
        self.description = description
        self.suiteSHA256 = suiteSHA256
        self.train = train
        self.test = test
    }

    /// Reads `DIR/suite.json`.
    public static func read(directory: String) throws(ExperimentError) -> SuiteRecord {
        let path = directory + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExperimentError("\(path): missing or unreadable: not a suite folder (build one with `ciblab suite build SUITE --out \(directory)`)")
        }
        let record: SuiteRecord
        do { record = try JSONDecoder().decode(SuiteRecord.self, from: data) } catch {
            throw ExperimentError("\(path): not a valid suite record (\(error))")
        }
        guard record.schemaVersion == currentSchemaVersion else {
            throw ExperimentError("\(path): schema_version \(record.schemaVersion) is not supported (expected \(currentSchemaVersion))")
        }
        return record
    }

    /// The canonical bytes written to `suite.json`.
    public func encoded() throws(ExperimentError) -> Data {
        do { return try CanonicalJSON.encode(self) } catch { throw ExperimentError("suite.json: cannot encode: \(error)") }
    }

    /// Checks that this record describes the worlds of `suite` (the same names, resolved scenarios, seeds, scales and
    /// distributions); the suite file's comments and layout may differ.
    public func check(matches suite: ResolvedSuite, directory: String) throws(ExperimentError) {
        func identity(_ w: World) -> String {
            "\(w.name) scenario \(w.scenarioSHA256.prefix(12)) seed \(w.seed) scale \(w.scale) \(w.distribution?.rawValue ?? "")"
        }
        func identity(_ w: ResolvedSuite.World) -> String {
            "\(w.spec.name) scenario \(w.scenarioSHA256.prefix(12)) seed \(w.spec.seed) scale \(w.spec.scale) \(w.spec.distribution?.rawValue ?? "")"
        }
        for (role, recorded, wanted) in [("train", train.map(identity), suite.train.map(identity)), ("test", test.map(identity), suite.test.map(identity))] {
            guard recorded != wanted else { continue }
            let first = zip(recorded, wanted).first { $0 != $1 }
            let detail = first.map { "\(role) world '\($0.1.split(separator: " ").first ?? "")' differs" }
                ?? "\(role) has \(recorded.count) worlds in the folder, \(wanted.count) in the suite"
            throw ExperimentError("\(directory)/\(Self.fileName): the folder was built from another suite than \(suite.spec.file) (\(detail)); rebuild it with `ciblab suite build \(suite.spec.file) --out \(directory) --force`")
        }
    }
}
