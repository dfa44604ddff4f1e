import CIBModel
import CIBStatistics
@testable import CIBDetectors

/// Builds small hand-made observable worlds for the graph detectors' tests: entities, events (sorted by time on
/// ``build()``), follows and logins, with countries, languages and texts interned by name.
struct WorldBuilder {
    private(set) var data = ObservableDataset()
    private var textIndex: [String: Int32] = [:]
    private var nextLocalID: UInt64 = 1

    static let day: Timestamp = 86_400
    /// 2023-01-02 00:00 UTC, a Monday.
    static let t0: Timestamp = 1_672_617_600

    init(countries: [String], languages: [String]) {
        data.platforms = [PlatformInfo(name: "facebook", kind: .social)]
        data.countries = countries
        data.languages = languages
        data.start = Self.t0
        data.end = Self.t0 + 120 * Self.day
    }

    @discardableResult
    mutating func entity(_ kind: EntityKind = .account, country: String, createdAt: Timestamp = 0) -> EntityID {
        let c = UInt16(data.countryIndex(country)!)
        defer { nextLocalID += 1 }
        return data.entities.append(
            platform: 0, kind: kind, platformLocalID: nextLocalID, createdAt: createdAt, country: c,
            name: "\(kind.name)\(nextLocalID)")
    }

    /// Appends an event; the returned id is valid only until ``build()`` re-sorts by time, so tests pass targets
    /// created earlier with an earlier time (the stable sort keeps them before their replies).
    @discardableResult
    mutating func event(
        _ action: ActionKind, at time: Timestamp, by actor: EntityID, target: EventID = noReference,
        context: EntityID = noReference, text: String? = nil, language: String? = nil
    ) -> EventID {
        var textID = noReference
        if let text {
            if let id = textIndex[text] {
                textID = id
            } else {
                textID = data.texts.append(text)
                textIndex[text] = textID
            }
        }
        let languageID = language.map { UInt8(data.languageIndex($0)!) } ?? EventTable.noLanguage
        return data.events.append(
            time: time, actor: actor, action: action, target: target, context: context, text: textID, language: languageID)
    }

    mutating func follow(_ follower: EntityID, _ followee: EntityID, at time: Timestamp = t0) {
        data.follows.append(follower: follower, followee: followee, time: time)
    }

    mutating func login(_ entity: EntityID, at time: Timestamp, ip: String, device: UInt32) {
        data.logins.append(entity: entity, time: time, ip: IPv4.parse(ip)!, device: device)
    }

    /// The dataset with events stably sorted by time; it must validate.
    func build() throws -> ObservableDataset {
        var result = data
        let order = result.events.time.indices.sorted {
            let a = result.events.time[$0], b = result.events.time[$1]
            return a < b || (a == b && $0 < $1)
        }
        result.events.permute(by: order)
        try result.validate()
        return result
    }
}

/// Runs a registered detector with its defaults overridden by `overrides`.
func runDetector<D: Detector>(
    _ type: D.Type, on data: ObservableDataset, overrides: [String: String] = [:], tasks: Int = 1,
    upstream: [String: EntityScores] = [:]
) throws -> DetectorOutput {
    let values = try ParameterValues.resolve(D.parameters, overrides: overrides, detector: D.name)
    return try D(parameters: values).run(on: data, context: DetectorContext(tasks: tasks, seed: 7, upstream: upstream))
}

/// Worlds for each detector; each returns the dataset and the entity ids the tests look at.
enum GraphFixtures {
    // MARK: audience-mismatch

    struct AudienceWorld {
        var data: ObservableDataset
        var honestEnglishPage: EntityID
        var honestChinesePage: EntityID
        var vietnamesePage: EntityID
        var boughtCampaignPage: EntityID
        var commercialSpamPage: EntityID
        var smallPage: EntityID
    }

    /// Organic writers in US/GB (English), TW (Chinese) and VN (Vietnamese); honest Pages followed from their home
    /// regions (with a few travellers), a bought campaign Page and a commercial spam Page followed by batch-created,
    /// silent VN/BD/BR farm accounts.
    static func audience(seed: UInt64 = 11) throws -> AudienceWorld {
        let rng = RandomStream(seed: seed, stream: 1)
        var w = WorldBuilder(countries: ["US", "GB", "TW", "VN", "BD", "BR", "IN"], languages: ["en", "zh", "vi"])
        let t0 = WorldBuilder.t0, day = WorldBuilder.day
        var english: [EntityID] = [], chinese: [EntityID] = [], vietnamese: [EntityID] = []
        for i in 0 ..< 400 {
            let a = w.entity(country: i % 4 == 0 ? "GB" : "US", createdAt: t0 - Timestamp(rng.uniformInt(2000)) * day)
            english.append(a)
            w.event(.post, at: t0 + Timestamp(rng.uniformInt(100)) * day, by: a, text: "hello world \(i)", language: "en")
        }
        for i in 0 ..< 200 {
            let a = w.entity(country: "TW", createdAt: t0 - Timestamp(rng.uniformInt(2000)) * day)
            chinese.append(a)
            w.event(.post, at: t0 + Timestamp(rng.uniformInt(100)) * day, by: a, text: "你好 \(i)", language: "zh")
        }
        for i in 0 ..< 100 {
            let a = w.entity(country: "VN", createdAt: t0 - Timestamp(rng.uniformInt(2000)) * day)
            vietnamese.append(a)
            w.event(.post, at: t0 + Timestamp(rng.uniformInt(100)) * day, by: a, text: "xin chao \(i)", language: "vi")
        }
        // Farm accounts: created on three days, never act.
        var farm: [EntityID] = []
        let farmCountries = ["VN", "BD", "BR"]
        for i in 0 ..< 600 {
            farm.append(w.entity(country: farmCountries[i % 3], createdAt: t0 - Timestamp(300 + i % 3) * day))
        }

        let honestEnglishPage = w.entity(.page, country: "US", createdAt: t0 - 900 * day)
        let honestChinesePage = w.entity(.page, country: "TW", createdAt: t0 - 900 * day)
        let vietnamesePage = w.entity(.page, country: "VN", createdAt: t0 - 900 * day)
        let boughtCampaignPage = w.entity(.page, country: "US", createdAt: t0 - 400 * day)
        let commercialSpamPage = w.entity(.page, country: "TW", createdAt: t0 - 400 * day)
        let smallPage = w.entity(.page, country: "US", createdAt: t0 - 400 * day)
        for k in 0 ..< 20 {
            let t = t0 + Timestamp(k) * day
            w.event(.post, at: t, by: honestEnglishPage, text: "local news \(k)", language: "en")
            w.event(.post, at: t, by: honestChinesePage, text: "新聞 \(k)", language: "zh")
            w.event(.post, at: t, by: vietnamesePage, text: "tin tuc \(k)", language: "vi")
            w.event(.post, at: t, by: boughtCampaignPage, text: k < 10 ? "新款内衣 优惠 \(k)" : "Rummors and truth \(k)",
                    language: k < 10 ? "zh" : "en")
            w.event(.post, at: t, by: commercialSpamPage, text: "手机壳 包邮 \(k)", language: "zh")
            w.event(.post, at: t, by: smallPage, text: "my page \(k)", language: "en")
        }
        for a in english.prefix(150) { w.follow(a, honestEnglishPage) }
        for a in vietnamese.prefix(5) { w.follow(a, honestEnglishPage) }  // travellers / diaspora
        for a in chinese.prefix(120) { w.follow(a, honestChinesePage) }
        for a in english.suffix(4) { w.follow(a, honestChinesePage) }
        for a in vietnamese.suffix(60) { w.follow(a, vietnamesePage) }
        for a in farm.prefix(300) { w.follow(a, boughtCampaignPage) }
        for a in english.suffix(10) { w.follow(a, boughtCampaignPage) }
        for a in farm.suffix(250) { w.follow(a, commercialSpamPage) }
        for a in chinese.suffix(10) { w.follow(a, commercialSpamPage) }
        for a in farm.prefix(8) { w.follow(a, smallPage) }
        return AudienceWorld(
            data: try w.build(), honestEnglishPage: honestEnglishPage, honestChinesePage: honestChinesePage,
            vietnamesePage: vietnamesePage, boughtCampaignPage: boughtCampaignPage,
            commercialSpamPage: commercialSpamPage, smallPage: smallPage)
    }

    // MARK: repurposed-page

    struct RepurposedWorld {
        var data: ObservableDataset
        var repurposed: EntityID
        /// The time of the repurposed Page's first English political post.
        var switchTime: Timestamp
        var bilingual: EntityID
        var stable: EntityID
        var short: EntityID
        var topicOnly: EntityID
    }

    static func repurposed(seed: UInt64 = 12) throws -> RepurposedWorld {
        let rng = RandomStream(seed: seed, stream: 2)
        var w = WorldBuilder(countries: ["US", "TW"], languages: ["en", "zh"])
        let t0 = WorldBuilder.t0, hour: Timestamp = 3600
        let repurposed = w.entity(.page, country: "TW")
        let bilingual = w.entity(.page, country: "TW")
        let stable = w.entity(.page, country: "US")
        let short = w.entity(.page, country: "US")
        let topicOnly = w.entity(.page, country: "TW")
        let member = w.entity(country: "US")
        let group = w.entity(.group, country: "US")
        let commercial = ["新款内衣 优惠 包邮", "手机壳 特价 下单", "童装 促销 现货", "文胸 折扣 价格"]
        let political = [
            "Rummors and truth of COVID-19", "Queen Elizabeth II Dead or Related to New Prime Minister Truss?",
            "Guo Wengui's Lies, Little Ant's Drugs", "The US government lies about Taiwan",
        ]
        let chinesePolitics = ["郭文贵 谎言 真相", "美国 政府 谣言", "台湾 选举 政治"]
        var t = t0
        for k in 0 ..< 40 {
            t += Timestamp(1 + rng.uniformInt(20)) * hour
            w.event(.post, at: t, by: repurposed, text: commercial[k % 4] + " \(k)", language: "zh")
        }
        let switchTime = t + 10 * hour
        t = switchTime
        for k in 0 ..< 60 {
            w.event(.post, at: t, by: repurposed, text: political[k % 4], language: "en")
            t += Timestamp(1 + rng.uniformInt(20)) * hour
        }
        for k in 0 ..< 100 {
            let english = rng.bernoulli(0.5)
            w.event(.post, at: t0 + Timestamp(k) * 7 * hour, by: bilingual,
                    text: english ? "Taiwan election news \(k)" : "台湾 选举 \(k)", language: english ? "en" : "zh")
            w.event(.post, at: t0 + Timestamp(k) * 5 * hour, by: stable, text: "Weather today \(k)", language: "en")
        }
        for k in 0 ..< 6 {
            w.event(.post, at: t0 + Timestamp(k) * hour, by: short, text: k < 3 ? "优惠 \(k)" : "election \(k)",
                    language: k < 3 ? "zh" : "en")
        }
        for k in 0 ..< 60 {
            w.event(.post, at: t0 + Timestamp(k) * 9 * hour, by: topicOnly,
                    text: k < 30 ? commercial[k % 4] : chinesePolitics[k % 3], language: "zh")
        }
        // A member's posts inside a Group count for the Group; stable language: not flagged.
        for k in 0 ..< 20 {
            w.event(.post, at: t0 + Timestamp(k) * hour, by: member, context: group, text: "hi \(k)", language: "en")
        }
        return RepurposedWorld(
            data: try w.build(), repurposed: repurposed, switchTime: switchTime, bilingual: bilingual, stable: stable,
            short: short, topicOnly: topicOnly)
    }

    // MARK: shared-infrastructure

    struct InfrastructureWorld {
        var data: ObservableDataset
        var campaign: [EntityID]
        var natUsers: [EntityID]
        var household: [EntityID]
        var genericDeviceUsers: [EntityID]
    }

    /// A campaign cluster logging in at shift hours through three proxies from two devices; 500 honest users behind
    /// one carrier NAT address, each on their own phone and also at home; a two-person household sharing a laptop;
    /// 1,100 users whose browsers report the same generic fingerprint (more than the default popularity cap).
    static func infrastructure(seed: UInt64 = 13) throws -> InfrastructureWorld {
        let rng = RandomStream(seed: seed, stream: 3)
        var w = WorldBuilder(countries: ["US", "CN"], languages: ["en"])
        let t0 = WorldBuilder.t0, day = WorldBuilder.day, hour: Timestamp = 3600
        let campaign = (0 ..< 12).map { _ in w.entity(country: "US") }
        let proxies = ["23.94.10.1", "23.94.10.2", "23.94.10.3"]
        for d in 0 ..< 14 {
            for shiftHour in [9, 14, 20] {
                for (k, a) in campaign.enumerated() {
                    let t = t0 + Timestamp(d) * day + Timestamp(shiftHour) * hour + Timestamp(rng.uniformInt(3000))
                    w.login(a, at: t, ip: proxies[(d + shiftHour) % 3], device: 900 + UInt32(k % 2))
                }
            }
        }
        let natUsers = (0 ..< 500).map { _ in w.entity(country: "US") }
        for (k, a) in natUsers.enumerated() {
            for _ in 0 ..< 10 {
                let t = t0 + Timestamp(rng.uniformInt(14 * 24)) * hour + Timestamp(rng.uniformInt(3600))
                w.login(a, at: t, ip: "100.64.0.1", device: 10_000 + UInt32(k))
            }
            for _ in 0 ..< 5 {
                let t = t0 + Timestamp(rng.uniformInt(14 * 24)) * hour + Timestamp(rng.uniformInt(3600))
                w.login(a, at: t, ip: "73.1.\(k / 250).\(k % 250)", device: 10_000 + UInt32(k))
            }
        }
        let household = (0 ..< 2).map { _ in w.entity(country: "US") }
        for d in 0 ..< 14 {
            for a in household {
                w.login(a, at: t0 + Timestamp(d) * day + 19 * hour + Timestamp(rng.uniformInt(3000)), ip: "98.7.6.5", device: 555)
            }
        }
        let genericDeviceUsers = (0 ..< 1100).map { _ in w.entity(country: "US") }
        for (k, a) in genericDeviceUsers.enumerated() {
            for _ in 0 ..< 5 {
                let t = t0 + Timestamp(rng.uniformInt(14 * 24)) * hour
                w.login(a, at: t, ip: "68.2.\(k / 200).\(k % 200)", device: 42)
            }
        }
        return InfrastructureWorld(
            data: try w.build(), campaign: campaign, natUsers: natUsers, household: household,
            genericDeviceUsers: genericDeviceUsers)
    }

    // MARK: engagement-ring

    struct EngagementWorld {
        var data: ObservableDataset
        var ring: [EntityID]
        var organic: [EntityID]
        var popularAuthor: EntityID
        var fanClub: [EntityID]
        var hubs: [EntityID] = []
    }

    /// 400 organic accounts that like and reply to each other at random (heavy-tailed by a Zipf choice of author), a
    /// popular author whose posts 300 independent accounts like, a small fan club of 10 accounts who like several
    /// popular authors, and a 30-account ring that engages almost exclusively with its own posts.
    /// `hubs` heavy users (created last, after every other draw) each like one post of every author.
    static func engagement(seed: UInt64 = 14, hubs hubCount: Int = 0) throws -> EngagementWorld {
        let rng = RandomStream(seed: seed, stream: 4)
        var w = WorldBuilder(countries: ["US"], languages: ["en"])
        let t0 = WorldBuilder.t0, hour: Timestamp = 3600
        let organic = (0 ..< 400).map { _ in w.entity(country: "US") }
        let popularAuthor = w.entity(country: "US")
        let ring = (0 ..< 30).map { _ in w.entity(country: "US") }
        // Posts: each organic account 3 posts, the popular author 20, each ring member 10, in the first 50 hours.
        var posts: [(id: EventID, author: EntityID, time: Timestamp)] = []
        func post(_ author: EntityID, _ k: Int) {
            let t = t0 + Timestamp(rng.uniformInt(50)) * hour
            posts.append((w.event(.post, at: t, by: author, text: "post \(author) \(k)", language: "en"), author, t))
        }
        for a in organic { for k in 0 ..< 3 { post(a, k) } }
        for k in 0 ..< 20 { post(popularAuthor, k) }
        for a in ring { for k in 0 ..< 10 { post(a, k) } }
        let popularPosts = posts.filter { $0.author == popularAuthor }
        let organicPosts = posts.filter { organic.contains($0.author) }
        let ringPosts = posts.filter { ring.contains($0.author) }
        let later = t0 + 60 * hour
        // Organic engagement: each account 6 likes/replies on posts chosen with a Zipf preference.
        let zipf = ZipfSampler(exponent: 1.2, count: organicPosts.count)
        for a in organic {
            for _ in 0 ..< 6 {
                let p = organicPosts[zipf.sample(rng)]
                if p.author == a { continue }
                w.event(rng.bernoulli(0.7) ? .like : .reply, at: later + Timestamp(rng.uniformInt(500)) * 60, by: a, target: p.id)
            }
        }
        // The popular author: 300 distinct likers, 1-2 likes each.
        for a in organic.prefix(300) {
            for _ in 0 ..< 1 + rng.uniformInt(2) {
                let p = popularPosts[rng.uniformInt(popularPosts.count)]
                w.event(.like, at: later + Timestamp(rng.uniformInt(500)) * 60, by: a, target: p.id)
            }
        }
        // Fan club: 10 organic accounts who each like many posts of the popular author and of the top 5 organic posters.
        let fanClub = Array(organic.suffix(10))
        let stars = Array(organic.prefix(5)) + [popularAuthor]
        for a in fanClub {
            for p in posts where stars.contains(p.author) && rng.bernoulli(0.6) {
                w.event(.like, at: later + Timestamp(rng.uniformInt(500)) * 60, by: a, target: p.id)
            }
        }
        // The ring: each member engages with ~80% of the other members' posts; a few organic likes reach it.
        for a in ring {
            for p in ringPosts where p.author != a && rng.bernoulli(0.8) {
                w.event(rng.bernoulli(0.5) ? .like : (rng.bernoulli(0.5) ? .reply : .repost),
                        at: later + Timestamp(rng.uniformInt(500)) * 60, by: a, target: p.id)
            }
        }
        for a in organic.prefix(20) {
            let p = ringPosts[rng.uniformInt(ringPosts.count)]
            w.event(.like, at: later + Timestamp(rng.uniformInt(500)) * 60, by: a, target: p.id)
        }
        var hubs: [EntityID] = []
        for _ in 0 ..< hubCount {
            let hub = w.entity(country: "US")
            hubs.append(hub)
            var seen = Set<EntityID>()
            for p in posts where seen.insert(p.author).inserted {
                w.event(.like, at: later + Timestamp(rng.uniformInt(500)) * 60, by: hub, target: p.id)
            }
        }
        return EngagementWorld(data: try w.build(), ring: ring, organic: organic, popularAuthor: popularAuthor, fanClub: fanClub, hubs: hubs)
    }
}
