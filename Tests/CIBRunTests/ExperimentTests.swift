import CIBEvaluation
import CIBRun
import CIBScenario
import Foundation
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The experiment engine behind `ciblab run`: same inputs, same metrics, whatever the thread count.
@Test func experimentIsDeterministicAcrossTaskCounts() throws {
    let scenario = try ScenarioLoader.load(path: repositoryRoot + "/scenarios/smoke.yaml")
    func run(tasks: Int) throws -> ExperimentResult {
        try Experiment.run(
            ExperimentConfiguration(
                scenario: scenario, seeds: [42, 43], detectors: ["shared-infrastructure", "audience-mismatch"],
                bootstrapReplicates: 20, tasks: tasks,
                workDirectory: NSTemporaryDirectory() + "ciblab-experiment-\(tasks)-\(ProcessInfo.processInfo.processIdentifier)",
                toolVersion: "test"),
            progress: { _ in })
    }
    let one = try run(tasks: 1)
    let two = try run(tasks: 2)
    #expect(one.metrics == two.metrics)
    #expect(one.metrics.rows.contains { $0.seed == 43 && $0.detector == "audience-mismatch" && $0.metric == "recall" })
    // Audience mismatch finds the bought Pages on every seed.
    let pageRecall = one.metrics.rows.filter { $0.detector == "audience-mismatch" && $0.kind == "page" && $0.metric == "recall" }
    #expect(pageRecall.count == 2)
    #expect(pageRecall.allSatisfy { $0.value >= 0.9 })
    #expect(one.comparisons.count == 1)
}

@Test func experimentRejectsUnknownDetectors() throws {
    let scenario = try ScenarioLoader.load(path: repositoryRoot + "/scenarios/smoke.yaml")
    let error = try #require(throws: ExperimentError.self) {
        try Experiment.run(ExperimentConfiguration(scenario: scenario, seeds: [1], detectors: ["tea-leaves"], tasks: 1,
                                                   workDirectory: NSTemporaryDirectory() + "ciblab-x", toolVersion: "test"),
                           progress: { _ in })
    }
    #expect(error.description.contains("tea-leaves"))
}
