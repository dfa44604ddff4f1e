import CIBEvaluation
import CIBModel
import CIBStatistics
import Testing

/// One invariant test over every registered metric (after scikit-learn's `test_common.py`).
@Suite struct MetricRegistryTests {
    let registry = MetricRegistry.standard

    func evaluate(_ quality: TestWorlds.Quality, flagAll: Bool = false, clusters: Bool = true, seed: UInt64 = 1)
        throws -> (Evaluator, DetectorEvaluation)
    {
        let world = TestWorlds.world(count: 80)
        let evaluator = try Evaluator(
            truth: world.truth, observable: world.observable, bootstrapReplicates: 40, reviewBudgets: [5, 1000],
            seed: seed)
        var scores = TestWorlds.scores(evaluator.labels, quality: quality, seed: seed)
        if flagAll { scores.flag = [Bool](repeating: true, count: scores.count) }
        if clusters { scores.cluster = (0 ..< scores.count).map { Int32($0 % 4) } }
        return (evaluator, try evaluator.evaluate(scores))
    }

    @Test func registryNamesAreUniqueAndDocumented() {
        let names = registry.metrics.map(\.name)
        #expect(Set(names).count == names.count)
        for metric in registry.metrics {
            #expect(!metric.description.isEmpty, "metric \(metric.name) has no description")
            #expect(registry.definition(of: metric.isFamily ? "\(metric.name)[x]" : metric.name)?.name == metric.name)
        }
    }

    @Test(arguments: [TestWorlds.Quality.perfect, .reversed, .constant, .random])
    func everyMetricIsInRangeAndFinite(quality: TestWorlds.Quality) throws {
        for flagAll in [false, true] {
            let (_, evaluation) = try evaluate(quality, flagAll: flagAll)
            var seen = Set<String>()
            for slice in evaluation.slices {
                for metric in registry.metrics {
                    for (name, value) in metric.values(slice) {
                        seen.insert(metric.name)
                        #expect(value.value.isFinite, "\(name) on \(slice.kindName)")
                        #expect(metric.range.contains(value.value), "\(name) = \(value.value) on \(slice.kindName)")
                        if !value.defined { #expect(value.value == 0 && value.lower == nil, "\(name)") }
                        if let lower = value.lower, let upper = value.upper {
                            #expect(lower <= upper, "\(name) interval")
                            #expect(metric.range.contains(lower) && metric.range.contains(upper), "\(name) interval")
                        }
                    }
                }
            }
            // Every registered metric produced at least one value.
            #expect(seen == Set(registry.metrics.map(\.name)))
        }
    }

    /// Flagging everything gives recall 1 in every slice and every breakdown; precision is the prevalence.
    @Test func flaggingEverythingGivesRecallOne() throws {
        let (evaluator, evaluation) = try evaluate(.random, flagAll: true)
        for slice in evaluation.slices where slice.counts.positives > 0 {
            for (name, value) in registry.metrics.filter({ $0.name.hasPrefix("recall") && $0.name != "recall_at_k" })
                .flatMap({ $0.values(slice) })
            {
                // recall_by_day rises to 1 on the last day (every positive here acts).
                if name.hasPrefix("recall_by_day["), name != "recall_by_day[\(slice.recallByDay.count)]" { continue }
                #expect(value.value == 1, "\(name) on \(slice.kindName)")
            }
            #expect(slice.recallByDay.map(\.recall.value) == slice.recallByDay.map(\.recall.value).sorted())
            #expect(slice.precision.value == Double(slice.counts.positives) / Double(slice.entities))
            #expect(slice.falsePositiveRate.value == 1)
        }
        #expect(evaluation.slices[0].counts.positives == evaluator.labels.filter { $0 }.count)
        // recall@k with k ≥ n reviews everything.
        #expect(evaluation.slices[0].reviewBudgets.last?.recall.value == 1)
    }

    @Test func perfectRankingGivesAPAndAUCOne() throws {
        let (_, evaluation) = try evaluate(.perfect)
        for slice in evaluation.slices where slice.counts.positives > 0 && slice.counts.negatives > 0 {
            #expect(slice.averagePrecision.value == 1, "\(slice.kindName)")
            #expect(slice.auc.value == 1, "\(slice.kindName)")
            // Every bootstrap replicate is also perfect.
            #expect(slice.auc.lower == 1 && slice.averagePrecision.lower == 1)
            #expect(slice.reviewBudgets[0].precision.value == 1)
        }
    }

    @Test func reversedRankingGivesAUCZero() throws {
        let (_, evaluation) = try evaluate(.reversed)
        for slice in evaluation.slices where slice.counts.positives > 0 && slice.counts.negatives > 0 {
            #expect(slice.auc.value == 0, "\(slice.kindName)")
            let prevalence = Double(slice.counts.positives) / Double(slice.entities)
            #expect(slice.averagePrecision.value <= prevalence + 1e-12)
        }
    }

    /// Constant scores are one tie: AUC 0.5 and AP the prevalence (one step to full recall).
    @Test func constantScoresGiveChance() throws {
        let (_, evaluation) = try evaluate(.constant)
        for slice in evaluation.slices where slice.counts.positives > 0 && slice.counts.negatives > 0 {
            #expect(slice.auc.value == 0.5, "\(slice.kindName)")
            let prevalence = Double(slice.counts.positives) / Double(slice.entities)
            #expect(abs(slice.averagePrecision.value - prevalence) < 1e-12)
            #expect(slice.curves.precisionRecall.count == 1)
        }
    }

    /// Tidy rows come from the registry: one row per slice × metric (× key), same order for every seed.
    @Test func rowsFollowTheRegistry() throws {
        let (_, evaluation) = try evaluate(.random)
        let rows = evaluation.rows(seed: 9)
        let expected = evaluation.slices.reduce(0) { total, slice in
            total + registry.metrics.reduce(0) { $0 + $1.values(slice).count }
        }
        #expect(rows.count == expected)
        #expect(rows.allSatisfy { $0.seed == 9 && $0.detector == "test" })
        #expect(rows.first?.metric == "precision" && rows.first?.kind == "all")
        #expect(rows.contains { $0.metric == "recall_by_tactic[6.3]" && $0.kind == "account" })
        let (_, again) = try evaluate(.random, seed: 2)
        #expect(again.rows(seed: 2).map(\.metric) == rows.map(\.metric))
    }
}
