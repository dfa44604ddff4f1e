import CIBEvaluation
import CIBStatistics
import Testing

/// Several score columns against one set of labels, with shared bootstrap resamples.
@Suite struct RankingBootstrapTests {
    @Test func summariesMatchBruteForceAndAreTaskIndependent() {
        let rng = RandomStream(seed: 3, stream: 1)
        let labels = (0 ..< 300).map { _ in rng.bernoulli(0.2) }
        let tied = labels.map { ($0 ? 1.0 : 0.0) + Double(rng.uniformInt(3)) }  // heavy ties
        let smooth = labels.map { ($0 ? 0.5 : 0.0) + rng.uniform() }
        let one = RankingBootstrap.summaries(columns: [tied, smooth], labels: labels, replicates: 100, seed: 9, tasks: 1)
        let two = RankingBootstrap.summaries(columns: [tied, smooth], labels: labels, replicates: 100, seed: 9, tasks: 2)
        #expect(one == two)
        for (c, column) in [tied, smooth].enumerated() {
            // AUC by pairs, ties one half.
            var u = 0.0, pairs = 0.0
            for i in labels.indices where labels[i] {
                for j in labels.indices where !labels[j] {
                    u += column[i] > column[j] ? 1 : column[i] == column[j] ? 0.5 : 0
                    pairs += 1
                }
            }
            #expect(abs(one[c].auc.value - u / pairs) < 1e-12)
            #expect(one[c].averagePrecision.value == RankingCurves(scores: column, labels: labels).averagePrecision.value)
            let (lower, upper) = (one[c].auc.lower!, one[c].auc.upper!)
            #expect(lower < one[c].auc.value && one[c].auc.value < upper)
            #expect(one[c].positives == labels.filter { $0 }.count)
        }
        // A column that is not a ranking of the labels: AUC 0.5 for a constant.
        let constant = RankingBootstrap.summaries(columns: [[Double](repeating: 1, count: 300)], labels: labels, replicates: 0, seed: 1)
        #expect(constant[0].auc.value == 0.5 && constant[0].auc.lower == nil)
    }
}
