internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import CIBTruth
internal import Foundation

/// What an organic Page is and how it posts: an ordinary Page of its region; a Page that rebrands during the period
/// (new topic, often a new language: a hard negative for repurposed-page detectors); or a diaspora or export-business
/// Page whose audience lives abroad (a hard negative for audience-mismatch detectors).
struct OrganicPagePlan: Sendable {
    enum Role: Sendable { case ordinary, rebranded, diaspora }
    var role: Role
    /// Posts per day.
    var postsPerDay: Double
    /// Language (dataset index) before and after `switchTime` (the same for a Page that does not change language).
    var languageBefore: UInt8
    var languageAfter: UInt8
    /// Commercial before the switch (a shop that becomes a community or news Page)?
    var commercialBefore: Bool
    var switchTime: Timestamp
}

/// The organic world's entities: ordinary accounts with their region, country and handle; office workers (hard
/// negative for shift detection); users behind shared networks (hard negative for shared infrastructure); organic
/// Pages (rebranded and diaspora Pages among them) and Groups; and who is popular. Creation times and names come from
/// the generators every population shares (``CreationTimes``, ``NameBook``).
extension WorldPlan {
    /// Ordinary accounts, office workers and users behind shared networks, platform by platform: each platform's
    /// accounts are one block of ids cut into units of at most 20,000, so that the hard negatives live among the
    /// ordinary users of their platform (they follow, engage and are engaged like everyone else).
    mutating func createOrganic(_ rng: RandomStream) {
        let o = scenario.organic
        let hn = scenario.hardNegatives
        let total = o.enabled && regionSampler != nil ? scaled(o.accounts) : 0
        let perPlatform = Self.apportion(total, scenario.platforms.map(\.size))
        let platformPick = try! DiscreteSampler(weights: scenario.platforms.map { max($0.size, 1e-9) })
        // Office workers: (platform, region) each.
        var office = [[Int]](repeating: [], count: platforms.count)
        if hn.officeWorkers.enabled {
            let (pick, regionOf) = regionPick(hn.officeWorkers.regions)
            for _ in 0 ..< scaled(hn.officeWorkers.accounts) { office[platformPick.sample(rng)].append(regionOf[pick.sample(rng)]) }
        }
        // Shared networks: their addresses and region, and each user's (platform, network).
        let s = hn.sharedNetworks
        var shared = [[Int]](repeating: [], count: platforms.count)
        var networkRegion: [Int] = []
        if s.enabled && s.networks > 0 && s.usersPerNetwork > 0 {
            let (pick, regionOf) = regionPick(s.regions)
            for k in 0 ..< s.networks {
                let r = regionOf[pick.sample(rng)]
                networkRegion.append(r)
                let octet = Mix.countryOctet(scenario.regions[r].country)
                networkAddresses.append(addressTables.pool((0 ..< s.addressesPerNetwork).map {
                    Mix.address(countryOctet: octet, key: Mix.hash(seed, 0x5EED_0000 + UInt64(k), UInt64($0)))
                }))
                for _ in 0 ..< s.usersPerNetwork { shared[platformPick.sample(rng)].append(k) }
            }
        }
        reserveEntities(total + office.reduce(0) { $0 + $1.count } + shared.reduce(0) { $0 + $1.count })
        var name: [UInt8] = []
        for p in platforms.indices {
            let first = Int32(entities.count)
            if let regionSampler {
                for _ in 0 ..< perPlatform[p] {
                    let r = regionSampler.sample(rng)
                    addAccount(platform: p, createdAt: ages.account(rng), country: regionCountry[r], culture: regionCulture[r],
                               region: r, cls: .organic, rng, scratch: &name)
                    networkOf.append(-1)
                }
            }
            for r in office[p] {
                addAccount(platform: p, createdAt: ages.account(rng), country: regionCountry[r], culture: regionCulture[r],
                           region: r, cls: .officeWorker, rng, scratch: &name)
                networkOf.append(-1)
            }
            for k in shared[p] {
                let r = networkRegion[k]
                addAccount(platform: p, createdAt: ages.account(rng), country: regionCountry[r], culture: regionCulture[r],
                           region: r, cls: .sharedNetwork, rng, scratch: &name)
                networkOf.append(Int32(k))
            }
            var lo = first
            while lo < Int32(entities.count) {
                let hi = min(lo + 20_000, Int32(entities.count))
                organicChunks.append(OrganicChunk(platform: p, range: lo ..< hi))
                lo = hi
            }
        }
        organicAccounts = 0 ..< Int32(entities.count)
    }

    mutating func createOrganicPagesAndGroups(_ rng: RandomStream) {
        let o = scenario.organic
        guard let regionSampler else { return }
        let pageHosts = scenario.platforms.map { $0.hosts(.page) ? max($0.size, 1e-9) : 0 }
        let first = Int32(entities.count)
        if pageHosts.contains(where: { $0 > 0 }) {
            let pick = try! DiscreteSampler(weights: pageHosts)
            let hn = scenario.hardNegatives
            let ordinary = o.enabled ? scaled(o.pages.count) : 0
            let rebranded = hn.rebrandedPages.enabled ? scaled(hn.rebrandedPages.count) : 0
            let diaspora = hn.diasporaPages.enabled ? scaled(hn.diasporaPages.count) : 0
            let english = languageIndex["en"]!
            let chinese = languageIndex["zh"]!
            for i in 0 ..< ordinary + rebranded + diaspora {
                let role: OrganicPagePlan.Role = i < ordinary ? .ordinary : i < ordinary + rebranded ? .rebranded : .diaspora
                let r = regionSampler.sample(rng)
                let own = regionLanguageIndex[r][regionLanguages[r].sample(rng)]
                var plan = OrganicPagePlan(role: role, postsPerDay: o.pages.postsPerDay, languageBefore: own, languageAfter: own,
                                           commercialBefore: false, switchTime: end)
                var cls = EntityClass.organic
                switch role {
                case .ordinary:
                    plan.commercialBefore = rng.bernoulli(o.pages.shopShare)  // a shop, all period long
                case .rebranded:
                    // A shop that turns into a community or news Page, often in another language (the region's
                    // other language, or English).
                    cls = .rebrandedPage
                    plan.postsPerDay = hn.rebrandedPages.postsPerDay
                    plan.commercialBefore = true
                    plan.switchTime = start + Timestamp(Double(end - start) * (0.2 + 0.6 * rng.uniform()))
                    if rng.bernoulli(hn.rebrandedPages.languageChangeShare) {
                        let others = regionLanguageIndex[r].filter { $0 != own }
                        plan.languageBefore = own == english ? chinese : own
                        plan.languageAfter = others.first ?? (own == english ? own : english)
                        if plan.languageBefore == plan.languageAfter { plan.languageAfter = plan.languageBefore == english ? chinese : english }
                    }
                case .diaspora:
                    // Posts in its community's language (Chinese or Japanese), followed mostly from where it lives.
                    cls = .diasporaPage
                    plan.postsPerDay = hn.diasporaPages.postsPerDay
                    let language = rng.bernoulli(0.75) ? chinese : (languageIndex["ja"] ?? chinese)
                    plan.languageBefore = language
                    plan.languageAfter = language
                    plan.commercialBefore = rng.bernoulli(hn.diasporaPages.exportShare)  // an export business
                }
                // A Chinese-language export business, and half the Chinese-language shops (cross-border sellers), are
                // managed from the mainland, like the spam Pages the campaign bought: Pages attributed to China are not
                // the campaign's alone (China-based advertisers are a large share of Meta's, by its own filings).
                let mainland = plan.commercialBefore && plan.languageBefore == chinese
                    && (role == .diaspora || (role == .ordinary && rng.bernoulli(0.5)))
                let managed = mainland ? country("CN") : regionCountry[r]
                addEntity(platform: pick.sample(rng), kind: .page, createdAt: ages.beforePeriod(rng), country: managed,
                          name: names.pageName(culture: regionCulture[r], rng), region: r, cls: cls)
                pagePlans.append(plan)
            }
        }
        organicPages = first ..< Int32(entities.count)
        let groupHosts = scenario.platforms.map { $0.hosts(.group) ? max($0.size, 1e-9) : 0 }
        if o.enabled && groupHosts.contains(where: { $0 > 0 }) {
            let pick = try! DiscreteSampler(weights: groupHosts)
            for _ in 0 ..< scaled(o.groups) {
                let r = regionSampler.sample(rng)
                let p = pick.sample(rng)
                let id = addEntity(platform: p, kind: .group, createdAt: ages.beforePeriod(rng), country: regionCountry[r],
                                   name: names.groupName(culture: regionCulture[r], rng), region: r, cls: .organic)
                groupsByPlatform[p].append(id)
            }
        }
    }

    /// Who people follow besides each other: organic Pages (their own region's audience; a diaspora Page's audience
    /// is where its community lives, an export business's where its buyers are), Groups, news outlets, idols, and
    /// (rarely) commercial spam Pages. Weights are lognormal around each kind's mean follower count.
    mutating func buildPopularTargets(_ rng: RandomStream) {
        let o = scenario.organic, hn = scenario.hardNegatives
        var candidates: [PopularTargets.Candidate] = []
        func weight(_ mean: Double, sigma: Double) -> Double {
            mean > 0 ? rng.lognormal(mu: log(mean) - sigma * sigma / 2, sigma: sigma) : 0
        }
        let regions = scenario.regions.count
        for (i, page) in organicPages.enumerated() {
            let r = Int(entityRegion[Int(page)])
            let plan = pagePlans[i]
            var audience = [r]
            var mean = o.pages.meanFollowers
            if plan.role == .diaspora {
                mean = hn.diasporaPages.meanFollowers
                // Abroad: every other region; at home: the Page's own. Weighted so that `abroadShare` of the
                // followers come from abroad.
                let abroad = (0 ..< regions).filter { $0 != r }
                audience = rng.bernoulli(hn.diasporaPages.abroadShare) ? [abroad[rng.uniformInt(max(1, abroad.count))]] : [r]
                if abroad.isEmpty { audience = [r] }
            }
            candidates.append(.init(entity: page, platform: Int(entities.platform[Int(page)]), weight: weight(mean, sigma: 1.2), audience: audience))
        }
        for list in groupsByPlatform {
            for g in list {
                candidates.append(.init(entity: g, platform: Int(entities.platform[Int(g)]), weight: weight(o.pages.meanFollowers / 2, sigma: 1.0),
                                        audience: [Int(entityRegion[Int(g)])]))
            }
        }
        for outlet in outlets {
            for e in outlet.entities {
                candidates.append(.init(entity: e, platform: Int(entities.platform[Int(e)]), weight: weight(hn.newsrooms.meanFollowers, sigma: 0.8),
                                        audience: [outlet.region]))
            }
        }
        for c in communities {
            candidates.append(.init(entity: c.idol, platform: Int(entities.platform[Int(c.idol)]), weight: weight(200, sigma: 0.8), audience: [c.region]))
        }
        for page in spamPages {
            candidates.append(.init(entity: page, platform: Int(entities.platform[Int(page)]), weight: weight(3, sigma: 1), audience: []))
        }
        popular = PopularTargets(platforms: platforms.count, regions: regions, candidates: candidates)
        // Public figures and outlets, whom follower farms follow as camouflage (not the small Pages of ordinary people).
        let famous = Set(outlets.flatMap(\.entities) + communities.map(\.idol))
        celebrities = PopularTargets(platforms: platforms.count, regions: regions, candidates: candidates.filter { famous.contains($0.entity) })
    }
}
