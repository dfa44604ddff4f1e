import CIBModel
import CIBTruth
import Testing

/// The generated world's text at the level of the world (issue 21): the campaign posts in its scenario's language
/// mix, on its narratives, and honest accounts write on the same narratives; the truth records what each text is
/// about.
@Suite struct WorldTextTests {
    static let narratives: Set<String> = [
        "covid-origins", "us-racism", "overseas-police", "guo-wengui", "dissidents", "rare-earths", "nord-stream",
        "taiwan", "hong-kong", "xinjiang", "fukushima", "us-surveillance", "us-foreign-policy",
    ]

    /// Posts sprayed by the campaign (kill-chain 6.3).
    static let sprayed: [Int] = {
        let d = smokeWorld.observable, t = smokeWorld.truth
        return (0 ..< d.events.count).filter { d.events.action[$0] == .post && t.eventTactics[$0].contains(.sprayingContent) }
    }()

    static func topicName(_ e: Int) -> String {
        let t = smokeWorld.truth
        return t.topicNames[t.topic(of: e)]
    }

    @Test func campaignPostsFollowTheScenariosLanguageMix() throws {
        let d = smokeWorld.observable
        #expect(Self.sprayed.count > 200, "sprayed posts: \(Self.sprayed.count)")
        let zh = try #require(d.languages.firstIndex(of: "zh"))
        let share = Double(Self.sprayed.filter { Int(d.events.language[$0]) == zh }.count) / Double(Self.sprayed.count)
        // content.languages defaults to en 0.65, zh 0.35 (directions, not posts, are drawn: a few dozen a week).
        #expect(share > 0.15 && share < 0.6, "Chinese share of sprayed posts \(share)")
    }

    @Test func everySprayedPostIsOnANarrative() {
        let off = Self.sprayed.filter { !Self.narratives.contains(Self.topicName($0)) }
        #expect(off.isEmpty, "\(off.count) sprayed posts without a narrative topic, e.g. \(off.prefix(3).map(Self.topicName))")
    }

    @Test func honestAccountsWriteOnTheCampaignsNarratives() {
        let d = smokeWorld.observable, t = smokeWorld.truth
        var campaign: [String: Int] = [:], honest: [String: Int] = [:]
        var honestClasses: [String: Set<EntityClass>] = [:]
        for e in 0 ..< d.events.count where d.events.text[e] != noReference {
            let name = Self.topicName(e)
            guard Self.narratives.contains(name) else { continue }
            if t.eventCampaign[e] >= 0 {
                campaign[name, default: 0] += 1
            } else {
                honest[name, default: 0] += 1
                honestClasses[name, default: []].insert(t.entityClass[Int(d.events.actor[e])])
            }
        }
        // Every narrative the campaign pushes in earnest is also written about by honest accounts, organic users
        // among them; and honest texts on the narratives are not a rarity next to the campaign's own.
        for (name, count) in campaign where count >= 10 {
            #expect((honest[name] ?? 0) > 0, "\(name): \(count) campaign texts, no honest one")
            #expect(honestClasses[name]?.contains(.organic) ?? false, "\(name): no organic text")
        }
        let c = campaign.values.reduce(0, +), h = honest.values.reduce(0, +)
        #expect(c > 0 && Double(h) > 0.3 * Double(c), "narrative texts: campaign \(c), honest \(h)")
    }
}
