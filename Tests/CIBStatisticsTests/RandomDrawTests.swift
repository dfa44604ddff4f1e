import CIBStatistics
import Foundation
import Testing

@Suite("RandomStream distribution draws")
struct RandomDrawTests {
    @Test func uniformStaysInRange() {
        let rng = RandomStream(seed: 1, stream: 0)
        for _ in 0..<10_000 {
            let u = rng.uniform()
            #expect(u >= 0 && u < 1)
            let v = rng.uniform(in: -2...3)
            #expect(v >= -2 && v <= 3)
        }
        #expect(rng.uniform(in: 4...4) == 4)
    }

    @Test func uniformIntCoversSmallAndHugeRanges() {
        let rng = RandomStream(seed: 2, stream: 0)
        #expect(rng.uniformInt(1) == 0)
        var seen = Set<Int>()
        for _ in 0..<1_000 {
            let k = rng.uniformInt(7)
            #expect(k >= 0 && k < 7)
            seen.insert(k)
        }
        #expect(seen.count == 7)
        let huge = 1 << 40
        var above32Bits = 0
        for _ in 0..<1_000 {
            let k = rng.uniformInt(huge)
            #expect(k >= 0 && k < huge)
            if k >= 1 << 32 { above32Bits += 1 }
        }
        #expect(above32Bits > 900)  // all but 1/256 of them, on average
        let edge = Int(UInt32.max)
        for _ in 0..<100 {
            #expect(rng.uniformInt(edge) < edge)
            #expect(rng.uniformInt(edge + 1) <= edge)
        }
    }

    @Test func poissonMeanIsWithinFourStandardErrors() {
        let rng = RandomStream(seed: 20_240_601, stream: 1)
        let draws = 20_000
        var sum = 0
        for _ in 0..<draws { sum += rng.poisson(mean: 4) }
        let mean = Double(sum) / Double(draws)
        let se = (4.0 / Double(draws)).squareRoot()
        #expect(abs(mean - 4) <= 4 * se, "mean \(mean)")
        #expect(rng.poisson(mean: 0) == 0)
    }

    @Test func gammaMeanIsWithinFourStandardErrors() {
        let rng = RandomStream(seed: 20_240_601, stream: 2)
        let draws = 20_000
        var sum = 0.0
        for _ in 0..<draws { sum += rng.gamma(shape: 2, scale: 3) }
        let mean = sum / Double(draws)
        let se = (2.0 * 9.0 / Double(draws)).squareRoot()  // variance = shape × scale²
        #expect(abs(mean - 6) <= 4 * se, "mean \(mean)")
    }

    @Test func otherContinuousDrawsHaveTheRightMeans() {
        let rng = RandomStream(seed: 77, stream: 3)
        let draws = 20_000
        var normal = 0.0, exponential = 0.0, lognormal = 0.0, pareto = 0.0
        for _ in 0..<draws {
            normal += rng.normal(mean: 10, sd: 2)
            exponential += rng.exponential(mean: 5)
            lognormal += rng.lognormal(mu: 0, sigma: 0.5)
            let x = rng.pareto(alpha: 3, scale: 2)
            #expect(x >= 2)
            pareto += x
        }
        let n = Double(draws)
        #expect(abs(normal / n - 10) <= 4 * 2 / n.squareRoot())
        #expect(abs(exponential / n - 5) <= 4 * 5 / n.squareRoot())
        // lognormal mean exp(σ²/2), sd sqrt((exp(σ²) − 1) exp(σ²))
        let lnMean = exp(0.125)
        let lnSD = ((exp(0.25) - 1) * exp(0.25)).squareRoot()
        #expect(abs(lognormal / n - lnMean) <= 4 * lnSD / n.squareRoot())
        // Pareto(3, 2): mean 3, variance 3
        #expect(abs(pareto / n - 3) <= 4 * (3.0).squareRoot() / n.squareRoot())
    }

    @Test func bernoulliAndBinomialFrequencies() {
        let rng = RandomStream(seed: 5, stream: 5)
        let draws = 20_000
        var heads = 0
        var successes = 0
        for _ in 0..<draws {
            if rng.bernoulli(0.3) { heads += 1 }
            successes += rng.binomial(n: 10, p: 0.3)
        }
        #expect(frequencyMatches(heads, of: draws, probability: 0.3))
        #expect(frequencyMatches(successes, of: draws * 10, probability: 0.3))
        #expect(rng.bernoulli(0) == false && rng.bernoulli(1) == true)
        #expect(rng.binomial(n: 0, p: 0.5) == 0 && rng.binomial(n: 9, p: 1) == 9)
    }

    @Test(arguments: [(1.2, 50), (1.0, 10), (0.0, 4), (2.5, 1_000_000)])
    func zipfFrequenciesMatchThePMF(exponent: Double, count: Int) {
        let sampler = ZipfSampler(exponent: exponent, count: count)
        let rng = RandomStream(seed: 99, stream: 0)
        let draws = 20_000
        var rank0 = 0
        var rank1 = 0
        for _ in 0..<draws {
            let k = sampler.sample(rng)
            #expect(k >= 0 && k < count)
            if k == 0 { rank0 += 1 } else if k == 1 { rank1 += 1 }
        }
        let p0 = sampler.probability(ofRank: 0)
        let p1 = sampler.probability(ofRank: 1)
        #expect(isClose(p1, p0 * pow(2, -exponent), within: 1e-12))
        #expect(frequencyMatches(rank0, of: draws, probability: p0), "rank 0: \(rank0), expected \(p0)")
        #expect(frequencyMatches(rank1, of: draws, probability: p1), "rank 1: \(rank1), expected \(p1)")
    }

    @Test func zipfMethodMatchesSampler() {
        let a = RandomStream(seed: 4, stream: 4)
        let b = RandomStream(seed: 4, stream: 4)
        let sampler = ZipfSampler(exponent: 1.1, count: 100)
        for _ in 0..<200 {
            #expect(a.zipf(exponent: 1.1, count: 100) == sampler.sample(b))
        }
        #expect(a.zipf(exponent: 3, count: 1) == 0)
    }

    @Test func dirichletSumsToOne() {
        let rng = RandomStream(seed: 8, stream: 0)
        let alpha = [0.5, 1, 2, 8]
        var theta = [Double](repeating: 0, count: alpha.count)
        for _ in 0..<100 {
            let draw = rng.dirichlet(alpha: alpha)
            #expect(abs(draw.reduce(0, +) - 1) < 1e-12)
            #expect(draw.allSatisfy { $0 >= 0 && $0 <= 1 })
            rng.dirichlet(alpha: alpha, into: &theta)
            #expect(abs(theta.reduce(0, +) - 1) < 1e-12)
        }
        let a = RandomStream(seed: 8, stream: 1)
        let b = RandomStream(seed: 8, stream: 1)
        b.dirichlet(alpha: alpha, into: &theta)
        #expect(a.dirichlet(alpha: alpha) == theta)
    }

    @Test func multinomialVariantsAgreeAndSumToTrials() {
        let probabilitySets: [[Double]] = [[0.2, 0.3, 0.5], [1, 0, 3, 0, 6], [0.1], [1e-9, 1, 1e-9], [2, 2, 2, 2]]
        var counts: [Int] = []
        for (index, probabilities) in probabilitySets.enumerated() {
            let a = RandomStream(seed: 12, stream: UInt64(index))
            let b = RandomStream(seed: 12, stream: UInt64(index))
            counts = [Int](repeating: -1, count: probabilities.count)
            for trials in [0, 1, 17, 1_000, 123_457] {
                let allocated = a.multinomial(trials: trials, probabilities: probabilities)
                b.multinomial(trials: trials, probabilities: probabilities, into: &counts)
                #expect(allocated == counts, "probabilities \(probabilities), trials \(trials)")
                #expect(counts.reduce(0, +) == trials)
                for (k, p) in probabilities.enumerated() where p == 0 {
                    #expect(counts[k] == 0)
                }
            }
        }
    }
}
