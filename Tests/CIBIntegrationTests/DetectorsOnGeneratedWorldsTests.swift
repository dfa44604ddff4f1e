import CIBDetectors
import CIBGenerator
import CIBModel
import CIBScenario
import CIBTruth
import Foundation
import Testing

/// Every built-in detector on generated smoke worlds (three seeds, pooled): it must catch the campaign entities that
/// used the tactic it targets, and must not flag ordinary users wholesale. Thresholds sit below the
/// values measured when they were set (noted beside each), so a real regression fails and seed noise does not.
@Suite(.serialized) struct DetectorsOnGeneratedWorldsTests {
    struct World: Sendable {
        var world: LabelledWorld
        var outputs: [String: EntityScores]
        /// Entities that produced an event with, or carry, each tactic.
        var usedTactic: [Tactic: Set<Int>]
    }

    static let seeds: [UInt64] = [42, 43, 44]

    static let worlds: [World] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let scenario = try! ScenarioLoader.load(path: root + "/scenarios/smoke.yaml")
        let pipeline = try! DetectorPipeline(names: [], overrides: [])
        return seeds.map { seed in
            let world = try! WorldGenerator(scenario: scenario, seed: seed, tasks: 2).generate()
            let results = try! pipeline.run(on: world.observable, tasks: 2, seed: seed, progress: { _ in })
            var used: [Tactic: Set<Int>] = [:]
            for (event, tactics) in world.truth.eventTactics.enumerated() {
                for t in tactics.tactics { used[t, default: []].insert(Int(world.observable.events.actor[event])) }
            }
            for (entity, tactics) in world.truth.entityTactics.enumerated() {
                for t in tactics.tactics { used[t, default: []].insert(entity) }
            }
            return World(world: world, outputs: Dictionary(uniqueKeysWithValues: results.map { ($0.name, $0.output.scores) }),
                         usedTactic: used)
        }
    }()

    /// Share of campaign entities that used `tactic` (all campaign entities when nil) which `detector` flagged.
    func recall(_ detector: String, tactic: Tactic?) -> (value: Double, count: Int) {
        var hit = 0, total = 0
        for w in Self.worlds {
            let flags = w.outputs[detector]!.flag
            for (entity, cls) in w.world.truth.entityClass.enumerated() where cls == .campaign {
                if let tactic, !(w.usedTactic[tactic]?.contains(entity) ?? false) { continue }
                total += 1
                if flags[entity] { hit += 1 }
            }
        }
        return (total == 0 ? 0 : Double(hit) / Double(total), total)
    }

    /// Share of entities of `cls` that `detector` flagged.
    func falsePositiveRate(_ detector: String, _ cls: EntityClass) -> (value: Double, count: Int) {
        var hit = 0, total = 0
        for w in Self.worlds {
            let flags = w.outputs[detector]!.flag
            for (entity, c) in w.world.truth.entityClass.enumerated() where c == cls {
                total += 1
                if flags[entity] { hit += 1 }
            }
        }
        return (total == 0 ? 0 : Double(hit) / Double(total), total)
    }

    /// Whether `detector`'s recall on campaign entities that used `tactic` reaches `minimum`, with the measured value.
    func recallReaches(_ detector: String, _ tactic: Tactic?, _ minimum: Double) -> (ok: Bool, note: Comment) {
        let r = recall(detector, tactic: tactic)
        return (r.count > 0 && r.value >= minimum,
                "\(detector): recall on \(tactic?.code ?? "campaign") entities \(r.value) (n=\(r.count)), required \(minimum)")
    }

    /// Whether `detector` flags at most `maximum` of the entities of `cls`, with the measured value.
    func falsePositivesStayBelow(_ detector: String, _ cls: EntityClass, _ maximum: Double) -> (ok: Bool, note: Comment) {
        let f = falsePositiveRate(detector, cls)
        return (f.count > 0 && f.value <= maximum,
                "\(detector): flags \(f.value) of \(cls.name) entities (n=\(f.count)), allowed \(maximum)")
    }

    // Hard negatives are built to fool the detector whose signal they imitate (issue 17: newsrooms co-act, agencies
    // share offices, spam Pages buy from the campaign's farms), so their flag rates are bounded loosely or not at all;
    // ordinary users must not be flagged wholesale. Measured values (seeds 42, 43, 44, 2026-12-06) beside each bound.

    @Test func shiftPatternFindsTheOfficeShiftNotOrdinaryUsers() {
        let c1 = recallReaches("shift-pattern", .shiftPattern, 0.3)  // measured 0.41-0.46 (two-week world: few events per account)
        #expect(c1.ok, c1.note)
        let c2 = falsePositivesStayBelow("shift-pattern", .newsroom, 0.1)  // measured 0
        #expect(c2.ok, c2.note)
        let c3 = falsePositivesStayBelow("shift-pattern", .organic, 0.01)  // measured 0-0.001
        #expect(c3.ok, c3.note)
    }

    @Test func coActionFindsSprayersWithoutFlaggingOrganicBurstsWholesale() {
        // Co-action demands repeated co-action inside a community; on the two-week smoke world that leaves fewer
        // campaign accounts with enough evidence. Newsrooms that syndicate and pods that like together are co-action
        // by design (flagged 0.38-1.0 and 0.96-1.0).
        let c1 = recallReaches("co-action", .sprayingContent, 0.2)  // measured 0.28-0.32
        #expect(c1.ok, c1.note)
        let c2 = falsePositivesStayBelow("co-action", .organic, 0.03)
        #expect(c2.ok, c2.note)
    }

    @Test func nearDuplicateFindsSprayedHeadlinesNotOrdinaryUsers() {
        let c1 = recallReaches("near-duplicate", .sprayingContent, 0.9)  // measured 0.97-1.0
        #expect(c1.ok, c1.note)
        let c2 = falsePositivesStayBelow("near-duplicate", .newsroom, 0.5)  // measured 0-0.25 (wire copy)
        #expect(c2.ok, c2.note)
        let c3 = falsePositivesStayBelow("near-duplicate", .organic, 0.01)  // measured 0-0.003
        #expect(c3.ok, c3.note)
    }

    @Test func audienceMismatchSeparatesBoughtPagesFromHonestOnes() {
        let c1 = recallReaches("audience-mismatch", .acquiringPageFollowers, 0.9)  // measured 1.0
        #expect(c1.ok, c1.note)
        let c2 = falsePositivesStayBelow("audience-mismatch", .organic, 0.005)  // measured 0-0.001
        #expect(c2.ok, c2.note)
    }

    @Test func repurposedPageFindsSwitchedPagesNotSpamPages() {
        let c1 = recallReaches("repurposed-page", .acquiringRepurposingAccounts, 0.08)  // measured 0.11-0.19 (few Pages switch in two weeks)
        #expect(c1.ok, c1.note)
        let c2 = falsePositivesStayBelow("repurposed-page", .commercialSpam, 0.0)  // measured 0: they never switch
        #expect(c2.ok, c2.note)
        let c3 = falsePositivesStayBelow("repurposed-page", .organic, 0.005)  // measured 0-0.001
        #expect(c3.ok, c3.note)
    }

    @Test func sharedInfrastructureFindsProxiesNotCarrierNAT() {
        let c1 = recallReaches("shared-infrastructure", .centralizingInternetAccess, 0.6)  // measured 0.71-0.82 (dormant accounts log in rarely)
        #expect(c1.ok, c1.note)
        let c2 = falsePositivesStayBelow("shared-infrastructure", .sharedNetwork, 0.05)  // measured 0
        #expect(c2.ok, c2.note)
        let c3 = falsePositivesStayBelow("shared-infrastructure", .organic, 0.01)  // measured 0
        #expect(c3.ok, c3.note)
    }

    @Test func engagementRingFindsSelfEngagementNotOrdinaryUsers() {
        let c1 = recallReaches("engagement-ring", .amplifyingWithFakeAccounts, 0.5)  // measured 0.62-0.90 per seed
        #expect(c1.ok, c1.note)
        // Fan clubs and pods are rings by design (0-0.46 of fans on these seeds). The smoke world is small: heavy
        // likers next to a ring's block are absorbed (0.09-0.12; 0.003 on the default world).
        let c2 = falsePositivesStayBelow("engagement-ring", .organic, 0.2)
        #expect(c2.ok, c2.note)
    }

    @Test func fusionCatchesMostOfTheCampaignAndFewOrdinaryUsers() {
        let c1 = recallReaches("fusion", nil, 0.65)  // measured 0.76-0.83
        #expect(c1.ok, c1.note)
        for cls in [EntityClass.organic, .sharedNetwork] {
            let c2 = falsePositivesStayBelow("fusion", cls, 0.02)  // measured 0.005-0.007 organic, 0 shared networks
            #expect(c2.ok, c2.note)
        }
    }

    @Test func detectorsAreDeterministicAcrossThreadCounts() throws {
        let w = Self.worlds[0]
        let pipeline = try DetectorPipeline(names: [], overrides: [])
        let again = try pipeline.run(on: w.world.observable, tasks: 1, seed: Self.seeds[0], progress: { _ in })
        for result in again {
            #expect(result.output.scores == w.outputs[result.name], "\(result.name) differs between 1 and 2 tasks")
        }
    }
}
