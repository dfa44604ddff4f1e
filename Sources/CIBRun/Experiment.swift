public import CIBAudit
public import CIBDetectors
public import CIBEvaluation
public import CIBReport
public import CIBScenario
import CIBGenerator
import CIBModel
public import CIBStorage
public import CIBTruth
import Foundation

/// One experiment: a scenario over one or more seeds, a set of detectors, evaluated against the truth.
///
/// This is the engine behind `ciblab run`, and the unit of work a what-if sweep or a regression check repeats: the
/// world of each seed is generated in memory, the detectors see only its observable part (external programs get it as
/// a dataset directory without `truth/`), and evaluation joins scores with the truth.
public struct ExperimentConfiguration: Sendable {
    public var scenario: Scenario
    public var seeds: [UInt64]
    public var scale: Double
    /// Built-in detectors to run; empty means all registered; `["none"]` means none.
    public var detectors: [String]
    /// `detector.key=value` parameter overrides.
    public var parameters: [String]
    public var externals: [ExternalDetector]
    public var positives: PositiveDefinition
    public var bootstrapReplicates: Int
    public var tasks: Int
    /// When set, each seed's dataset (with truth) is written to `<saveDatasets>/dataset-<seed>`.
    public var saveDatasets: String?
    /// Scratch space for external detectors' datasets and outputs.
    public var workDirectory: String
    /// Metadata written into saved datasets.
    public var toolVersion: String
    /// Bytes each world may use at its peak (`nil`: the generator's default, 90% of the machine's memory); worlds
    /// estimated to need more are refused before they are built.
    public var memoryLimit: UInt64? = nil
    /// The most events a world may have (the CLI's `--max-events`); worlds expected to give more are refused.
    public var maxEvents: Int? = nil
    /// Generate worlds above ``memoryLimit`` and ``maxEvents`` all the same (`--allow-large-world`).
    public var allowLargeWorlds = false
    /// When set, the benchmark audit runs on the first seed's world, with the second seed's world (or, with one seed,
    /// a world generated from seed + 1) as the world its encodings and probes are fitted on.
    public var audit: AuditSettings? = nil

    public init(
        scenario: Scenario, seeds: [UInt64], scale: Double = 1, detectors: [String] = [], parameters: [String] = [],
        externals: [ExternalDetector] = [], positives: PositiveDefinition = .thisCampaign, bootstrapReplicates: Int = 200,
        tasks: Int, saveDatasets: String? = nil, workDirectory: String, toolVersion: String
    ) {
        self.scenario = scenario
        self.seeds = seeds
        self.scale = scale
        self.detectors = detectors
        self.parameters = parameters
        self.externals = externals
        self.positives = positives
        self.bootstrapReplicates = bootstrapReplicates
        self.tasks = tasks
        self.saveDatasets = saveDatasets
        self.workDirectory = workDirectory
        self.toolVersion = toolVersion
    }
}

/// A detector as it was run in an experiment.
public struct ExperimentDetector: Sendable, Codable, Equatable {
    public var name: String
    public var parameters: [String: Double]
    /// The command template of an external detector.
    public var external: String?
    /// What the detector reported about flagged groups on the first seed's world.
    public var findings: [String]
}

/// What an experiment produced.
public struct ExperimentResult: Sendable {
    public var metrics: MetricsTable
    /// The first seed's evaluations (for curves).
    public var curves: [DetectorEvaluation]
    public var hourOfWeek: RunSummary.HourOfWeek?
    /// Every detector against `fusion` (or the first detector) on the same worlds.
    public var comparisons: [PairedComparison]
    public var detectors: [ExperimentDetector]
    public var timings: [RunSummary.Timing]
    /// The benchmark audit, when the configuration asked for it.
    public var audit: AuditReport? = nil
}

/// An experiment could not run: the message says which step and why.
public struct ExperimentError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

public enum Experiment {
    /// Generates one world, reporting the generator's steps and a summary line with counts and the event rate.
    public static func generate(
        _ scenario: Scenario, seed: UInt64, scale: Double, tasks: Int, memoryLimit: UInt64? = nil,
        maxEvents: Int? = nil, allowLarge: Bool = false, progress: @escaping @Sendable (String) -> Void
    ) throws(ExperimentError) -> (world: LabelledWorld, seconds: Double) {
        let started = Date()
        let world: LabelledWorld
        do {
            world = try WorldGenerator(scenario: scenario, seed: seed, scale: scale, tasks: tasks, memoryLimit: memoryLimit,
                                       maxEvents: maxEvents, allowLarge: allowLarge,
                                       progress: { progress("generate: " + $0) }).generate()
        } catch { throw ExperimentError("\(scenario.name): \(error.description)") }
        let seconds = Date().timeIntervalSince(started)
        let d = world.observable
        progress("generated \(d.entities.count) entities, \(d.events.count) events, \(d.follows.count) follows, \(d.logins.count) logins in \(String(format: "%.2f", seconds)) s (\(String(format: "%.2f", Double(d.events.count) / max(seconds, 1e-9) / 1e6)) M events/s)")
        return (world, seconds)
    }

    /// What a dataset written from `scenario` records about how it was made.
    public static func provenance(_ scenario: Scenario, seed: UInt64, scale: Double, toolVersion: String) -> DatasetProvenance {
        DatasetProvenance(toolVersion: toolVersion, scenarioName: scenario.name, scenarioJSON: scenario.canonicalJSON(),
                          seed: seed, scale: scale)
    }

    /// Runs the experiment; `progress` receives one line per long step, with counts and rates.
    public static func run(
        _ config: ExperimentConfiguration, progress: @escaping @Sendable (String) -> Void
    ) throws(ExperimentError) -> ExperimentResult {
        let pipeline: DetectorPipeline?
        do {
            pipeline = config.detectors == ["none"] ? nil : try DetectorPipeline(names: config.detectors, overrides: config.parameters)
        } catch { throw ExperimentError(error.description) }
        guard pipeline != nil || !config.externals.isEmpty else {
            throw ExperimentError("no detectors: --detectors none and no --external")
        }
        var timings: [RunSummary.Timing] = []
        var metrics = MetricsTable()
        var curves: [DetectorEvaluation] = []
        var hourOfWeek: RunSummary.HourOfWeek?
        var pairedWorlds: [String: [PairedWorld]] = [:]
        var detectors: [ExperimentDetector] = []
        var auditTest: AuditWorld?, auditTrain: AuditWorld?
        let fm = FileManager.default
        defer { try? fm.removeItem(atPath: config.workDirectory) }

        for (index, seed) in config.seeds.enumerated() {
            let label = config.seeds.count > 1 ? "seed \(seed) (\(index + 1)/\(config.seeds.count))" : "seed \(seed)"
            var clock = Date()
            let (world, generateSeconds) = try generate(config.scenario, seed: seed, scale: config.scale, tasks: config.tasks,
                                                        memoryLimit: config.memoryLimit, maxEvents: config.maxEvents,
                                                        allowLarge: config.allowLargeWorlds, progress: progress)
            let events = world.observable.events.count
            timings.append(.init(step: "generate (\(label))", seconds: generateSeconds,
                                 note: String(format: "%.2f M events/s", Double(events) / max(generateSeconds, 1e-9) / 1e6)))
            if let settings = config.audit, index < 2 {
                // Keep what the audit needs of the first two worlds (features and sampled texts, not the world).
                let summary = AuditWorld(world: world, seed: seed, textsPerGroup: settings.textsPerGroup)
                if index == 0 { auditTest = summary } else { auditTrain = summary }
            }

            // A dataset on disk when asked for, or when an external program needs one (then without truth/).
            var datasetDirectory: String?
            if config.saveDatasets != nil || !config.externals.isEmpty {
                clock = Date()
                let dir = (config.saveDatasets ?? config.workDirectory) + "/dataset-\(seed)"
                let provenance = provenance(config.scenario, seed: seed, scale: config.scale, toolVersion: config.toolVersion)
                do {
                    try DatasetWriter.write(world, provenance: provenance, to: dir, includeTruth: config.saveDatasets != nil, replace: true)
                } catch { throw ExperimentError(error.description) }
                datasetDirectory = dir
                timings.append(.init(step: "write dataset (\(label))", seconds: Date().timeIntervalSince(clock)))
                progress("wrote the dataset for \(label) in \(String(format: "%.1f", Date().timeIntervalSince(clock))) s")
            }

            var scores: [EntityScores] = []
            if let pipeline {
                let results: [DetectorPipeline.Result]
                do {
                    results = try pipeline.run(on: world.observable, tasks: config.tasks, seed: seed, progress: { progress("detect: " + $0) })
                } catch { throw ExperimentError(error.description) }
                for result in results {
                    timings.append(.init(step: "detect \(result.name) (\(label))", seconds: result.seconds))
                    scores.append(result.output.scores)
                    if index == 0 {
                        detectors.append(ExperimentDetector(
                            name: result.name, parameters: result.parameters.values, external: nil,
                            findings: result.output.findings.map { "\($0.cluster.map { "cluster \($0), " } ?? "")\($0.size) entities: \($0.summary)" }))
                    }
                }
            }
            for external in config.externals {
                clock = Date()
                progress("detect: running \(external.detectorName)")
                do {
                    try fm.createDirectory(atPath: config.workDirectory, withIntermediateDirectories: true)
                    scores.append(try external.run(datasetDirectory: datasetDirectory!, entityCount: world.observable.entities.count,
                                                   workDirectory: config.workDirectory))
                } catch let error as DetectorError {
                    throw ExperimentError(error.description)
                } catch {
                    throw ExperimentError("\(external.detectorName): \(error)")
                }
                timings.append(.init(step: "detect \(external.detectorName) (\(label))", seconds: Date().timeIntervalSince(clock)))
                if index == 0 {
                    detectors.append(ExperimentDetector(name: external.detectorName, parameters: [:], external: external.commandTemplate, findings: []))
                }
            }

            clock = Date()
            let evaluator: Evaluator
            let evaluations: [DetectorEvaluation]
            do {
                evaluator = try Evaluator(truth: world.truth, observable: world.observable, positives: config.positives,
                                          bootstrapReplicates: config.bootstrapReplicates, seed: seed, tasks: config.tasks)
                evaluations = try evaluator.evaluate(scores)
            } catch { throw ExperimentError("evaluation: \(error)") }
            for evaluation in evaluations { metrics.append(evaluation, seed: seed) }
            timings.append(.init(step: "evaluate (\(label))", seconds: Date().timeIntervalSince(clock)))
            progress("evaluated \(scores.count) detector(s) for \(label) in \(String(format: "%.1f", Date().timeIntervalSince(clock))) s")
            if index == 0 {
                curves = evaluations
                hourOfWeek = RunSummary.HourOfWeek(observable: world.observable, truth: world.truth)
            }
            if let reference = scores.first(where: { $0.detector == FusionDetector.name }) ?? scores.first {
                for s in scores where s.detector != reference.detector {
                    pairedWorlds[s.detector, default: []].append(PairedWorld(evaluator: evaluator, first: s, second: reference))
                }
            }
        }

        var comparisons: [PairedComparison] = []
        let clock = Date()
        // Every detector against the reference, one bootstrap pass per world for all of them.
        let pairs = detectors.compactMap { pairedWorlds[$0.name] }
        if !pairs.isEmpty {
            do { comparisons = try Evaluator.compareAll(pairs) } catch { throw ExperimentError("paired comparison: \(error)") }
        }
        if !comparisons.isEmpty { timings.append(.init(step: "paired comparisons", seconds: Date().timeIntervalSince(clock))) }
        var audit: AuditReport?
        if let settings = config.audit, let test = auditTest {
            let train: AuditWorld
            if let second = auditTrain {
                train = second
            } else {
                let trainSeed = test.seed &+ 1
                progress("audit: generating a second world from seed \(trainSeed) (seed + 1) to fit the audit's probes on: one extra generation, not evaluated (--no-audit skips it)")
                let (world, seconds) = try generate(config.scenario, seed: trainSeed, scale: config.scale, tasks: config.tasks,
                                                    memoryLimit: config.memoryLimit, maxEvents: config.maxEvents,
                                                    allowLarge: config.allowLargeWorlds, progress: progress)
                timings.append(.init(step: "generate audit train world (seed \(trainSeed))", seconds: seconds))
                train = AuditWorld(world: world, seed: trainSeed, textsPerGroup: settings.textsPerGroup)
            }
            let started = Date()
            progress("audit: the world of seed \(test.seed) against the train world of seed \(train.seed) (features, probes, text probe; \(settings.bootstrapReplicates) resamples; --no-audit skips it)")
            do {
                audit = try Audit.run(train: train, test: test, settings: settings, tasks: config.tasks, progress: progress)
            } catch {
                // A world the audit cannot read (e.g. no campaign at all) is no reason to lose the run.
                progress("audit: skipped: \(error.description)")
            }
            timings.append(.init(step: "audit (test seed \(test.seed), train seed \(train.seed))", seconds: Date().timeIntervalSince(started)))
        }
        return ExperimentResult(metrics: metrics, curves: curves, hourOfWeek: hourOfWeek, comparisons: comparisons,
                                detectors: detectors, timings: timings, audit: audit)
    }
}
