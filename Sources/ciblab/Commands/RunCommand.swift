import ArgumentParser
import CIBDetectors
import CIBEvaluation
import CIBModel
import CIBReport
import CIBScenario
import CIBStorage
import CIBTruth
import Foundation

extension PositiveDefinition: ExpressibleByArgument {}

/// `ciblab run`: the main job — generate (in memory) → run the detectors → evaluate → report, for one or more seeds.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Generate a world, run the detectors, evaluate them against the truth and write a report.",
        discussion: "With no scenario it runs scenarios/spamouflage-2023.yaml. Results go to results/<scenario>-<seed>-<time>/ (run.json, metrics.csv, metrics.json, summary.csv, report.md, report.html).")

    @Argument(help: "The scenario file (default: scenarios/spamouflage-2023.yaml).")
    var scenario: String?

    @Option(help: "The first seed (default: the scenario's seed).")
    var seed: UInt64?

    @Option(help: "How many seeds to run: seed, seed+1, ... (intervals across seeds need at least 2).")
    var seeds: Int = 1

    @Option(name: .customLong("detectors"), help: ArgumentHelp("Built-in detectors to run, comma-separated (default: all).", valueName: "a,b,..."))
    var detectorList: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("A detector parameter, detector.key=value (repeatable).", valueName: "detector.key=value"))
    var parameters: [String] = []

    @Option(name: .customLong("external"), help: ArgumentHelp("An external detector command with {dataset} and {out}; name=command names it (repeatable).", valueName: "command"))
    var externals: [String] = []

    @Option(help: "Seconds an external detector may run.")
    var timeout: Double = 600

    @Option(help: "What counts as positive: this-campaign, any-campaign or any-inauthentic.")
    var positives: PositiveDefinition = .thisCampaign

    @Option(help: "Bootstrap resamples for AP, AUC and F1 intervals (0 turns them off).")
    var bootstrap: Int = 200

    @Option(help: "Organic scale factor.")
    var scale: Double = 1

    @Option(help: "The results directory (default: results/<scenario>-<seed>-<time>).")
    var out: String?

    @Flag(name: .customLong("save-dataset"), help: "Also write each generated dataset to <out>/dataset-<seed>/.")
    var saveDataset = false

    @Flag(help: "Replace an existing --out directory.")
    var force = false

    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var parallel: ParallelOptions

    func validate() throws {
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1") }
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap must be 0 or more") }
        guard scale.isFinite, scale > 0 else { throw ValidationError("--scale must be a positive number") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func run() throws {
        let startedAt = Date()
        let path = scenario ?? DefaultScenario.locate()
        let loaded = try scenarioOptions.load(path)
        let firstSeed = seed ?? loaded.seed
        let seedList = (0 ..< UInt64(seeds)).map { firstSeed &+ $0 }
        let names = detectorList.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } } ?? []
        let pipeline: DetectorPipeline?
        do {
            pipeline = names == ["none"] ? nil : try DetectorPipeline(names: names, overrides: parameters)
        } catch {
            throw fail(error.description)
        }
        let externalDetectors = externals.enumerated().map { ExternalSpec.parse($1, index: $0, timeout: timeout) }
        guard pipeline != nil || !externalDetectors.isEmpty else { throw fail("--detectors none and no --external: nothing to evaluate") }
        let outDirectory = out ?? "results/\(safeName(loaded.name))-\(firstSeed)-\(RunOutput.timestamp(startedAt, compact: true))"
        let scenarioJSON = loaded.canonicalJSON()
        let scenarioHash = Checksum.sha256(scenarioJSON)
        progress("run: scenario '\(loaded.name)' (\(path), sha256 \(scenarioHash.prefix(12))), seeds \(seedList.map(String.init).joined(separator: ", ")), \(pipeline?.steps.count ?? 0) built-in + \(externalDetectors.count) external detector(s), \(parallel.tasks) task(s)")

        var timings: [RunSummary.Timing] = []
        var metrics = MetricsTable()
        var curves: [DetectorEvaluation] = []
        var hourOfWeek: RunSummary.HourOfWeek?
        var pairedWorlds: [String: [PairedWorld]] = [:]
        var detectorRecords: [RunRecord.DetectorRecord] = []
        let work = NSTemporaryDirectory() + "ciblab-run-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let savedRoot = outDirectory + ".datasets"
        defer { try? FileManager.default.removeItem(atPath: savedRoot) }

        for (index, seed) in seedList.enumerated() {
            let label = seedList.count > 1 ? "seed \(seed) (\(index + 1)/\(seedList.count))" : "seed \(seed)"
            var clock = Date()
            let world = try WorldBuilding.generate(loaded, seed: seed, scale: scale, tasks: parallel.tasks)
            timings.append(.init(step: "generate (\(label))", seconds: Date().timeIntervalSince(clock),
                                 note: formatRate(world.observable.events.count, seconds: Date().timeIntervalSince(clock)) + " events"))

            // A dataset on disk, when asked for or when an external program needs one (without truth/).
            var datasetDirectory: String?
            if saveDataset || !externalDetectors.isEmpty {
                clock = Date()
                let dir = saveDataset ? savedRoot + "/dataset-\(seed)" : work + "/dataset-\(seed)"
                do {
                    try DatasetWriter.write(world, provenance: WorldBuilding.provenance(loaded, seed: seed, scale: scale), to: dir,
                                            includeTruth: saveDataset, replace: true)
                } catch { throw fail(error.description) }
                datasetDirectory = dir
                timings.append(.init(step: "write dataset (\(label))", seconds: Date().timeIntervalSince(clock)))
                progress("wrote the dataset for \(label) in \(String(format: "%.1f", Date().timeIntervalSince(clock))) s")
            }

            var scores: [EntityScores] = []
            if let pipeline {
                let results: [DetectorPipeline.Result]
                do {
                    results = try pipeline.run(on: world.observable, tasks: parallel.tasks, seed: seed, progress: { progress("detect: " + $0) })
                } catch { throw fail(error.description) }
                for result in results {
                    timings.append(.init(step: "detect \(result.name) (\(label))", seconds: result.seconds))
                    scores.append(result.output.scores)
                    if index == 0 {
                        detectorRecords.append(.init(name: result.name, parameters: result.parameters.values,
                                                     findings: result.output.findings.map { f in
                                                         "\(f.cluster.map { "cluster \($0), " } ?? "")\(f.size) entities: \(f.summary)"
                                                     }))
                    }
                }
            }
            for external in externalDetectors {
                clock = Date()
                progress("detect: running \(external.detectorName)")
                do {
                    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
                    scores.append(try external.run(datasetDirectory: datasetDirectory!, entityCount: world.observable.entities.count, workDirectory: work))
                } catch { throw fail("\(error)") }
                timings.append(.init(step: "detect \(external.detectorName) (\(label))", seconds: Date().timeIntervalSince(clock)))
                if index == 0 { detectorRecords.append(.init(name: external.detectorName, parameters: [:], external: external.commandTemplate)) }
            }

            clock = Date()
            let evaluator: Evaluator
            let evaluations: [DetectorEvaluation]
            do {
                evaluator = try Evaluator(truth: world.truth, observable: world.observable, positives: positives,
                                          bootstrapReplicates: bootstrap, seed: seed, tasks: parallel.tasks)
                evaluations = try evaluator.evaluate(scores)
            } catch { throw fail("evaluation: \(error)") }
            for evaluation in evaluations { metrics.append(evaluation, seed: seed) }
            timings.append(.init(step: "evaluate (\(label))", seconds: Date().timeIntervalSince(clock)))
            progress("evaluated \(scores.count) detector(s) for \(label) in \(String(format: "%.1f", Date().timeIntervalSince(clock))) s")
            if index == 0 {
                curves = evaluations
                hourOfWeek = RunSummary.HourOfWeek(observable: world.observable, truth: world.truth)
            }
            // Paired comparisons: every detector against the fusion detector when it ran (else the first one).
            if let reference = scores.first(where: { $0.detector == FusionDetector.name }) ?? scores.first {
                for s in scores where s.detector != reference.detector {
                    pairedWorlds[s.detector, default: []].append(PairedWorld(evaluator: evaluator, first: s, second: reference))
                }
            }
        }

        var comparisons: [PairedComparison] = []
        let clock = Date()
        let detectorOrder = metrics.rows.map(\.detector).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for s in detectorOrder {
            guard let worlds = pairedWorlds[s] else { continue }
            do { comparisons.append(try Evaluator.compare(worlds)) } catch { throw fail("paired comparison: \(error)") }
        }
        if !comparisons.isEmpty { timings.append(.init(step: "paired comparisons", seconds: Date().timeIntervalSince(clock))) }

        let total = Date().timeIntervalSince(startedAt)
        let summary = RunSummary(
            title: "ciblab run", toolVersion: ToolInfo.version, scenarioName: loaded.name,
            scenarioHash: scenarioHash, seeds: seedList, positives: positives,
            detectors: detectorRecords.map { record in
                RunSummary.Detector(name: record.name,
                                    parameters: record.parameters.sorted { $0.key < $1.key }.map { (name: $0.key, value: formatParameter($0.value)) },
                                    summary: record.external.map { "external: \($0)" } ?? (DetectorRegistry.named(record.name)?.summary ?? ""))
            },
            timings: timings, metrics: metrics, curves: curves, curveSeed: seedList.first, hourOfWeek: hourOfWeek,
            comparisons: comparisons,
            provenance: [("started", RunOutput.timestamp(startedAt, compact: false)), ("scenario file", path),
                         ("machine", "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / (1 << 30)) GiB"),
                         ("total seconds", String(format: "%.1f", total))])
        let scenarioValue = (try? JSONValue.parse(scenarioJSON)) ?? .null
        let record = RunRecord(
            toolVersion: ToolInfo.version, command: CommandLine.arguments, startedAt: RunOutput.timestamp(startedAt, compact: false),
            scenarioName: loaded.name, scenarioSHA256: scenarioHash, scenario: scenarioValue, seeds: seedList, scale: scale,
            positives: positives.rawValue, detectors: detectorRecords,
            timings: timings.map { .init(step: $0.step, seconds: ($0.seconds * 1000).rounded() / 1000) },
            totalSeconds: (total * 1000).rounded() / 1000, machine: RunOutput.machine())
        try RunOutput.write(directory: outDirectory, record: record, summary: summary, replace: force)
        if saveDataset {
            for seed in seedList {
                let from = savedRoot + "/dataset-\(seed)", to = outDirectory + "/dataset-\(seed)"
                do { try FileManager.default.moveItem(atPath: from, toPath: to) } catch { throw fail("cannot move \(from) to \(to): \(error.localizedDescription)") }
            }
        }

        print(SummaryTable(metrics: metrics).text())
        print("results: \(outDirectory)/report.html (total \(String(format: "%.1f", total)) s)")
    }

    private func safeName(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
    }

    private func formatParameter(_ v: Double) -> String {
        v.rounded() == v && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
