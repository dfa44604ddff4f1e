import ArgumentParser
import CIBEvaluation
import CIBRun
import CIBStorage
import Foundation

/// `ciblab baseline`: runs an experiment and records it as a baseline file for `ciblab check`.
struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Run an experiment and record its metrics per seed as a baseline for `ciblab check`.",
        discussion: "The file holds the scenario path, presets, overrides and resolved hash, the seeds, detectors and parameters, and per detector × kind × metric the value on every seed with mean and sd. See docs/ci.md.")

    @Argument(help: "The scenario file (default: scenarios/spamouflage-2023.yaml).")
    var scenario: String?

    @Option(help: "The first seed (default: the scenario's seed).")
    var seed: UInt64?

    @Option(help: "How many seeds: seed, seed+1, ... (at least 2 lets the check account for seed-to-seed variation).")
    var seeds: Int = 3

    @Option(name: .customLong("detectors"), help: ArgumentHelp("Built-in detectors, comma-separated (default: all).", valueName: "a,b,..."))
    var detectorList: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("A detector parameter, detector.key=value (repeatable).", valueName: "detector.key=value"))
    var parameters: [String] = []

    @Option(help: "What counts as positive: this-campaign, any-campaign or any-inauthentic.")
    var positives: PositiveDefinition = .thisCampaign

    @Option(help: "Bootstrap resamples (intervals only; the check compares point values, so 0 is the default).")
    var bootstrap: Int = 0

    @Option(help: "The baseline file to write, e.g. results/baselines/NAME.json.")
    var out: String

    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var parallel: ParallelOptions

    func validate() throws {
        try FlagLimits.check(seeds, FlagLimits.seeds, "--seeds")
        try FlagLimits.check(bootstrap, FlagLimits.bootstrap, "--bootstrap")
    }

    func run() throws {
        let started = Date()
        let path = scenario ?? DefaultScenario.locate()
        let loaded = try scenarioOptions.load(path)
        let first = seed ?? loaded.seed
        let seedList = (0 ..< UInt64(seeds)).map { first &+ $0 }
        let names = detectorList.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } } ?? []
        progress("baseline: \(path), seeds \(seedList.map(String.init).joined(separator: ", ")), \(names.isEmpty ? "all built-in detectors" : names.joined(separator: ","))")
        let baseline: RegressionBaseline
        do {
            baseline = try RegressionRun.record(
                scenarioPath: path, presets: scenarioOptions.presets, overrides: scenarioOptions.overrides, seeds: seedList,
                detectors: names, parameters: parameters, positives: positives, bootstrapReplicates: bootstrap,
                tasks: parallel.tasks, toolVersion: ToolInfo.version,
                workDirectory: NSTemporaryDirectory() + "ciblab-baseline-\(ProcessInfo.processInfo.processIdentifier)",
                progress: { progress($0) })
        } catch { throw fail(error.description) }
        do { try AtomicOutput.write(baseline.encoded(), to: out) } catch { throw fail(error.description) }
        let compared = baseline.metrics.filter { RegressionCheck.isCompared($0.metric) }.count
        print("baseline: \(out) (\(baseline.detectors.count) detector(s), \(baseline.metrics.count) metrics of which \(compared) are checked, \(seedList.count) seed(s), \(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
    }
}
