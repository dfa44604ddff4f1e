import CIBModel
import Foundation
import Testing

@testable import CIBDetectors

@Suite struct NearDuplicateTests {
    /// Brute-force pairs of distinct normalised texts (groups) at Jaccard ≥ t, using the same shingle sets.
    func bruteForce(_ s: MinHashLSH.Shingled, _ t: Double) -> Set<UInt64> {
        var out = Set<UInt64>()
        for a in 0 ..< s.groupCount {
            for b in a + 1 ..< s.groupCount where MinHashLSH.jaccard(s, a, b) >= t { out.insert(UInt64(a) << 32 | UInt64(b)) }
        }
        return out
    }

    /// Words of a small vocabulary; variants apply `edits` random character edits.
    func syntheticTexts(bases: Int, variantsPerBase: Int, seed: UInt64) -> StringTable {
        var rng = CoActionSplitMix(seed: seed)
        let vocabulary = "the of and to in is for on that with as was by at from are this have not be it an they we or "
            + "government truth lies covid origin report police taiwan america democracy media western island "
            + "biolab election rights people china minister queen prime fugitive drugs rumors stable prosperous"
        let words = vocabulary.split(separator: " ").map(String.init)
        var table = StringTable()
        for _ in 0 ..< bases {
            let length = 12 + Int(rng.next() % 12)
            let base = (0 ..< length).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " ")
            table.append(base)
            for _ in 0 ..< variantsPerBase {
                var chars = Array(base)
                let edits = Int(rng.next() % 4)
                for _ in 0 ..< edits {
                    let i = Int(rng.next() % UInt64(chars.count - 1))
                    switch rng.next() % 3 {
                    case 0: chars.swapAt(i, i + 1)
                    case 1: chars.remove(at: i)
                    default: chars.insert(Character(Unicode.Scalar(UInt8(97 + rng.next() % 26))), at: i)
                    }
                }
                table.append(String(chars))
            }
        }
        return table
    }

    @Test func bandingIsChosenForRecallAtTheThreshold() {
        let b8 = LSHBanding.choose(threshold: 0.8)
        #expect(b8 == LSHBanding(bands: 14, rows: 5))
        #expect(b8.candidateProbability(0.8) >= 0.995)
        #expect(b8.candidateProbability(0.3) < 0.05)
        let b7 = LSHBanding.choose(threshold: 0.7)
        #expect(b7.candidateProbability(0.7) >= 0.995)
        #expect(b7.hashCount > b8.hashCount)
    }

    @Test func recallAgainstBruteForceAtJaccard08() {
        let texts = syntheticTexts(bases: 120, variantsPerBase: 5, seed: 11)
        let lsh = MinHashLSH(threshold: 0.8, seed: 3, tasks: 2)
        let s = lsh.shingle(texts)
        let truth = bruteForce(s, 0.8)
        let found = Set(lsh.verifiedGroupPairs(s).map { UInt64($0.a) << 32 | UInt64($0.b) })
        #expect(truth.count > 300, "the synthetic set should have many pairs at J ≥ 0.8")
        #expect(found.isSubset(of: truth))
        let recall = Double(found.count) / Double(truth.count)
        #expect(recall >= 0.99, "recall \(recall) over \(truth.count) pairs")
        // Pairs just above the threshold are the hard ones: check them separately.
        let hard = truth.filter { MinHashLSH.jaccard(s, Int($0 >> 32), Int($0 & 0xFFFF_FFFF)) < 0.9 }
        #expect(hard.count > 50)
        #expect(Double(hard.intersection(found).count) / Double(hard.count) >= 0.98)
    }

    @Test func resultsDoNotDependOnTasks() {
        let texts = syntheticTexts(bases: 60, variantsPerBase: 4, seed: 5)
        let one = nearDuplicatePairs(texts: texts, threshold: 0.7, seed: 9, tasks: 1)
        #expect(one.count > 100)
        for tasks in [2, 8] {
            let many = nearDuplicatePairs(texts: texts, threshold: 0.7, seed: 9, tasks: tasks)
            #expect(many.map { "\($0.0)-\($0.1)-\($0.2)" } == one.map { "\($0.0)-\($0.1)-\($0.2)" })
        }
    }

    @Test func identicalAfterNormalisationIsSimilarityOneAndShortTextsAreIgnored() {
        let texts = StringTable(["Rummors and truth of COVID-19!", "rummors, and TRUTH of covid 19", "", "?!", "unrelated text here"])
        let pairs = nearDuplicatePairs(texts: texts, threshold: 0.8, seed: 1, tasks: 1)
        #expect(pairs.count == 1)
        #expect(pairs.first.map { $0.0 == 0 && $0.1 == 1 && $0.2 == 1 } == true)
    }

    /// Meta's Spamouflage indicator file as the repository carries it (provenance in data/meta-threat-research/README.md).
    static let spamouflageCSV = URL(fileURLWithPath: #filePath)  // <root>/Tests/CIBDetectorsTests/NearDuplicateTests.swift
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/meta-threat-research/Q2_2023_Spamouflage_China_based_CIB.csv").path

    /// The blog headlines (procedure 6.1.3) of Meta's Spamouflage indicator file, each at least 30 bytes long.
    static func spamouflageHeadlines() throws -> [String] {
        let bytes = try #require(
            FileManager.default.contents(atPath: spamouflageCSV),
            "\(spamouflageCSV) is missing: the repository carries it (see data/meta-threat-research/README.md)")
        // The file is RFC 4180 CSV; its fields have no embedded newlines, so a small quote-aware split suffices.
        var headlines: [String] = []
        var seen = Set<String>()
        for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) {
            var fields: [String] = []
            var field = ""
            var quoted = false
            var previous: Character = " "
            for c in line {
                if c == "\"" {
                    quoted.toggle()
                    if !quoted && previous == "\"" { field.append("\"") }
                } else if c == "," && !quoted {
                    fields.append(field)
                    field = ""
                } else {
                    field.append(c)
                }
                previous = c
            }
            fields.append(field)
            if fields.count >= 4, fields[2].hasPrefix("6.1.3"), fields[3].utf8.count >= 30, seen.insert(fields[3]).inserted {
                headlines.append(fields[3])
            }
        }
        return headlines
    }

    @Test func findsRealSpamouflageHeadlinesWithInjectedTypos() throws {
        let headlines = try Self.spamouflageHeadlines()
        #expect(headlines.count > 150)
        var texts = StringTable(headlines)
        var rng = CoActionSplitMix(seed: 2023)
        for h in headlines {
            // One typo: swap two adjacent characters (for Chinese text this swaps two ideographs).
            var chars = Array(h)
            let i = 2 + Int(rng.next() % UInt64(chars.count - 4))
            chars.swapAt(i, i + 1)
            texts.append(String(chars))
        }
        let n = Int32(headlines.count)
        let pairs = nearDuplicatePairs(texts: texts, threshold: 0.7, seed: 42, tasks: 2)
        let found = Set(pairs.map { UInt64($0.0) << 32 | UInt64($0.1) })
        let lsh = MinHashLSH(threshold: 0.7, seed: 42, tasks: 1)
        let s = lsh.shingle(texts)
        var typoPairs = 0, typoFound = 0
        for i in 0 ..< n {
            let (ga, gb) = (Int(s.groupOf[Int(i)]), Int(s.groupOf[Int(i + n)]))
            guard ga != gb, MinHashLSH.jaccard(s, ga, gb) >= 0.7 else { continue }
            typoPairs += 1
            if found.contains(UInt64(i) << 32 | UInt64(i + n)) { typoFound += 1 }
        }
        // Short Chinese headlines (10 ideographs = 30 bytes) lose many byte shingles to one swap; most stay above 0.7.
        #expect(typoPairs >= headlines.count * 8 / 10, "one typo should keep most headlines above Jaccard 0.7")
        // LSH finds a pair at the threshold with probability ≥ 0.995, more above it.
        #expect(Double(typoFound) >= 0.99 * Double(typoPairs), "found \(typoFound) of \(typoPairs)")
        // Unrelated headlines (different stories, or the same story in another language) are not paired: every pair
        // found between different headlines really is that similar, and there are few of them.
        let crossPairs = pairs.filter { $0.0 % n != $0.1 % n }
        #expect(crossPairs.allSatisfy { $0.2 >= 0.7 })
        #expect(crossPairs.count < headlines.count / 5)
    }

    @Test func detectorFlagsSprayersButNotNewsroomsOrganicOrSilent() throws {
        let world = CoActionFixtures.spamouflageWorld()
        let output = try NearDuplicateDetector().run(on: world.data, context: DetectorContext(tasks: 2, seed: 7))
        let s = output.scores
        for e in world.campaign { #expect(s.flag[Int(e)], "campaign entity \(e) should be flagged") }
        #expect(Set(world.campaign.map { s.cluster![Int($0)] }).count == 1)
        #expect(world.newsroom.allSatisfy { !s.flag[Int($0)] })
        #expect(world.organic.allSatisfy { !s.flag[Int($0)] && s.score[Int($0)] == 0 })
        #expect(world.silent.allSatisfy { s.score[Int($0)] == 0 })
        let newsroomMax = world.newsroom.map { s.score[Int($0)] }.max()!
        let campaignMin = world.campaign.map { s.score[Int($0)] }.min()!
        #expect(newsroomMax > 0 && newsroomMax < campaignMin)
        #expect(output.findings.count == 1)
        #expect(output.findings.first?.summary.contains("sprayed 8 near-duplicate items") == true)
    }

    @Test func withoutTheBrandDiscountTheNewsroomIsFlagged() throws {
        let world = CoActionFixtures.spamouflageWorld()
        let values = try ParameterValues.resolve(
            NearDuplicateDetector.parameters, overrides: ["brand-discount": "1"], detector: NearDuplicateDetector.name)
        let output = try NearDuplicateDetector(parameters: values).run(on: world.data, context: DetectorContext(seed: 7))
        #expect(world.newsroom.allSatisfy { output.scores.flag[Int($0)] })
    }

    @Test func detectorIsDeterministicAcrossTasks() throws {
        let world = CoActionFixtures.spamouflageWorld()
        let one = try NearDuplicateDetector().run(on: world.data, context: DetectorContext(tasks: 1, seed: 3))
        let eight = try NearDuplicateDetector().run(on: world.data, context: DetectorContext(tasks: 8, seed: 3))
        #expect(one.scores == eight.scores)
        #expect(one.findings == eight.findings)
    }
}
