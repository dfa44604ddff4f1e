import CIBGenerator
import CIBModel
import CIBScenario
import CIBTruth
import Testing

/// Beijing-time minute of the day of a UTC timestamp.
private func beijingMinute(_ t: Timestamp) -> Int { Int(((t + 8 * 3600) % 86_400 + 86_400) % 86_400) / 60 }
private func beijingWeekday(_ t: Timestamp) -> Int { Int((((t + 8 * 3600) / 86_400) % 7 + 3) % 7) }  // 0 = Monday

@Test func campaignWorksItsBeijingShift() {
    let w = smokeWorld
    let e = w.observable.events
    let schedule = smokeScenario.campaigns[0].schedule
    // Blocks widened by the largest possible jitter, cluster offset, operator offset and drift over the period.
    let c = smokeScenario.campaigns[0]
    let weeks = Double(smokeScenario.period.days) / 7
    let margin = Int((Double(schedule.jitter.seconds) * (1 + c.clusterVariation)).rounded(.up) + Double(schedule.clusterOffsetSpread.seconds)
                     + Double(schedule.operatorSpread.seconds) + Double(schedule.drift.seconds) * weeks) / 60 + 1
    var inShift = 0, campaign = 0, lunch = 0, organicLunch = 0, organic = 0
    var weekday = 0, weekend = 0
    for i in 0 ..< e.count {
        let m = beijingMinute(e.time[i])
        // The shift's work: every campaign event but the personas' everyday posts (made at a person's hours).
        if w.truth.eventCampaign[i] >= 0 && w.truth.eventTactics[i].contains(.shiftPattern) {
            campaign += 1
            if schedule.blocks.contains(where: { m >= $0.start.minutes - margin && m < $0.end.minutes + margin }) { inShift += 1 }
            if m >= 12 * 60 && m < 13 * 60 { lunch += 1 }
            if beijingWeekday(e.time[i]) < 5 { weekday += 1 } else { weekend += 1 }
        } else if w.truth.eventCampaign[i] < 0 && w.truth.entityClass[Int(e.actor[i])] == .organic {
            organic += 1
            if m >= 12 * 60 && m < 13 * 60 { organicLunch += 1 }
        }
    }
    #expect(campaign > 500)
    #expect(Double(inShift) / Double(campaign) > 0.98)
    // The lunch break is empty for the operators but not for ordinary users.
    #expect(Double(lunch) / Double(campaign) < 0.01)
    #expect(Double(organicLunch) / Double(organic) > 0.02)
    // Quieter weekends: per day, weekdays carry several times the weekend volume (10 weekdays, 4 weekend days).
    #expect(Double(weekday) / 10 > 2.5 * Double(weekend) / 4)
}

@Test func boughtPageFollowersComeFromVietnamBangladeshBrazil() {
    let w = smokeWorld
    let d = w.observable
    var farmCountries = 0, total = 0
    var organicPageFarm = 0, organicPageTotal = 0
    let farmCodes = Set(["VN", "BD", "BR"].compactMap { d.countryIndex($0) }.map(UInt16.init))
    for i in 0 ..< d.follows.count {
        let page = Int(d.follows.followee[i])
        guard d.entities.kind[page] == .page else { continue }
        let country = d.entities.country[Int(d.follows.follower[i])]
        if w.truth.entityClass[page] == .campaign && w.truth.entityTactics[page].contains(.acquiringRepurposingAccounts) {
            total += 1
            if farmCodes.contains(country) { farmCountries += 1 }
        } else if w.truth.entityClass[page] == .organic {
            organicPageTotal += 1
            if country == UInt16(d.countryIndex("VN")!) || country == UInt16(d.countryIndex("BD")!) { organicPageFarm += 1 }
        }
    }
    #expect(total >= smokeScenario.campaigns[0].boughtPages.followers)
    #expect(Double(farmCountries) / Double(total) > 0.85)  // VN 0.42 + BD 0.30 + BR 0.20 = 0.92, and a few camouflage follows
    #expect(organicPageTotal > 0)
    // Farm accounts follow a few popular Pages as camouflage; organic Pages' audiences stay their regions' people.
    #expect(Double(organicPageFarm) / Double(organicPageTotal) < 0.15)
    // Spam Pages have bought foreign followers too, and never post for the campaign.
    let spamPages = w.truth.entityClass.indices.filter { w.truth.entityClass[$0] == .commercialSpam }
    #expect(!spamPages.isEmpty)
    for i in 0 ..< d.events.count where w.truth.entityClass[Int(d.events.actor[i])] == .commercialSpam {
        #expect(w.truth.eventCampaign[i] == -1)
    }
}

@Test func repurposedPagesSwitchAbruptlyFromChineseAdsToPolitics() {
    let w = smokeWorld
    let d = w.observable
    let spec = smokeScenario.campaigns[0].boughtPages
    let zh = UInt8(d.languageIndex("zh")!)
    let earliest = spec.purchaseFrom.utcMidnight
    let latest = spec.purchaseTo.utcMidnight + 86_400 + spec.switchDelay.seconds
    var switched = 0
    var pages: [Int: (lastAd: Timestamp, firstPolitics: Timestamp, ads: Int, adsInChinese: Int)] = [:]
    for i in 0 ..< d.events.count {
        let a = Int(d.events.actor[i])
        guard w.truth.entityClass[a] == .campaign, d.entities.kind[a] == .page else { continue }
        var p = pages[a] ?? (Timestamp.min, Timestamp.max, 0, 0)
        if w.truth.eventCampaign[i] < 0 {
            p.lastAd = max(p.lastAd, d.events.time[i])
            p.ads += 1
            if d.events.language[i] == zh { p.adsInChinese += 1 }
        } else {
            p.firstPolitics = min(p.firstPolitics, d.events.time[i])
        }
        pages[a] = p
    }
    #expect(pages.count >= 8)
    for (_, p) in pages {
        #expect(p.ads == p.adsInChinese)
        if p.firstPolitics != .max {
            switched += 1
            #expect(p.lastAd < p.firstPolitics)  // abrupt: no ad after the first political post
            #expect(p.firstPolitics >= earliest && p.firstPolitics < latest + 14 * 86_400)
        }
        if p.lastAd != .min { #expect(p.lastAd < latest) }
    }
    #expect(switched >= 6)
    #expect(pages.values.filter { $0.ads > 0 }.count >= 6)
}

@Test func headlinesAreSprayedAcrossPlatforms() {
    let w = smokeWorld
    let d = w.observable
    var platformsPerText: [Int32: Set<UInt16>] = [:]
    for i in 0 ..< d.events.count where w.truth.eventTactics[i].contains(.sprayingContent) {
        platformsPerText[d.events.text[i], default: []].insert(d.entities.platform[Int(d.events.actor[i])])
    }
    let exactCopies = platformsPerText.values.filter { $0.count >= 2 }
    #expect(exactCopies.count >= 10)
    #expect((platformsPerText.values.map(\.count).max() ?? 0) >= 4)
    // Variants with typos exist: texts sprayed once each.
    #expect(platformsPerText.values.filter { $0.count == 1 }.count > 50)
}

@Test func engagementWithCampaignPostsIsMostlySelfEngagement() {
    let w = smokeWorld
    let e = w.observable.events
    var own = 0, organic = 0
    for i in 0 ..< e.count where e.target[i] >= 0 && w.truth.eventCampaign[Int(e.target[i])] >= 0 {
        if w.truth.entityClass[Int(e.actor[i])] == .campaign {
            own += 1
            #expect(w.truth.eventTactics[i].contains(.amplifyingWithFakeAccounts))
        } else {
            organic += 1
        }
    }
    #expect(own > 200)
    #expect(organic > 0)  // a little organic reach
    #expect(Double(own) / Double(own + organic) > 0.75)
}

@Test func offTopicRepliesAnswerOrganicQuestions() {
    let w = smokeWorld
    let e = w.observable.events
    let offTopic = (0 ..< e.count).filter { w.truth.eventTactics[$0].contains(.offTopicReplies) }
    #expect(offTopic.count > 20)
    for i in offTopic {
        let target = Int(e.target[i])
        #expect(e.action[i] == .reply)
        // Ordinary people's questions (hard negatives among them are people too), never the operation's own.
        let asker = w.truth.entityClass[Int(e.actor[target])]
        #expect(asker == .organic || (asker.isHardNegative && !asker.isInauthentic), "question by \(asker)")
        #expect(w.observable.texts[e.text[target]].hasSuffix("?") || w.observable.texts[e.text[target]].contains("？"))
    }
}

@Test func campaignLogsInThroughSharedProxiesAndDevices() {
    let w = smokeWorld
    let l = w.observable.logins
    var ips = Set<UInt32>(), devices = Set<UInt32>(), accounts = Set<Int32>()
    // The operation's own sessions: not those of recycled accounts' and bought Pages' previous owners (tactic 0.9.9).
    for i in 0 ..< l.count where w.truth.entityClass[Int(l.entity[i])] == .campaign
        && !w.truth.entityTactics[Int(l.entity[i])].contains(.acquiringRepurposingAccounts) {
        ips.insert(l.ip[i]); devices.insert(l.device[i]); accounts.insert(l.entity[i])
    }
    let infra = smokeScenario.campaigns[0].infrastructure
    #expect(accounts.count > 40)
    #expect(ips.count <= smokeScenario.campaigns[0].clusters * infra.proxiesPerCluster + infra.sharedProxies)
    #expect(devices.count <= smokeScenario.campaigns[0].operatorCount * infra.devicesPerOperator)
    #expect(accounts.count > 3 * devices.count)
}

@Test func takedownsRemoveAccountsAndBatchCreateReplacements() throws {
    let s = try ScenarioLoader.load(
        path: "\(repositoryRoot)/scenarios/smoke.yaml",
        // No newcomers: every account created after the takedown is then a replacement.
        overrides: ["campaigns[0].churn={takedowns: [2023-03-13], removedShare: 0.5, replacementShare: 1, replacementDelay: 2d}",
                    "organic.newcomerShare=0"])
    let w = try WorldGenerator(scenario: s, tasks: 2).generate()
    try w.observable.validate()
    let d = w.observable
    let takedown = CalendarDate(parsing: "2023-03-13")!.utcMidnight
    let campaignAccounts = (0 ..< d.entities.count).filter { w.truth.entityClass[$0] == .campaign && d.entities.kind[$0] == .account }
    let initial = s.campaigns[0].accounts.values.reduce(0, +)
    let replacements = campaignAccounts.filter { d.entities.createdAt[$0] >= takedown }
    #expect(campaignAccounts.count == initial + replacements.count)
    #expect(replacements.count > initial / 4)
    #expect(replacements.allSatisfy { d.entities.createdAt[$0] < takedown + 2 * 86_400 + 2 * 3600 })
    // Accounts acting before the takedown but never after it: the removed ones.
    var lastAct: [Int: Timestamp] = [:], firstAct: [Int: Timestamp] = [:]
    for i in 0 ..< d.events.count where w.truth.eventCampaign[i] >= 0 {
        let a = Int(d.events.actor[i])
        lastAct[a] = max(lastAct[a] ?? .min, d.events.time[i])
        firstAct[a] = min(firstAct[a] ?? .max, d.events.time[i])
    }
    let original = campaignAccounts.filter { d.entities.createdAt[$0] < takedown }
    let silenced = original.filter { (lastAct[$0] ?? .min) < takedown }.count
    #expect(silenced > original.count / 3)
    for a in replacements { if let first = firstAct[a] { #expect(first >= d.entities.createdAt[a]) } }
    #expect(replacements.contains { firstAct[$0] != nil })
}
