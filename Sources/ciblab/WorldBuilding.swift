import CIBGenerator
import CIBScenario
import CIBStorage
import CIBTruth
import Foundation

/// Generating a world from the CLI: progress lines with counts and rates, errors as one line and exit code 2.
enum WorldBuilding {
    static func generate(_ scenario: Scenario, seed: UInt64, scale: Double, tasks: Int) throws -> LabelledWorld {
        let started = Date()
        let generator = WorldGenerator(scenario: scenario, seed: seed, scale: scale, tasks: tasks, progress: { progress("generate: " + $0) })
        let world: LabelledWorld
        do { world = try generator.generate() } catch { throw fail("\(scenario.name): \(error.description)") }
        let seconds = Date().timeIntervalSince(started)
        let events = world.observable.events.count
        progress("generated \(formatCount(world.observable.entities.count)) entities, \(formatCount(events)) events, \(formatCount(world.observable.follows.count)) follows, \(formatCount(world.observable.logins.count)) logins in \(String(format: "%.2f", seconds)) s (\(formatRate(events, seconds: seconds)) events)")
        return world
    }

    static func provenance(_ scenario: Scenario, seed: UInt64, scale: Double) -> DatasetProvenance {
        DatasetProvenance(toolVersion: ToolInfo.version, scenarioName: scenario.name, scenarioJSON: scenario.canonicalJSON(), seed: seed, scale: scale)
    }
}
