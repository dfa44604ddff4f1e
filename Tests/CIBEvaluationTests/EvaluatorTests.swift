import CIBEvaluation
import CIBModel
import CIBTruth
import Testing

@Suite struct EvaluatorTests {
    @Test func positiveDefinitions() {
        let world = TestWorlds.world(count: 40)
        let this = PositiveDefinition.thisCampaign.labels(world.truth)
        let any = PositiveDefinition.anyInauthentic.labels(world.truth)
        #expect(this.filter { $0 }.count == 10)
        #expect(PositiveDefinition.thisCampaign.labels(world.truth, campaign: 1).allSatisfy { !$0 })
        #expect(PositiveDefinition.anyCampaign.labels(world.truth) == this)
        // Commercial spam is inauthentic too: entities 3, 10, 24, 31, 38 (17 is a campaign asset).
        #expect(any.filter { $0 }.count == 10 + 5)
    }

    @Test func slicesAndCountsAddUp() throws {
        let world = TestWorlds.world(count: 40)
        let evaluator = try Evaluator(
            truth: world.truth, observable: world.observable, bootstrapReplicates: 20, seed: 7)
        let scores = TestWorlds.scores(evaluator.labels, quality: .random)
        let result = try evaluator.evaluate(scores)
        #expect(result.slices.map(\.kindName) == ["all", "account", "page", "group"])
        let total = result.slices.dropFirst().reduce(ConfusionCounts()) { $0 + $1.counts }
        #expect(total == result.slices[0].counts)
        #expect(result.slices[0].counts == ConfusionCounts(labels: evaluator.labels, flags: scores.flag))
        #expect(result.slice(.page)?.entities == 10)
    }

    /// Recall per tactic, platform, cluster and day on a hand-checked world: positives are entities 1, 5, 9, ...,
    /// 37 (10 of them), on platform i % 2 == 1 ("x"), cluster i % 3, first post on day i % 5.
    @Test func breakdowns() throws {
        let world = TestWorlds.world(count: 40)
        let evaluator = try Evaluator(truth: world.truth, observable: world.observable, bootstrapReplicates: 0, seed: 1)
        // Flag positives 1, 5, 9 only (days 1, 0, 4; clusters 1, 2, 0).
        var flag = [Bool](repeating: false, count: 40)
        for i in [1, 5, 9] { flag[i] = true }
        let scores = EntityScores(detector: "d", score: flag.map { $0 ? 1 : 0 }, flag: flag)
        let all = try #require(try evaluator.evaluate(scores).slice(nil))
        #expect(all.recallByTactic.map(\.key) == ["6.3"])
        #expect(all.recallByTactic[0].positives == 10 && all.recallByTactic[0].detected == 3)
        #expect(all.recallByPlatform.map(\.key) == ["x"])
        #expect(all.recallByPlatform[0].recall.value == 0.3)
        #expect(all.recallByCluster.map(\.key) == ["0", "1", "2"])
        // Clusters of 1, 5, ..., 37: i % 3 → 1,2,0,1,2,0,1,2,0,1 → sizes 3, 4, 3.
        #expect(all.recallByCluster.map(\.positives) == [3, 4, 3])
        #expect(all.recallByCluster.map(\.detected) == [1, 1, 1])
        // The campaign starts with its first event (entity 5 at t = 5 s); days are 24-hour periods from there, so
        // entity 1 (t = 86,401 s) is still in day 0 and entity 9 (t = 4 days + 9 s) in day 4.
        #expect(evaluator.campaignStart == 5)
        #expect(evaluator.dayCount == 5)
        #expect(all.recallByDay.map(\.detected) == [2, 2, 2, 2, 3])
        #expect(all.recallByDay.last?.recall.value == all.recall.value)
        #expect(all.recallByDay.map(\.key) == ["1", "2", "3", "4", "5"])
        // Tidy rows at the checkpoints 1, 2, 3 and the last day (5).
        let dayRows = MetricRegistry.standard.definition(of: "recall_by_day")!.values(all).map(\.name)
        #expect(dayRows == ["recall_by_day[1]", "recall_by_day[2]", "recall_by_day[3]", "recall_by_day[5]"])
        #expect(all.clusters == nil)
    }

    @Test func clusterRecoveryOnTruePositives() throws {
        let world = TestWorlds.world(count: 40)
        let evaluator = try Evaluator(truth: world.truth, observable: world.observable, bootstrapReplicates: 0, seed: 1)
        var cluster = [Int32](repeating: noReference, count: 40)
        for i in 0 ..< 40 where evaluator.labels[i] { cluster[i] = Int32(i % 3) + 100 }
        let flags = evaluator.labels
        let perfect = EntityScores(detector: "c", score: flags.map { $0 ? 1 : 0 }, flag: flags, cluster: cluster)
        let all = try #require(try evaluator.evaluate(perfect).slice(nil))
        #expect(all.clusters?.items == 10)
        #expect(all.clusters?.adjustedRandIndex.value == 1)
        #expect(all.clusters?.normalizedMutualInformation.value == 1)
    }

    @Test func badInputIsAnError() throws {
        let world = TestWorlds.world(count: 12)
        let evaluator = try Evaluator(truth: world.truth, observable: world.observable, seed: 1)
        #expect(throws: EvaluationError.self) { try evaluator.evaluate(EntityScores(detector: "short", count: 3)) }
        var nan = EntityScores(detector: "nan", count: 12)
        nan.score[4] = .nan
        let error = #expect(throws: EvaluationError.self) { try evaluator.evaluate(nan) }
        #expect(error?.description.contains("entity 4") == true)
        #expect(throws: EvaluationError.self) {
            try Evaluator(truth: world.truth, observable: world.observable, campaign: 5, seed: 1)
        }
        #expect(throws: EvaluationError.self) {
            try Evaluator(truth: world.truth, observable: world.observable, campaignNamed: "nope", seed: 1)
        }
        var shortTruth = world.truth
        shortTruth.entityClass.removeLast()
        #expect(throws: EvaluationError.self) { try Evaluator(truth: shortTruth, observable: world.observable, seed: 1) }
        let named = try Evaluator(truth: world.truth, observable: world.observable, campaignNamed: "other", seed: 1)
        #expect(named.campaign == 1)
    }

    /// The bootstrap draws from seeded per-block streams, so the thread count cannot change the result; another
    /// seed changes the intervals but not the point estimates.
    @Test func bootstrapIsDeterministicForAnyTaskCount() throws {
        let world = TestWorlds.world(count: 120)
        let one = try Evaluator(truth: world.truth, observable: world.observable, bootstrapReplicates: 150, seed: 3, tasks: 1)
        let three = try Evaluator(truth: world.truth, observable: world.observable, bootstrapReplicates: 150, seed: 3, tasks: 3)
        let other = try Evaluator(truth: world.truth, observable: world.observable, bootstrapReplicates: 150, seed: 4, tasks: 2)
        let scores = TestWorlds.scores(one.labels, quality: .random, seed: 5)
        let a = try one.evaluate(scores), b = try three.evaluate(scores), c = try other.evaluate(scores)
        #expect(a == b)
        #expect(a.slices[0].averagePrecision.value == c.slices[0].averagePrecision.value)
        #expect(a.slices[0].averagePrecision.lower != c.slices[0].averagePrecision.lower)
        for slice in a.slices {
            for value in [slice.averagePrecision, slice.auc, slice.f1] where value.defined {
                let lower = try #require(value.lower), upper = try #require(value.upper)
                #expect(lower <= upper && lower >= 0 && upper <= 1)
            }
        }
    }

    /// Evaluating detectors together shares the bootstrap draws but gives the same numbers as one at a time.
    @Test func evaluatingTogetherEqualsAlone() throws {
        let world = TestWorlds.world(count: 90)
        let evaluator = try Evaluator(truth: world.truth, observable: world.observable, bootstrapReplicates: 70, seed: 11, tasks: 2)
        let a = TestWorlds.scores(evaluator.labels, quality: .random, seed: 1, name: "a")
        let b = TestWorlds.scores(evaluator.labels, quality: .perfect, seed: 2, name: "b")
        let together = try evaluator.evaluate([a, b])
        #expect(together == [try evaluator.evaluate(a), try evaluator.evaluate(b)])
        #expect(together[1].slices[0].averagePrecision.value == 1)
    }

    /// An empty world and a world without events evaluate without crashing; everything is undefined or zero.
    @Test func emptyWorlds() throws {
        let empty = try Evaluator(truth: GroundTruth(), observable: ObservableDataset(), bootstrapReplicates: 10, seed: 1)
        let result = try empty.evaluate(EntityScores(detector: "none", count: 0))
        #expect(result.slices.count == 1 && result.slices[0].entities == 0)
        for (_, value) in result.rows(seed: 1).map({ ($0.metric, $0) }) where !["tp", "fp", "fn", "tn"].contains(value.metric) {
            #expect(!value.defined && value.value == 0, "\(value.metric)")
        }
        var world = TestWorlds.world(count: 8)
        world.observable.events = EventTable()
        world.truth.eventCampaign = []
        world.truth.eventTactics = []
        let quiet = try Evaluator(truth: world.truth, observable: world.observable, bootstrapReplicates: 10, seed: 1)
        #expect(quiet.campaignStart == world.observable.start)
        let all = try #require(try quiet.evaluate(TestWorlds.scores(quiet.labels, quality: .perfect)).slice(nil))
        #expect(all.recallByDay.allSatisfy { $0.detected == 0 })
        #expect(all.recallByTactic.isEmpty)
    }
}
