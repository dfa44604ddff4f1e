import CIBModel
import Testing
@testable import CIBDetectors

@Suite("repurposed-page")
struct RepurposedPageDetectorTests {
    @Test("the single-change statistic on a clean two-symbol switch")
    func bestChangeOnCleanSwitch() throws {
        var total = [Int](repeating: 0, count: 4)
        var left = total
        let symbols: [Int32] = Array(repeating: 0, count: 10) + Array(repeating: 2, count: 10)
        let change = try #require(RepurposedPageDetector.bestChange(symbols: symbols[...], minSegment: 3, total: &total, left: &left))
        #expect(change.index == 10)
        #expect(abs(change.explained - 1) < 1e-9)
        // G = 2 n ln 2 for an even split of two pure segments.
        #expect(abs(change.statistic - 40 * 0.693_147_180_559_945_3) < 1e-9)
        #expect(total.allSatisfy { $0 == 0 } && left.allSatisfy { $0 == 0 })
        // A constant sequence has no change.
        #expect(RepurposedPageDetector.bestChange(symbols: [Int32](repeating: 1, count: 20)[...], minSegment: 3, total: &total, left: &left) == nil)
        // The minimum segment keeps the split away from the ends.
        let early: [Int32] = [1, 1] + Array(repeating: 0, count: 18)
        let forced = try #require(RepurposedPageDetector.bestChange(symbols: early[...], minSegment: 5, total: &total, left: &left))
        #expect(forced.index == 5)
    }

    @Test("a Chinese-commercial to English-political Page is flagged with its change date")
    func catchesRepurposedPage() throws {
        let world = try GraphFixtures.repurposed()
        let out = try runDetector(RepurposedPageDetector.self, on: world.data)
        let s = out.scores
        #expect(s.flag[Int(world.repurposed)])
        #expect(s.score[Int(world.repurposed)] > 0.95)
        let finding = try #require(out.findings.first { $0.summary.contains("entity \(world.repurposed):") })
        #expect(finding.summary.contains("zh/commercial to en/non-commercial"))
        let threeTopics = try runDetector(RepurposedPageDetector.self, on: world.data, overrides: ["use-topics": "2"])
        #expect(threeTopics.findings.contains { $0.summary.contains("zh/commercial to en/political") })
        #expect(finding.summary.contains(CivilDate.format(world.switchTime)))
    }

    @Test("bilingual, stable, short and Group histories are not flagged")
    func honestPagesAreNotFlagged() throws {
        let world = try GraphFixtures.repurposed()
        let s = try runDetector(RepurposedPageDetector.self, on: world.data).scores
        #expect(!s.flag[Int(world.bilingual)])
        #expect(s.score[Int(world.bilingual)] < 0.2)
        #expect(s.score[Int(world.stable)] == 0)
        #expect(!s.flag[Int(world.short)])
        #expect(s.flag.enumerated().filter { $0.element }.map { EntityID($0.offset) }.sorted() == [world.repurposed, world.topicOnly])
    }

    @Test("a topic-only switch needs topics")
    func topicOnlySwitch() throws {
        let world = try GraphFixtures.repurposed()
        let withTopics = try runDetector(RepurposedPageDetector.self, on: world.data).scores
        let languageOnly = try runDetector(RepurposedPageDetector.self, on: world.data, overrides: ["use-topics": "0"]).scores
        #expect(withTopics.flag[Int(world.topicOnly)])
        #expect(!languageOnly.flag[Int(world.topicOnly)])
        #expect(languageOnly.flag[Int(world.repurposed)])
    }

    @Test("the lexicon sorts commercial, political and other texts")
    func lexicon() {
        let texts = StringTable(["Big SALE: phone cases, free shipping!", "新款内衣 优惠 包邮", "Queen Elizabeth II Dead or Related to New Prime Minister Truss?", "郭文贵 谎言", "good morning"])
        let lexicon = TopicLexicon()
        #expect((0 ..< 5).map { lexicon.topic(of: texts, $0) } == [.commercial, .commercial, .political, .political, .other])
    }

    @Test("deterministic whatever the task count")
    func deterministic() throws {
        let world = try GraphFixtures.repurposed()
        let a = try runDetector(RepurposedPageDetector.self, on: world.data, tasks: 1)
        let b = try runDetector(RepurposedPageDetector.self, on: world.data, tasks: 3)
        #expect(a.scores == b.scores && a.findings == b.findings)
    }
}
