import Foundation
import CIBModel
import Testing
@testable import CIBDetectors

@Suite("fusion")
struct FusionDetectorTests {
    /// Six accounts and two Pages; page-only detectors score only Pages.
    static func world() throws -> ObservableDataset {
        var w = WorldBuilder(countries: ["US"], languages: ["en"])
        for _ in 0 ..< 6 { w.entity(country: "US") }
        w.entity(.page, country: "US")
        w.entity(.page, country: "US")
        return try w.build()
    }

    static func upstream(_ scores: [String: [Double]], flags: [String: [Bool]] = [:]) -> [String: EntityScores] {
        var result: [String: EntityScores] = [:]
        for d in FusionDetector.dependencies {
            let s = scores[d] ?? [Double](repeating: 0, count: 8)
            result[d] = EntityScores(detector: d, score: s, flag: flags[d] ?? s.map { $0 >= 0.5 })
        }
        return result
    }

    /// The fused score behind an output score: flagged entities are ranked above the rest, as (1 + s) / 2 against s / 2.
    static func fused(_ s: EntityScores) -> [Double] { zip(s.score, s.flag).map { 2 * $0 - ($1 ? 1 : 0) } }

    @Test("missing upstream detectors are named in the error")
    func missingUpstream() throws {
        let data = try Self.world()
        var upstream = Self.upstream([:])
        upstream["co-action"] = nil
        upstream["engagement-ring"] = nil
        do {
            _ = try runDetector(FusionDetector.self, on: data, upstream: upstream)
            Issue.record("expected an error")
        } catch {
            #expect((error as? DetectorError)?.message.contains("co-action, engagement-ring") == true)
        }
        var short = Self.upstream([:])
        short["co-action"] = EntityScores(detector: "co-action", count: 3)
        #expect(throws: DetectorError.self) { try runDetector(FusionDetector.self, on: data, upstream: short) }
    }

    @Test("mean rank is computed within kind over applicable detectors")
    func meanRank() throws {
        let data = try Self.world()
        let upstream = Self.upstream([
            "co-action": [0, 0, 0, 0.2, 0.5, 0.9, 0, 0],
            "shift-pattern": [0, 0.1, 0.1, 0.1, 0.4, 0.8, 0, 0],
            "audience-mismatch": [0, 0, 0, 0, 0, 0, 0.2, 0.9],
        ])
        let output = try runDetector(FusionDetector.self, on: data, upstream: upstream).scores
        let s = (score: Self.fused(output), flag: output.flag)
        // Account 5 is top in both account detectors: (1 + 1) / 2.
        #expect(abs(s.score[5] - 1) < 1e-12)
        // Account 4: co-action rank 5/6, shift-pattern rank 5/6.
        #expect(abs(s.score[4] - 5.0 / 6.0) < 1e-12)
        // Account 1: co-action 0; shift-pattern tie at 0.1 → 4/6; mean 1/3.
        #expect(abs(s.score[1] - 2.0 / 6.0) < 1e-12)
        #expect(s.score[0] == 0)
        // Pages: only audience-mismatch applies. Page 7 ranks 1, page 6 ranks 1/2.
        #expect(abs(s.score[7] - 1) < 1e-12 && abs(s.score[6] - 0.5) < 1e-12)
        // Account 3: both ranks 4/6 (any positive score outranks the zeros of its kind).
        #expect(abs(s.score[3] - 4.0 / 6.0) < 1e-12)
        // Flags need two upstream flags by default (score ≥ 0.5 here): only account 5 has them.
        #expect(s.flag == [false, false, false, false, false, true, false, false])
        // With one: account 3 and page 6 rank high but nobody flagged them.
        let oneFlag = try runDetector(FusionDetector.self, on: data, overrides: ["min-flags": "1"], upstream: upstream).scores
        #expect(oneFlag.flag == [false, false, false, false, true, true, false, true])
        let rankOnly = try runDetector(FusionDetector.self, on: data, overrides: ["min-flags": "0"], upstream: upstream).scores
        #expect(rankOnly.flag == [false, false, false, true, true, true, true, true])
    }

    @Test("weights, max rank, noisy-or and logistic")
    func otherMethods() throws {
        let data = try Self.world()
        let upstream = Self.upstream(
            ["co-action": [0, 0, 0, 0.2, 0.5, 0.9, 0, 0], "shift-pattern": [0.9, 0, 0, 0, 0, 0.1, 0, 0]],
            flags: ["co-action": [false, false, false, false, true, true, false, false],
                    "shift-pattern": [false, false, false, false, false, true, false, false]])
        let weighted = try runDetector(FusionDetector.self, on: data, overrides: ["weight.shift-pattern": "0"], upstream: upstream).scores
        #expect(abs(Self.fused(weighted)[5] - 1) < 1e-12)
        #expect(Self.fused(weighted)[0] == 0)
        let maxRank = try runDetector(FusionDetector.self, on: data, overrides: ["method": "1"], upstream: upstream).scores
        #expect(abs(Self.fused(maxRank)[0] - 1) < 1e-12)
        let noisyOr = try runDetector(FusionDetector.self, on: data, overrides: ["method": "2"], upstream: upstream).scores
        #expect(abs(Self.fused(noisyOr)[5] - 0.75) < 1e-12 && abs(Self.fused(noisyOr)[4] - 0.5) < 1e-12 && Self.fused(noisyOr)[0] == 0)
        let logistic = try runDetector(
            FusionDetector.self, on: data,
            overrides: ["method": "3", "bias": "-2", "weight.co-action": "4", "weight.shift-pattern": "0"], upstream: upstream).scores
        #expect(abs(Self.fused(logistic)[5] - 1 / (1 + exp(-2.0))) < 1e-12)
        #expect(abs(Self.fused(logistic)[0] - 1 / (1 + exp(2.0))) < 1e-12)
        #expect(throws: DetectorError.self) {
            try runDetector(FusionDetector.self, on: data, overrides: ["weight.co-action": "-1"], upstream: upstream)
        }
    }

    @Test("co-action and engagement-ring count as one evidence family towards min-flags")
    func evidenceFamilies() throws {
        let data = try Self.world()
        // Accounts 3–5 rank high on three account detectors; 3 is flagged by co-action and engagement-ring (one
        // family: a fan community's likes trip both), 4 by co-action and shift-pattern, 5 by all three.
        let high: [Double] = [0, 0, 0, 0.8, 0.9, 1.0, 0, 0]
        let upstream = Self.upstream(
            ["co-action": high, "engagement-ring": high, "shift-pattern": high],
            flags: ["co-action": [false, false, false, true, true, true, false, false],
                    "engagement-ring": [false, false, false, true, false, true, false, false],
                    "shift-pattern": [false, false, false, false, true, true, false, false]])
        let byFamily = try runDetector(FusionDetector.self, on: data, upstream: upstream).scores
        #expect(byFamily.flag == [false, false, false, false, true, true, false, false])
        let byDetector = try runDetector(FusionDetector.self, on: data, overrides: ["families": "0"], upstream: upstream).scores
        #expect(byDetector.flag == [false, false, false, true, true, true, false, false])
        // The fused scores do not depend on how flags are counted; the output ranks the flagged first.
        #expect(zip(Self.fused(byFamily), Self.fused(byDetector)).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(byDetector.score[3] > 0.5 && byFamily.score[3] < 0.5 && byFamily.score[4] > 0.5)
        #expect(throws: DetectorError.self) {
            try runDetector(FusionDetector.self, on: data, overrides: ["families": "2"], upstream: upstream)
        }
    }

    @Test("members of mostly flagged rings and proxy pools are joined; co-action communities only on request")
    func networkJoin() throws {
        let data = try Self.world()
        // Accounts 3, 4, 5 are flagged on two families; account 2 did too little to stand out. Accounts 2–5 form one
        // cluster of the detector under test (3 of 4 flagged ≥ cluster-share 0.5).
        let flagged = [false, false, false, true, true, true, false, false]
        let cluster: [Int32] = [-1, -1, 7, 7, 7, 7, -1, -1]
        func run(_ network: String, _ overrides: [String: String] = [:]) throws -> [Bool] {
            var upstream = Self.upstream(
                ["near-duplicate": [0, 0, 0, 0.8, 0.9, 1.0, 0, 0], "shift-pattern": [0, 0, 0.1, 0.8, 0.9, 1.0, 0, 0]],
                flags: ["near-duplicate": flagged, "shift-pattern": flagged])
            let old = upstream[network]!
            upstream[network] = EntityScores(detector: network, score: old.score, flag: old.flag, cluster: cluster)
            return try runDetector(FusionDetector.self, on: data, overrides: overrides, upstream: upstream).scores.flag
        }
        let joined = [false, false, true, true, true, true, false, false]
        #expect(try run("engagement-ring") == joined)
        #expect(try run("shared-infrastructure") == joined)
        #expect(try run("co-action") == flagged)
        #expect(try run("co-action", ["join-co-action": "1"]) == joined)
        #expect(try run("engagement-ring", ["cluster-share": "1"]) == flagged)
    }

    @Test("every flagged entity ranks above every unflagged one")
    func flaggedRankFirst() throws {
        let data = try Self.world()
        // Account 3 ranks top on both account detectors but only co-action flagged it; account 4 ranks lower on both
        // and both flagged it.
        let upstream = Self.upstream(
            ["co-action": [0, 0, 0, 0.9, 0.5, 0, 0, 0], "shift-pattern": [0, 0, 0, 0.9, 0.5, 0, 0, 0]],
            flags: ["co-action": [false, false, false, true, true, false, false, false],
                    "shift-pattern": [false, false, false, false, true, false, false, false]])
        let s = try runDetector(FusionDetector.self, on: data, upstream: upstream).scores
        #expect(s.flag == [false, false, false, false, true, false, false, false])
        #expect(Self.fused(s)[3] > Self.fused(s)[4])
        #expect(s.score[4] > s.score[3])
        #expect(s.score.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test("fusion declares every other built-in as a dependency")
    func dependencies() {
        let others = Set(DetectorRegistry.names).subtracting([FusionDetector.name])
        #expect(Set(FusionDetector.dependencies) == others)
    }
}
