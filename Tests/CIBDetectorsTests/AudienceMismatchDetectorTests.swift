import CIBModel
import Testing
@testable import CIBDetectors

@Suite("audience-mismatch")
struct AudienceMismatchDetectorTests {
    @Test("a bought Page followed by a VN/BD/BR farm is flagged; honest home-region Pages are not")
    func separatesBoughtFromHonestPages() throws {
        let world = try GraphFixtures.audience()
        let out = try runDetector(AudienceMismatchDetector.self, on: world.data)
        let s = out.scores
        #expect(s.flag[Int(world.boughtCampaignPage)])
        #expect(s.score[Int(world.boughtCampaignPage)] > 0.6)
        for honest in [world.honestEnglishPage, world.honestChinesePage, world.vietnamesePage] {
            #expect(!s.flag[Int(honest)], "honest Page \(honest) flagged")
            #expect(s.score[Int(honest)] < 0.1, "honest Page \(honest) scores \(s.score[Int(honest)])")
        }
        // Five Vietnamese followers of the English Page are mismatched but it stays far below the campaign Page.
        #expect(s.score[Int(world.honestEnglishPage)] > 0)
        // Too few followers to flag.
        #expect(!s.flag[Int(world.smallPage)])
    }

    @Test("hard negative: a commercial spam Page with bought followers is flagged too, in the same farm cluster")
    func commercialSpamPageIsFlaggedByDesign() throws {
        let world = try GraphFixtures.audience()
        let s = try runDetector(AudienceMismatchDetector.self, on: world.data).scores
        #expect(s.flag[Int(world.commercialSpamPage)])
        let clusters = try #require(s.cluster)
        #expect(clusters[Int(world.commercialSpamPage)] == clusters[Int(world.boughtCampaignPage)])
        #expect(clusters[Int(world.boughtCampaignPage)] >= 0)
        #expect(clusters[Int(world.honestEnglishPage)] == noReference)
    }

    @Test("accounts always score 0; findings name the farm market")
    func accountsScoreZero() throws {
        let world = try GraphFixtures.audience()
        let out = try runDetector(AudienceMismatchDetector.self, on: world.data)
        for e in 0 ..< world.data.entities.count where world.data.entities.kind[e] == .account {
            #expect(out.scores.score[e] == 0 && !out.scores.flag[e])
        }
        let finding = try #require(out.findings.first)
        #expect(finding.size == 2)
        #expect(finding.summary.contains("VN/BD/BR"))
    }

    @Test("a stricter affinity floor and prior change scores monotonically")
    func parametersMatter() throws {
        let world = try GraphFixtures.audience()
        let base = try runDetector(AudienceMismatchDetector.self, on: world.data).scores
        let shrunk = try runDetector(AudienceMismatchDetector.self, on: world.data, overrides: ["prior-followers": "1000"]).scores
        #expect(shrunk.score[Int(world.boughtCampaignPage)] < base.score[Int(world.boughtCampaignPage)] / 2)
        // With no affinity floor nobody is mismatched.
        let none = try runDetector(AudienceMismatchDetector.self, on: world.data, overrides: ["min-affinity": "0"]).scores
        #expect(none.score.allSatisfy { $0 == 0 })
    }

    @Test("deterministic whatever the task count; bad parameters are rejected")
    func deterministic() throws {
        let world = try GraphFixtures.audience()
        let a = try runDetector(AudienceMismatchDetector.self, on: world.data, tasks: 1)
        let b = try runDetector(AudienceMismatchDetector.self, on: world.data, tasks: 4)
        #expect(a.scores == b.scores)
        #expect(a.findings == b.findings)
        #expect(throws: DetectorError.self) {
            try runDetector(AudienceMismatchDetector.self, on: world.data, overrides: ["min-affinity": "2"])
        }
    }

    @Test("an empty dataset gives empty scores")
    func empty() throws {
        let out = try AudienceMismatchDetector(parameters: ParameterValues.resolve(AudienceMismatchDetector.parameters, overrides: [:], detector: "x"))
            .run(on: ObservableDataset(), context: DetectorContext())
        #expect(out.scores.count == 0)
    }
}
