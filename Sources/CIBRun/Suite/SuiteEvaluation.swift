public import CIBDetectors
public import CIBEvaluation
import CIBModel
import CIBStatistics
import CIBStorage
import CIBTruth
import Foundation

/// `ciblab suite evaluate`: runs detectors on every test world of a built suite folder and evaluates them against
/// the held-out truth (docs/suite.md).
///
/// For each test world, in suite order: the test dataset is read (checksums verified), the held-out truth is read from
/// `DIR/truth/NAME/` and paired with it (the truth's manifest lists the dataset's checksums), the built-in detectors run
/// on the observable tables, and each external command runs once with `{train}` = `DIR/train`, `{dataset}` =
/// `DIR/test/NAME`, `{out}` = its scores file and `{work}` = a scratch folder of its own that persists across the test
/// worlds of this evaluation (e.g. for a model trained on the first). External commands run beside the built-in
/// detectors (at most ``Configuration/externalJobs`` of them at once); scores are gathered in a fixed order. No path into `DIR/truth` is ever given to a
/// command (nor is one allowed in its template); ciblab does not sandbox it, so a detector must not read outside the
/// folders it is given. Each world's scores are evaluated with one ``Evaluator`` seeded by the world's seed.
public enum SuiteEvaluation {
    public struct Configuration: Sendable {
        public var suite: ResolvedSuite
        /// The suite folder (`ciblab suite build --out`).
        public var directory: String
        /// Built-in detectors; empty means all registered, `["none"]` none.
        public var detectors: [String]
        public var parameters: [String]
        public var externals: [ExternalDetector]
        public var positives: PositiveDefinition
        public var bootstrapReplicates: Int
        public var tasks: Int
        /// Scratch space for the external commands' scores files, logs and `{work}` folders (removed afterwards).
        public var workDirectory: String
        /// How many external commands may run at once (beside the built-in detectors, which always overlap them).
        public var externalJobs = 1

        public init(
            suite: ResolvedSuite, directory: String, detectors: [String], parameters: [String], externals: [ExternalDetector],
            positives: PositiveDefinition, bootstrapReplicates: Int, tasks: Int, workDirectory: String
        ) {
            self.suite = suite
            self.directory = directory
            self.detectors = detectors
            self.parameters = parameters
            self.externals = externals
            self.positives = positives
            self.bootstrapReplicates = bootstrapReplicates
            self.tasks = tasks
            self.workDirectory = workDirectory
        }
    }

    /// Wall-clock seconds of one detector on one test world.
    public struct Timing: Sendable, Codable, Equatable {
        public var world: String
        public var detector: String
        public var seconds: Double
    }

    public struct Result: Sendable {
        public var table: SuiteTable
        public var timings: [Timing]
        /// The record read from `DIR/suite.json`.
        public var record: SuiteRecord
    }

    /// Checks the folder and the detectors before anything runs: `DIR/suite.json` matches the suite, every world's
    /// folder has its manifest, the built-in names and parameters are known, and no external command names the
    /// truth folder.
    public static func check(_ config: Configuration) throws(ExperimentError) -> (SuiteRecord, DetectorPipeline?) {
        let record = try SuiteRecord.read(directory: config.directory)
        try record.check(matches: config.suite, directory: config.directory)
        let pipeline: DetectorPipeline?
        do {
            pipeline = config.detectors == ["none"] ? nil : try DetectorPipeline(names: config.detectors, overrides: config.parameters)
        } catch { throw ExperimentError(error.description) }
        guard pipeline != nil || !config.externals.isEmpty else {
            throw ExperimentError("no detectors: --detectors none and no --external")
        }
        if pipeline == nil, !config.parameters.isEmpty { throw ExperimentError("--param given but no built-in detector is run") }
        let truthRoots = truthRoots(config.directory)
        for external in config.externals {
            guard external.commandTemplate.contains("{out}") else {
                throw ExperimentError("\(external.detectorName): the command '\(external.commandTemplate)' has no {out} placeholder for the scores file it must write")
            }
            if let root = truthRoots.first(where: { external.commandTemplate.contains($0) }) {
                throw ExperimentError("\(external.detectorName): the command names the held-out truth folder \(root); a detector gets {train} and {dataset}, never the test worlds' truth")
            }
        }
        var seen = Set<String>()
        for external in config.externals where !seen.insert(external.detectorName).inserted {
            throw ExperimentError("two external detectors are named '\(external.name)'; name them apart with NAME=COMMAND")
        }
        for (folder, worlds) in [(SuiteBuilder.trainFolder, record.train), (SuiteBuilder.testFolder, record.test), (SuiteBuilder.truthFolder, record.test)] {
            for world in worlds {
                let manifest = config.directory + "/\(folder)/\(world.name)/" + DatasetFile.manifest
                guard FileManager.default.fileExists(atPath: manifest) else {
                    throw ExperimentError("\(manifest): missing: the suite folder is incomplete (rebuild it with `ciblab suite build`)")
                }
            }
        }
        return (record, pipeline)
    }

    /// Runs every detector on every test world and evaluates it; `progress` gets one line per step.
    public static func run(_ config: Configuration, progress: @escaping @Sendable (String) -> Void) throws(ExperimentError) -> Result {
        let (record, pipeline) = try check(config)
        let fm = FileManager.default
        defer { try? fm.removeItem(atPath: config.workDirectory) }
        let directory = URL(fileURLWithPath: config.directory).standardizedFileURL.path
        let trainPath = directory + "/" + SuiteBuilder.trainFolder
        var table = SuiteTable()
        var timings: [Timing] = []
        let tests = config.suite.test
        for (index, world) in tests.enumerated() {
            let spec = world.spec
            let distribution = spec.distribution ?? .shifted
            let datasetPath = directory + "/\(SuiteBuilder.testFolder)/" + spec.name
            let truthPath = directory + "/\(SuiteBuilder.truthFolder)/" + spec.name
            progress("suite: test world \(index + 1) of \(tests.count): \(spec.name) (\(distribution == .inDistribution ? "in-distribution" : "shifted"))")
            var clock = Date()
            let observable: ObservableDataset
            let truth: GroundTruth
            let truthManifest: DatasetManifest
            do {
                let (data, manifest) = try DatasetReader.readObservable(directory: datasetPath)
                truthManifest = try DatasetReader.readManifest(directory: truthPath)
                for file in DatasetFile.observable where manifest.files[file] != truthManifest.files[file] {
                    throw ExperimentError("\(datasetPath)/\(file) does not belong to the world whose truth is in \(truthPath) (its checksum differs from the truth manifest's); rebuild the suite folder")
                }
                guard truthManifest.scenarioSHA256 == world.scenarioSHA256, truthManifest.seed == spec.seed else {
                    throw ExperimentError("\(truthPath)/\(DatasetFile.manifest): the truth is of another world than the suite's test world '\(spec.name)'; rebuild the suite folder")
                }
                truth = try DatasetReader.readTruth(directory: truthPath, manifest: truthManifest, entityCount: data.entities.count,
                                                    eventCount: data.events.count)
                observable = data
            } catch let error as ExperimentError {
                throw error
            } catch {
                throw ExperimentError("\(error)")
            }
            progress("suite: read \(spec.name): \(observable.entities.count) entities, \(observable.events.count) events in \(String(format: "%.1f", Date().timeIntervalSince(clock))) s")

            // External commands start first, on threads of their own (at most `externalJobs` at once), and run
            // while the built-in detectors do; scores are gathered in a fixed order, so nothing depends on timing.
            let gate = DispatchSemaphore(value: config.externalJobs)
            var jobs: [BackgroundJob<Swift.Result<(scores: EntityScores, seconds: Double), DetectorError>>] = []
            for external in config.externals {
                let safe = external.detectorName.replacingOccurrences(of: ":", with: "-")
                let scratch = config.workDirectory + "/work/" + safe
                let worldWork = config.workDirectory + "/scores/" + safe + "/" + spec.name
                do {
                    try fm.createDirectory(atPath: scratch, withIntermediateDirectories: true)
                } catch { throw ExperimentError("cannot create \(scratch): \(error.localizedDescription)") }
                let entityCount = observable.entities.count
                let placeholders = ["train": trainPath, "work": scratch]
                let name = spec.name
                jobs.append(BackgroundJob {
                    gate.wait()
                    defer { gate.signal() }
                    progress("detect: \(external.detectorName) on \(name)")
                    let started = Date()
                    do {
                        let scores = try external.run(datasetDirectory: datasetPath, entityCount: entityCount,
                                                      workDirectory: worldWork, placeholders: placeholders)
                        return .success((scores, Date().timeIntervalSince(started)))
                    } catch let error as DetectorError {
                        return .failure(error)
                    } catch {
                        return .failure(DetectorError(detector: external.detectorName, message: "\(error)"))
                    }
                })
            }
            var scores: [EntityScores] = []
            var builtInFailure: ExperimentError?
            if let pipeline {
                do {
                    let runAll = config.detectors.isEmpty
                    for result in try pipeline.run(on: observable, tasks: config.tasks, seed: spec.seed, progress: { progress("detect: " + $0) })
                    where result.requested || runAll {
                        scores.append(result.output.scores)
                        timings.append(Timing(world: spec.name, detector: result.name, seconds: result.seconds))
                    }
                } catch { builtInFailure = ExperimentError("test world '\(spec.name)': \(error.description)") }
            }
            // Every command is waited for, even after a failure, so none is left running.
            let outcomes = jobs.map { $0.wait() }
            if let builtInFailure { throw builtInFailure }
            for (external, outcome) in zip(config.externals, outcomes) {
                switch outcome {
                case .success(let done):
                    scores.append(done.scores)
                    timings.append(Timing(world: spec.name, detector: external.detectorName, seconds: done.seconds))
                case .failure(let error):
                    throw ExperimentError("test world '\(spec.name)': \(error.description)")
                }
            }

            clock = Date()
            do {
                let evaluator = try Evaluator(truth: truth, observable: observable, positives: config.positives,
                                              bootstrapReplicates: config.bootstrapReplicates, seed: spec.seed, tasks: config.tasks)
                for evaluation in try evaluator.evaluate(scores) {
                    for row in evaluation.rows(seed: spec.seed) {
                        table.rows.append(SuiteMetricRow(world: spec.name, distribution: distribution, row: row))
                    }
                }
            } catch { throw ExperimentError("test world '\(spec.name)': evaluation: \(error)") }
            progress("suite: evaluated \(scores.count) detector(s) on \(spec.name) in \(String(format: "%.1f", Date().timeIntervalSince(clock))) s")
        }
        return Result(table: table, timings: timings, record: record)
    }

    /// The truth folder as a command template could name it: as given, standardized, and resolved.
    static func truthRoots(_ directory: String) -> [String] {
        let given = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let url = URL(fileURLWithPath: directory)
        let forms = [given, url.standardizedFileURL.path, url.resolvingSymlinksInPath().path]
        return Array(Set(forms.map { $0 + "/" + SuiteBuilder.truthFolder })).sorted()
    }
}
