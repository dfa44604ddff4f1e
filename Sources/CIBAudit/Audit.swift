internal import CIBTruth
internal import Foundation

/// The audit could not run: the message says why (e.g. a world without campaign entities).
public struct AuditError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The benchmark checks itself (issue 16): does any cheap public per-entity feature, a model of such features, or a
/// model of the posts' wording alone, tell the campaign apart on a world it was not fitted on? See docs/audit.md.
public enum Audit {
    /// Rows the learned probes write when exporting for the scikit-learn cross-check: the probe, its training matrix,
    /// labels and weights, the test matrix and the probabilities ciblab gave.
    public typealias ProbeExport = @Sendable (
        _ probe: String, _ features: [String], _ train: [[Double]], _ labels: [Bool], _ weights: [Double], _ test: [[Double]],
        _ testLabels: [Bool], _ probabilities: [Double]
    ) -> Void

    /// Audits `test` with `train` as the world the encodings and probes are fitted on.
    /// - Parameters:
    ///   - tasks: threads; no number depends on it.
    ///   - progress: one line per step.
    ///   - export: receives each learned probe's matrices (for `scripts/crosscheck-audit-gbdt.py`).
    public static func run(
        train: AuditWorld, test: AuditWorld, settings: AuditSettings = AuditSettings(), tasks: Int = 1,
        progress: (String) -> Void = { _ in }, export: ProbeExport? = nil
    ) throws(AuditError) -> AuditReport {
        for (name, world) in [("train", train), ("test", test)] {
            guard world.entityClass.contains(.campaign) else {
                throw AuditError("the \(name) world (seed \(world.seed)) has no campaign entities: nothing to audit")
            }
            guard world.entityClass.contains(where: { $0 != .campaign }) else {
                throw AuditError("the \(name) world (seed \(world.seed)) has only campaign entities: nothing to compare with")
            }
        }
        guard settings.identityLower <= settings.identityUpper else {
            throw AuditError("identity bounds [\(settings.identityLower), \(settings.identityUpper)] are empty")
        }
        var timings = [AuditReport.Timing]()
        var clock = Date()
        func lap(_ step: String) {
            let seconds = Date().timeIntervalSince(clock)
            timings.append(.init(step: step, seconds: (seconds * 1000).rounded() / 1000))
            progress("audit: \(step) in \(String(format: "%.2f", seconds)) s")
            clock = Date()
        }
        let single = FeatureComparisons.run(train: train, test: test, settings: settings, tasks: tasks)
        lap("feature AUCs (\(AuditFeature.all.count) features)")
        var notes = [String]()
        let campaign = test.entityClass.filter { $0 == .campaign }.count
        notes += single.warnings
        notes.append("campaign = \(campaign) of \(test.count) entities of the test world (prevalence \(String(format: "%.2f", 100 * Double(campaign) / Double(test.count)))%)")
        if single.sampled {
            notes.append("feature AUCs: each side of a comparison sampled uniformly to at most \(settings.comparisonSampleLimit) entities (AUC is a mean over pairs: unbiased; intervals include the sampling)")
        }
        notes.append("categorical features (\(AuditFeature.all.filter(\.isCategorical).map(\.name).joined(separator: ", "))) are scored by their category's campaign rate in the train world (target encoding, m = \(settings.targetSmoothing))")

        var probes = [AuditReport.ProbeResult]()
        if settings.probes {
            let testScores = FeatureComparisons.scoreColumns(train: train, test: test, smoothing: settings.targetSmoothing)
            let testLabels = test.campaignLabels
            probes = LearnedProbe.run(train: train, test: test, testScores: testScores, settings: settings, tasks: tasks,
                                      export: export.map { export in
                                          { set, trainColumns, labels, weights, testColumns, probabilities in
                                              export(set.rawValue, set.features.map(\.name), trainColumns, labels, weights,
                                                     testColumns, testLabels, probabilities)
                                          }
                                      })
            lap("learned probes (boosted trees, \(settings.boosting.rounds) rounds of depth \(settings.boosting.maxDepth), 3 feature sets)")
            if let first = probes.first, first.trainNegatives < train.count - first.trainPositives {
                notes.append("probes: fitted on all \(first.trainPositives) campaign entities of the train world and a uniform sample of \(first.trainNegatives) others (weighted by the inverse sampling rate); scored on every entity of the test world")
            }
        }
        var text: AuditReport.TextProbeResult?
        if settings.textProbe {
            do { text = try TextProbe.run(train: train, test: test, settings: settings, tasks: tasks) } catch {
                throw AuditError("text probe: \(error.description)")
            }
            lap("text probe (hashed character 2-4-grams, logistic regression)")
            if let text {
                notes.append("text probe: fitted on \(text.trainCampaignPosts) campaign posts and \(text.trainOtherPosts) other posts of the train world (sampled), scored on at most \(settings.textTestPerGroup) posts per population of the test world")
            }
        }
        return AuditReport(
            settings: settings, train: world(train), test: world(test), features: single.results, probes: probes, text: text,
            failures: single.failures, notes: notes, timings: timings)
    }

    static func world(_ w: AuditWorld) -> AuditReport.World {
        var counts = [EntityClass: Int]()
        for cls in w.entityClass { counts[cls, default: 0] += 1 }
        return AuditReport.World(
            seed: w.seed, entities: w.count, events: w.eventCount,
            classes: EntityClass.allCases.compactMap { cls in counts[cls].map { .init(name: cls.name, entities: $0) } })
    }
}
