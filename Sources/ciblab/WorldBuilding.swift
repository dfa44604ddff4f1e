import CIBRun
import CIBScenario
import CIBStorage
import CIBTruth

/// Generating a world from the CLI: the experiment engine's generation, with errors as one line and exit code 2.
enum WorldBuilding {
    static func generate(_ scenario: Scenario, seed: UInt64, scale: Double, tasks: Int, limits: GenerationLimitOptions) throws -> LabelledWorld {
        do {
            return try Experiment.generate(scenario, seed: seed, scale: scale, tasks: tasks, maxEvents: limits.maxEvents,
                                           allowLarge: limits.allowLarge, progress: { progress($0) }).world
        } catch {
            throw fail(error.description)
        }
    }

    static func provenance(_ scenario: Scenario, seed: UInt64, scale: Double) -> DatasetProvenance {
        Experiment.provenance(scenario, seed: seed, scale: scale, toolVersion: ToolInfo.version)
    }
}
