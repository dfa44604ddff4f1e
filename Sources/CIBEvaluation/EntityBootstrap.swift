internal import CIBStatistics

/// Bootstrap resamples of a world's entities, shared by every statistic, every slice and every detector.
///
/// Each replicate draws `n` entities with replacement from all `n` entities of the world (Efron 1979) and hands
/// the statistic the number of times each entity was drawn, indexed by entity id (one byte each, so the weights
/// of a million entities stay in cache). Per-kind statistics read the
/// same weights restricted to their kind (the ordinary, unstratified bootstrap). Because the resample does not
/// depend on the detector, detectors evaluated with the same seed see the same resamples: a paired bootstrap
/// (common random numbers), and the draws are paid once for all detectors evaluated together.
///
/// Determinism follows `CIBStatistics.Bootstrap`: replicates come in blocks of ``Bootstrap/blockSize``; block `b`
/// draws from `RandomStream(seed: seed, stream: stream).child(b)`; blocks run through ``DeterministicParallel``, so
/// the result is the same for every task count.
enum EntityBootstrap {
    /// The stream number of the evaluation bootstrap (ASCII "eval").
    static let stream: UInt64 = 0x6576_616C

    /// The statistic of each replicate, in replicate order.
    static func run<T: Sendable>(
        count n: Int, replicates: Int, seed: UInt64, stream: UInt64 = EntityBootstrap.stream, tasks: Int,
        _ statistic: @Sendable (UnsafeBufferPointer<UInt8>) -> T
    ) -> [T] {
        guard n > 0, replicates > 0 else { return [] }
        let blockSize = Bootstrap.blockSize
        let blocks = (replicates + blockSize - 1) / blockSize
        let perBlock = DeterministicParallel.map(chunks: blocks, tasks: max(1, tasks)) { block -> [T] in
            let rng = RandomStream(seed: seed, stream: stream).child(UInt64(block))
            let count = min(blockSize, replicates - block * blockSize)
            var values = [T]()
            values.reserveCapacity(count)
            var generator = rng
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n) { weights in
                for _ in 0 ..< count {
                    weights.update(repeating: 0)
                    var sampler = IndexSampler(bound: n)
                    for _ in 0 ..< n {
                        let i = sampler.next(using: &generator)
                        // Saturate at 255: a count that high has probability below 1e-500 for any n.
                        weights[i] &+= weights[i] == .max ? 0 : 1
                    }
                    values.append(statistic(UnsafeBufferPointer(weights)))
                }
            }
            return values
        }
        return perBlock.flatMap { $0 }
    }
}

/// Uniform indices in `0 ..< bound` (bound < 2^32) by Lemire's nearly divisionless method ("Fast random integer
/// generation in an interval", ACM TOMACS 2019), two per 64-bit output of the stream (high half first): unbiased,
/// and about ten times cheaper than a division per draw.
struct IndexSampler {
    let bound: UInt64
    let threshold: UInt32
    var spare: UInt32 = 0
    var hasSpare = false

    init(bound: Int) {
        precondition(bound > 0 && bound <= Int(UInt32.max), "IndexSampler: bound must be in 1...\(UInt32.max)")
        self.bound = UInt64(bound)
        self.threshold = (0 &- UInt32(bound)) % UInt32(bound)
    }

    @inline(__always)
    mutating func next(using generator: inout some RandomNumberGenerator) -> Int {
        while true {
            let x: UInt32
            if hasSpare {
                x = spare
                hasSpare = false
            } else {
                let word = generator.next()
                x = UInt32(truncatingIfNeeded: word >> 32)
                spare = UInt32(truncatingIfNeeded: word)
                hasSpare = true
            }
            let product = UInt64(x) &* bound
            if UInt32(truncatingIfNeeded: product) >= threshold {
                return Int(product >> 32)
            }
        }
    }
}
