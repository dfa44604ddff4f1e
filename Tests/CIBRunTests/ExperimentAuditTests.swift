import CIBAudit
import CIBEvaluation
import CIBReport
import CIBRun
import CIBScenario
import Foundation
import Testing

/// `ciblab run`'s benchmark audit: the first world is audited, with seed + 1 as the world its probes are fitted on.
@Suite struct ExperimentAuditTests {
    static func configuration(seeds: [UInt64]) throws -> ExperimentConfiguration {
        let scenario = try ScenarioLoader.load(path: repositoryRoot + "/scenarios/smoke.yaml")
        var configuration = ExperimentConfiguration(
            scenario: scenario, seeds: seeds, detectors: ["audience-mismatch", "shared-infrastructure"], bootstrapReplicates: 0,
            tasks: 2, workDirectory: NSTemporaryDirectory() + "ciblab-audit-run-\(ProcessInfo.processInfo.processIdentifier)",
            toolVersion: "test")
        var settings = AuditSettings()
        settings.bootstrapReplicates = 20
        settings.textHashBits = 12
        settings.textIterations = 30
        settings.boosting.rounds = 20
        configuration.audit = settings
        return configuration
    }

    @Test func oneSeedGeneratesSeedPlusOneForTheProbes() throws {
        let lines = Lines()
        let result = try Experiment.run(Self.configuration(seeds: [42]), progress: { lines.add($0) })
        let audit = try #require(result.audit)
        #expect(audit.test.seed == 42 && audit.train.seed == 43)
        #expect(result.timings.contains { $0.step == "generate audit train world (seed 43)" })
        #expect(lines.all.contains { $0.contains("generating a second world from seed 43") })
        #expect(audit.features.map(\.feature) == AuditFeature.all.map(\.name))
        #expect(audit.probes.map(\.name) == ["with-identity", "without-identity", "marginal-only"])
        #expect(audit.text?.comparisons.first?.against == "all other posts")

        // The reports carry the section, and the false positives per class.
        let summary = RunSummary(toolVersion: "test", scenarioName: "smoke", scenarioHash: "x", seeds: [42], positives: .thisCampaign,
                                 detectors: [], metrics: result.metrics, validity: audit)
        let markdown = MarkdownReport.render(summary), html = HTMLReport.render(summary)
        #expect(markdown.contains("## Benchmark validity"))
        #expect(markdown.contains("Identity features (ids, created_at, name statistics): ROC AUC"))
        #expect(markdown.contains("Learned probes (boosted trees on per-entity features): average precision with-identity"))
        #expect(markdown.contains("Text probe (character 2–4-gram logistic regression): ROC AUC of campaign posts vs all other posts"))
        #expect(html.contains("<h2>Benchmark validity</h2>"))
        #expect(markdown.contains("## False positives per class (all entities)"))
        #expect(markdown.contains("| detector | organic |"))
        #expect(html.contains("<h2>False positives per class</h2>"))
        // Without the audit, neither the section nor a second world.
        let plain = RunSummary(toolVersion: "test", scenarioName: "smoke", scenarioHash: "x", seeds: [42], positives: .thisCampaign,
                               detectors: [], metrics: result.metrics)
        #expect(!MarkdownReport.render(plain).contains("Benchmark validity"))
    }

    @Test func twoSeedsUseTheSecondWorldWithoutAnExtraGeneration() throws {
        let result = try Experiment.run(Self.configuration(seeds: [42, 43]), progress: { _ in })
        let audit = try #require(result.audit)
        #expect(audit.test.seed == 42 && audit.train.seed == 43)
        #expect(!result.timings.contains { $0.step.hasPrefix("generate audit") })
    }
}

/// Progress lines collected from any thread.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
