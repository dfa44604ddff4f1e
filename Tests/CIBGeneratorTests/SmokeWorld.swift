import CIBGenerator
import CIBModel
import CIBScenario
import CIBTruth
import Foundation

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The smoke world, generated once and shared by the tests.
let smokeScenario: Scenario = try! ScenarioLoader.load(path: "\(repositoryRoot)/scenarios/smoke.yaml")
let smokeWorld: LabelledWorld = try! WorldGenerator(scenario: smokeScenario, tasks: 2).generate()
