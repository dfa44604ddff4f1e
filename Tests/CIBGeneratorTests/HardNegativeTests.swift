import CIBGenerator
import CIBModel
import CIBScenario
import CIBTruth
import Testing

@Test func everyHardNegativeIsPresentAndActive() {
    let w = smokeWorld
    var events: [EntityClass: Int] = [:]
    for a in w.observable.events.actor { events[w.truth.entityClass[Int(a)], default: 0] += 1 }
    for c in EntityClass.allCases where c.isHardNegative {
        #expect((events[c] ?? 0) > 5, "\(c) has events")
    }
    #expect(w.truth.entityClass.contains(.followerFarm))
}

@Test func newsroomsCrossPostWithinMinutesIncludingUTCPlus8() throws {
    let w = smokeWorld
    let d = w.observable
    var copies: [Int32: [(Timestamp, UInt16)]] = [:]
    for i in 0 ..< d.events.count where w.truth.entityClass[Int(d.events.actor[i])] == .newsroom {
        copies[d.events.text[i], default: []].append((d.events.time[i], d.entities.platform[Int(d.events.actor[i])]))
    }
    #expect(copies.count > 20)
    // An outlet's copies within the window; wire copy carried by other outlets within it too.
    let window = smokeScenario.hardNegatives.newsrooms.crossPostWindow.seconds
    for (_, list) in copies {
        let times = list.map(\.0)
        #expect(times.max()! - times.min()! < 2 * window)
    }
    #expect(copies.values.filter { Set($0.map(\.1)).count >= 3 }.count > 10)
    // Outlets in UTC+8: Taiwanese and Hong Kong ones, and state-aligned media run from the mainland.
    let utc8 = Set(["TW", "HK", "SG", "CN"].compactMap { d.countryIndex($0) }.map { UInt16($0) })
    #expect(w.truth.entityClass.indices.contains { w.truth.entityClass[$0] == .newsroom && utc8.contains(d.entities.country[$0]) })
}

/// Wire copy (Boumans 2016: two thirds of Dutch online news based on agency copy): a share of an outlet's headlines
/// is carried word for word by another outlet on the same platform within the cross-post window — what makes honest
/// outlets co-act whatever the size of the world around them — and that share follows `syndicatedShare`.
@Test func wireCopyIsCarriedWordForWordOnOnePlatformAsSyndicatedShareSays() throws {
    func carriedShare(_ share: Double) throws -> Double {
        var s = smokeScenario
        s.campaigns[0].enabled = false
        s.hardNegatives.newsrooms.count = 12
        s.hardNegatives.newsrooms.regions = ["US": 1]
        s.hardNegatives.newsrooms.syndicatedShare = share
        let w = try WorldGenerator(scenario: s, tasks: 2).generate()
        let d = w.observable
        var posts: [Int32: [(time: Timestamp, platform: UInt16, actor: EntityID)]] = [:]
        for i in 0 ..< d.events.count where d.events.action[i] == .post && w.truth.entityClass[Int(d.events.actor[i])] == .newsroom {
            let a = d.events.actor[i]
            posts[d.events.text[i], default: []].append((d.events.time[i], d.entities.platform[Int(a)], a))
        }
        let window = 2 * s.hardNegatives.newsrooms.crossPostWindow.seconds
        let carried = posts.values.filter { list in
            list.contains { p in list.contains { q in q.platform == p.platform && q.actor != p.actor && abs(q.time - p.time) <= window } }
        }.count
        #expect(posts.count > 300)
        return Double(carried) / Double(posts.count)
    }
    let none = try carriedShare(0), some = try carriedShare(0.1), most = try carriedShare(0.5)
    #expect(none == 0, "no wire copy, no headline shared by two outlets on a platform (\(none))")
    #expect(some > 0.01 && most > 2.5 * some, "carried word for word: \(some) at 0.1, \(most) at 0.5")
}

@Test func organicLinkBurstsShareNewsLinksWithinMinutes() {
    let w = smokeWorld
    let d = w.observable
    var sharers: [Int32: [Timestamp]] = [:]
    for i in 0 ..< d.events.count where d.events.url[i] >= 0 && w.truth.entityClass[Int(d.events.actor[i])] == .organic {
        sharers[d.events.url[i], default: []].append(d.events.time[i])
    }
    // At least one link shared by 5+ organic users within 30 minutes.
    let burst = sharers.values.contains { times in
        let s = times.sorted()
        return s.indices.contains { i in i + 4 < s.count && s[i + 4] - s[i] <= 1800 }
    }
    #expect(burst)
}

@Test func aSharedHeadlineKeepsItsOutletsLanguage() {
    let w = smokeWorld
    let d = w.observable
    // The language of each newsroom headline, from the outlets' own posts.
    var headlineLanguage: [Int32: UInt8] = [:]
    for i in 0 ..< d.events.count where d.events.url[i] >= 0 && d.events.text[i] >= 0
        && w.truth.entityClass[Int(d.events.actor[i])] == .newsroom {
        headlineLanguage[d.events.text[i]] = d.events.language[i]
    }
    var shared = 0, mismatched = 0
    for i in 0 ..< d.events.count where d.events.url[i] >= 0 && w.truth.entityClass[Int(d.events.actor[i])] == .organic {
        guard let language = headlineLanguage[d.events.text[i]] else { continue }
        shared += 1
        if d.events.language[i] != language { mismatched += 1 }
    }
    #expect(shared > 50)
    #expect(mismatched == 0)
    // And the sharers read it: a region speaking the headline's language is the sharer's.
    var spoken: [String: Set<String>] = [:]
    for r in smokeScenario.regions { spoken[r.country, default: []].formUnion(r.languages.keys) }
    var foreign = 0
    for i in 0 ..< d.events.count where d.events.url[i] >= 0 && w.truth.entityClass[Int(d.events.actor[i])] == .organic {
        guard headlineLanguage[d.events.text[i]] != nil else { continue }
        let country = d.countries[Int(d.entities.country[Int(d.events.actor[i])])]
        if spoken[country]?.contains(d.languages[Int(d.events.language[i])]) != true { foreign += 1 }
    }
    #expect(foreign == 0)
}

@Test func sharedNetworkUsersShareFewAddresses() {
    let w = smokeWorld
    let l = w.observable.logins
    var sessions: [UInt32: Int] = [:], users = Set<Int32>()
    for i in 0 ..< l.count where w.truth.entityClass[Int(l.entity[i])] == .sharedNetwork {
        sessions[l.ip[i], default: 0] += 1; users.insert(l.entity[i])
    }
    let s = smokeScenario.hardNegatives.sharedNetworks
    #expect(users.count > 10)
    // Most sessions come through the networks' few addresses (the rest from home or a phone elsewhere).
    let top = sessions.values.sorted(by: >).prefix(s.networks * s.addressesPerNetwork).reduce(0, +)
    #expect(Double(top) / Double(sessions.values.reduce(0, +)) > 0.7)
}

@Test func switchingBehavioursOff() throws {
    var s = smokeScenario
    s.hardNegatives.newsrooms.enabled = false
    s.hardNegatives.sharedNetworks.enabled = false
    s.hardNegatives.officeWorkers.enabled = false
    s.hardNegatives.engagementPods.enabled = false
    s.hardNegatives.rebrandedPages.enabled = false
    s.hardNegatives.diasporaPages.enabled = false
    s.campaigns[0].enabled = false
    let w = try WorldGenerator(scenario: s, tasks: 2).generate()
    for cls in [EntityClass.newsroom, .sharedNetwork, .officeWorker, .engagementPod, .rebrandedPage, .diasporaPage] {
        #expect(!w.truth.entityClass.contains(cls), "\(cls) switched off")
    }
    #expect(!w.truth.entityClass.contains(.campaign))
    #expect(w.truth.eventCampaign.allSatisfy { $0 < 0 })
    try w.observable.validate()
}

@Test func hardNegativesCarryNoCampaignTruth() {
    let w = smokeWorld
    for (i, cls) in w.truth.entityClass.enumerated() where cls.isHardNegative {
        #expect(w.truth.entityCampaign[i] == -1 && w.truth.entityCluster[i] == -1 && w.truth.entityOperator[i] == -1)
    }
    for e in 0 ..< w.observable.events.count where w.truth.entityClass[Int(w.observable.events.actor[e])].isHardNegative {
        #expect(w.truth.eventCampaign[e] == -1 && w.truth.eventTactics[e].isEmpty)
    }
}

/// Local hour and weekday (0 = Monday) of a UTC time at `offset` seconds east.
private func local(_ t: Timestamp, _ offset: Int64) -> (hour: Int, weekday: Int) {
    let l = t + offset
    return (Int((l % 86_400 + 86_400) % 86_400) / 3600, Int(((l / 86_400) % 7 + 3 + 7) % 7))
}

@Test func officeWorkersActInWorkingHoursWithBreaksAndQuietWeekends() {
    let w = smokeWorld
    let d = w.observable
    let offsets = Dictionary(uniqueKeysWithValues: smokeScenario.regions.map { ($0.country, $0.utcOffset.seconds) })
    var work = 0, lunch = 0, weekend = 0, total = 0
    for e in 0 ..< d.events.count where w.truth.entityClass[Int(d.events.actor[e])] == .officeWorker {
        let a = Int(d.events.actor[e])
        guard let offset = offsets[d.countries[Int(d.entities.country[a])]] else { continue }
        let (hour, weekday) = local(d.events.time[e], offset)
        total += 1
        if weekday >= 5 { weekend += 1 }
        if (9 ..< 12).contains(hour) || (14 ..< 17).contains(hour) { work += 1 }
        if hour == 12 { lunch += 1 }
    }
    #expect(total > 50)
    #expect(Double(work) / Double(total) > 0.5)  // six working hours of 24 carry most of it
    #expect(Double(lunch) / Double(total) < 0.04)  // a lunch break
    #expect(Double(weekend) / Double(total) < 0.12)  // quiet weekends (two days of seven)
}

@Test func engagementPodsEngageMostlyWithEachOther() {
    let w = smokeWorld
    let d = w.observable
    var inside = 0, outside = 0
    for e in 0 ..< d.events.count where d.events.target[e] >= 0 && w.truth.entityClass[Int(d.events.actor[e])] == .engagementPod {
        let author = Int(d.events.actor[Int(d.events.target[e])])
        if w.truth.entityClass[author] == .engagementPod { inside += 1 } else { outside += 1 }
    }
    #expect(inside > 100)
    #expect(Double(inside) / Double(inside + outside) > 0.7)
}

@Test func rebrandedPagesChangeTopicOrLanguageOnce() {
    let w = smokeWorld
    let d = w.observable
    // Each rebranded Page's first and last post: a shop's ad in one language, then community posts, often in another.
    var first: [Int: UInt8] = [:], last: [Int: UInt8] = [:]
    for e in 0 ..< d.events.count where w.truth.entityClass[Int(d.events.actor[e])] == .rebrandedPage {
        let p = Int(d.events.actor[e])
        if first[p] == nil { first[p] = d.events.language[e] }
        last[p] = d.events.language[e]
    }
    let pages = w.truth.entityClass.indices.filter { w.truth.entityClass[$0] == .rebrandedPage }
    #expect(pages.count == smokeScenario.hardNegatives.rebrandedPages.count)
    #expect(first.keys.contains { first[$0] != last[$0] }, "some rebranded Page changed its language")
    #expect(pages.allSatisfy { w.truth.entityTactics[$0].isEmpty })
}

@Test func diasporaPagesAreFollowedFromAbroad() {
    let w = smokeWorld
    let d = w.observable
    let pages = Set(w.truth.entityClass.indices.filter { w.truth.entityClass[$0] == .diasporaPage })
    #expect(pages.count == smokeScenario.hardNegatives.diasporaPages.count)
    var language: [Int: UInt8] = [:]
    for e in 0 ..< d.events.count where pages.contains(Int(d.events.actor[e])) { language[Int(d.events.actor[e])] = d.events.language[e] }
    // Chinese or Japanese Pages followed by people of other countries (the US, Australia, ...).
    let home = Set(["TW", "HK", "SG", "CN", "JP"].compactMap { d.countryIndex($0) }.map(UInt16.init))
    var abroad = 0, total = 0
    for i in 0 ..< d.follows.count where pages.contains(Int(d.follows.followee[i])) {
        total += 1
        if !home.contains(d.entities.country[Int(d.follows.follower[i])]) { abroad += 1 }
    }
    #expect(language.values.allSatisfy { [d.languageIndex("zh"), d.languageIndex("ja")].contains(Int($0)) })
    #expect(total > 20)
    #expect(Double(abroad) / Double(total) > 0.5)
}

@Test func spamPagesBuyFromTheFarmsTheCampaignBuysFrom() {
    let w = smokeWorld
    let d = w.observable
    var spamFollower = Set<Int32>(), campaignFollower = Set<Int32>()
    for i in 0 ..< d.follows.count {
        let followee = Int(d.follows.followee[i]), follower = d.follows.follower[i]
        guard w.truth.entityClass[Int(follower)] == .followerFarm else { continue }
        if w.truth.entityClass[followee] == .commercialSpam { spamFollower.insert(follower) }
        if w.truth.entityClass[followee] == .campaign && d.entities.kind[followee] == .page { campaignFollower.insert(follower) }
    }
    #expect(!spamFollower.intersection(campaignFollower).isEmpty)
}
