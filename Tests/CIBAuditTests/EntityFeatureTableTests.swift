@testable import CIBAudit
import CIBModel
import Testing

/// Every feature's value on a hand-built dataset, against figures worked out by hand.
@Suite struct EntityFeatureTableTests {
    static let hour: Timestamp = 3_600

    /// Four entities on two platforms: e0, e1 (a Page) and e3 on platform 0, e2 on platform 1.
    static func dataset() -> ObservableDataset {
        var data = ObservableDataset()
        data.platforms = [PlatformInfo(name: "facebook", kind: .social), PlatformInfo(name: "x", kind: .microblog)]
        data.countries = ["US", "TW"]
        data.languages = ["en"]
        data.end = 10 * 86_400
        data.entities.append(platform: 0, kind: .account, platformLocalID: 10, createdAt: 100, country: 0, name: "Anna 12")
        data.entities.append(platform: 0, kind: .page, platformLocalID: 5, createdAt: 200, country: 1, name: "XX Daily 7")
        data.entities.append(platform: 1, kind: .account, platformLocalID: 1, createdAt: 50, country: 0, name: "李华")
        data.entities.append(platform: 0, kind: .account, platformLocalID: 20, createdAt: 300, country: 0, name: "bob_99x")
        let post = data.events.append(time: 1 * hour, actor: 1, action: .post, text: 0)  // e1 at 01h
        data.events.append(time: 1 * hour + 60, actor: 0, action: .post, text: 0)  // e0 at 01h
        data.events.append(time: 1 * hour + 120, actor: 0, action: .like, target: post)  // e0 at 01h
        data.events.append(time: 13 * hour, actor: 0, action: .reply, target: post, text: 0)  // e0 at 13h
        data.events.append(time: 86_400 + 13 * hour, actor: 0, action: .repost, target: post)  // e0 at 13h next day
        data.events.append(time: 86_400 + 20 * hour, actor: 3, action: .like, target: post)  // e3 at 20h
        _ = data.texts.append("hello")
        data.follows.append(follower: 0, followee: 1, time: 0)
        data.follows.append(follower: 3, followee: 1, time: 0)
        data.follows.append(follower: 2, followee: 0, time: 0)
        data.logins.append(entity: 0, time: 0, ip: 1, device: 1)
        data.logins.append(entity: 0, time: 1, ip: 1, device: 2)
        data.logins.append(entity: 0, time: 2, ip: 2, device: 1)
        data.logins.append(entity: 3, time: 3, ip: 1, device: 9)
        return data
    }

    @Test func valuesMatchHandComputedFigures() throws {
        let table = EntityFeatureTable(Self.dataset())
        #expect(table.count == 4)
        #expect(table.column("entity_id") == [0, 1, 2, 3])
        #expect(table.column("platform_id") == [10, 5, 1, 20])
        // Platform 0: id ranks e1 < e0 < e3, creation ranks e0 < e1 < e3, each over 3 entities; e2 is alone.
        let rank = table.column("platform_id_vs_created_rank")
        #expect(abs(rank[0] - 1.0 / 3) < 1e-12 && abs(rank[1] + 1.0 / 3) < 1e-12 && rank[2] == 0 && rank[3] == 0)
        #expect(table.column("created_at") == [100, 200, 50, 300])
        #expect(table.column("name_length") == [7, 10, 2, 7])
        #expect(table.column("name_digits") == [2, 1, 0, 2])
        let shapeIndex = AuditFeature.index(of: "name_shape")!
        let shapes = table.column("name_shape").map { table.categories[shapeIndex][Int($0)] }
        #expect(shapes == ["Aa 9", "A Aa 9", "u", "a_9a"])
        let countryIndex = AuditFeature.index(of: "country")!
        #expect(table.column("country").map { table.categories[countryIndex][Int($0)] } == ["US", "TW", "US", "US"])
        let kindIndex = AuditFeature.index(of: "kind")!
        #expect(table.column("kind").map { table.categories[kindIndex][Int($0)] } == ["account", "page", "account", "account"])
        #expect(table.column("events") == [4, 1, 0, 1])
        #expect(table.column("events_post") == [1, 1, 0, 0])
        #expect(table.column("events_reply") == [1, 0, 0, 0])
        #expect(table.column("events_repost") == [1, 0, 0, 0])
        #expect(table.column("events_like") == [1, 0, 0, 1])
        #expect(table.column("follows_out") == [1, 0, 1, 1])
        #expect(table.column("followers") == [1, 2, 0, 0])
        #expect(table.column("logins") == [3, 0, 0, 1])
        #expect(table.column("distinct_ips") == [2, 0, 0, 1])
        #expect(table.column("distinct_devices") == [2, 0, 0, 1])
        // e0 acts at 01h twice and 13h twice: two equally likely hours, 1 bit; one event or none: 0 bits.
        #expect(table.column("hour_entropy") == [1, 0, 0, 0])
    }

    @Test func catalogueIsConsistent() {
        let names = AuditFeature.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(AuditFeature.all.filter(\.isIdentity).map(\.name)
            == ["entity_id", "platform_id", "platform_id_vs_created_rank", "created_at", "name_length", "name_digits", "name_shape"])
        // The marginal probe has no ids and nothing about timing.
        #expect(!AuditFeature.all.contains { $0.isMarginal && ["entity_id", "platform_id", "platform_id_vs_created_rank", "hour_entropy"].contains($0.name) })
        // One column per action kind.
        for kind in ActionKind.allCases { #expect(names.contains("events_\(kind.name)")) }
    }
}
