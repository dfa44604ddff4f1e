internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import CIBTruth

/// Everything decided before events are generated, built serially in a fixed order: the dataset's dictionaries
/// (platforms, countries, languages), region clocks, every entity with its truth, the follows that come with bought
/// Pages, the newsrooms' headline feed, and the campaigns' assets, schedules and daily content directions.
/// Event units read it concurrently and never change it (the campaigns are added to a copy while the units that do
/// not need them run).
///
/// Entity order: organic accounts (by platform), shared-network users, organic Pages, organic Groups, newsroom
/// outlets, marketing accounts, fan communities, commercial spam Pages and their bought followers, then per campaign
/// its accounts, Pages, Groups and follower-farm accounts.
struct WorldPlan: Sendable {
    let scenario: Scenario
    let seed: UInt64
    let scale: Double
    let period: Period
    let start: Timestamp
    let end: Timestamp

    var platforms: [PlatformInfo] = []
    var countries: [String] = []
    var languages: [String] = []
    var countryIndex: [String: UInt16] = [:]
    var languageIndex: [String: UInt8] = [:]

    var clocks: [RegionClock] = []
    var regionLanguages: [DiscreteSampler] = []
    /// Language codes and dataset indices per region, parallel to `regionLanguages`' outcomes.
    var regionLanguageCodes: [[String]] = []
    var regionLanguageIndex: [[UInt8]] = []
    var regionCountry: [UInt16] = []
    var regionOctet: [UInt32] = []
    var regionSampler: DiscreteSampler?
    /// A +08:00 human clock for commercial Pages run from China and South-east Asia.
    var commercialClock: RegionClock

    var entities = EntityTable()
    var truth = GroundTruth()
    /// Region index per entity, or 255.
    var entityRegion: [UInt8] = []
    var follows = FollowTable()
    private var platformCounters: [UInt64] = []

    // Organic population.
    var organicChunks: [(platform: Int, range: Range<Int32>, sharedNetwork: Bool)] = []
    /// Organic accounts (shared-network users included) by platform and region, for picks.
    var accountLists = AccountLists()
    var groupsByPlatform: [[EntityID]] = []
    var organicPages: Range<Int32> = 0 ..< 0
    var sharedUsers: Range<Int32> = 0 ..< 0
    var sharedNetworkOf: [Int32] = []
    var networkAddresses: [[UInt32]] = []

    // Shared content pools (global text and URL ids).
    var sharedTexts = StringTable()
    var sharedURLs = StringTable()
    var newsFeed: [NewsItem] = []
    /// `newsFeed` times, for binary search.
    var newsTimes: [Timestamp] = []
    var vocab = TextFactory.Vocabulary()

    var outlets: [Outlet] = []
    var agencies: [Agency] = []
    var communities: [Community] = []
    var spamPages: [EntityID] = []
    var campaigns: [CampaignPlan] = []

    let text = TextFactory()

    /// The plan; with `campaigns: false`, everything but the campaigns (see ``addCampaigns()``). With `tasks` above 1
    /// the vocabulary (a function of the languages alone) is built on another thread while the organic entities
    /// are created.
    init(scenario: Scenario, seed: UInt64, scale: Double, campaigns: Bool = true, tasks: Int = 1) {
        self.scenario = scenario
        self.seed = seed
        self.scale = scale
        self.period = scenario.period
        self.start = scenario.period.startTime
        self.end = scenario.period.endTime
        self.commercialClock = RegionClock(
            daily: StandardWorld.humanDaily, weekly: StandardWorld.humanWeekly, offset: { _ in UTCOffset(hours: 8) },
            holiday: { _ in 1 }, period: scenario.period)
        let rng = RandomStream(seed: seed, stream: 0)
        buildDictionaries()
        buildRegions()
        let text = self.text, languages = self.languages
        let vocabulary = BackgroundJob(inBackground: tasks > 1) { text.vocabulary(for: languages) }
        createOrganic(rng.child(1))
        createSharedNetworks(rng.child(2))
        accountLists = AccountLists(
            platforms: platforms.count, regions: scenario.regions.count, members: 0 ..< sharedUsers.upperBound,
            platform: { [entities] in Int(entities.platform[Int($0)]) }, region: { [entityRegion] in Int(entityRegion[Int($0)]) })
        createOrganicPagesAndGroups(rng.child(3))
        vocab = vocabulary.wait()
        createNewsrooms(rng.child(4))
        newsTimes = newsFeed.map(\.time)
        createMarketingAndFans(rng.child(5))
        createSpamPages(rng.child(6))
        if campaigns { addCampaigns() }
    }

    /// Adds the campaigns' assets, schedules and directions (after every other entity; each campaign draws from its
    /// own child of stream 0). The units of the organic world and the hard negatives do not read them, so the
    /// generator runs this alongside those units, on a copy of the rest of the plan.
    mutating func addCampaigns() {
        let rng = RandomStream(seed: seed, stream: 0)
        for (i, spec) in scenario.campaigns.enumerated() where spec.enabled {
            createCampaign(index: i, spec: spec, rng.child(100 + UInt64(i)))
        }
        truth.campaignNames = scenario.campaigns.map(\.name)
    }

    // MARK: - Dictionaries

    private mutating func country(_ code: String) -> UInt16 {
        if let i = countryIndex[code] { return i }
        countries.append(code)
        countryIndex[code] = UInt16(countries.count - 1)
        return UInt16(countries.count - 1)
    }

    private mutating func language(_ code: String) -> UInt8 {
        if let i = languageIndex[code] { return i }
        languages.append(code)
        languageIndex[code] = UInt8(languages.count - 1)
        return UInt8(languages.count - 1)
    }

    private mutating func buildDictionaries() {
        platforms = scenario.platforms.map { PlatformInfo(name: $0.name, kind: $0.kind) }
        platformCounters = Array(repeating: 0, count: platforms.count)
        for r in scenario.regions {
            _ = country(r.country)
            for l in r.languages.keys { _ = language(l) }
        }
        let hn = scenario.hardNegatives
        for c in hn.spamPages.followerCountries.keys { _ = country(c) }
        for l in hn.spamPages.languages.keys { _ = language(l) }
        for c in scenario.campaigns {
            for k in c.accountCreation.countries.keys { _ = country(k) }
            for k in c.boughtPages.followerCountries.keys { _ = country(k) }
            for k in c.infrastructure.proxyCountries.keys { _ = country(k) }
            for l in c.content.languages.keys { _ = language(l) }
            _ = language(c.boughtPages.preHistoryLanguage)
        }
        for l in ["en", "zh"] { _ = language(l) }
        _ = country("CN")
    }

    private mutating func buildRegions() {
        for r in scenario.regions {
            clocks.append(RegionClock(region: r, period: period))
            regionLanguages.append(try! DiscreteSampler(weights: r.languages.weights))
            regionLanguageCodes.append(r.languages.keys)
            regionLanguageIndex.append(r.languages.keys.map { languageIndex[$0]! })
            regionCountry.append(countryIndex[r.country]!)
            regionOctet.append(Mix.countryOctet(r.country))
        }
        let shares = scenario.regions.map(\.share)
        if shares.contains(where: { $0 > 0 }) { regionSampler = try! DiscreteSampler(weights: shares) }
    }

    // MARK: - Entities

    @discardableResult
    mutating func addEntity(
        platform: Int, kind: EntityKind, createdAt: Timestamp, country: UInt16, name: String, region: Int,
        cls: EntityClass, campaign: Int16 = -1, cluster: Int32 = -1, operator op: Int32 = -1, tactics: TacticSet = []
    ) -> EntityID {
        var name = name  // native or small: its UTF-8 is read in place, no copy
        return name.withUTF8 {
            addEntity(platform: platform, kind: kind, createdAt: createdAt, country: country, nameUTF8: $0, region: region,
                      cls: cls, campaign: campaign, cluster: cluster, operator: op, tactics: tactics)
        }
    }

    /// ``addEntity(platform:kind:createdAt:country:name:region:cls:campaign:cluster:operator:tactics:)`` with the
    /// name as UTF-8 bytes (the follower farms' hundreds of thousands of accounts need no `String` each).
    mutating func addEntity(
        platform: Int, kind: EntityKind, createdAt: Timestamp, country: UInt16, nameUTF8: UnsafeBufferPointer<UInt8>, region: Int,
        cls: EntityClass, campaign: Int16 = -1, cluster: Int32 = -1, operator op: Int32 = -1, tactics: TacticSet = []
    ) -> EntityID {
        let n = platformCounters[platform]
        platformCounters[platform] = n + 1
        let local = UInt64(platform + 1) * 1_000_000_000_000 + n * 13 + Mix.hash(seed, UInt64(platform), n) % 13
        let id = entities.append(platform: UInt16(platform), kind: kind, platformLocalID: local, createdAt: createdAt, country: country, nameUTF8: nameUTF8)
        truth.appendEntity(cls, campaign: campaign, cluster: cluster, operator: op, tactics: tactics)
        entityRegion.append(region < 0 ? 255 : UInt8(region))
        return id
    }

    /// Makes room for `n` more entities in every per-entity column (bulk creation then copies nothing as it grows).
    mutating func reserveEntities(_ n: Int) {
        let total = entities.count + n
        entities.reserveCapacity(total)
        truth.reserveEntityCapacity(total)
        entityRegion.reserveCapacity(total)
    }

    /// Splits `total` over weights by largest remainders (deterministic, no randomness).
    static func apportion(_ total: Int, _ weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0, total > 0 else { return weights.map { _ in 0 } }
        let exact = weights.map { Double(total) * $0 / sum }
        var counts = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted { (exact[$0] - Double(counts[$0]), -$0) > (exact[$1] - Double(counts[$1]), -$1) }
        for i in order.prefix(total - counts.reduce(0, +)) { counts[i] += 1 }
        return counts
    }

    private func pastTime(_ rng: RandomStream, maxAge: Int64, minAge: Int64 = 0) -> Timestamp {
        start - minAge - Timestamp(rng.uniformInt(Int(max(1, maxAge - minAge))))
    }

    private mutating func createOrganic(_ rng: RandomStream) {
        let o = scenario.organic
        groupsByPlatform = Array(repeating: [], count: platforms.count)
        guard o.enabled, let regionSampler else { return }
        let total = Int((Double(o.accounts) * scale).rounded())
        let perPlatform = Self.apportion(total, scenario.platforms.map(\.size))
        let chunkSize = 20_000
        reserveEntities(total)
        for (p, n) in perPlatform.enumerated() where n > 0 {
            let first = Int32(entities.count)
            for _ in 0 ..< n {
                let r = regionSampler.sample(rng)
                addEntity(platform: p, kind: .account, createdAt: pastTime(rng, maxAge: o.accountAge.seconds, minAge: 86_400),
                          country: regionCountry[r], name: Names.ordinary(rng, id: entities.count), region: r, cls: .organic)
            }
            var lo = first
            while lo < Int32(entities.count) {
                let hi = min(lo + Int32(chunkSize), Int32(entities.count))
                organicChunks.append((p, lo ..< hi, false))
                lo = hi
            }
        }
    }

    private mutating func createSharedNetworks(_ rng: RandomStream) {
        let s = scenario.hardNegatives.sharedNetworks
        let first = Int32(entities.count)
        defer { sharedUsers = first ..< Int32(entities.count) }
        guard s.enabled, s.networks > 0, s.usersPerNetwork > 0 else { return }
        let regionPick = try! DiscreteSampler(weights: s.regions.weights)
        let platformPick = try! DiscreteSampler(weights: scenario.platforms.map { max($0.size, 1e-9) })
        var users: [(platform: Int, network: Int, region: Int)] = []
        for k in 0 ..< s.networks {
            let r = scenario.regionIndex(s.regions.keys[regionPick.sample(rng)])!
            let octet = regionOctet[r]
            networkAddresses.append((0 ..< s.addressesPerNetwork).map { Mix.address(countryOctet: octet, key: Mix.hash(seed, 0x5EED_0000 + UInt64(k), UInt64($0))) })
            for _ in 0 ..< s.usersPerNetwork { users.append((platformPick.sample(rng), k, r)) }
        }
        let sorted = users.enumerated().sorted { ($0.element.platform, $0.offset) < ($1.element.platform, $1.offset) }.map(\.element)
        var chunkStart = Int32(entities.count)
        for (i, u) in sorted.enumerated() {
            let id = addEntity(platform: u.platform, kind: .account, createdAt: pastTime(rng, maxAge: 2000 * 86_400, minAge: 86_400),
                               country: regionCountry[u.region], name: Names.ordinary(rng, id: entities.count), region: u.region, cls: .sharedNetwork)
            sharedNetworkOf.append(Int32(u.network))
            if i == sorted.count - 1 || sorted[i + 1].platform != u.platform {
                organicChunks.append((u.platform, chunkStart ..< id + 1, true))
                chunkStart = id + 1
            }
        }
    }

    private mutating func createOrganicPagesAndGroups(_ rng: RandomStream) {
        let o = scenario.organic
        guard o.enabled, let regionSampler else { return }
        let pageHosts = scenario.platforms.map { $0.hosts(.page) ? max($0.size, 1e-9) : 0 }
        let first = Int32(entities.count)
        if pageHosts.contains(where: { $0 > 0 }) {
            let pick = try! DiscreteSampler(weights: pageHosts)
            for _ in 0 ..< Int((Double(o.pages.count) * scale).rounded()) {
                let r = regionSampler.sample(rng)
                addEntity(platform: pick.sample(rng), kind: .page, createdAt: pastTime(rng, maxAge: 3000 * 86_400, minAge: 86_400),
                          country: regionCountry[r], name: Names.pageName(rng), region: r, cls: .organic)
            }
        }
        organicPages = first ..< Int32(entities.count)
        let groupHosts = scenario.platforms.map { $0.hosts(.group) ? max($0.size, 1e-9) : 0 }
        if groupHosts.contains(where: { $0 > 0 }) {
            let pick = try! DiscreteSampler(weights: groupHosts)
            for g in 0 ..< Int((Double(o.groups) * scale).rounded()) {
                let r = regionSampler.sample(rng)
                let p = pick.sample(rng)
                let id = addEntity(platform: p, kind: .group, createdAt: pastTime(rng, maxAge: 3000 * 86_400, minAge: 86_400),
                                   country: regionCountry[r], name: "group \(g)", region: r, cls: .organic)
                groupsByPlatform[p].append(id)
            }
        }
    }
}

/// A newsroom headline: published at `time` by `outlet`, cross-posted by its social team.
struct NewsItem: Sendable {
    var time: Timestamp
    var outlet: Int32
    var text: Int32
    var url: Int32
}

struct Outlet: Sendable {
    var region: Int
    var entities: [EntityID]
}

struct Agency: Sendable {
    var region: Int
    var accounts: [EntityID]
}

struct Community: Sendable {
    var region: Int
    var idol: EntityID
    var members: [EntityID]
}
