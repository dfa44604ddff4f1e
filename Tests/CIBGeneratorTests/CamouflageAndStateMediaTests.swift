import CIBGenerator
import CIBModel
import CIBScenario
import CIBTruth
import Foundation
import Testing

/// Spamouflage's namesake — apolitical spam between the political posts (kill-chain 5.2.4) — the operation's
/// amplification of state-aligned outlets' stories, and outlets that publish in their region's languages, on the
/// smoke world (docs/scenario.md, docs/text-model.md).
@Suite struct CamouflageAndStateMediaTests {
    /// The apolitical subjects camouflage is written on (CamouflagePosts.subjects).
    static let subjects: Set<String> = ["everyday", "food", "travel", "entertainment", "sports", "weather"]

    static func topicName(_ w: LabelledWorld, _ e: Int) -> String { w.truth.topicNames[w.truth.topic(of: e)] }

    /// Events of `w` whose truth carries `tactic`.
    static func events(_ w: LabelledWorld, _ tactic: Tactic) -> [Int] {
        w.truth.eventTactics.indices.filter { w.truth.eventTactics[$0].contains(tactic) }
    }

    @Test func camouflageIsTheCampaignsApoliticalSpamInItsLanguagesInTheShift() throws {
        let w = smokeWorld, d = w.observable
        let spam = Self.events(w, .postingSpamAsCamouflage)
        let sprayed = Self.events(w, .sprayingContent).filter { d.events.action[$0] == .post }
        #expect(spam.count > 100, "camouflage posts: \(spam.count)")
        let languages = Set(smokeScenario.campaigns[0].content.languages.keys.compactMap { d.languageIndex($0) }.map(UInt8.init))
        for e in spam {
            #expect(w.truth.eventCampaign[e] == 0, "event \(e) is the campaign's")
            #expect(w.truth.eventTactics[e].contains(.shiftPattern), "event \(e) is worked in the shift")
            #expect(d.events.action[e] == .post && d.events.text[e] != noReference)
            #expect(languages.contains(d.events.language[e]), "event \(e) in language \(d.events.language[e])")
            #expect(Self.subjects.contains(Self.topicName(w, e)), "event \(e) on \(Self.topicName(w, e))")
        }
        // camouflageShare (0.3 by default) of the political accounts' posts: the spam and the sprayed politics.
        let share = Double(spam.count) / Double(spam.count + sprayed.count)
        let wanted = smokeScenario.campaigns[0].content.camouflageShare
        #expect(abs(share - wanted) < 0.08, "camouflage share \(share), scenario \(wanted)")
        // On the accounts that sprayed that day's politics, and mass-produced: items recur on several accounts.
        var politicalDays = Set<Int64>()
        for e in sprayed { politicalDays.insert(Int64(d.events.actor[e]) << 32 | (d.events.time[e] + 8 * 3600) / 86_400) }
        let onPosters = spam.filter { politicalDays.contains(Int64(d.events.actor[$0]) << 32 | (d.events.time[$0] + 8 * 3600) / 86_400) }
        #expect(Double(onPosters.count) > 0.95 * Double(spam.count), "\(onPosters.count) of \(spam.count) on a day's political account")
        var accounts: [Int32: Set<EntityID>] = [:]
        for e in spam { accounts[d.events.text[e], default: []].insert(d.events.actor[e]) }
        #expect(accounts.values.filter { $0.count >= 2 }.count > 10, "spam items posted by two or more accounts")
    }

    @Test func camouflageAndStateMediaSwitchOff() throws {
        var s = smokeScenario
        s.campaigns[0].content.camouflageShare = 0
        s.campaigns[0].content.stateMediaShare = 0
        s.hardNegatives.newsrooms.stateAlignedShare = 1
        let w = try WorldGenerator(scenario: s, tasks: 2).generate()
        #expect(Self.events(w, .postingSpamAsCamouflage).isEmpty)
        #expect(!Self.events(w, .sprayingContent).isEmpty)
        #expect(Self.amplified(w).isEmpty)
    }

    /// The campaign's sprayed posts that carry a newsroom's link, with the newsroom post they share.
    static func amplified(_ w: LabelledWorld) -> [(post: Int, story: Int)] {
        let d = w.observable
        var story: [Int32: Int] = [:]
        for e in 0 ..< d.events.count where d.events.url[e] != noReference && w.truth.entityClass[Int(d.events.actor[e])] == .newsroom {
            if story[d.events.url[e]] == nil { story[d.events.url[e]] = e }
        }
        return Self.events(w, .sprayingContent).compactMap { e in story[d.events.url[e]].map { (e, $0) } }
    }

    @Test func theCampaignAmplifiesStateAlignedOutletsWithTheirHeadlineAndLink() throws {
        var s = smokeScenario
        s.hardNegatives.newsrooms.stateAlignedShare = 1
        s.campaigns[0].content.stateMediaShare = 0.3
        // The outlets post their headlines bare, so the story's post shows the headline the campaign copies (with a
        // status message it is on the link card: NewsroomStatusMessageTests).
        s.hardNegatives.newsrooms.statusMessageShare = 0
        let w = try WorldGenerator(scenario: s, tasks: 2).generate()
        let d = w.observable
        let shares = Self.amplified(w)
        let sprayed = Self.events(w, .sprayingContent).filter { d.events.action[$0] == .post }
        let share = Double(shares.count) / Double(sprayed.count)
        // A share of the sprayed items (fewer where no story of the last two days is in the campaign's languages).
        #expect(share > 0.1 && share < 0.4, "amplified stories: \(shares.count) of \(sprayed.count) sprayed posts")
        let cn = try #require(d.countryIndex("CN"))
        let narratives = Set(WorldTextTests.narratives)
        for (post, story) in shares {
            #expect(d.texts[Int(d.events.text[post])] == d.texts[Int(d.events.text[story])], "the outlet's own headline")
            #expect(d.entities.country[Int(d.events.actor[story])] == UInt16(cn), "a state-aligned outlet, run from China")
            #expect(narratives.contains(Self.topicName(w, post)), "on a narrative: \(Self.topicName(w, post))")
            #expect(d.events.time[story] < d.events.time[post], "shared after it was published")
        }
    }

    @Test func outletsPublishInOneOfTheirRegionsLanguages() throws {
        let w = smokeWorld, d = w.observable
        var languages: [EntityID: Set<UInt8>] = [:]
        for e in 0 ..< d.events.count where w.truth.entityClass[Int(d.events.actor[e])] == .newsroom && d.events.action[e] == .post {
            languages[d.events.actor[e], default: []].insert(d.events.language[e])
        }
        #expect(languages.count >= 8)
        #expect(languages.values.allSatisfy { $0.count == 1 }, "each outlet account publishes in one language")
        // The smoke world's outlets are in Taiwan (zh 0.85, en 0.15) and the US (en 0.9, es 0.1): Taiwan's in Chinese.
        let zh = try #require(d.languageIndex("zh"))
        #expect(languages.values.contains { $0.contains(UInt8(zh)) }, "an outlet publishing in Chinese")
        let allowed = Set(["zh", "en", "es"].compactMap { d.languageIndex($0) }.map(UInt8.init))
        #expect(languages.values.allSatisfy { $0.isSubset(of: allowed) })
    }
}
