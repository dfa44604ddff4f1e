public import CIBEvaluation
public import CIBScenario
import CIBStorage
import Foundation

/// Records baselines and reruns them: the shared engine of `ciblab baseline`, `ciblab check` and the test suite.
public enum RegressionRun {
    /// Loads the scenario (with presets and overrides) and describes it for a baseline.
    public static func loadScenario(
        path: String, presets: [String], overrides: [String]
    ) throws(ScenarioError) -> (scenario: Scenario, reference: RegressionBaseline.ScenarioReference) {
        let scenario = try ScenarioLoader.load(path: path, presets: presets, overrides: overrides)
        let reference = RegressionBaseline.ScenarioReference(
            path: path, name: scenario.name, sha256: Checksum.sha256(scenario.canonicalJSON()), presets: presets,
            overrides: overrides)
        return (scenario, reference)
    }

    /// Runs an experiment and records it as a baseline.
    public static func record(
        scenarioPath: String, presets: [String] = [], overrides: [String] = [], seeds: [UInt64], detectors: [String] = [],
        parameters: [String] = [], positives: PositiveDefinition = .thisCampaign, bootstrapReplicates: Int = 0,
        scale: Double = 1, tasks: Int, toolVersion: String, workDirectory: String,
        progress: @escaping @Sendable (String) -> Void
    ) throws(ExperimentError) -> RegressionBaseline {
        let loaded: (scenario: Scenario, reference: RegressionBaseline.ScenarioReference)
        do { loaded = try loadScenario(path: scenarioPath, presets: presets, overrides: overrides) } catch {
            throw ExperimentError(error.description)
        }
        let configuration = ExperimentConfiguration(
            scenario: loaded.scenario, seeds: seeds, scale: scale, detectors: detectors, parameters: parameters,
            positives: positives, bootstrapReplicates: bootstrapReplicates, tasks: tasks, workDirectory: workDirectory,
            toolVersion: toolVersion)
        let result = try Experiment.run(configuration, progress: progress)
        return RegressionBaseline(configuration: configuration, result: result, scenario: loaded.reference)
    }

    /// What to change when rerunning a baseline.
    public struct Rerun: Sendable {
        /// Another scenario file (default: the baseline's).
        public var scenarioPath: String?
        /// Other seeds (default: the baseline's).
        public var seeds: [UInt64]?
        /// Extra `detector.key=value` overrides after the baseline's (how a test weakens a detector).
        public var extraParameters: [String]
        /// Compare even when the resolved scenario's hash differs from the baseline's.
        public var allowScenarioChange: Bool
        public var tasks: Int

        public init(scenarioPath: String? = nil, seeds: [UInt64]? = nil, extraParameters: [String] = [],
                    allowScenarioChange: Bool = false, tasks: Int) {
            self.scenarioPath = scenarioPath
            self.seeds = seeds
            self.extraParameters = extraParameters
            self.allowScenarioChange = allowScenarioChange
            self.tasks = tasks
        }
    }

    /// Reruns the baseline's experiment and compares it.
    /// - Throws: ``ExperimentError`` when the scenario cannot be loaded, its resolved hash changed (unless allowed),
    ///   or the experiment fails — bad input, not a regression.
    public static func check(
        _ baseline: RegressionBaseline, rerun: Rerun, rule: RegressionCheck.Rule = .init(), toolVersion: String,
        workDirectory: String, progress: @escaping @Sendable (String) -> Void
    ) throws(ExperimentError) -> RegressionCheck.Report {
        let path = rerun.scenarioPath ?? baseline.scenario.path
        let loaded: (scenario: Scenario, reference: RegressionBaseline.ScenarioReference)
        do { loaded = try loadScenario(path: path, presets: baseline.scenario.presets, overrides: baseline.scenario.overrides) } catch {
            throw ExperimentError(error.description)
        }
        var notes: [String] = []
        if loaded.reference.sha256 != baseline.scenario.sha256 {
            let message = "scenario mismatch: \(path) with the baseline's presets and overrides resolves to sha256 \(loaded.reference.sha256.prefix(12)), the baseline was recorded on \(baseline.scenario.path) with sha256 \(baseline.scenario.sha256.prefix(12)) (the file, a preset or the scenario defaults changed): re-record the baseline with `ciblab baseline`, or pass --allow-scenario-change to compare anyway"
            if !rerun.allowScenarioChange { throw ExperimentError(message) }
            notes.append(message)
        }
        let seeds = rerun.seeds ?? baseline.seeds
        let configuration = ExperimentConfiguration(
            scenario: loaded.scenario, seeds: seeds, scale: baseline.scale, detectors: baseline.requestedDetectors,
            parameters: baseline.parameters + rerun.extraParameters,
            positives: PositiveDefinition(rawValue: baseline.positives) ?? .thisCampaign,
            bootstrapReplicates: baseline.bootstrapReplicates, tasks: rerun.tasks, workDirectory: workDirectory,
            toolVersion: toolVersion)
        let result = try Experiment.run(configuration, progress: progress)
        for detector in result.detectors {
            guard let old = baseline.detectors.first(where: { $0.name == detector.name }) else { continue }
            if old.parameters != detector.parameters {
                let changed = Set(old.parameters.keys).union(detector.parameters.keys).sorted()
                    .filter { old.parameters[$0] != detector.parameters[$0] }
                    .map { "\($0) \(old.parameters[$0].map { "\($0)" } ?? "-") → \(detector.parameters[$0].map { "\($0)" } ?? "-")" }
                notes.append("\(detector.name) parameters changed: \(changed.joined(separator: ", "))")
            }
        }
        var report = RegressionCheck.compare(baseline: baseline, current: result.metrics, seeds: seeds, rule: rule)
        report.notes = notes + report.notes
        return report
    }
}
