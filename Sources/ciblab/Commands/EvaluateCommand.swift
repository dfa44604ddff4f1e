import ArgumentParser
import CIBDetectors
import CIBEvaluation
import CIBModel
import CIBReport
import CIBStorage
import CIBTruth
import Foundation

/// `ciblab evaluate DATASET --scores FILE...`: evaluates scores produced elsewhere (external detectors, other tools)
/// against a dataset's truth, exactly as `ciblab run` evaluates the built-ins.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate scores files (entity,score,flag[,cluster]) against a dataset's ground truth.")

    @Argument(help: "A dataset directory with truth/ (written by `ciblab generate`).")
    var dataset: String

    @Option(name: .customLong("scores"), parsing: .upToNextOption, help: ArgumentHelp("Scores files; NAME=FILE names the detector (default: the file name).", valueName: "file"))
    var scores: [String] = []

    @Option(help: "What counts as positive: this-campaign, any-campaign or any-inauthentic.")
    var positives: PositiveDefinition = .thisCampaign

    @Option(help: "Bootstrap resamples for AP, AUC and F1 intervals (0 turns them off).")
    var bootstrap: Int = 200

    @Option(help: "Write metrics.csv, metrics.json, report.md and report.html to this directory.")
    var out: String?

    @Flag(help: "Replace an existing --out directory.")
    var force = false

    @OptionGroup var parallel: ParallelOptions

    func validate() throws {
        guard !scores.isEmpty else { throw ValidationError("give at least one --scores file") }
        try FlagLimits.check(bootstrap, FlagLimits.bootstrap, "--bootstrap")
    }

    func run() throws {
        let started = Date()
        let world: LabelledWorld
        let manifest: DatasetManifest
        do { (world, manifest) = try DatasetReader.readWorld(directory: dataset, tasks: parallel.tasks) } catch { throw fail("\(error)") }
        var all: [EntityScores] = []
        for spec in scores {
            var name = URL(fileURLWithPath: spec).deletingPathExtension().lastPathComponent
            var path = spec
            if let eq = spec.firstIndex(of: "="), !FileManager.default.fileExists(atPath: spec) {
                name = String(spec[..<eq])
                path = String(spec[spec.index(after: eq)...])
            }
            do { all.append(try ScoresFile.read(path: path, entityCount: world.observable.entities.count, detector: name)) } catch {
                throw fail(error.description)
            }
        }
        var metrics = MetricsTable()
        let evaluations: [DetectorEvaluation]
        do {
            let evaluator = try Evaluator(truth: world.truth, observable: world.observable, positives: positives,
                                          bootstrapReplicates: bootstrap, seed: manifest.seed, tasks: parallel.tasks)
            evaluations = try evaluator.evaluate(all)
        } catch { throw fail("evaluation: \(error)") }
        for evaluation in evaluations { metrics.append(evaluation, seed: manifest.seed) }
        print(SummaryTable(metrics: metrics).text())
        guard let out else { return }
        let total = Date().timeIntervalSince(started)
        let summary = RunSummary(
            title: "ciblab evaluate", toolVersion: ToolInfo.version,
            scenarioName: manifest.scenarioName, scenarioHash: manifest.scenarioSHA256, seeds: [manifest.seed],
            positives: positives, detectors: all.map { RunSummary.Detector(name: $0.detector, summary: "scores file") },
            timings: [.init(step: "read + evaluate", seconds: total)], metrics: metrics, curves: evaluations,
            curveSeed: manifest.seed, hourOfWeek: RunSummary.HourOfWeek(observable: world.observable, truth: world.truth),
            provenance: [("dataset", dataset)])
        do {
            try AtomicOutput.directory(at: out, replace: force) { (dir: String) throws(StorageError) in
                try AtomicOutput.write(metrics.csv(), to: dir + "/metrics.csv")
                try AtomicOutput.write(metrics.json(), to: dir + "/metrics.json")
                try AtomicOutput.write(MarkdownReport.render(summary), to: dir + "/report.md")
                try AtomicOutput.write(HTMLReport.render(summary), to: dir + "/report.html")
            }
        } catch { throw fail("\(error)") }
        progress("wrote \(out)/report.html")
    }
}
