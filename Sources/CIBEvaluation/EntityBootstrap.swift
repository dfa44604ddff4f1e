internal import CIBStatistics

/// Bootstrap resamples of the entities of one slice, shared by every statistic and every detector evaluated on it.
///
/// Each replicate draws `n` entities with replacement (Efron 1979) and hands the statistic the number of times
/// each entity was drawn, indexed by the entity's position in the slice's id-ascending member list. Because the
/// resample does not depend on the detector, two detectors evaluated with the same seed see the same resamples:
/// a paired bootstrap (common random numbers).
///
/// Determinism follows `CIBStatistics.Bootstrap`: replicates come in blocks of ``Bootstrap/blockSize``; block `b`
/// draws from `RandomStream(seed: seed, stream: stream).child(b)`; blocks run through ``DeterministicParallel``, so
/// the result is the same for every task count.
enum EntityBootstrap {
    /// The statistic of each replicate, in replicate order.
    static func run<T: Sendable>(
        count n: Int, replicates: Int, seed: UInt64, stream: UInt64, tasks: Int,
        _ statistic: @Sendable (UnsafeBufferPointer<Int32>) -> T
    ) -> [T] {
        guard n > 0, replicates > 0 else { return [] }
        let blockSize = Bootstrap.blockSize
        let blocks = (replicates + blockSize - 1) / blockSize
        let perBlock = DeterministicParallel.map(chunks: blocks, tasks: max(1, tasks)) { block -> [T] in
            let rng = RandomStream(seed: seed, stream: stream).child(UInt64(block))
            let count = min(blockSize, replicates - block * blockSize)
            var values = [T]()
            values.reserveCapacity(count)
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: n) { weights in
                for _ in 0 ..< count {
                    weights.update(repeating: 0)
                    for _ in 0 ..< n {
                        weights[rng.uniformInt(n)] += 1
                    }
                    values.append(statistic(UnsafeBufferPointer(weights)))
                }
            }
            return values
        }
        return perBlock.flatMap { $0 }
    }
}
