import CIBModel
import CIBStatistics
import Testing

@testable import CIBGenerator

/// Members 0..<3000 on 3 platforms and 4 regions: platform 1 has no one, nobody on platform 2 lives in region 3.
private func testLists() -> (lists: AccountLists, platform: [Int], region: [Int]) {
    let rng = RandomStream(seed: 11, stream: 0)
    var platform: [Int] = [], region: [Int] = []
    for _ in 0 ..< 3000 {
        let p = rng.bernoulli(0.5) ? 0 : 2
        platform.append(p)
        region.append(rng.uniformInt(p == 2 ? 3 : 4))
    }
    let lists = AccountLists(platforms: 3, regions: 4, members: 0 ..< 3000, platform: { platform[Int($0)] }, region: { region[Int($0)] })
    return (lists, platform, region)
}

@Test func accountListsHoldEachPlatformAndRegionInEntityOrder() {
    let (lists, platform, region) = testLists()
    for p in 0 ..< 3 {
        let all = lists.positions(platform: p).map { lists[$0] }
        #expect(all == (0 ..< 3000).filter { platform[$0] == p }.map { EntityID($0) }, "platform \(p)")
        for r in 0 ..< 4 {
            let some = lists.positions(platform: p, region: r).map { lists[$0] }
            #expect(some == (0 ..< 3000).filter { platform[$0] == p && region[$0] == r }.map { EntityID($0) }, "platform \(p), region \(r)")
        }
    }
    #expect(lists.positions(platform: 1).isEmpty && lists.positions(platform: 2, region: 3).isEmpty)
}

@Test func accountListPicksDrawAsPickingFromTheListsDid() {
    let (lists, platform, region) = testLists()
    // The definition the picks replace: one uniform draw over the region's list, or the platform's when the region
    // has no one there (or none is asked for); nothing when the platform has no one.
    func reference(_ p: Int, _ r: Int?, _ rng: RandomStream) -> EntityID? {
        let all = (0 ..< 3000).filter { platform[$0] == p }
        if let r {
            let some = all.filter { region[$0] == r }
            if !some.isEmpty { return EntityID(some[rng.uniformInt(some.count)]) }
        }
        return all.isEmpty ? nil : EntityID(all[rng.uniformInt(all.count)])
    }
    let a = RandomStream(seed: 5, stream: 1), b = RandomStream(seed: 5, stream: 1), ask = RandomStream(seed: 6, stream: 0)
    var fallbacks = 0, empty = 0
    for _ in 0 ..< 500 {
        let p = ask.uniformInt(3), r: Int? = ask.bernoulli(0.3) ? nil : ask.uniformInt(4)
        let picked = lists.pick(platform: p, region: r, a).map { lists[$0] }
        #expect(picked == reference(p, r, b), "platform \(p), region \(String(describing: r))")
        if p == 2 && r == 3 { fallbacks += 1 }
        if picked == nil { empty += 1 }
    }
    #expect(a.next() == b.next(), "the streams drew the same numbers")
    #expect(fallbacks > 0 && empty > 0, "the fallback and the empty platform were exercised")
}

@Test func consecutiveAccountsTakeConsecutivePositionsAndResolveReadsThem() {
    let (lists, platform, region) = testLists()
    // Accounts 1000..<1200 of platform 0: from the first position at or after 1000, one after the other in each list.
    var inPlatform = lists.firstPosition(atLeast: 1000, platform: 0)
    var inRegion = (0 ..< 4).map { lists.firstPosition(atLeast: 1000, platform: 0, region: $0) }
    for a in 1000 ..< 1200 where platform[a] == 0 {
        #expect(lists[inPlatform] == EntityID(a) && lists[inRegion[region[a]]] == EntityID(a))
        inPlatform += 1
        inRegion[region[a]] += 1
    }
    #expect(lists.firstPosition(atLeast: 5000, platform: 0) == lists.positions(platform: 0).upperBound)
    var column: [EntityID] = [EntityID(lists.positions(platform: 2).lowerBound), EntityID(inPlatform), EntityID(inPlatform - 1)]
    lists.resolve(&column)
    #expect(column == [EntityID((0 ..< 3000).first { platform[$0] == 2 }!), EntityID((1200 ..< 3000).first { platform[$0] == 0 }!), EntityID((1000 ..< 1200).last { platform[$0] == 0 }!)])
}

@Test func noOneFollowsThemselves() {
    let follows = smokeWorld.observable.follows
    #expect(follows.count > 1000)
    #expect((0 ..< follows.count).allSatisfy { follows.follower[$0] != follows.followee[$0] })
}
