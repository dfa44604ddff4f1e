import CIBGenerator
import CIBModel
import CIBScenario
import CIBTruth
import Testing

/// The identifiers, names, creation times and tables of a generated world carry no class: only coordination — who
/// acts with whom, when, on what — separates the operation (issue 16).
@Suite struct WorldIdentityTests {
    /// ROC AUC of `score` for entities where `positive` holds against the others (Mann-Whitney, ties half).
    static func auc(_ score: [Double], _ positive: [Bool]) -> Double {
        let order = score.indices.sorted { score[$0] < score[$1] }
        var rankSum = 0.0, positives = 0.0, i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && score[order[j + 1]] == score[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i ... j where positive[order[k]] { rankSum += rank; positives += 1 }
            i = j + 1
        }
        let negatives = Double(score.count) - positives
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
    }

    let d = smokeWorld.observable
    let truth = smokeWorld.truth
    var campaign: [Bool] { truth.entityClass.map { $0 == .campaign } }

    @Test func entityIdsFollowCreationTimeAcrossEveryPopulation() {
        let created = d.entities.createdAt
        #expect(created.indices.dropFirst().allSatisfy { created[$0] >= created[$0 - 1] })
        // The classes are interleaved, not in blocks: the campaign's first and last entities are far apart.
        let ids = truth.entityClass.indices.filter { truth.entityClass[$0] == .campaign }
        #expect(ids.last! - ids.first! > d.entities.count / 2)
    }

    @Test func platformIdsGrowWithCreationTimeOnEveryPlatform() {
        var last = [UInt64](repeating: 0, count: d.platforms.count)
        var seen = [Set<UInt64>](repeating: [], count: d.platforms.count)
        for i in 0 ..< d.entities.count {
            let p = Int(d.entities.platform[i]), id = d.entities.platformLocalID[i]
            #expect(id > last[p], "platform ids of \(d.platforms[p].name) increase with creation time")
            #expect(seen[p].insert(id).inserted)
            last[p] = id
        }
    }

    @Test func idsCreationTimesAndNamesDoNotSeparateTheCampaign() {
        let positive = campaign
        let id = Self.auc(d.entities.createdAt.indices.map(Double.init), positive)
        let created = Self.auc(d.entities.createdAt.map(Double.init), positive)
        // Names of accounts (Pages are named otherwise, and are 10% of the campaign against 1% of the rest).
        let accounts = d.entities.kind.indices.filter { d.entities.kind[$0] == .account }
        let names = accounts.map { d.entities.name[$0] }
        let accountPositive = accounts.map { positive[$0] }
        let length = Self.auc(names.map { Double($0.count) }, accountPositive)
        let digits = Self.auc(names.map { Double($0.filter(\.isNumber).count) }, accountPositive)
        // About 100 campaign entities: an AUC's standard error is about 0.03-0.05 here (the audit holds the default
        // world, with 9,000 campaign entities, to [0.40, 0.60]).
        for (feature, value) in [("entity id", id), ("created_at", created), ("name length", length), ("digits in name", digits)] {
            #expect(value > 0.35 && value < 0.65, "\(feature): ROC AUC campaign vs rest \(value)")
        }
    }

    @Test func everyPopulationOfAccountsIsInEveryTable() {
        var members: [EntityClass: Int] = [:], loggedIn: [EntityClass: Set<Int32>] = [:], following: [EntityClass: Set<Int32>] = [:]
        for (i, cls) in truth.entityClass.enumerated() where d.entities.kind[i] == .account { members[cls, default: 0] += 1 }
        for e in d.logins.entity where d.entities.kind[Int(e)] == .account { loggedIn[truth.entityClass[Int(e)], default: []].insert(e) }
        for f in d.follows.follower where d.entities.kind[Int(f)] == .account { following[truth.entityClass[Int(f)], default: []].insert(f) }
        for (cls, n) in members where n >= 10 {
            let sessions = Double(loggedIn[cls]?.count ?? 0) / Double(n), follows = Double(following[cls]?.count ?? 0) / Double(n)
            #expect(sessions > 0.4, "\(cls): \(sessions) of its accounts log in")
            #expect(follows > 0.4, "\(cls): \(follows) of its accounts follow someone")
        }
    }

    @Test func newcomersJoinDuringThePeriodAndActOnlyAfterwards() {
        let joined = (0 ..< d.entities.count).filter { d.entities.createdAt[$0] >= d.start }
        #expect(joined.contains { truth.entityClass[$0] == .organic })
        for e in 0 ..< d.events.count {
            #expect(d.events.time[e] >= d.entities.createdAt[Int(d.events.actor[e])], "event \(e) before its actor existed")
        }
        for i in 0 ..< d.follows.count {
            #expect(d.follows.time[i] >= d.entities.createdAt[Int(d.follows.follower[i])], "follow \(i) before its follower existed")
        }
    }

    @Test func campaignGroupsAreJoinedAndFilledByTheOperation() {
        let groups = Set((0 ..< d.entities.count).filter { truth.entityClass[$0] == .campaign && d.entities.kind[$0] == .group })
        #expect(!groups.isEmpty)
        var joins: [Int: Int] = [:], posts: [Int: Int] = [:], campaignPosts: [Int: Int] = [:]
        for i in 0 ..< d.follows.count where groups.contains(Int(d.follows.followee[i])) {
            if truth.entityClass[Int(d.follows.follower[i])] == .campaign { joins[Int(d.follows.followee[i]), default: 0] += 1 }
        }
        for e in 0 ..< d.events.count where groups.contains(Int(d.events.context[e])) {
            posts[Int(d.events.context[e]), default: 0] += 1
            if truth.eventCampaign[e] >= 0 { campaignPosts[Int(d.events.context[e]), default: 0] += 1 }
        }
        for g in groups {
            #expect((joins[g] ?? 0) >= 5, "Group \(g) has \(joins[g] ?? 0) campaign members")
            #expect((campaignPosts[g] ?? 0) >= 3, "Group \(g) has \(campaignPosts[g] ?? 0) campaign posts of \(posts[g] ?? 0)")
        }
    }
}
