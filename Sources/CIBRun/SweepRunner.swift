import CIBScenario
import CIBGenerator
import CIBEvaluation
import CIBStorage
public import Foundation

/// What a sweep output directory is for: written as `DIR/sweep.json` before any point runs, so a resumed run or a
/// merge can check that every piece belongs to the same grid.
public struct SweepPlan: Codable, Sendable, Equatable {
    public var name: String
    public var scenario: String
    public var scenarioSHA256: String
    public var presets: [String]
    public var overrides: [String]
    public var seeds: [UInt64]
    public var detectors: [String]
    public var parameters: [String]
    public var bootstrapReplicates: Int
    public var reportMetric: String
    public var reportKind: String
    public var axes: [SweepSpec.Axis]
    public var points: [SweepPoint]
    /// The ciblab version that wrote the directory (absent in sweeps of 0.1.0, which did not record it): the same
    /// scenario and seed give the same world only within one version, so points of two versions never mix.
    public var toolVersion: String?

    /// Why `self` (found on disk in `directory`) cannot take points or shards of `other`, or nil when it can.
    func conflict(with other: SweepPlan, directory: String) -> String? {
        if toolVersion != other.toolVersion {
            return "\(directory) was written by ciblab \(toolVersion ?? "0.1.0 or older") and this is \(other.toolVersion ?? "an unknown version"): "
                + "worlds differ between versions, so its points cannot be mixed with new ones; use another --out or remove it"
        }
        if self != other {
            return "\(directory) holds the output of a different sweep (its sweep.json differs: grid, seeds, detectors or scenario changed); use another --out or remove it"
        }
        return nil
    }

    /// The CSV header of `points.csv` and of every per-point file.
    public var header: [String] { ["point"] + axes.map(\.key) + MetricsTable.header }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }

    public static func load(directory: String) throws(ExperimentError) -> SweepPlan {
        let path = directory + "/sweep.json"
        do {
            return try JSONDecoder().decode(SweepPlan.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ExperimentError("\(path): cannot read the sweep plan (\(error.localizedDescription)); is \(directory) a sweep output directory?")
        }
    }
}

/// Runs a sweep grid: points in parallel, each finished point written atomically to `DIR/points/<id>.csv`, finished
/// points skipped on restart, final files assembled from the per-point files in grid order (so an interrupted and
/// resumed run ends byte-identical to an uninterrupted one).
public enum SweepRunner {
    /// Options of one invocation.
    public struct Options: Sendable {
        /// Points run at the same time.
        public var jobs: Int
        /// Threads per point.
        public var tasksPerPoint: Int
        /// `(k, n)`: run the points with `index % n == k - 1` only.
        public var shard: (k: Int, n: Int)?
        public var toolVersion: String
        /// Stop after this many newly finished points (tests simulate an interruption with it).
        public var stopAfter: Int?
        /// The most events one world may have (`--max-events`), and whether larger worlds run anyway.
        public var maxEvents: Int? = nil
        public var allowLargeWorlds = false

        public init(jobs: Int = 1, tasksPerPoint: Int = 1, shard: (k: Int, n: Int)? = nil, toolVersion: String, stopAfter: Int? = nil) {
            self.jobs = jobs
            self.tasksPerPoint = tasksPerPoint
            self.shard = shard
            self.toolVersion = toolVersion
            self.stopAfter = stopAfter
        }
    }

    /// What a run did.
    public struct Outcome: Sendable {
        public var plan: SweepPlan
        public var ran: Int
        public var skipped: Int
        /// `true` when every point of the grid is in `DIR/points` and the final files were written.
        public var complete: Bool
    }

    /// Validates the whole grid, then runs the missing points of this shard and assembles the outputs when complete.
    public static func run(
        _ spec: SweepSpec, out directory: String, options: Options, progress: @escaping @Sendable (String) -> Void
    ) throws(ExperimentError) -> Outcome {
        let validated = try spec.validate()
        let base: Scenario
        do { base = try ScenarioLoader.load(path: spec.scenario, presets: spec.presets, overrides: spec.overrides) } catch {
            throw ExperimentError(error.description)
        }
        let first = spec.seed ?? base.seed
        let seeds = (0 ..< UInt64(spec.seedsPerPoint)).map { first &+ $0 }
        let plan = SweepPlan(
            name: spec.name, scenario: spec.scenario, scenarioSHA256: Checksum.sha256(base.canonicalJSON()), presets: spec.presets,
            overrides: spec.overrides, seeds: seeds, detectors: spec.detectors, parameters: spec.parameters,
            bootstrapReplicates: spec.bootstrapReplicates, reportMetric: spec.reportMetric, reportKind: spec.reportKind,
            axes: spec.axes, points: validated.map(\.point), toolVersion: options.toolVersion)
        let fm = FileManager.default
        let planPath = directory + "/sweep.json"
        if fm.fileExists(atPath: planPath) {
            if let conflict = try SweepPlan.load(directory: directory).conflict(with: plan, directory: directory) {
                throw ExperimentError(conflict)
            }
        } else {
            do { try AtomicOutput.write(plan.encoded(), to: planPath) } catch { throw ExperimentError(error.description) }
        }

        var todo: [(SweepPoint, Scenario)] = []
        var skipped = 0
        for (point, scenario) in validated {
            if let shard = options.shard, point.index % shard.n != shard.k - 1 { continue }
            if isFinished(point, plan: plan, directory: directory) { skipped += 1 } else { todo.append((point, scenario)) }
        }
        if let stop = options.stopAfter { todo = Array(todo.prefix(stop)) }
        let work = todo, alreadyDone = skipped
        progress("sweep '\(spec.name)': \(validated.count) points × \(seeds.count) seeds\(options.shard.map { ", shard \($0.k)/\($0.n)" } ?? ""); \(skipped) already done, \(todo.count) to run, \(options.jobs) at a time")

        let jobs = max(1, min(options.jobs, todo.count))
        // Every point's world must fit before any runs: a sweep refused at its last point has wasted the others.
        for (point, scenario) in work {
            do {
                try WorldGenerator(scenario: scenario, memoryLimit: WorldGenerator.defaultMemoryLimit / UInt64(jobs),
                                   maxEvents: options.maxEvents, allowLarge: options.allowLargeWorlds).checkResources()
            } catch {
                throw ExperimentError("point \(point.index + 1) (\(point.label)): \(error.description)")
            }
        }
        let state = RunState(total: todo.count)
        let started = Date()
        DispatchQueue.concurrentPerform(iterations: jobs) { _ in
            while let i = state.next() {
                let (point, scenario) = work[i]
                var configuration = ExperimentConfiguration(
                    scenario: scenario, seeds: seeds, detectors: spec.detectors, parameters: spec.parameters,
                    bootstrapReplicates: spec.bootstrapReplicates, tasks: options.tasksPerPoint,
                    workDirectory: NSTemporaryDirectory() + "ciblab-sweep-\(ProcessInfo.processInfo.processIdentifier)-\(point.id)",
                    toolVersion: options.toolVersion)
                // `jobs` worlds may be in memory at once: each gets its share of the 90% the generator would take.
                configuration.memoryLimit = WorldGenerator.defaultMemoryLimit / UInt64(jobs)
                configuration.maxEvents = options.maxEvents
                configuration.allowLargeWorlds = options.allowLargeWorlds
                do {
                    let result = try Experiment.run(configuration, progress: { _ in })
                    try AtomicOutput.write(pointCSV(point, metrics: result.metrics), to: pointPath(point, directory: directory))
                } catch let error as ExperimentError {
                    state.fail("point \(point.index + 1) (\(point.label)): \(error.description)")
                } catch {
                    state.fail("point \(point.index + 1) (\(point.label)): \(error)")
                }
                let done = state.finish()
                let elapsed = Date().timeIntervalSince(started)
                let rate = Double(done) / max(elapsed, 1e-9)
                let left = Double(work.count - done) / max(rate, 1e-9)
                progress("sweep: \(done + alreadyDone)/\(validated.count) points done (\(point.label)); \(String(format: "%.2f", rate * 60)) points/min, ~\(String(format: "%.0f", left)) s left")
            }
        }
        if let failure = state.failure { throw ExperimentError(failure) }
        let complete = validated.allSatisfy { isFinished($0.point, plan: plan, directory: directory) }
        if complete { try assemble(plan: plan, directory: directory) }
        return Outcome(plan: plan, ran: todo.count, skipped: skipped, complete: complete)
    }

    /// Joins shard directories (each with the same `sweep.json`) into `out` and assembles the outputs.
    public static func merge(_ directories: [String], out: String) throws(ExperimentError) -> SweepPlan {
        guard let firstDirectory = directories.first else { throw ExperimentError("merge: no shard directories given") }
        let plan = try SweepPlan.load(directory: firstDirectory)
        for d in directories.dropFirst() {
            let other = try SweepPlan.load(directory: d)
            if other.toolVersion != plan.toolVersion {
                throw ExperimentError("merge: \(d) was written by ciblab \(other.toolVersion ?? "0.1.0 or older"), \(firstDirectory) by \(plan.toolVersion ?? "0.1.0 or older"): shards of different versions hold different worlds")
            }
            if other != plan {
                throw ExperimentError("merge: \(d)/sweep.json differs from \(firstDirectory)/sweep.json: the shards belong to different sweeps")
            }
        }
        if FileManager.default.fileExists(atPath: out + "/sweep.json"),
           let conflict = try SweepPlan.load(directory: out).conflict(with: plan, directory: out) {
            throw ExperimentError("merge: " + conflict)
        }
        do { try AtomicOutput.write(plan.encoded(), to: out + "/sweep.json") } catch { throw ExperimentError(error.description) }
        var missing: [String] = []
        for point in plan.points {
            let target = pointPath(point, directory: out)
            if isFinished(point, plan: plan, directory: out) { continue }
            guard let source = directories.first(where: { isFinished(point, plan: plan, directory: $0) }) else {
                missing.append("\(point.index + 1) (\(point.label))")
                continue
            }
            do {
                try AtomicOutput.write(Data(contentsOf: URL(fileURLWithPath: pointPath(point, directory: source))), to: target)
            } catch { throw ExperimentError("merge: cannot copy \(point.id): \(error)") }
        }
        guard missing.isEmpty else {
            throw ExperimentError("merge: \(missing.count) point(s) are in no shard: \(missing.prefix(5).joined(separator: "; "))\(missing.count > 5 ? "; ..." : "")")
        }
        try assemble(plan: plan, directory: out)
        return plan
    }

    static func pointPath(_ point: SweepPoint, directory: String) -> String {
        directory + "/points/" + point.id + ".csv"
    }

    /// A point counts as finished when its file exists and starts with the plan's header (files are written atomically,
    /// so a file that exists is complete).
    static func isFinished(_ point: SweepPoint, plan: SweepPlan, directory: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: pointPath(point, directory: directory)) else { return false }
        let header = Data((csvLine(plan.header) + "\n").utf8)
        return data.starts(with: header)
    }

    /// The per-point CSV: the plan's header, then the point's metric rows prefixed by point id and axis values.
    static func pointCSV(_ point: SweepPoint, metrics: MetricsTable) -> String {
        let lines = metrics.csv().split(separator: "\n", omittingEmptySubsequences: true)
        let prefix = csvLine([point.id] + point.values) + ","
        var out = csvLine(["point"] + point.keys + MetricsTable.header) + "\n"
        for line in lines.dropFirst() { out += prefix + line + "\n" }
        return out
    }

    static func csvLine(_ fields: [String]) -> String {
        fields.map { f in
            f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
        }.joined(separator: ",")
    }
}

/// Work distribution and failure collection shared by the worker threads.
final class RunState: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private var done = 0
    private let total: Int
    private(set) var failure: String?

    init(total: Int) { self.total = total }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard failure == nil, nextIndex < total else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func finish() -> Int {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        return done
    }

    func fail(_ message: String) {
        lock.lock()
        defer { lock.unlock() }
        if failure == nil { failure = message }
    }
}
