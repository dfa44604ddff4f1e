import CIBEvaluation
import CIBRun
import Foundation
import Testing

/// The CI regression gate: the committed smoke baseline still holds, a crippled detector is caught, and the decision
/// rule behaves on hand-made numbers.
@Suite struct RegressionTests {
    static func work(_ name: String) -> String {
        NSTemporaryDirectory() + "ciblab-regression-\(name)-\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// (a) + (c): the committed baseline for the default detectors on smoke, rerun with the library API, passes; a
    /// code change that makes a built-in detector worse beyond the tolerance fails this test.
    @Test func committedSmokeBaselineStillHolds() throws {
        let baseline = try RegressionBaseline.load(path: repositoryRoot + "/results/baselines/smoke.json")
        #expect(baseline.seeds == [42, 43, 44])
        let report = try RegressionRun.check(
            baseline, rerun: .init(scenarioPath: repositoryRoot + "/scenarios/smoke.yaml", allowScenarioChange: true, tasks: 2), toolVersion: "test",
            workDirectory: Self.work("smoke"), progress: { _ in })
        let worse = report.regressions.map { "\($0.detector) \($0.kind) \($0.metric): \($0.before ?? .nan) → \($0.after ?? .nan)" }
        // A scenario schema change alone (a new key with a default) does not fail the gate; worse metrics do.
        #expect(worse.isEmpty, "regressions against results/baselines/smoke.json (if intended, re-record it: ciblab baseline scenarios/smoke.yaml --seeds 3 --out results/baselines/smoke.json):\n\(worse.joined(separator: "\n"))\nnotes: \(report.notes.joined(separator: "; "))")
        #expect(report.comparisons.filter { $0.verdict != .skipped }.count > 500)
    }

    /// (b): a deliberately weakened detector (an absurd shift-pattern threshold) is reported as a regression, the
    /// unchanged one passes, and the CLI exits 1 / 0 accordingly.
    @Test func weakenedDetectorFailsTheCheck() throws {
        let baseline = try RegressionRun.record(
            scenarioPath: repositoryRoot + "/scenarios/smoke.yaml", seeds: [42, 43], detectors: ["shift-pattern"], tasks: 2,
            toolVersion: "test", workDirectory: Self.work("record"), progress: { _ in })
        let recall = try #require(baseline.metrics.first { $0.detector == "shift-pattern" && $0.kind == "account" && $0.metric == "recall" })
        #expect((recall.mean ?? 0) > 0.2)

        let weakened = try RegressionRun.check(
            baseline, rerun: .init(extraParameters: ["shift-pattern.threshold=1000"], tasks: 2), toolVersion: "test",
            workDirectory: Self.work("weak"), progress: { _ in })
        #expect(!weakened.passed)
        let recallNow = try #require(weakened.comparisons.first { $0.kind == "account" && $0.metric == "recall" })
        #expect(recallNow.verdict == .worse)
        #expect(recallNow.after == 0)
        #expect(weakened.notes.contains { $0.contains("threshold") })
        #expect(weakened.junitXML().contains("<failure"))

        let unchanged = try RegressionRun.check(
            baseline, rerun: .init(tasks: 2), toolVersion: "test", workDirectory: Self.work("same"), progress: { _ in })
        #expect(unchanged.passed)
        #expect(unchanged.comparisons.allSatisfy { $0.verdict == .unchanged || $0.verdict == .skipped })
    }

    // MARK: The decision rule on hand-made numbers

    static func table(_ values: [UInt64: Double], metric: String = "recall") -> MetricsTable {
        MetricsTable(rows: values.keys.sorted().map { MetricRow(seed: $0, detector: "d", kind: "all", metric: metric, value: values[$0]!) })
    }

    static func verdict(before: [Double], after: [Double], metric: String = "recall", afterSeeds: [UInt64]? = nil) -> RegressionCheck.Comparison {
        precondition(RegressionCheck.isCompared(metric))
        let seeds: [UInt64] = (0 ..< UInt64(before.count)).map { $0 }
        let base = RegressionBaseline(
            toolVersion: "t", scenario: .init(path: "x", name: "x", sha256: "", presets: [], overrides: []), seeds: seeds,
            scale: 1, detectors: [], requestedDetectors: [], parameters: [], bootstrapReplicates: 0, positives: "this-campaign",
            metrics: RegressionBaseline.metrics(of: table(Dictionary(uniqueKeysWithValues: zip(seeds, before)), metric: metric), seeds: seeds))
        let newSeeds = afterSeeds ?? seeds
        let report = RegressionCheck.compare(
            baseline: base, current: table(Dictionary(uniqueKeysWithValues: zip(newSeeds, after)), metric: metric), seeds: newSeeds)
        return report.comparisons[0]
    }

    @Test func identicalValuesPass() {
        #expect(Self.verdict(before: [0.5, 0.7, 0.6], after: [0.5, 0.7, 0.6]).verdict == .unchanged)
    }

    @Test func clearPairedDropFails() {
        let c = Self.verdict(before: [0.50, 0.70, 0.60, 0.65], after: [0.40, 0.62, 0.49, 0.56])
        #expect(c.verdict == .worse)
        #expect(c.test == "paired")
        #expect(c.pValue! < 0.01)
        #expect(c.upper! < 0)
    }

    @Test func smallOrNoisyChangesPass() {
        // Below the practical threshold, even though perfectly consistent.
        #expect(Self.verdict(before: [0.50, 0.70, 0.60], after: [0.49, 0.69, 0.59]).verdict == .unchanged)
        // Large mean drop but not significant across seeds (one seed drives it).
        let noisy = Self.verdict(before: [0.50, 0.70, 0.60], after: [0.20, 0.72, 0.61])
        #expect(noisy.verdict == .unchanged)
        #expect(noisy.pValue! > 0.05)
    }

    @Test func lowerIsBetterMetricsAndImprovements() {
        #expect(Self.verdict(before: [0.01, 0.02, 0.015], after: [0.11, 0.12, 0.10], metric: "false_positive_rate").verdict == .worse)
        #expect(Self.verdict(before: [0.11, 0.12, 0.10], after: [0.01, 0.02, 0.015], metric: "false_positive_rate").verdict == .better)
        // Neutral counts are not compared.
        #expect(!RegressionCheck.isCompared("tp"))
        #expect(!RegressionCheck.isCompared("recall_by_day[7]"))
        #expect(RegressionCheck.isCompared("recall_by_tactic[6.3]"))
    }

    @Test func differentSeedsUseWelch() {
        let c = Self.verdict(before: [0.80, 0.82, 0.78], after: [0.50, 0.52, 0.49], afterSeeds: [10, 11, 12])
        #expect(c.test == "welch")
        #expect(c.verdict == .worse)
    }

    @Test func corruptBaselineNamesTheFile() throws {
        let path = Self.work("corrupt") + ".json"
        try Data("{\"format\": 1, \"seeds\": [1]}".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: ExperimentError.self) { try RegressionBaseline.load(path: path) }
        #expect(error.description.contains(path))
        #expect(error.description.contains("missing key"))
    }
}
