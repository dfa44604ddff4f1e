import CIBModel
import Foundation
import Testing

@testable import CIBDetectors

/// Speed and recall of ``nearDuplicatePairs(texts:threshold:seed:tasks:shingleSize:)`` on 100k texts; off unless
/// `CIBLAB_BENCH_NEARDUP` is set (run in release: `CIBLAB_BENCH_NEARDUP=100000 swift test -c release --filter
/// NearDuplicateBenchmark`).
@Suite struct NearDuplicateBenchmarkTests {
    static let size = ProcessInfo.processInfo.environment["CIBLAB_BENCH_NEARDUP"].flatMap { Int($0) }

    /// `count` texts: 60% distinct base texts of 10-25 words over a 5,000-word vocabulary, 40% variants of a random
    /// base with 1-3 character edits (swap, deletion, insertion). Returns the texts and the (base, variant) pairs.
    static func corpus(count: Int, seed: UInt64) -> (StringTable, [(Int32, Int32)]) {
        var rng = CoActionSplitMix(seed: seed)
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let vocabulary = (0 ..< 5000).map { _ in
            String((0 ..< 3 + Int(rng.next() % 7)).map { _ in letters[Int(rng.next() % 26)] })
        }
        var table = StringTable()
        var bases: [Int32] = []
        var strings: [String] = []
        var pairs: [(Int32, Int32)] = []
        for i in 0 ..< count {
            if bases.isEmpty || rng.next() % 10 < 6 {
                let words = (0 ..< 10 + Int(rng.next() % 16)).map { _ in vocabulary[Int(rng.next() % 5000)] }
                strings.append(words.joined(separator: " "))
                bases.append(Int32(i))
            } else {
                let base = bases[Int(rng.next() % UInt64(bases.count))]
                var chars = Array(strings[Int(base)])
                for _ in 0 ..< 1 + Int(rng.next() % 3) {
                    let j = Int(rng.next() % UInt64(chars.count - 1))
                    switch rng.next() % 3 {
                    case 0: chars.swapAt(j, j + 1)
                    case 1: chars.remove(at: j)
                    default: chars.insert(letters[Int(rng.next() % 26)], at: j)
                    }
                }
                strings.append(String(chars))
                pairs.append((base, Int32(i)))
            }
            table.append(strings[i])
        }
        return (table, pairs)
    }

    @Test(.enabled(if: size != nil, "set CIBLAB_BENCH_NEARDUP to a number of texts"))
    func hundredThousandTexts() throws {
        let n = try #require(Self.size)
        let (texts, planted) = Self.corpus(count: n, seed: 2023)
        var pairs: [(Int32, Int32, Double)] = []
        let t = CoActionBenchmarkTests.seconds {
            pairs = nearDuplicatePairs(texts: texts, threshold: 0.8, seed: 1, tasks: 2)
        }
        print("near-duplicate bench: \(n) texts, \(pairs.count) pairs at J ≥ 0.8 in \(String(format: "%.2f", t)) s (2 tasks)")
        let phases = MinHashLSH(threshold: 0.8, seed: 1, tasks: 2)
        var shingled: MinHashLSH.Shingled?
        let t1 = CoActionBenchmarkTests.seconds { shingled = phases.shingle(texts) }
        var candidates = 0
        let t2 = CoActionBenchmarkTests.seconds { candidates = phases.candidates(shingled!).count }
        let t3 = CoActionBenchmarkTests.seconds { _ = phases.verifiedGroupPairs(shingled!) }
        print("near-duplicate bench: phases shingle+minhash \(String(format: "%.2f", t1)) s, \(candidates) candidates \(String(format: "%.2f", t2)) s, candidates+verify \(String(format: "%.2f", t3)) s (\(phases.banding))")
        // Recall over the planted (base, variant) pairs whose exact Jaccard is ≥ 0.8.
        let lsh = MinHashLSH(threshold: 0.8, seed: 99, tasks: 2)
        let s = lsh.shingle(texts)
        let found = Set(pairs.map { UInt64($0.0) << 32 | UInt64($0.1) })
        var eligible = 0, hit = 0
        for (a, b) in planted {
            let (ga, gb) = (Int(s.groupOf[Int(a)]), Int(s.groupOf[Int(b)]))
            guard ga >= 0, gb >= 0, ga == gb || MinHashLSH.jaccard(s, ga, gb) >= 0.8 else { continue }
            eligible += 1
            if found.contains(UInt64(min(a, b)) << 32 | UInt64(max(a, b))) { hit += 1 }
        }
        let recall = Double(hit) / Double(max(1, eligible))
        print("near-duplicate bench: recall \(String(format: "%.4f", recall)) over \(eligible) planted pairs at J ≥ 0.8")
        #expect(recall >= 0.99)
        // Brute force over the first 5,000 texts: every pair at J ≥ 0.8 there.
        let sub = StringTable(texts.strings.prefix(5000))
        let subLSH = MinHashLSH(threshold: 0.8, seed: 1, tasks: 2)
        let ss = subLSH.shingle(sub)
        var truth = 0, subHit = 0
        let subFound = Set(nearDuplicatePairs(texts: sub, threshold: 0.8, seed: 1, tasks: 2).map { UInt64($0.0) << 32 | UInt64($0.1) })
        for a in 0 ..< 5000 {
            for b in a + 1 ..< 5000 {
                let (ga, gb) = (Int(ss.groupOf[a]), Int(ss.groupOf[b]))
                guard ga >= 0, gb >= 0, ga == gb || MinHashLSH.jaccard(ss, ga, gb) >= 0.8 else { continue }
                truth += 1
                if subFound.contains(UInt64(a) << 32 | UInt64(b)) { subHit += 1 }
            }
        }
        print("near-duplicate bench: brute-force recall \(subHit)/\(truth) on the first 5000 texts")
        #expect(subHit * 100 >= truth * 99)
    }
}
