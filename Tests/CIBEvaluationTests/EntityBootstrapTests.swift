@testable import CIBEvaluation
import CIBStatistics
import Testing

@Suite struct EntityBootstrapTests {
    /// Lemire's method gives every index equally often (chi-square against uniform, 6 bins, seeded stream).
    @Test func indexSamplerIsUniform() {
        var generator = RandomStream(seed: 5, stream: 1)
        var sampler = IndexSampler(bound: 6)
        var counts = [Int](repeating: 0, count: 6)
        let draws = 60_000
        for _ in 0 ..< draws { counts[sampler.next(using: &generator)] += 1 }
        let expected = Double(draws) / 6
        let chiSquare = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        // 5 degrees of freedom: the 0.999 quantile is 20.5.
        #expect(chiSquare < 20.5, "counts \(counts)")
        var one = IndexSampler(bound: 1)
        #expect((0 ..< 10).allSatisfy { _ in one.next(using: &generator) == 0 })
    }

    /// Each replicate resamples exactly n entities; results do not depend on the task count.
    @Test func replicatesResampleNAndIgnoreTasks() {
        let sums = EntityBootstrap.run(count: 50, replicates: 130, seed: 9, tasks: 1) { weights in
            weights.reduce(0) { $0 + Int($1) }
        }
        #expect(sums.count == 130 && sums.allSatisfy { $0 == 50 })
        let first = EntityBootstrap.run(count: 50, replicates: 130, seed: 9, tasks: 1) { Array($0) }
        let parallel = EntityBootstrap.run(count: 50, replicates: 130, seed: 9, tasks: 4) { Array($0) }
        #expect(first == parallel)
        #expect(first[0] != first[1])
    }
}
