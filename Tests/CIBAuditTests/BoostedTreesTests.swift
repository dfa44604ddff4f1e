import CIBAudit
import CIBEvaluation
import CIBStatistics
import Foundation
import Testing

@Suite struct BoostedTreesTests {
    /// Three features: the label is `x0 + x1/2 > 0.8` (5% of labels flipped), `x2` is noise.
    static func data(count: Int, seed: UInt64) -> (columns: [[Double]], labels: [Bool]) {
        let rng = RandomStream(seed: seed, stream: 1)
        var columns = [[Double]](repeating: [], count: 3), labels = [Bool]()
        for _ in 0 ..< count {
            let x = (0 ..< 3).map { _ in rng.uniform() }
            for f in 0 ..< 3 { columns[f].append(x[f]) }
            labels.append((x[0] + x[1] / 2 > 0.8) != rng.bernoulli(0.05))
        }
        return (columns, labels)
    }

    @Test func deterministicForAnyTaskCountAndBetterThanChance() {
        let train = Self.data(count: 4_000, seed: 1), test = Self.data(count: 2_000, seed: 2)
        var parameters = BoostedTrees.Parameters()
        parameters.rounds = 30
        let one = BoostedTrees.fit(columns: train.columns, labels: train.labels, parameters: parameters, seed: 3, tasks: 1)
        let two = BoostedTrees.fit(columns: train.columns, labels: train.labels, parameters: parameters, seed: 3, tasks: 2)
        #expect(one.trees == two.trees)
        #expect(one.rawScores(columns: test.columns, tasks: 1) == two.rawScores(columns: test.columns, tasks: 2))
        #expect(one.trees.count == 30)
        // Depth at most 3: at most 15 nodes, 8 leaves.
        #expect(one.trees.allSatisfy { $0.count <= 15 && $0.filter { $0.feature < 0 }.count <= 8 })
        // Noise-free labels would give AUC 1; with 5% flipped the ceiling is about 0.95.
        let auc = RankingCurves(scores: one.probabilities(columns: test.columns), labels: test.labels).auc.value
        #expect(auc > 0.9, "AUC \(auc)")
        // The noise feature is (nearly) never used.
        let splits = one.trees.flatMap { $0 }.filter { $0.feature >= 0 }
        #expect(splits.filter { $0.feature == 2 }.count * 10 < splits.count)
    }

    /// The first raw score is the log-odds of the weighted prevalence, and weights act as repeated rows (on features
    /// with few distinct values, so that both get the same bins).
    @Test func weightsActAsRepeatedRows() {
        var train = Self.data(count: 600, seed: 5)
        train.columns = train.columns.map { $0.map { ($0 * 50).rounded() / 50 } }
        var parameters = BoostedTrees.Parameters()
        parameters.rounds = 5
        parameters.minSamplesLeaf = 1
        var doubled = train.columns.map { $0 + $0 }
        let weighted = BoostedTrees.fit(columns: train.columns, labels: train.labels,
                                        weights: [Double](repeating: 2, count: 600), parameters: parameters, seed: 1)
        let repeated = BoostedTrees.fit(columns: doubled, labels: train.labels + train.labels, parameters: parameters, seed: 1)
        let p = Double(train.labels.filter { $0 }.count) / 600
        #expect(abs(weighted.baseline - log(p / (1 - p))) < 1e-12)
        doubled = train.columns
        let a = weighted.rawScores(columns: doubled), b = repeated.rawScores(columns: doubled)
        #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test func binningFollowsScikitLearnsRule() {
        // Few distinct values: midpoints. A value equal to a threshold falls in the lower bin.
        let few = FeatureBinning(columns: [[3, 1, 2, 2, 1]], seed: 1)
        #expect(few.thresholds == [[1.5, 2.5]])
        #expect(few.bin([0, 1, 1.5, 2, 2.6, 9], feature: 0) == [0, 0, 0, 1, 2, 2])
        // Many distinct values: at most 254 thresholds, every bin index below 255.
        let many = FeatureBinning(columns: [(0 ..< 10_000).map { Double($0 * 7 % 10_007) }], seed: 1)
        #expect(many.thresholds[0].count == 254)
        #expect(many.bin([-1, 1e9], feature: 0) == [0, 254])
    }
}
