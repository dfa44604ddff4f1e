import ArgumentParser
import CIBScenario
import CIBStatistics
import Foundation

/// Options shared by every command that loads a scenario.
struct ScenarioOptions: ParsableArguments {
    @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario key before validation, e.g. campaigns[0].schedule.jitter=45m (repeatable).", valueName: "key=value"))
    var overrides: [String] = []

    @Option(name: .customLong("preset"), help: ArgumentHelp("Apply a named preset from scenarios/presets/ (repeatable).", valueName: "name"))
    var presets: [String] = []

    /// Loads and validates the scenario, turning a ScenarioError into a one-line error and exit code 2.
    func load(_ path: String) throws -> Scenario {
        do {
            return try ScenarioLoader.load(path: path, presets: presets, overrides: overrides)
        } catch {
            throw fail(error.description)
        }
    }
}

/// Limits on the world a command generates (issue 22): the scenario's expected events and peak memory are
/// estimated before anything is built, and a world that would exceed the machine's memory or `--max-events` is
/// refused with exit code 2 unless `--allow-large-world` is given.
struct GenerationLimitOptions: ParsableArguments {
    @Option(name: .customLong("max-events"), help: "Refuse a world expected to have more events than this (default: only the machine's memory limits it).")
    var maxEvents: Int?

    @Flag(name: .customLong("allow-large-world"), help: "Generate even when the world is expected to exceed --max-events or the machine's memory.")
    var allowLarge = false

    func validate() throws {
        if let maxEvents { guard maxEvents >= 1 else { throw ValidationError("--max-events must be at least 1, got \(maxEvents)") } }
    }
}

/// Options for parallel work.
struct ParallelOptions: ParsableArguments {
    @Option(help: "Worker threads (results are identical for any value). Default: the number of cores.")
    var tasks: Int = DeterministicParallel.defaultTaskCount

    func validate() throws {
        try FlagLimits.check(tasks, FlagLimits.tasks, "--tasks")
    }
}

/// The default scenario, relative to the working directory or to the executable's checkout.
enum DefaultScenario {
    static let relativePath = "scenarios/spamouflage-2023.yaml"

    static func locate() -> String {
        let fm = FileManager.default
        if fm.fileExists(atPath: relativePath) { return relativePath }
        // The binary lives in .build/<config>/ciblab inside the checkout.
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0 ..< 5 {
            let candidate = url.appendingPathComponent(relativePath).path
            if fm.fileExists(atPath: candidate) { return candidate }
            url = url.deletingLastPathComponent()
        }
        return relativePath
    }
}

/// Formats counts with thousands separators.
func formatCount(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.reversed().enumerated() {
        if i > 0, i % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return (n < 0 ? "-" : "") + String(out.reversed())
}
