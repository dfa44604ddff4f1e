import CIBGenerator
import CIBModel
import CIBScenario
import CIBTruth
import Testing

@Test func everyHardNegativeIsPresentAndActive() {
    let w = smokeWorld
    var events: [EntityClass: Int] = [:]
    for a in w.observable.events.actor { events[w.truth.entityClass[Int(a)], default: 0] += 1 }
    for c in [EntityClass.newsroom, .marketing, .fanCommunity, .sharedNetwork, .commercialSpam] {
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
    let window = smokeScenario.hardNegatives.newsrooms.crossPostWindow.seconds
    for (_, list) in copies {
        let times = list.map(\.0)
        #expect(times.max()! - times.min()! < window)
    }
    #expect(copies.values.filter { Set($0.map(\.1)).count >= 3 }.count > 10)
    let tw = UInt16(d.countryIndex("TW")!)
    #expect(w.truth.entityClass.indices.contains { w.truth.entityClass[$0] == .newsroom && d.entities.country[$0] == tw })
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

@Test func sharedNetworkUsersShareFewAddresses() {
    let w = smokeWorld
    let l = w.observable.logins
    var ips = Set<UInt32>(), users = Set<Int32>()
    for i in 0 ..< l.count where w.truth.entityClass[Int(l.entity[i])] == .sharedNetwork {
        ips.insert(l.ip[i]); users.insert(l.entity[i])
    }
    let s = smokeScenario.hardNegatives.sharedNetworks
    #expect(users.count > 10)
    #expect(ips.count <= s.networks * s.addressesPerNetwork)
}

@Test func switchingBehavioursOff() throws {
    var s = smokeScenario
    s.hardNegatives.newsrooms.enabled = false
    s.hardNegatives.sharedNetworks.enabled = false
    s.campaigns[0].enabled = false
    let w = try WorldGenerator(scenario: s, tasks: 2).generate()
    #expect(!w.truth.entityClass.contains(.newsroom))
    #expect(!w.truth.entityClass.contains(.sharedNetwork))
    #expect(!w.truth.entityClass.contains(.campaign))
    #expect(w.truth.eventCampaign.allSatisfy { $0 < 0 })
    try w.observable.validate()
}
