import CIBStatistics
import Testing

@Suite("DiscreteSampler")
struct DiscreteSamplerTests {
    @Test func frequenciesMatchWeights() throws {
        let weights = [1.0, 2, 0, 3, 4]
        let sampler = try DiscreteSampler(weights: weights)
        #expect(sampler.count == 5)
        let rng = RandomStream(seed: 31, stream: 0)
        let draws = 20_000
        var counts = [Int](repeating: 0, count: weights.count)
        for _ in 0..<draws {
            counts[sampler.sample(rng)] += 1
        }
        let total = weights.reduce(0, +)
        for (index, weight) in weights.enumerated() {
            #expect(frequencyMatches(counts[index], of: draws, probability: weight / total), "outcome \(index)")
            #expect(isClose(sampler.probability(of: index), weight / total, within: 1e-12))
        }
        #expect(counts[2] == 0)
        #expect(sampler.probability(of: 5) == 0)
    }

    @Test func aHandleDrawsWhatTheSamplerDraws() throws {
        let sampler = try DiscreteSampler(weights: [0.5, 3, 1, 0, 2])
        let a = RandomStream(seed: 8, stream: 2), b = RandomStream(seed: 8, stream: 2)
        let handle = sampler.handle
        let direct = (0 ..< 5_000).map { _ in sampler.sample(a) }
        #expect((0 ..< 5_000).map { _ in handle.sample(b) } == direct)
        #expect(Set(direct) == [0, 1, 2, 4], "every outcome with weight drawn, the zero-weight one never")
    }

    @Test func isDeterministicForAStream() throws {
        let sampler = try DiscreteSampler(weights: [5, 1, 1, 1])
        let a = RandomStream(seed: 3, stream: 3)
        let b = RandomStream(seed: 3, stream: 3)
        #expect((0..<100).map { _ in sampler.sample(a) } == (0..<100).map { _ in sampler.sample(b) })
    }

    @Test func canBeSharedAcrossTasks() throws {
        let sampler = try DiscreteSampler(weights: [1, 1, 2])
        let sums = DeterministicParallel.map(chunks: 8, tasks: 4) { chunk in
            let rng = RandomStream(seed: 1, stream: UInt64(chunk))
            return (0..<500).reduce(0) { sum, _ in sum + sampler.sample(rng) }
        }
        let serial = DeterministicParallel.map(chunks: 8, tasks: 1) { chunk in
            let rng = RandomStream(seed: 1, stream: UInt64(chunk))
            return (0..<500).reduce(0) { sum, _ in sum + sampler.sample(rng) }
        }
        #expect(sums == serial)
    }

    @Test(arguments: [
        ([Double](), "empty"),
        ([1, -0.5, 2], "weight 1 is negative"),
        ([1, .nan], "weight 1 is not finite"),
        ([.infinity, 1], "weight 0 is not finite"),
        ([0, 0, 0], "all 3 weights are zero"),
    ])
    func invalidWeightsThrowWithTheProblemNamed(weights: [Double], expected: String) {
        do {
            _ = try DiscreteSampler(weights: weights)
            Issue.record("expected an error for \(weights)")
        } catch {
            #expect(error.operation == "DiscreteSampler.init")
            #expect(error.message.contains(expected), "message: \(error.message)")
            #expect(error.description.contains(expected))
            #expect(error.status == nil)
        }
    }
}
