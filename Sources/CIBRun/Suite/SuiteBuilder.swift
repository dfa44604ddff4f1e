import CIBGenerator
import CIBModel
import CIBScenario
import CIBStorage
import Foundation

/// `ciblab suite build`: generates every world of a suite and writes the folder a benchmark is run from
/// (docs/suite.md):
///
/// ```
/// DIR/suite.json          the resolved suite (SuiteRecord)
/// DIR/train/NAME/         a dataset with truth/ per training world
/// DIR/test/NAME/          a dataset without truth/ per test world, its provenance withheld (no scenario, seed 0)
/// DIR/truth/NAME/         the held-out truth of each test world: truth/*.csv and the world's complete manifest
/// ```
///
/// Worlds are generated one at a time (each with `tasks` threads) in suite order and the whole folder appears at once,
/// complete (built under a temporary name, then renamed). Nothing depends on `tasks` or on the time: the same suite
/// file gives byte-identical folders.
public enum SuiteBuilder {
    public struct Options: Sendable {
        public var tasks: Int
        public var toolVersion: String
        public var replace = false
        public var maxEvents: Int? = nil
        public var allowLargeWorlds = false

        public init(tasks: Int, toolVersion: String) {
            self.tasks = tasks
            self.toolVersion = toolVersion
        }
    }

    /// Folder names inside a suite folder.
    public static let trainFolder = "train"
    public static let testFolder = "test"
    public static let truthFolder = "truth"

    /// Checks, before anything is generated, that every world fits the machine and `maxEvents`.
    public static func checkResources(_ suite: ResolvedSuite, options: Options) throws(ExperimentError) {
        for world in suite.worlds {
            do {
                try WorldGenerator(scenario: world.scenario, scale: world.spec.scale, maxEvents: options.maxEvents,
                                   allowLarge: options.allowLargeWorlds).checkResources()
            } catch {
                throw ExperimentError("\(suite.spec.file)\(world.spec.line.map { ":\($0)" } ?? ""): \(world.spec.key) '\(world.spec.name)': \(error.description)")
            }
        }
    }

    /// Builds `out`; returns the record written to `out/suite.json`.
    @discardableResult
    public static func build(
        _ suite: ResolvedSuite, out: String, options: Options, progress: @escaping @Sendable (String) -> Void
    ) throws(ExperimentError) -> SuiteRecord {
        try checkResources(suite, options: options)
        var failure: ExperimentError?
        do {
            return try AtomicOutput.directory(at: out, replace: options.replace) { (dir: String) throws(StorageError) -> SuiteRecord in
                do {
                    return try fill(dir, suite: suite, options: options, progress: progress)
                } catch let error as ExperimentError {
                    failure = error
                    throw StorageError(path: out, message: error.message)
                } catch {
                    throw StorageError(path: out, message: "\(error)")
                }
            }
        } catch {
            throw failure ?? ExperimentError("\(error)")
        }
    }

    private static func fill(
        _ dir: String, suite: ResolvedSuite, options: Options, progress: @escaping @Sendable (String) -> Void
    ) throws(ExperimentError) -> SuiteRecord {
        var train: [SuiteRecord.World] = []
        var test: [SuiteRecord.World] = []
        let worlds = suite.worlds
        for (index, world) in worlds.enumerated() {
            let spec = world.spec
            let started = Date()
            let recipe = ([spec.scenario] + spec.presets.map { "+" + $0 } + (spec.overrides.isEmpty ? [] : ["\(spec.overrides.count) set"])).joined(separator: " ")
            progress("suite: world \(index + 1) of \(worlds.count): \(spec.role.rawValue)/\(spec.name) (\(recipe), seed \(spec.seed), scale \(SuiteSpec.format(spec.scale)))")
            let (labelled, _) = try Experiment.generate(
                world.scenario, seed: spec.seed, scale: spec.scale, tasks: options.tasks, maxEvents: options.maxEvents,
                allowLarge: options.allowLargeWorlds, progress: { _ in })
            let provenance = Experiment.provenance(world.scenario, seed: spec.seed, scale: spec.scale, toolVersion: options.toolVersion)
            var record = SuiteRecord.World(
                name: spec.name, scenarioFile: spec.scenario, presets: spec.presets, overrides: spec.overrides,
                seed: spec.seed, scale: spec.scale, distribution: spec.distribution, scenarioName: world.scenario.name,
                scenarioSHA256: provenance.scenarioSHA256, entities: labelled.observable.entities.count,
                events: labelled.observable.events.count, manifestSHA256: "", truthManifestSHA256: nil)
            do {
                switch spec.role {
                case .train:
                    let path = dir + "/\(trainFolder)/" + spec.name
                    try DatasetWriter.write(labelled, provenance: provenance, to: path, includeTruth: true)
                    record.manifestSHA256 = try Checksum.sha256(file: path + "/" + DatasetFile.manifest)
                    train.append(record)
                case .test:
                    let path = dir + "/\(testFolder)/" + spec.name
                    let truthPath = dir + "/\(truthFolder)/" + spec.name
                    let manifest = try DatasetWriter.write(labelled, provenance: provenance, to: path, includeTruth: false,
                                                           withholdProvenance: true)
                    try DatasetWriter.writeHeldOutTruth(labelled, provenance: provenance, datasetManifest: manifest, to: truthPath)
                    record.manifestSHA256 = try Checksum.sha256(file: path + "/" + DatasetFile.manifest)
                    record.truthManifestSHA256 = try Checksum.sha256(file: truthPath + "/" + DatasetFile.manifest)
                    test.append(record)
                }
            } catch {
                throw ExperimentError(error.description)
            }
            progress("suite: wrote \(spec.role.rawValue)/\(spec.name): \(labelled.observable.entities.count) entities, \(labelled.observable.events.count) events in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        }
        let record = SuiteRecord(toolVersion: options.toolVersion, name: suite.spec.name, description: suite.spec.description,
                                 suiteSHA256: suite.spec.fileSHA256, train: train, test: test)
        let bytes = try record.encoded()
        do { try AtomicOutput.write(bytes, to: dir + "/" + SuiteRecord.fileName) } catch { throw ExperimentError(error.description) }
        return record
    }
}
