import ArgumentParser
import CIBAudit
import CIBScenario
import CIBStorage
import CIBTruth
import Foundation

/// `ciblab audit`: the benchmark checks itself (issue 16). Exit 0: every identity feature's AUC is within the bounds;
/// 1: one is not; 2: bad input.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the benchmark itself: can a public per-entity feature, a model of such features, or the posts' wording alone tell the campaign apart?",
        discussion: """
            Two worlds are needed: the test world is audited, the train world is where categorical features are \
            target-encoded and the probes are fitted. Give a scenario (both worlds are generated in memory: --seed for \
            the test world, default the scenario's seed; --train-seed, default seed + 1) or two dataset directories \
            written by `ciblab generate` with truth/ (DATASET --train DATASET2). Prints ROC AUCs with bootstrap \
            intervals for every feature (campaign vs the rest and vs each class), the learned probes' average \
            precision and the text probe's AUCs; --out writes audit.json and audit.csv. Exit 0: every identity \
            feature (ids, created_at, name statistics) has ROC AUC within [--min-auc, --max-auc]; 1: one does not; \
            2: bad input. See docs/audit.md.
            """)

    @Argument(help: "A scenario file, or a dataset directory with truth/ (default: scenarios/spamouflage-2023.yaml).")
    var source: String?

    @Option(help: "The train world's dataset directory (with truth/), when SOURCE is a dataset.")
    var train: String?

    @Option(help: "The test world's seed when SOURCE is a scenario (default: the scenario's seed).")
    var seed: UInt64?

    @Option(name: .customLong("train-seed"), help: "The train world's seed when SOURCE is a scenario (default: --seed + 1).")
    var trainSeed: UInt64?

    @Option(help: "Organic scale factor when SOURCE is a scenario.")
    var scale: Double = 1

    @Option(help: "Write audit.json and audit.csv to this directory (atomically).")
    var out: String?

    @Flag(help: "Replace an existing --out directory.")
    var force = false

    @Option(help: "Bootstrap resamples for every interval (0 turns them off).")
    var bootstrap: Int = 200

    @Option(name: .customLong("min-auc"), help: "Lowest ROC AUC an identity feature may have.")
    var minAUC: Double = 0.40

    @Option(name: .customLong("max-auc"), help: "Highest ROC AUC an identity feature may have.")
    var maxAUC: Double = 0.60

    @Option(name: .customLong("min-class"), help: "Check a comparison only when both sides have at least this many entities.")
    var minClass: Int = 30

    @Option(name: .customLong("sample"), help: "Entities per side of a feature comparison (larger populations are sampled uniformly).")
    var sample: Int = 20_000

    @Flag(name: .customLong("no-probes"), help: "Skip the learned probes (boosted trees).")
    var noProbes = false

    @Flag(name: .customLong("no-text"), help: "Skip the text probe.")
    var noText = false

    @Option(name: .customLong("export-probes"), help: ArgumentHelp("Write each learned probe's training and test matrices and ciblab's probabilities as CSV here (for scripts/crosscheck-audit-gbdt.py).", valueName: "dir"))
    var exportProbes: String?

    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var limits: GenerationLimitOptions

    func validate() throws {
        try FlagLimits.check(bootstrap, FlagLimits.bootstrap, "--bootstrap")
        try FlagLimits.checkScale(scale)
        guard minAUC.isFinite, maxAUC.isFinite, 0 <= minAUC, minAUC <= maxAUC, maxAUC <= 1 else {
            throw ValidationError("--min-auc and --max-auc must satisfy 0 ≤ min ≤ max ≤ 1, got \(minAUC) and \(maxAUC)")
        }
        try FlagLimits.check(minClass, 1 ... Int(Int32.max), "--min-class")
        try FlagLimits.check(sample, 2 ... Int(Int32.max), "--sample")
    }

    func run() throws {
        let started = Date()
        if let out { do { try AtomicOutput.checkDirectoryTarget(out, replace: force) } catch { throw fail(error.description) } }
        if let exportProbes { do { try AtomicOutput.checkDirectoryTarget(exportProbes, replace: force) } catch { throw fail(error.description) } }

        var settings = AuditSettings()
        settings.bootstrapReplicates = bootstrap
        settings.identityLower = minAUC
        settings.identityUpper = maxAUC
        settings.minimumClassSize = minClass
        settings.comparisonSampleLimit = sample
        settings.probes = !noProbes
        settings.textProbe = !noText

        let path = source ?? DefaultScenario.locate()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fail("\(path): no such scenario file or dataset directory")
        }
        let (trainWorld, testWorld): (AuditWorld, AuditWorld)
        if isDirectory.boolValue {
            guard let train else { throw fail("\(path) is a dataset: give the train world's dataset with --train DATASET2") }
            guard seed == nil, trainSeed == nil else { throw fail("--seed and --train-seed apply to a scenario, not to datasets (\(path))") }
            testWorld = try Self.read(path, settings: settings, tasks: parallel.tasks)
            trainWorld = try Self.read(train, settings: settings, tasks: parallel.tasks)
        } else {
            guard train == nil else { throw fail("--train takes a dataset directory and needs a dataset as SOURCE, not the scenario \(path)") }
            let loaded = try scenarioOptions.load(path)
            let testSeed = seed ?? loaded.seed
            let fitSeed = trainSeed ?? testSeed &+ 1
            guard fitSeed != testSeed else { throw fail("--train-seed must differ from the test seed \(testSeed): the probes must be scored on a world they were not fitted on") }
            progress("audit: scenario '\(loaded.name)' (\(path)): test world seed \(testSeed), train world seed \(fitSeed), \(parallel.tasks) task(s)")
            trainWorld = try Self.summarise(loaded, seed: fitSeed, scale: scale, tasks: parallel.tasks, limits: limits, settings: settings)
            testWorld = try Self.summarise(loaded, seed: testSeed, scale: scale, tasks: parallel.tasks, limits: limits, settings: settings)
        }
        let exporter = exportProbes.map { ProbeExporter(directory: $0) }
        var export: Audit.ProbeExport?
        if let exporter {
            export = { probe, features, train, labels, weights, test, testLabels, probabilities in
                exporter.add(probe, features, train, labels, weights, test, testLabels, probabilities)
            }
        }
        let report: AuditReport
        do {
            report = try Audit.run(train: trainWorld, test: testWorld, settings: settings, tasks: parallel.tasks,
                                   progress: { progress($0) }, export: export)
        } catch { throw fail(error.description) }
        if let exporter, let exportProbes {
            do { try exporter.write(to: exportProbes, replace: force) } catch { throw fail(error.description) }
            progress("audit: wrote the probes' matrices to \(exportProbes)")
        }
        if let out {
            do {
                try AtomicOutput.directory(at: out, replace: force) { (dir: String) throws(StorageError) in
                    try AtomicOutput.write(report.json(), to: dir + "/audit.json")
                    try AtomicOutput.write(report.csv(), to: dir + "/audit.csv")
                }
            } catch { throw fail(error.description) }
        }
        print(report.table(), terminator: "")
        print("(\(String(format: "%.1f", Date().timeIntervalSince(started))) s\(out.map { "; wrote \($0)/audit.json and audit.csv" } ?? ""))")
        if !report.passed { throw ExitCode(ExitStatus.checkFailed) }
    }

    /// Generates a world in memory and keeps only its summary for the audit.
    static func summarise(
        _ scenario: Scenario, seed: UInt64, scale: Double, tasks: Int, limits: GenerationLimitOptions, settings: AuditSettings
    ) throws -> AuditWorld {
        let world = try WorldBuilding.generate(scenario, seed: seed, scale: scale, tasks: tasks, limits: limits)
        let started = Date()
        let summary = AuditWorld(world: world, seed: seed, textsPerGroup: settings.textsPerGroup)
        progress("audit: features and post samples of seed \(seed) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
        return summary
    }

    /// Reads a dataset with truth/ (on `tasks` threads) and summarises it for the audit.
    static func read(_ directory: String, settings: AuditSettings, tasks: Int) throws -> AuditWorld {
        guard FileManager.default.fileExists(atPath: directory + "/" + DatasetFile.truthEntities) else {
            throw fail("\(directory): has no truth/ (written with --no-truth?): the audit needs the ground truth")
        }
        let started = Date()
        do {
            let (world, manifest) = try DatasetReader.readWorld(directory: directory, tasks: tasks)
            progress("audit: read \(directory) (seed \(manifest.seed), \(world.observable.entities.count) entities) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            return AuditWorld(world: world, seed: manifest.seed, textsPerGroup: settings.textsPerGroup)
        } catch { throw fail("\(error)") }
    }
}

/// Collects the learned probes' matrices and writes them as CSV for the scikit-learn cross-check: per probe,
/// `NAME-train.csv` (features, label, weight) and `NAME-test.csv` (features, label, ciblab's probability).
final class ProbeExporter: @unchecked Sendable {
    let directory: String
    private let lock = NSLock()
    private var files: [(name: String, text: String)] = []

    init(directory: String) { self.directory = directory }

    func add(_ probe: String, _ features: [String], _ train: [[Double]], _ labels: [Bool], _ weights: [Double],
             _ test: [[Double]], _ testLabels: [Bool], _ probabilities: [Double]) {
        func table(_ columns: [[Double]], _ labels: [Bool], last: String, _ extra: [Double]) -> String {
            var out = (features + ["label", last]).joined(separator: ",") + "\n"
            let rows = labels.count
            out.reserveCapacity(rows * (features.count + 2) * 8)
            for r in 0 ..< rows {
                for c in columns.indices {
                    out += "\(columns[c][r])"
                    out += ","
                }
                out += labels[r] ? "1," : "0,"
                out += "\(extra[r])\n"
            }
            return out
        }
        let trainText = table(train, labels, last: "weight", weights)
        let testText = table(test, testLabels, last: "ciblab_probability", probabilities)
        lock.lock()
        files.append((probe + "-train.csv", trainText))
        files.append((probe + "-test.csv", testText))
        lock.unlock()
    }

    func write(to path: String, replace: Bool) throws(StorageError) {
        let files = lock.withLock { self.files }
        try AtomicOutput.directory(at: path, replace: replace) { (dir: String) throws(StorageError) in
            for file in files { try AtomicOutput.write(file.text, to: dir + "/" + file.name) }
        }
    }
}
