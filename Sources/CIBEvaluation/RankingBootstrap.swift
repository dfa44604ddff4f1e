internal import CIBStatistics

/// ROC AUC and average precision of several score columns against one set of labels, with percentile bootstrap
/// intervals from resamples that all columns share.
///
/// The same ranking code as the detectors' evaluation (`RankedSlice`: ties form one step, AUC = Mann-Whitney U /
/// (n₊ n₋) with ties counted one half, AP = scikit-learn's step-wise sum) and the same bootstrap (`EntityBootstrap`:
/// replicate `r` draws `n` items with replacement, in blocks of `Bootstrap.blockSize`, each block from its own
/// stream), so the numbers are identical for any `tasks`. Used by the benchmark audit (`CIBAudit`), which scores
/// many features of the same entities at once.
public enum RankingBootstrap {
    /// One column's summaries.
    public struct Summary: Sendable, Equatable, Codable {
        /// ROC AUC with its percentile bootstrap interval; undefined without positives or without negatives.
        public var auc: MetricValue
        /// Average precision with its percentile bootstrap interval; undefined without positives.
        public var averagePrecision: MetricValue
        public var positives: Int
        public var negatives: Int
    }

    /// The summaries of each column of `columns` (each as long as `labels`; higher is more positive).
    /// - Parameters:
    ///   - replicates: bootstrap resamples (0: no intervals).
    ///   - confidence: the intervals' level, in (0, 1).
    ///   - seed, stream: identify the resamples; the same pair gives the same resamples for any column.
    ///   - tasks: threads; does not change any number.
    public static func summaries(
        columns: [[Double]], labels: [Bool], replicates: Int, confidence: Double = 0.95, seed: UInt64,
        stream: UInt64 = 0x6175_6463, tasks: Int = 1
    ) -> [Summary] {
        precondition(columns.allSatisfy { $0.count == labels.count }, "RankingBootstrap: a column differs in length from the labels")
        precondition(confidence > 0 && confidence < 1, "RankingBootstrap: confidence must be in (0, 1)")
        let ranked = DeterministicParallel.map(chunks: columns.count, tasks: max(1, tasks)) {
            RankedSlice(labels: labels, scores: columns[$0], flags: labels)
        }
        let boot = EntityBootstrap.run(
            count: labels.count, replicates: max(0, replicates), seed: seed, stream: stream, tasks: max(1, tasks)
        ) { weights -> [Double] in
            var values = [Double]()
            values.reserveCapacity(2 * ranked.count)
            for r in ranked {
                let s = r.summary(weights: weights)
                values.append(s.auc ?? .nan)
                values.append(s.averagePrecision ?? .nan)
            }
            return values
        }
        return ranked.indices.map { c in
            let full = ranked[c].summary()
            return Summary(
                auc: Intervals.bootstrapped(full.auc, replicates: boot.map { $0[2 * c] }, confidence: confidence),
                averagePrecision: Intervals.bootstrapped(
                    full.averagePrecision, replicates: boot.map { $0[2 * c + 1] }, confidence: confidence),
                positives: ranked[c].positives, negatives: ranked[c].negatives)
        }
    }
}
