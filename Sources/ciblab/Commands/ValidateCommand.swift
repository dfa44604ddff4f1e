import ArgumentParser
import CIBScenario
import CIBStorage

/// `ciblab validate SCENARIO`: checks a scenario (with presets and overrides) without generating anything.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file (and any --preset/--set) without generating anything.")

    @Argument(help: "The scenario file (YAML or JSON).")
    var scenario: String

    @OptionGroup var scenarioOptions: ScenarioOptions

    func run() throws {
        let loaded = try scenarioOptions.load(scenario)
        let hash = Checksum.sha256(loaded.canonicalJSON())
        print("ok: \(scenario): scenario '\(loaded.name)', \(loaded.platforms.count) platforms, \(loaded.regions.count) regions, \(loaded.campaigns.count) campaign(s), \(loaded.period.days) days; sha256 \(hash.prefix(16))")
    }
}
