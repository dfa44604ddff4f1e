import CIBGenerator
import CIBModel
import CIBScenario
import CIBTruth
import Testing

@Test func smokeWorldIsValidAndSmall() throws {
    let w = smokeWorld
    try w.observable.validate()
    #expect(w.observable.events.count > 2000)
    #expect(w.observable.events.count < 40_000)
    #expect(w.truth.entityClass.count == w.observable.entities.count)
    #expect(w.truth.eventCampaign.count == w.observable.events.count)
    #expect(w.truth.campaignNames == ["spamouflage"])
    // Every event lies in the period.
    #expect(w.observable.events.time.allSatisfy { $0 >= w.observable.start && $0 < w.observable.end })
}

@Test func campaignAssetCountsMatchTheScenario() {
    let w = smokeWorld
    let d = w.observable
    let c = smokeScenario.campaigns[0]
    for (name, n) in c.accounts.entries {
        let p = UInt16(d.platformIndex(named: name)!)
        let count = (0 ..< d.entities.count).filter { w.truth.entityClass[$0] == .campaign && d.entities.platform[$0] == p && d.entities.kind[$0] == .account }.count
        #expect(count == n, "campaign accounts on \(name)")
    }
    let pages = (0 ..< d.entities.count).filter { w.truth.entityClass[$0] == .campaign && d.entities.kind[$0] == .page }.count
    let groups = (0 ..< d.entities.count).filter { w.truth.entityClass[$0] == .campaign && d.entities.kind[$0] == .group }.count
    #expect(pages == c.pages["facebook"])
    #expect(groups == c.groups["facebook"])
    // Every bought follower is a follow of a campaign Page by a follower-farm account (some resold by the farms that
    // serve commercial spam Pages).
    let boughtPages = Set((0 ..< d.entities.count).filter { w.truth.entityClass[$0] == .campaign && d.entities.kind[$0] == .page })
    let farmFollows = (0 ..< d.follows.count).filter {
        boughtPages.contains(Int(d.follows.followee[$0])) && w.truth.entityClass[Int(d.follows.follower[$0])] == .followerFarm
    }.count
    #expect(farmFollows == c.boughtPages.followers)
    let clusters = Set(w.truth.entityCluster.filter { $0 >= 0 })
    let operators = Set(w.truth.entityOperator.filter { $0 >= 0 })
    #expect(clusters.count == c.clusters)
    #expect(operators.count == c.clusters * c.operatorsPerCluster)
}

@Test func sameSeedSameWorldForAnyTaskCount() throws {
    let one = try WorldGenerator(scenario: smokeScenario, tasks: 1).generate()
    let eight = try WorldGenerator(scenario: smokeScenario, tasks: 8).generate()
    #expect(one.observable == smokeWorld.observable)
    #expect(one.truth == smokeWorld.truth)
    #expect(eight.observable == smokeWorld.observable)
    #expect(eight.truth == smokeWorld.truth)
}

@Test func differentSeedDifferentWorld() throws {
    let other = try WorldGenerator(scenario: smokeScenario, seed: smokeScenario.seed + 1, tasks: 2).generate()
    #expect(other.observable.events.time != smokeWorld.observable.events.time)
    #expect(other.observable != smokeWorld.observable)
}

@Test func scaleGrowsTheOrganicWorldOnly() throws {
    let double = try WorldGenerator(scenario: smokeScenario, scale: 2, tasks: 2).generate()
    func count(_ w: LabelledWorld, _ c: EntityClass) -> Int { w.truth.entityClass.filter { $0 == c }.count }
    #expect(count(double, .organic) > 2 * count(smokeWorld, .organic) - 50)
    #expect(count(double, .campaign) == count(smokeWorld, .campaign))
    let organicEvents = { (w: LabelledWorld) in w.observable.events.actor.filter { w.truth.entityClass[Int($0)] == .organic }.count }
    let ratio = Double(organicEvents(double)) / Double(organicEvents(smokeWorld))
    #expect(ratio > 1.6 && ratio < 2.5)
    #expect(throws: GeneratorError.self) { try WorldGenerator(scenario: smokeScenario, scale: 0).generate() }
}
