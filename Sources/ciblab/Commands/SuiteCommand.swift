import ArgumentParser
import CIBEvaluation
import CIBRun
import CIBStatistics
import CIBStorage
import Foundation

/// `ciblab suite`: the benchmark protocol for learned detectors — training worlds with truth, test worlds without,
/// the test truth held apart (docs/suite.md).
struct SuiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suite",
        abstract: "Build a benchmark suite's train/test folders, or evaluate detectors on its held-out test worlds.",
        discussion: "See docs/suite.md and scenarios/suites/.",
        subcommands: [SuiteBuildCommand.self, SuiteEvaluateCommand.self])

    /// Loads and resolves a suite file, as one line and exit code 2 on any problem.
    static func resolve(_ path: String) throws -> ResolvedSuite {
        do {
            let suite = try SuiteSpec.load(path: path).resolve()
            for note in suite.notes { progress("suite: note: " + note) }
            return suite
        } catch { throw fail(error.description) }
    }
}

struct SuiteBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Generate every world of a suite: DIR/train/NAME (with truth), DIR/test/NAME (without), DIR/truth/NAME, DIR/suite.json.",
        discussion: "The same suite file gives byte-identical folders, whatever --tasks. The folder appears only when complete.")

    @Argument(help: "The suite file (YAML).")
    var suite: String

    @Option(help: "The suite folder to write.")
    var out: String

    @Flag(help: "Replace an existing --out folder.")
    var force = false

    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var limits: GenerationLimitOptions

    func run() throws {
        let started = Date()
        let resolved = try SuiteCommand.resolve(suite)
        do { try AtomicOutput.checkDirectoryTarget(out, replace: force) } catch { throw fail(error.description) }
        var options = SuiteBuilder.Options(tasks: parallel.tasks, toolVersion: ToolInfo.version)
        options.replace = force
        options.maxEvents = limits.maxEvents
        options.allowLargeWorlds = limits.allowLarge
        let record: SuiteRecord
        do { record = try SuiteBuilder.build(resolved, out: out, options: options, progress: { progress($0) }) } catch {
            throw fail(error.description)
        }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        print("\(out): suite '\(record.name)', \(record.train.count) training world(s) in train/, \(record.test.count) test world(s) in test/ (truth in truth/), \(seconds) s")
    }
}

struct SuiteEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Run detectors on every test world of a built suite and evaluate them against the held-out truth.",
        discussion: """
            An external command runs once per test world; {train} is DIR/train (every training world, with truth), \
            {dataset} the test world's dataset, {out} the scores file to write, {work} a scratch folder kept across the \
            test worlds of this evaluation. It is never given a path into DIR/truth; ciblab does not sandbox it, so it \
            must not read outside those folders (docs/suite.md). Writes metrics.csv/json (detector × test world × metric \
            with intervals), gap.csv/json (in-distribution − shifted), summary.md and evaluation.json.
            """)

    @Argument(help: "The suite file (YAML) the folder was built from.")
    var suite: String

    @Argument(help: "The suite folder (`ciblab suite build --out`).")
    var directory: String

    @Option(name: .customLong("detectors"), help: ArgumentHelp("Built-in detectors, comma-separated (default: all; 'none' for externals only).", valueName: "a,b,..."))
    var detectorList: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("A built-in detector parameter, detector.key=value (repeatable).", valueName: "detector.key=value"))
    var parameters: [String] = []

    @Option(name: .customLong("external"), help: ArgumentHelp("An external detector, NAME=COMMAND, with {train}, {dataset}, {out} and {work} (repeatable).", valueName: "name=command"))
    var externals: [String] = []

    @Option(help: "Seconds an external detector may run on one test world.")
    var timeout: Double = 1800

    @Option(help: "External commands run at the same time (they always run beside the built-in detectors).")
    var jobs: Int = 1

    @Option(help: "What counts as positive: this-campaign, any-campaign or any-inauthentic.")
    var positives: PositiveDefinition = .thisCampaign

    @Option(help: "Bootstrap resamples for AP, AUC and F1 intervals (0 turns them off).")
    var bootstrap: Int = 200

    @Option(help: "The results folder (default: results/suite-<name>-<time>).")
    var out: String?

    @Flag(help: "Replace an existing --out folder.")
    var force = false

    @OptionGroup var parallel: ParallelOptions

    func validate() throws {
        try FlagLimits.check(bootstrap, FlagLimits.bootstrap, "--bootstrap")
        try FlagLimits.checkTimeout(timeout)
        try FlagLimits.check(jobs, FlagLimits.tasks, "--jobs")
    }

    func run() throws {
        let startedAt = Date()
        let resolved = try SuiteCommand.resolve(suite)
        let names = detectorList.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } } ?? []
        let externalDetectors = externals.enumerated().map { ExternalSpec.parse($1, index: $0, timeout: timeout) }
        let outDirectory = out ?? "results/suite-\(resolved.spec.name)-\(RunOutput.timestamp(startedAt, compact: true))"
        do { try AtomicOutput.checkDirectoryTarget(outDirectory, replace: force) } catch { throw fail(error.description) }
        var configuration = SuiteEvaluation.Configuration(
            suite: resolved, directory: directory, detectors: names, parameters: parameters, externals: externalDetectors,
            positives: positives, bootstrapReplicates: bootstrap, tasks: parallel.tasks,
            workDirectory: NSTemporaryDirectory() + "ciblab-suite-\(ProcessInfo.processInfo.processIdentifier)")
        configuration.externalJobs = jobs
        let result: SuiteEvaluation.Result
        do { result = try SuiteEvaluation.run(configuration, progress: { progress($0) }) } catch { throw fail(error.description) }
        let summary = SuiteSummary(table: result.table)
        let gaps = result.table.gaps()
        let total = Date().timeIntervalSince(startedAt)
        let record = SuiteEvaluationRecord(
            toolVersion: ToolInfo.version, command: CommandLine.arguments, startedAt: RunOutput.timestamp(startedAt, compact: false),
            suite: resolved.spec.name, suiteSHA256: resolved.spec.fileSHA256, positives: positives.rawValue,
            bootstrap: bootstrap, externals: externalDetectors.map { .init(name: $0.detectorName, command: $0.commandTemplate) },
            timings: result.timings.map { .init(world: $0.world, detector: $0.detector, seconds: ($0.seconds * 1000).rounded() / 1000) },
            totalSeconds: (total * 1000).rounded() / 1000, machine: RunOutput.machine())
        do {
            let recordBytes = try CanonicalJSON.encode(record)
            try AtomicOutput.directory(at: outDirectory, replace: force) { (dir: String) throws(StorageError) in
                try AtomicOutput.write(result.table.csv(), to: dir + "/metrics.csv")
                try AtomicOutput.write(result.table.json(), to: dir + "/metrics.json")
                try AtomicOutput.write(result.table.gapCSV(gaps), to: dir + "/gap.csv")
                try AtomicOutput.write(result.table.gapJSON(gaps), to: dir + "/gap.json")
                try AtomicOutput.write("# Suite '\(resolved.spec.name)'\n" + summary.markdown(), to: dir + "/summary.md")
                try AtomicOutput.write(recordBytes, to: dir + "/evaluation.json")
            }
        } catch { throw fail("\(error)") }
        print(summary.text(), terminator: "")
        print("results: \(outDirectory)/metrics.csv, gap.csv, summary.md (total \(String(format: "%.1f", total)) s)")
    }
}

/// `evaluation.json`: what a suite evaluation ran and how long each detector took on each world.
struct SuiteEvaluationRecord: Codable {
    struct External: Codable {
        var name: String
        var command: String
    }

    struct Timing: Codable {
        var world: String
        var detector: String
        var seconds: Double
    }

    var toolVersion: String
    var command: [String]
    var startedAt: String
    var suite: String
    var suiteSHA256: String
    var positives: String
    var bootstrap: Int
    var externals: [External]
    var timings: [Timing]
    var totalSeconds: Double
    var machine: RunRecord.Machine

    enum CodingKeys: String, CodingKey {
        case command, suite, positives, bootstrap, externals, timings, machine
        case toolVersion = "tool_version"
        case startedAt = "started_at"
        case suiteSHA256 = "suite_sha256"
        case totalSeconds = "total_seconds"
    }
}
