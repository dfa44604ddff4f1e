import ArgumentParser
import CIBRun
import CIBStorage
import Foundation

/// `ciblab check`: reruns a baseline's experiment and fails (exit 1) when a metric got worse beyond the tolerance.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Rerun a baseline's scenario, seeds and detectors and fail when a metric got worse.",
        discussion: "A metric got worse when its mean change in the bad direction exceeds --min-difference and a one-sided paired t-test over the seeds (Welch's test when the seeds differ) gives p < --alpha; with no spread the difference alone decides. Exit 0: nothing got worse; 1: something did; 2: bad input. See docs/ci.md.")

    @Option(help: "The baseline file written by `ciblab baseline`.")
    var baseline: String

    @Argument(help: "The scenario file (default: the baseline's).")
    var scenario: String?

    @Option(help: "The first seed (default: the baseline's first seed).")
    var seed: UInt64?

    @Option(help: "How many seeds (default: the baseline's seeds).")
    var seeds: Int?

    @Option(name: .customLong("param"), help: ArgumentHelp("An extra detector parameter after the baseline's, detector.key=value (repeatable).", valueName: "detector.key=value"))
    var parameters: [String] = []

    @Option(help: "Significance level of the one-sided test.")
    var alpha: Double = 0.05

    @Option(name: .customLong("min-difference"), help: "The smallest absolute change that counts as worse.")
    var minimumDifference: Double = 0.02

    @Option(help: "Also write JUnit XML here (one testcase per detector × kind × metric).")
    var junit: String?

    @Flag(help: "Print every compared metric, not only the changed ones.")
    var all = false

    @Flag(name: .customLong("allow-scenario-change"), help: "Compare even when the resolved scenario differs from the baseline's.")
    var allowScenarioChange = false

    @OptionGroup var parallel: ParallelOptions

    func validate() throws {
        if let seeds { try FlagLimits.check(seeds, FlagLimits.seeds, "--seeds") }
        guard alpha > 0, alpha < 1 else { throw ValidationError("--alpha must be between 0 and 1") }
        guard minimumDifference.isFinite, minimumDifference >= 0 else { throw ValidationError("--min-difference must be a number ≥ 0") }
    }

    func run() throws {
        let started = Date()
        let recorded: RegressionBaseline
        do { recorded = try RegressionBaseline.load(path: baseline) } catch { throw fail(error.description) }
        var seedList: [UInt64]? = nil
        if seed != nil || seeds != nil {
            let first = seed ?? recorded.seeds[0]
            seedList = (0 ..< UInt64(seeds ?? recorded.seeds.count)).map { first &+ $0 }
        }
        let rerun = RegressionRun.Rerun(scenarioPath: scenario, seeds: seedList, extraParameters: parameters,
                                        allowScenarioChange: allowScenarioChange, tasks: parallel.tasks)
        progress("check: \(baseline) (\(scenario ?? recorded.scenario.path), seeds \((seedList ?? recorded.seeds).map(String.init).joined(separator: ", ")))")
        let report: RegressionCheck.Report
        do {
            report = try RegressionRun.check(
                recorded, rerun: rerun, rule: .init(alpha: alpha, minimumDifference: minimumDifference),
                toolVersion: ToolInfo.version,
                workDirectory: NSTemporaryDirectory() + "ciblab-check-\(ProcessInfo.processInfo.processIdentifier)",
                progress: { progress($0) })
        } catch { throw fail(error.description) }
        for note in report.notes { progress("note: " + note) }
        if let junit {
            do { try AtomicOutput.write(report.junitXML(), to: junit) } catch { throw fail(error.description) }
        }
        print(report.table(all: all), terminator: "")
        print("(\(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
        if !report.passed { throw ExitCode(ExitStatus.checkFailed) }
    }
}
