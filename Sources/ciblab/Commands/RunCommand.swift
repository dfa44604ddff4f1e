import ArgumentParser
import CIBAudit
import CIBDetectors
import CIBGenerator
import CIBEvaluation
import CIBModel
import CIBReport
import CIBRun
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
        discussion: "With no scenario it runs scenarios/spamouflage-2023.yaml. Results go to results/<scenario>-<seed>-<time>/ (run.json, metrics.csv, metrics.json, summary.csv, report.md, report.html, and audit.json and audit.csv from the benchmark audit unless --no-audit).")

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

    @Flag(name: .customLong("no-audit"), help: "Skip the benchmark audit (the report's \"Benchmark validity\" section, audit.json, audit.csv); with one seed the audit costs one extra world generation (seed + 1).")
    var noAudit = false

    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var limits: GenerationLimitOptions

    func validate() throws {
        try FlagLimits.check(seeds, FlagLimits.seeds, "--seeds")
        try FlagLimits.check(bootstrap, FlagLimits.bootstrap, "--bootstrap")
        try FlagLimits.checkScale(scale)
        try FlagLimits.checkTimeout(timeout)
    }

    func run() throws {
        let startedAt = Date()
        let path = scenario ?? DefaultScenario.locate()
        let loaded = try scenarioOptions.load(path)
        let firstSeed = seed ?? loaded.seed
        let seedList = (0 ..< UInt64(seeds)).map { firstSeed &+ $0 }
        let names = detectorList.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } } ?? []
        let externalDetectors = externals.enumerated().map { ExternalSpec.parse($1, index: $0, timeout: timeout) }
        let outDirectory = out ?? "results/\(safeName(loaded.name))-\(firstSeed)-\(RunOutput.timestamp(startedAt, compact: true))"
        // Refuse an occupied output directory now, not after the whole experiment has run.
        do { try AtomicOutput.checkDirectoryTarget(outDirectory, replace: force) } catch { throw fail(error.description) }
        let scenarioJSON = loaded.canonicalJSON()
        let scenarioHash = Checksum.sha256(scenarioJSON)
        let savedRoot = outDirectory + ".datasets-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: savedRoot) }
        progress("run: scenario '\(loaded.name)' (\(path), sha256 \(scenarioHash.prefix(12))), seeds \(seedList.map(String.init).joined(separator: ", ")), \(names.isEmpty ? "all built-in" : names.joined(separator: ",")) + \(externalDetectors.count) external detector(s), \(parallel.tasks) task(s)")
        let configuration = ExperimentConfiguration(
            scenario: loaded, seeds: seedList, scale: scale, detectors: names, parameters: parameters,
            externals: externalDetectors, positives: positives, bootstrapReplicates: bootstrap, tasks: parallel.tasks,
            saveDatasets: saveDataset ? savedRoot : nil,
            workDirectory: NSTemporaryDirectory() + "ciblab-run-\(ProcessInfo.processInfo.processIdentifier)",
            toolVersion: ToolInfo.version)
        var limited = configuration
        limited.maxEvents = limits.maxEvents
        limited.allowLargeWorlds = limits.allowLarge
        if !noAudit {
            // The report shows the audit's point values; 50 resamples keep its intervals in audit.json cheap.
            var settings = AuditSettings()
            settings.bootstrapReplicates = min(bootstrap, 50)
            limited.audit = settings
        }
        // Refuse a world that will not fit now, before anything else runs.
        do {
            try WorldGenerator(scenario: loaded, scale: scale, maxEvents: limits.maxEvents, allowLarge: limits.allowLarge).checkResources()
        } catch { throw fail("\(loaded.name): \(error.description)") }
        let result: ExperimentResult
        do { result = try Experiment.run(limited, progress: { progress($0) }) } catch { throw fail(error.description) }
        let metrics = result.metrics
        let timings = result.timings
        let comparisons = result.comparisons
        let curves = result.curves
        let hourOfWeek = result.hourOfWeek
        let detectorRecords = result.detectors

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
                         ("total seconds", String(format: "%.1f", total))],
            validity: result.audit)
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
