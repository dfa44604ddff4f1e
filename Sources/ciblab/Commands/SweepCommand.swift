import ArgumentParser
import CIBRun
import CIBStatistics
import Foundation

/// `ciblab sweep`: what-if studies over a grid of scenario overrides (run, resume, shard, merge).
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a what-if sweep (a grid of scenario overrides × seeds) or merge shards of one.",
        discussion: "See docs/scaling.md and scenarios/whatif/.",
        subcommands: [SweepRunCommand.self, SweepMergeCommand.self],
        defaultSubcommand: SweepRunCommand.self)
}

struct SweepRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the grid; rerun on the same --out to resume after an interruption.",
        discussion: "Each finished point is written atomically to DIR/points/<point-id>.csv and skipped on restart; points.csv, summary.md and report.html are assembled in grid order once every point is done.")

    @Argument(help: "The sweep file (YAML).")
    var sweep: String

    @Option(help: "Points run at the same time.")
    var jobs: Int = 1

    @Option(help: "Threads per point (default: the cores divided among the jobs).")
    var tasks: Int?

    @Option(help: "The output directory (default: results/sweep-<name>).")
    var out: String?

    @Option(help: "Run only shard K of N (points with index mod N = K-1), e.g. 2/3.")
    var shard: String?

    @Flag(name: .customLong("dry-run"), help: "Validate every point and list the grid without running anything.")
    var dryRun = false

    @OptionGroup var limits: GenerationLimitOptions

    func validate() throws {
        try FlagLimits.check(jobs, FlagLimits.tasks, "--jobs")
        if let tasks { try FlagLimits.check(tasks, FlagLimits.tasks, "--tasks") }
        if let shard { guard Self.parseShard(shard) != nil else { throw ValidationError("--shard: expected K/N with 1 ≤ K ≤ N, found '\(shard)'") } }
    }

    static func parseShard(_ text: String) -> (k: Int, n: Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else { return nil }
        return (k, n)
    }

    func run() throws {
        let started = Date()
        let spec: SweepSpec
        do { spec = try SweepSpec.load(path: sweep) } catch { throw fail(error.description) }
        let directory = out ?? "results/sweep-\(spec.name)"
        if dryRun {
            do {
                for (point, _) in try spec.validate() { print("\(point.index + 1)\t\(point.id)\t\(point.label)") }
            } catch { throw fail(error.description) }
            return
        }
        let perPoint = tasks ?? max(1, DeterministicParallel.defaultTaskCount / jobs)
        let outcome: SweepRunner.Outcome
        do {
            outcome = try SweepRunner.run(
                spec, out: directory,
                options: {
                    var o = SweepRunner.Options(jobs: jobs, tasksPerPoint: perPoint, shard: shard.flatMap(Self.parseShard), toolVersion: ToolInfo.version)
                    o.maxEvents = limits.maxEvents
                    o.allowLargeWorlds = limits.allowLarge
                    return o
                }(),
                progress: { progress($0) })
        } catch { throw fail(error.description) }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        if outcome.complete {
            if let summary = try? String(contentsOfFile: directory + "/summary.md", encoding: .utf8) {
                print(summary.split(separator: "\n").filter { $0.hasPrefix("|") }.joined(separator: "\n"))
            }
            print("sweep: \(directory)/points.csv, summary.md, report.html (\(outcome.ran) point(s) run, \(outcome.skipped) resumed, \(seconds) s)")
        } else {
            print("sweep: \(outcome.ran) point(s) run into \(directory)/points (\(seconds) s); the grid is not complete yet: run the other shards and `ciblab sweep merge`")
        }
    }
}

struct SweepMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Join sweep shard directories into one output (same files as a single run).")

    @Argument(help: "The shard output directories.")
    var directories: [String]

    @Option(help: "The merged output directory.")
    var out: String

    func run() throws {
        guard !directories.isEmpty else { throw fail("merge: give at least one shard directory") }
        do {
            let plan = try SweepRunner.merge(directories, out: out)
            print("sweep merge: \(plan.points.count) points → \(out)/points.csv, summary.md, report.html")
        } catch { throw fail(error.description) }
    }
}
