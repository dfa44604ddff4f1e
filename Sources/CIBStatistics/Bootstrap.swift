/// The nonparametric bootstrap (B. Efron, "Bootstrap methods: another look at the jackknife", Annals of
/// Statistics 7(1), 1979): resample the data's indices with replacement, recompute a statistic, and read a
/// confidence interval off the percentiles of the replicates (Efron & Tibshirani, "An Introduction to the
/// Bootstrap", 1993, ch. 13).
///
/// Determinism: replicates are generated in fixed blocks of ``blockSize``; block `b` draws its indices from
/// `RandomStream(seed: seed, stream: stream).child(b)`. The blocks run through ``DeterministicParallel``, so the
/// replicates, and the interval, are identical for every task count.
///
/// Non-finite statistic values (NaN or ±infinity, e.g. a ratio whose denominator is 0 in a resample) are skipped:
/// they are counted in ``Replicates/skipped`` and left out of the percentiles.
public enum Bootstrap {
    /// The number of replicates per block (and per random stream). Fixed, so results do not depend on threads.
    public static let blockSize = 64

    /// Bootstrap replicates of a statistic.
    public struct Replicates: Sendable, Equatable {
        /// The finite replicate values, sorted in ascending order.
        public let sortedValues: [Double]
        /// How many replicates were requested.
        public let requested: Int
        /// How many replicates gave a non-finite value and were left out.
        public let skipped: Int
        /// The statistic on the original sample (indices `0..<sampleCount`), or `nil` if it is not finite.
        public let estimate: Double?

        /// The percentile interval: the `α/2` and `1 − α/2` quantiles of the finite replicates
        /// (`Descriptive.quantile(sorted:_:)`, linear interpolation), with ``estimate`` as the estimate.
        /// With no finite replicate the interval is `(−infinity, +infinity)`: nothing is known.
        /// - Precondition: `0 < confidence < 1`.
        public func percentileInterval(confidence: Double) -> Interval {
            precondition(
                confidence > 0 && confidence < 1, "Bootstrap: confidence must be in (0, 1) (got \(confidence))")
            let alpha = 1 - confidence
            guard let lower = Descriptive.quantile(sorted: sortedValues, alpha / 2),
                let upper = Descriptive.quantile(sorted: sortedValues, 1 - alpha / 2)
            else {
                return Interval(lower: -.infinity, upper: .infinity, estimate: estimate)
            }
            return Interval(lower: lower, upper: upper, estimate: estimate)
        }
    }

    /// Computes `replicates` bootstrap replicates of `statistic`.
    ///
    /// - Parameters:
    ///   - sampleCount: the number of observations `n`; each replicate passes `statistic` a buffer of `n` indices
    ///     drawn uniformly with replacement from `0..<n`. The buffer is reused: do not keep it.
    ///   - replicates: the number of resamples (1,000–10,000 is usual for percentile intervals).
    ///   - seed, stream: identify the random streams (record them with the result).
    ///   - tasks: the number of threads; does not change the result.
    ///   - statistic: the statistic of a resample, given its indices into the caller's data. Called concurrently.
    /// - Precondition: `sampleCount >= 1`, `replicates >= 1`, `tasks >= 1`.
    public static func replicates(
        sampleCount: Int, replicates: Int, seed: UInt64, stream: UInt64,
        tasks: Int = DeterministicParallel.defaultTaskCount,
        statistic: @Sendable (UnsafeBufferPointer<Int>) -> Double
    ) -> Replicates {
        precondition(sampleCount >= 1, "Bootstrap: sampleCount must be at least 1 (got \(sampleCount))")
        precondition(replicates >= 1, "Bootstrap: replicates must be at least 1 (got \(replicates))")
        let blockSeed = SeedDerivation.childSeed(seed: seed, stream: stream)
        let blocks = (replicates + blockSize - 1) / blockSize
        let perBlock = DeterministicParallel.map(chunks: blocks, tasks: tasks) { block -> [Double] in
            // The same stream as RandomStream(seed: seed, stream: stream).child(block), without building the parent.
            let rng = RandomStream(seed: blockSeed, stream: UInt64(block))
            let count = min(blockSize, replicates - block * blockSize)
            var values = [Double]()
            values.reserveCapacity(count)
            withUnsafeTemporaryAllocation(of: Int.self, capacity: sampleCount) { indices in
                for _ in 0..<count {
                    for position in 0..<sampleCount {
                        indices[position] = rng.uniformInt(sampleCount)
                    }
                    values.append(statistic(UnsafeBufferPointer(indices)))
                }
            }
            return values
        }
        var finite = [Double]()
        finite.reserveCapacity(replicates)
        for values in perBlock {
            for value in values where value.isFinite {
                finite.append(value)
            }
        }
        finite.sort()
        let full = withUnsafeTemporaryAllocation(of: Int.self, capacity: sampleCount) { indices in
            for position in 0..<sampleCount {
                indices[position] = position
            }
            return statistic(UnsafeBufferPointer(indices))
        }
        return Replicates(
            sortedValues: finite, requested: replicates, skipped: replicates - finite.count,
            estimate: full.isFinite ? full : nil)
    }

    /// The percentile bootstrap interval of `statistic`:
    /// ``replicates(sampleCount:replicates:seed:stream:tasks:statistic:)`` followed by
    /// ``Replicates/percentileInterval(confidence:)``. The estimate is the statistic on the original sample. Use `replicates(...)` directly to see how many replicates were skipped as non-finite.
    /// - Precondition: as for `replicates(...)`, and `0 < confidence < 1`.
    public static func percentileInterval(
        sampleCount: Int, replicates count: Int, confidence: Double, seed: UInt64, stream: UInt64,
        tasks: Int = DeterministicParallel.defaultTaskCount,
        statistic: @Sendable (UnsafeBufferPointer<Int>) -> Double
    ) -> Interval {
        replicates(
            sampleCount: sampleCount, replicates: count, seed: seed, stream: stream, tasks: tasks,
            statistic: statistic
        ).percentileInterval(confidence: confidence)
    }
}
