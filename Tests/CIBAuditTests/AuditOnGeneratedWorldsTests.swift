import CIBAudit
import CIBGenerator
import CIBScenario
import CIBTruth
import Foundation
import Testing

/// The audit on worlds the generator builds: ids, creation times and names must not tell the campaign apart (issue
/// 16). The smoke world's campaign has about 90 entities, so an AUC's standard error is 0.03-0.05: the bounds here
/// are [0.30, 0.70] and only classes of at least 60 entities are checked (the rest, organic, office workers and the
/// follower farms) (the default world, with 9,000 campaign
/// entities, is held to [0.40, 0.60] by `ciblab audit`; docs/audit.md).
@Suite struct AuditOnGeneratedWorldsTests {
    static let scenario: Scenario = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        return try! ScenarioLoader.load(path: root + "/scenarios/smoke.yaml")
    }()

    static func settings() -> AuditSettings {
        var settings = AuditSettings()
        settings.bootstrapReplicates = 0
        settings.minimumClassSize = 60
        settings.identityLower = 0.30
        settings.identityUpper = 0.70
        settings.probes = false
        settings.textProbe = false
        return settings
    }

    @Test func theGeneratorsIdsAndNamesPassTheAudit() throws {
        let train = try WorldGenerator(scenario: Self.scenario, seed: 11, tasks: 2).generate()
        let test = try WorldGenerator(scenario: Self.scenario, seed: 12, tasks: 2).generate()
        let report = try Audit.run(train: AuditWorld(world: train, seed: 11), test: AuditWorld(world: test, seed: 12),
                                   settings: Self.settings())
        #expect(report.passed, "\(report.failures)")
        let checked = report.features.flatMap(\.comparisons).filter(\.checked)
        #expect(checked.count >= 7 * 3, "campaign vs the rest, organic and the farms at least, for each identity feature")
    }

    @Test func theTextProbeScoresOrganicAndNewsroomPostsOnTheCampaignsTopics() throws {
        let train = try WorldGenerator(scenario: Self.scenario, seed: 11, tasks: 2).generate()
        let test = try WorldGenerator(scenario: Self.scenario, seed: 12, tasks: 2).generate()
        let world = AuditWorld(world: test, seed: 12)
        func group(_ key: String) -> AuditWorld.TextGroup? { world.texts.first { $0.key == key } }
        let newsroom = try #require(group("newsroom")), onTopics = try #require(group("newsroom on campaign topics"))
        // Outlets cover the narratives and much else.
        #expect(onTopics.total > 0 && onTopics.total < newsroom.total)
        var settings = Self.settings()
        settings.textProbe = true
        settings.textTrainPerSide = 1_000
        settings.textTestPerGroup = 1_000
        let report = try Audit.run(train: AuditWorld(world: train, seed: 11), test: world, settings: settings)
        let text = try #require(report.text)
        let against = text.comparisons.map(\.against)
        #expect(against.suffix(2) == ["organic on campaign topics", "newsroom on campaign topics"])
        // The sub-populations are scored, not pooled twice: "all other posts" counts each class's posts once.
        let classes = world.texts.filter { $0.key != "campaign" && !AuditWorld.TextGroup.topicSubgroups.contains($0.key) }
        #expect(text.comparisons[0].against == "all other posts")
        #expect(text.comparisons[0].otherTotal == classes.map(\.total).reduce(0, +))
    }

    /// The same worlds with every campaign entity created in one late batch, as the generator once made them: the
    /// audit must catch it.
    @Test func campaignCreatedInOneBatchFailsTheAudit() throws {
        var worlds: [LabelledWorld] = []
        for seed: UInt64 in [11, 12] {
            var w = try WorldGenerator(scenario: Self.scenario, seed: seed, tasks: 2).generate()
            let latest = w.observable.entities.createdAt.max() ?? 0
            for e in w.truth.entityClass.indices where w.truth.entityClass[e] == .campaign {
                w.observable.entities.createdAt[e] = latest
            }
            worlds.append(w)
        }
        let report = try Audit.run(train: AuditWorld(world: worlds[0], seed: 11), test: AuditWorld(world: worlds[1], seed: 12),
                                   settings: Self.settings())
        #expect(!report.passed)
        #expect(report.failures.contains { $0.contains("created_at") }, "\(report.failures)")
    }
}
