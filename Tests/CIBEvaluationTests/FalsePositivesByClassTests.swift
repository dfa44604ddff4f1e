import CIBEvaluation
import CIBModel
import CIBTruth
import Testing

/// Flagged negatives per entity class: which honest look-alike fooled a detector (issue 16, item 3).
@Suite struct FalsePositivesByClassTests {
    /// Ten entities: 3 campaign, 4 organic, 2 newsroom, 1 marketing (a page). The detector flags 2 campaign, 1 organic,
    /// both newsrooms and nothing else.
    static func world() -> (LabelledWorld, EntityScores) {
        var data = ObservableDataset()
        data.platforms = [PlatformInfo(name: "facebook", kind: .social)]
        data.countries = ["US"]
        data.languages = ["en"]
        data.end = 86_400
        var truth = GroundTruth()
        truth.campaignNames = ["spamouflage"]
        let classes: [EntityClass] = [.campaign, .organic, .newsroom, .campaign, .organic, .organic, .newsroom, .campaign, .organic, .marketing]
        for (i, cls) in classes.enumerated() {
            data.entities.append(platform: 0, kind: i == 9 ? .page : .account, platformLocalID: UInt64(i), createdAt: 0, country: 0, name: "e\(i)")
            truth.appendEntity(cls, campaign: cls == .campaign ? 0 : -1)
        }
        let flags = [true, true, true, true, false, false, true, false, false, false]
        let scores = EntityScores(detector: "d", score: flags.map { $0 ? 1 : 0 }, flag: flags)
        return (LabelledWorld(observable: data, truth: truth), scores)
    }

    @Test func countsAndSharesPerClass() throws {
        let (world, scores) = Self.world()
        let evaluator = try Evaluator(truth: world.truth, observable: world.observable, bootstrapReplicates: 0, seed: 1)
        let evaluation = try evaluator.evaluate(scores)
        let all = try #require(evaluation.slice(nil))
        #expect(all.falsePositivesByClass.map(\.key) == ["organic", "newsroom", "marketing"])
        #expect(all.falsePositivesByClass.map(\.negatives) == [4, 2, 1])
        #expect(all.falsePositivesByClass.map(\.flagged) == [1, 2, 0])
        #expect(all.falsePositivesByClass.map(\.share.value) == [0.25, 1, 0])
        // The classes' false positives add up to the slice's.
        #expect(all.falsePositivesByClass.map(\.flagged).reduce(0, +) == all.counts.fp)
        #expect(all.falsePositivesByClass.map(\.negatives).reduce(0, +) == all.counts.negatives)
        // The page slice has the marketing page only.
        let pages = try #require(evaluation.slice(.page))
        #expect(pages.falsePositivesByClass.map(\.key) == ["marketing"])

        var table = MetricsTable()
        table.append(evaluation, seed: 7)
        func value(_ metric: String, kind: String = "all") -> Double? {
            table.rows.first { $0.kind == kind && $0.metric == metric }?.value
        }
        #expect(value("fp_by_class[organic]") == 1)
        #expect(value("fp_by_class[newsroom]") == 2)
        #expect(value("fp_by_class[marketing]") == 0)
        #expect(value("false_positive_rate_by_class[organic]") == 0.25)
        #expect(value("false_positive_rate_by_class[newsroom]") == 1)
        #expect(value("fp_by_class[campaign]") == nil)  // campaign assets are positives: no false positives
        #expect(value("fp_by_class[marketing]", kind: "page") == 0)
        let share = try #require(table.rows.first { $0.kind == "all" && $0.metric == "false_positive_rate_by_class[organic]" })
        #expect(share.lower != nil && share.upper != nil)  // a Wilson interval
        #expect(table.csv().contains("7,d,all,fp_by_class[newsroom],2,,,true\n"))
    }

    /// Under any-inauthentic, commercial spam is a positive class: it gets no false-positive row.
    @Test func positiveClassesHaveNoRow() throws {
        let world = TestWorlds.world(count: 40)
        let evaluator = try Evaluator(truth: world.truth, observable: world.observable, positives: .anyInauthentic,
                                      bootstrapReplicates: 0, seed: 1)
        let scores = TestWorlds.scores(evaluator.labels, quality: .random)
        let all = try #require(try evaluator.evaluate(scores).slice(nil))
        #expect(all.falsePositivesByClass.map(\.key) == ["organic"])
    }
}
