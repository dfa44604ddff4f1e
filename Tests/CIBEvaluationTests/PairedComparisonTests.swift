import CIBEvaluation
import CIBModel
import Testing

@Suite struct PairedComparisonTests {
    @Test func identicalDetectorsShowNoDifference() throws {
        let world = TestWorlds.world(count: 60)
        let evaluator = try Evaluator(truth: world.truth, observable: world.observable, bootstrapReplicates: 50, seed: 2)
        let scores = TestWorlds.scores(evaluator.labels, quality: .random)
        let result = try evaluator.compare(scores, scores)
        #expect(result.mcnemar.b == 0 && result.mcnemar.c == 0 && result.mcnemar.exactPValue == 1)
        #expect(result.averagePrecision.estimate == 0 && result.averagePrecision.pValue == 1)
        #expect(result.f1.lower == 0 && result.f1.upper == 0)
    }

    /// A perfect detector against a random one: McNemar's discordant counts are the entities each gets right alone,
    /// and the paired bootstrap finds the AP difference significant.
    @Test func betterDetectorWins() throws {
        let world = TestWorlds.world(count: 200)
        let evaluator = try Evaluator(truth: world.truth, observable: world.observable, bootstrapReplicates: 200, seed: 2)
        let labels = evaluator.labels
        let good = TestWorlds.scores(labels, quality: .perfect, flagTop: 0.25, name: "good")
        let bad = TestWorlds.scores(labels, quality: .random, flagTop: 0.25, seed: 8, name: "bad")
        let result = try evaluator.compare(good, bad)
        var b = 0, c = 0
        for i in labels.indices {
            let g = good.flag[i] == labels[i], r = bad.flag[i] == labels[i]
            if g && !r { b += 1 }
            if !g && r { c += 1 }
        }
        #expect(result.mcnemar.b == b && result.mcnemar.c == c && b > c)
        #expect(result.mcnemar.exactPValue < 0.01)
        #expect(result.averagePrecision.estimate > 0.3)
        #expect(result.averagePrecision.pValue < 0.01)
        #expect(try #require(result.averagePrecision.lower) > 0)
        #expect(result.first == "good" && result.second == "bad" && result.kind == "all")

        // Two worlds pooled: discordant counts add up.
        let world2 = TestWorlds.world(count: 120)
        let evaluator2 = try Evaluator(truth: world2.truth, observable: world2.observable, bootstrapReplicates: 200, seed: 3)
        let good2 = TestWorlds.scores(evaluator2.labels, quality: .perfect, flagTop: 0.25, name: "good")
        let bad2 = TestWorlds.scores(evaluator2.labels, quality: .random, flagTop: 0.25, seed: 8, name: "bad")
        let single2 = try evaluator2.compare(good2, bad2)
        let pooled = try Evaluator.compare([
            PairedWorld(evaluator: evaluator, first: good, second: bad),
            PairedWorld(evaluator: evaluator2, first: good2, second: bad2),
        ])
        #expect(pooled.mcnemar.b == b + single2.mcnemar.b && pooled.worlds == 2)
        #expect(abs(pooled.averagePrecision.estimate
            - (result.averagePrecision.estimate + single2.averagePrecision.estimate) / 2) < 1e-12)
        let fewer = try Evaluator(truth: world2.truth, observable: world2.observable, bootstrapReplicates: 20, seed: 3)
        #expect(throws: EvaluationError.self) {
            try Evaluator.compare([
                PairedWorld(evaluator: evaluator, first: good, second: bad),
                PairedWorld(evaluator: fewer, first: good2, second: bad2),
            ])
        }
        let pages = try evaluator.compare(good, bad, kind: .page)
        #expect(pages.kind == "page")
    }

    /// Several detectors against one reference in one bootstrap pass per world give exactly what one comparison at a
    /// time gives.
    @Test func comparingManyAtOnceEqualsOneAtATime() throws {
        var pairs: [[PairedWorld]] = [[], [], []]
        var expected: [[PairedWorld]] = []
        for (count, seed) in [(150, UInt64(4)), (90, UInt64(5))] {
            let world = TestWorlds.world(count: count)
            let evaluator = try Evaluator(truth: world.truth, observable: world.observable, bootstrapReplicates: 60, seed: seed)
            let labels = evaluator.labels
            let reference = TestWorlds.scores(labels, quality: .perfect, flagTop: 0.25, name: "reference")
            let others = [
                TestWorlds.scores(labels, quality: .random, flagTop: 0.25, seed: 8, name: "random"),
                TestWorlds.scores(labels, quality: .random, flagTop: 0.1, seed: 9, name: "sparse"),
                TestWorlds.scores(labels, quality: .perfect, flagTop: 0.5, name: "generous"),
            ]
            for (p, other) in others.enumerated() {
                pairs[p].append(PairedWorld(evaluator: evaluator, first: other, second: reference))
            }
        }
        expected = pairs
        let together = try Evaluator.compareAll(pairs)
        let alone = try expected.map { try Evaluator.compare($0) }
        #expect(together == alone)
        #expect(together.map(\.first) == ["random", "sparse", "generous"])
        #expect(throws: EvaluationError.self) { try Evaluator.compareAll([pairs[0], Array(pairs[1].prefix(1))]) }
    }
}
