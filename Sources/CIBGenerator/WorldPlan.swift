internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import CIBTruth

/// Everything decided before events are generated, built serially in a fixed order: the dataset's dictionaries
/// (platforms, countries, languages), region clocks, every entity with its truth, the follows that come with bought
/// Pages, the newsrooms' headline feed, who is popular, how sessions reach the platforms, and the campaigns' assets,
/// schedules and daily content directions. Event units read it concurrently and never change it (the campaigns are
/// added to a copy while the units that do not need them run).
///
/// Working entity order: organic accounts by platform (each platform's ordinary users, office workers and
/// shared-network users), organic Pages
/// (rebranded and diaspora Pages among them), organic Groups, newsroom outlets, marketing accounts, fan communities,
/// engagement pods, commercial spam Pages and their follower farms, then per campaign its accounts, Groups, Pages
/// and follower-farm accounts. That order is the generator's only: ``PublicIdentifiers`` renumbers the finished world
/// in creation order across every population.
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
    /// Per region: the clock of an account used at work or school (office workers).
    var officeClocks: [RegionClock] = []
    var regionLanguages: [DiscreteSampler] = []
    /// Language codes and dataset indices per region, parallel to `regionLanguages`' outcomes.
    var regionLanguageCodes: [[String]] = []
    var regionLanguageIndex: [[UInt8]] = []
    var regionCountry: [UInt16] = []
    var regionCulture: [Int] = []
    var regionSampler: DiscreteSampler?
    /// A +08:00 human clock for commercial Pages run from China and South-east Asia.
    var commercialClock: RegionClock

    var entities = EntityTable()
    var truth = GroundTruth()
    /// Region index per entity, or 255.
    var entityRegion: [UInt8] = []
    var follows = FollowTable()

    let names = NameBook()
    let ages: CreationTimes
    /// How sessions reach the platforms (built once the populations' sizes are known).
    var sessions: SessionModel?
    /// Memory behind the address and device pools the units' session sources point into.
    let addressTables = AddressTables()

    // Organic population.
    var organicChunks: [OrganicChunk] = []
    /// Organic accounts (office workers and shared-network users included) by platform and region, for picks.
    var accountLists = AccountLists()
    var groupsByPlatform: [[EntityID]] = []
    var organicPages: Range<Int32> = 0 ..< 0
    /// Per organic Page (from `organicPages.lowerBound`): what it is and how it posts.
    var pagePlans: [OrganicPagePlan] = []
    /// The organic accounts (office workers and shared-network users among them): the first entities.
    var organicAccounts: Range<Int32> = 0 ..< 0
    /// Per organic account: the shared network it is behind, or -1.
    var networkOf: [Int32] = []
    var networkAddresses: [Pool] = []
    var popular = PopularTargets()
    /// The popular entities that are public figures and outlets (follower farms' camouflage).
    var celebrities = PopularTargets()

    // Shared content pools (global text and URL ids).
    var sharedTexts = StringTable()
    var sharedURLs = StringTable()
    var newsFeed: [NewsItem] = []
    /// `newsFeed` times, for binary search.
    var newsTimes: [Timestamp] = []
    var vocab = TextFactory.Vocabulary()
    /// Who writes about what (``OrganicSpec/topics``), over the languages' covered topics.
    var topics: TopicMix?

    var outlets: [Outlet] = []
    var agencies: [Agency] = []
    var communities: [Community] = []
    var pods: [Pod] = []
    var spamPages: [EntityID] = []
    /// Per spam Page: its operator (index into `spamOperators`).
    var spamPageOperator: [Int] = []
    var spamOperators: [PoolSource] = []
    /// Follower-farm accounts of the spam Pages (the campaigns' farms may resell them).
    var spamFarmAccounts: [EntityID] = []
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
        self.ages = CreationTimes(organic: scenario.organic, period: scenario.period)
        self.commercialClock = RegionClock(
            daily: StandardWorld.humanDaily, weekly: StandardWorld.humanWeekly, offset: { _ in UTCOffset(hours: 8) },
            holiday: { _ in 1 }, period: scenario.period)
        let rng = RandomStream(seed: seed, stream: 0)
        buildDictionaries()
        buildRegions()
        let text = self.text, languages = self.languages
        let vocabulary = BackgroundJob(inBackground: tasks > 1) { text.vocabulary(for: languages) }
        groupsByPlatform = Array(repeating: [], count: platforms.count)
        createOrganic(rng.child(1))
        accountLists = AccountLists(
            platforms: platforms.count, regions: scenario.regions.count, members: organicAccounts,
            platform: { [entities] in Int(entities.platform[Int($0)]) }, region: { [entityRegion] in Int(entityRegion[Int($0)]) })
        createOrganicPagesAndGroups(rng.child(3))
        vocab = vocabulary.wait()
        topics = TopicMix(scenario.organic.topics, vocabulary: vocab, languages: languages.count)
        createNewsrooms(rng.child(4))
        newsTimes = newsFeed.map(\.time)
        createMarketingAndFans(rng.child(5))
        createPods(rng.child(9))
        createSpamPages(rng.child(6))
        buildSessions()
        buildPopularTargets(rng.child(10))
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

    mutating func country(_ code: String) -> UInt16 {
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
            officeClocks.append(RegionClock(
                daily: StandardWorld.officeDaily, weekly: StandardWorld.officeWeekly, offset: { r.offset(on: $0) },
                holiday: { r.isHoliday($0) ? 0.15 : 1 }, period: period))
            regionLanguages.append(try! DiscreteSampler(weights: r.languages.weights))
            regionLanguageCodes.append(r.languages.keys)
            regionLanguageIndex.append(r.languages.keys.map { languageIndex[$0]! })
            regionCountry.append(countryIndex[r.country]!)
            regionCulture.append(NameBook.culture(of: r.country))
        }
        let shares = scenario.regions.map(\.share)
        if shares.contains(where: { $0 > 0 }) { regionSampler = try! DiscreteSampler(weights: shares) }
    }

    /// Session pools per country, sized by the accounts that will use them: the populations created so far and the
    /// campaigns' follower farms still to come.
    private mutating func buildSessions() {
        var perCountry = [Int](repeating: 0, count: countries.count)
        for c in entities.country { perCountry[Int(c)] += 1 }
        for c in scenario.campaigns where c.enabled {
            let followers = Double(c.boughtPages.followers)
            for (k, share) in zip(c.boughtPages.followerCountries.keys, c.boughtPages.followerCountries.weights) {
                perCountry[Int(countryIndex[k]!)] += Int(followers * share)
            }
        }
        sessions = SessionModel(seed: seed, period: period, organic: scenario.organic,
                                countryOctet: countries.map { Mix.countryOctet($0) }, countryAccounts: perCountry)
    }

    /// The household session source of a person (organic, hard negative or the original owner of a recycled
    /// account) living in `country`.
    @inline(__always)
    func household(_ entity: EntityID, country: UInt16) -> HouseholdSource {
        HouseholdSource(model: sessions!, entity: entity, country: Int(country))
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
    /// name as UTF-8 bytes (hundreds of thousands of accounts need no `String` each). The platform-local id is set
    /// when the world is finished (``PublicIdentifiers``).
    mutating func addEntity(
        platform: Int, kind: EntityKind, createdAt: Timestamp, country: UInt16, nameUTF8: UnsafeBufferPointer<UInt8>, region: Int,
        cls: EntityClass, campaign: Int16 = -1, cluster: Int32 = -1, operator op: Int32 = -1, tactics: TacticSet = []
    ) -> EntityID {
        let id = entities.append(platform: UInt16(platform), kind: kind, platformLocalID: 0, createdAt: createdAt, country: country, nameUTF8: nameUTF8)
        truth.appendEntity(cls, campaign: campaign, cluster: cluster, operator: op, tactics: tactics)
        entityRegion.append(region < 0 ? 255 : UInt8(region))
        return id
    }

    /// Adds an account of name culture `culture` with a handle from the shared generator.
    @discardableResult
    mutating func addAccount(
        platform: Int, createdAt: Timestamp, country: UInt16, culture: Int, region: Int, cls: EntityClass, _ rng: RandomStream,
        scratch: inout [UInt8], campaign: Int16 = -1, cluster: Int32 = -1, operator op: Int32 = -1, tactics: TacticSet = []
    ) -> EntityID {
        names.writeHandle(culture: culture, rng, into: &scratch)
        return scratch.withUnsafeBufferPointer {
            addEntity(platform: platform, kind: .account, createdAt: createdAt, country: country, nameUTF8: $0, region: region,
                      cls: cls, campaign: campaign, cluster: cluster, operator: op, tactics: tactics)
        }
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

    /// `value × scale` rounded, for counts that grow with the world.
    func scaled(_ value: Int) -> Int { Int((Double(value) * scale).rounded()) }

    /// The regions of `shares` (region names), as a sampler over region indices.
    func regionPick(_ shares: Shares) -> (sampler: DiscreteSampler, regions: [Int]) {
        (try! DiscreteSampler(weights: shares.weights), shares.keys.map { scenario.regionIndex($0)! })
    }

    /// A follow time at or after both entities exist and inside the period.
    func followTime(_ a: EntityID, _ b: EntityID, _ rng: RandomStream) -> Timestamp {
        let from = max(start, entities.createdAt[Int(a)], entities.createdAt[Int(b)])
        return from + Timestamp(rng.uniformInt(Int(max(1, end - from))))
    }

    /// A random organic account on `platform`, from `region` when given and possible.
    func pickAccount(platform p: Int, region: Int?, _ rng: RandomStream) -> EntityID? {
        accountLists.pick(platform: p, region: region, rng).map { accountLists[$0] }
    }
}

/// A block of organic accounts of one platform generated by one unit.
struct OrganicChunk: Sendable {
    var platform: Int
    var range: Range<Int32>
}

/// A newsroom headline: published at `time` by `outlet`, cross-posted by its social team.
struct NewsItem: Sendable {
    var time: Timestamp
    var outlet: Int32
    /// The headline (what the link card shows, and what others sharing the link post as its title).
    var text: Int32
    var url: Int32
    /// What the outlet posts: its status message on the story (``NewsroomSpec/statusMessageShare``), or the headline.
    var post: Int32
    /// What the story is about (``TextTopics``).
    var topic: UInt8
}

struct Outlet: Sendable {
    var region: Int
    var entities: [EntityID]
    /// The language it publishes in (dataset index): one of its region's.
    var language: UInt8
    /// The social desk's office addresses, and the device each of its accounts is kept on.
    var addresses = Pool()
    var devices: [Pool] = []
    /// An overt state-aligned outlet (``NewsroomSpec/stateAlignedShare``).
    var stateAligned = false
}

struct Agency: Sendable {
    var region: Int
    var accounts: [EntityID]
    var addresses: Pool
    var devices: Pool
}

struct Community: Sendable {
    var region: Int
    var idol: EntityID
    var members: [EntityID]
}

struct Pod: Sendable {
    var region: Int
    var platform: Int
    var members: [EntityID]
}
