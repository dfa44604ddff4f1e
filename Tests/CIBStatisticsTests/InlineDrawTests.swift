@testable import CIBStatistics
import Testing

/// The draws `RandomStream` makes inline on GSL's taus2 state must be GSL's, output for output: the world's bytes
/// depend on it, and GSL's other distributions read the same state in between.
@Suite("Inline taus2 draws agree with GSL's functions")
struct InlineDrawTests {
    @Test func rawOutputsUniformsIntegersAndCoinsAgree() {
        let fast = RandomStream(seed: 2023, stream: 5), reference = RandomStream(seed: 2023, stream: 5)
        let bounds = [1, 2, 3, 7, 10, 1_000, 65_537, 1 << 31, 0xFFFF_FFFF - 1, 0xFFFF_FFFF]
        var differences = 0
        for i in 0 ..< 400_000 {
            switch i % 5 {
            case 0:
                let f = fast.next(), high = UInt64(reference.gslGet()), low = UInt64(reference.gslGet())
                if f != high << 32 | low { differences += 1 }
            case 1:
                if fast.uniform() != reference.gslUniform() { differences += 1 }
            case 2:
                let n = bounds[(i / 5) % bounds.count]
                if fast.uniformInt(n) != reference.gslUniformInt(n) { differences += 1 }
            case 3:
                let p = Double((i / 5) % 101) / 100
                if fast.bernoulli(p) != reference.gslBernoulli(p) { differences += 1 }
            default:
                // A GSL distribution in between: both streams' states move together.
                if fast.poisson(mean: 3.5) != reference.poisson(mean: 3.5) { differences += 1 }
            }
        }
        #expect(differences == 0)
        #expect(fast.next() == reference.next())
    }

    @Test func aliasTableDrawsAgree() throws {
        let samplers = try [[1.0], [0.5, 0.5], [0.3, 0.2, 0.1, 0.4], [1, 0, 0, 5, 2], (1 ... 300).map { 1 / Double($0) }]
            .map { try DiscreteSampler(weights: $0) }
        let fast = RandomStream(seed: 7, stream: 1), reference = RandomStream(seed: 7, stream: 1)
        var differences = 0, seen = Set<Int>()
        for i in 0 ..< 200_000 {
            let s = samplers[i % samplers.count].handle
            let k = s.sample(fast)
            if k != s.gslSample(reference) { differences += 1 }
            if i % samplers.count == 4 { seen.insert(k) }
        }
        #expect(differences == 0)
        #expect(seen.count > 250)  // the long table is drawn from all over
    }
}
