internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import CIBTruth
internal import Foundation

/// A campaign's plan: clusters, assets, central proxies and the daily content directions.
struct CampaignPlan: Sendable {
    var index: Int16
    var spec: CampaignSpec
    var schedule: ShiftSchedule
    var clusters: [ClusterPlan] = []
    var sharedProxies: [UInt32] = []
    /// Active days of the period (indices).
    var days: Range<Int>
    /// Per period day: the headlines of the day's directions (global text id, language index).
    var directions: [[(text: Int32, language: UInt8)]] = []
    var boughtPages: [EntityID] = []
    var purchase: [Timestamp] = []
}

/// One cluster: its operators (global ids), accounts by platform, Pages (with the time each may first post
/// politics), Groups by platform, proxy pool and fixed shift offset.
struct ClusterPlan: Sendable {
    var id: Int32
    var operators: [Int32]
    var accounts: [[EntityID]]
    var platforms: [Int] = []
    var primary = 0
    var pages: [EntityID] = []
    var pageSwitch: [Timestamp] = []
    var groups: [[EntityID]]
    var proxies: [UInt32] = []
    var offset: Int64 = 0
    var blogPlatforms: [Int] = []
    /// Accounts that live only part of the period (removed in a takedown, or created to replace one).
    var lifetimes = Lifetimes()

    /// A random account of the cluster on platform `p` that is alive at `t`, or `nil` when none is.
    @inline(__always)
    func pick(_ p: Int, at t: Timestamp, _ rng: RandomStream) -> EntityID? {
        let list = accounts[p]
        let a = list[rng.uniformInt(list.count)]
        if lifetimes.isEmpty || isAlive(a, t) { return a }
        for _ in 0 ..< 16 {
            let b = list[rng.uniformInt(list.count)]
            if isAlive(b, t) { return b }
        }
        return list.first { isAlive($0, t) }
    }

    @inline(__always)
    func isAlive(_ a: EntityID, _ t: Timestamp) -> Bool { lifetimes.isAlive(a, t) }
}

/// When each of a cluster's accounts exists, for the few that do not exist all along: a dense table from the first
/// account given a lifetime (campaign accounts and their replacements have consecutive ids), so that picking an
/// account, once per campaign event, is an array read rather than a hash lookup.
struct Lifetimes: Sendable {
    private var base: EntityID = 0
    private var ranges: [Range<Timestamp>] = []

    /// Whether no account has a lifetime (every account is alive all the time).
    var isEmpty: Bool { ranges.isEmpty }

    /// Account `a`'s lifetime (all time when none was set).
    subscript(a: EntityID) -> Range<Timestamp> {
        get {
            let i = Int(a) - Int(base)
            return i >= 0 && i < ranges.count ? ranges[i] : Timestamp.min ..< Timestamp.max
        }
        set {
            if ranges.isEmpty { base = a }
            if a < base {
                ranges.insert(contentsOf: repeatElement(Timestamp.min ..< Timestamp.max, count: Int(base - a)), at: 0)
                base = a
            }
            let i = Int(a - base)
            if i >= ranges.count { ranges.append(contentsOf: repeatElement(Timestamp.min ..< Timestamp.max, count: i + 1 - ranges.count)) }
            ranges[i] = newValue
        }
    }

    @inline(__always)
    func isAlive(_ a: EntityID, _ t: Timestamp) -> Bool { self[a].contains(t) }
}

/// Campaign assets: batch-created accounts with naming patterns (9.1.1), bought Pages with purchase and switch
/// dates (0.9.9), Groups, follower-farm accounts following the bought Pages (7.2.2), proxies and devices (3.3.1).
extension WorldPlan {
    mutating func createCampaign(index ci: Int, spec c: CampaignSpec, _ rng: RandomStream) {
        let cidx = Int16(ci)
        let firstDay = max(0, c.activeFrom.map { period.dayIndex($0) } ?? 0)
        let lastDay = min(period.days, (c.activeTo.map { period.dayIndex($0) } ?? period.days - 1) + 1)
        var plan = CampaignPlan(index: cidx, spec: c, schedule: ShiftSchedule(c.schedule), days: firstDay ..< max(firstDay, lastDay))
        let clusterBase = Int32(campaigns.reduce(0) { $0 + $1.clusters.count })
        let operatorBase = Int32(campaigns.reduce(0) { $0 + $1.clusters.count * $1.spec.operatorsPerCluster })
        let proxyOctets = c.infrastructure.proxyCountries.keys.map { Mix.countryOctet($0) }
        let proxyPick = try! DiscreteSampler(weights: c.infrastructure.proxyCountries.weights)
        for k in 0 ..< c.clusters {
            let ops = (0 ..< c.operatorsPerCluster).map { operatorBase + Int32(k * c.operatorsPerCluster + $0) }
            var cluster = ClusterPlan(id: clusterBase + Int32(k), operators: ops, accounts: Array(repeating: [], count: platforms.count),
                                      groups: Array(repeating: [], count: platforms.count))
            let spread = c.schedule.clusterOffsetSpread.seconds
            cluster.offset = spread > 0 ? Int64(rng.uniformInt(Int(2 * spread + 1))) - spread : 0
            cluster.proxies = (0 ..< c.infrastructure.proxiesPerCluster).map { j in
                Mix.address(countryOctet: proxyOctets[proxyPick.sample(rng)], key: Mix.hash(seed, UInt64(cluster.id), UInt64(j) | 0xB0B << 32))
            }
            plan.clusters.append(cluster)
        }
        plan.sharedProxies = (0 ..< c.infrastructure.sharedProxies).map { j in
            Mix.address(countryOctet: proxyOctets[proxyPick.sample(rng)], key: Mix.hash(seed, UInt64(ci), UInt64(j) | 0x5A5 << 32))
        }

        // Batch-created accounts, in platform order; a batch shares a creation window and a naming pattern.
        let patterns = c.accountCreation.namePatterns.compactMap { NamePattern.parse($0) }
        let countryPick = try! DiscreteSampler(weights: c.accountCreation.countries.weights)
        let creationSpan = Int(max(1, c.accountCreation.to.utcMidnight + 86_400 - c.accountCreation.from.utcMidnight))
        var batchLeft = 0
        var batchTime: Timestamp = 0
        var pattern = patterns[0]
        func nextCreation() -> Timestamp {
            if batchLeft == 0 {
                batchLeft = c.accountCreation.batchSize
                batchTime = c.accountCreation.from.utcMidnight + Timestamp(rng.uniformInt(creationSpan))
                pattern = patterns[rng.uniformInt(patterns.count)]
            }
            batchLeft -= 1
            return batchTime + Timestamp(rng.uniformInt(Int(max(1, c.accountCreation.batchWindow.seconds))))
        }
        let accountTactics = TacticSet([.creatingPersonas, .centralizingInternetAccess])
        for (name, n) in c.accounts.entries {
            let p = scenario.platformIndex(name)!
            for i in 0 ..< n {
                let k = i % c.clusters
                let op = plan.clusters[k].operators[(i / c.clusters) % c.operatorsPerCluster]
                let created = nextCreation()
                let id = addEntity(platform: p, kind: .account, createdAt: created,
                                   country: countryIndex[c.accountCreation.countries.keys[countryPick.sample(rng)]]!,
                                   name: Names.pattern(pattern, rng), region: -1, cls: .campaign, campaign: cidx,
                                   cluster: plan.clusters[k].id, operator: op, tactics: accountTactics)
                plan.clusters[k].accounts[p].append(id)
            }
        }
        createChurn(&plan, pattern: { patterns[rng.uniformInt(patterns.count)] }, countryPick: countryPick, rng)
        for (name, n) in c.groups.entries {
            let p = scenario.platformIndex(name)!
            for i in 0 ..< n {
                let k = i % c.clusters
                let id = addEntity(platform: p, kind: .group, createdAt: nextCreation(), country: countryIndex["US"] ?? 0,
                                   name: "\(Names.first[rng.uniformInt(Names.first.count)]) friends \(i)", region: -1, cls: .campaign,
                                   campaign: cidx, cluster: plan.clusters[k].id, operator: plan.clusters[k].operators[0],
                                   tactics: TacticSet([.creatingPersonas]))
                plan.clusters[k].groups[p].append(id)
            }
        }
        createPages(&plan, rng)
        for k in plan.clusters.indices {
            let cl = plan.clusters[k]
            plan.clusters[k].platforms = cl.accounts.indices.filter { !cl.accounts[$0].isEmpty }
            plan.clusters[k].primary = cl.accounts.indices.max { (cl.accounts[$0].count, -$0) < (cl.accounts[$1].count, -$1) } ?? 0
            plan.clusters[k].blogPlatforms = c.content.blogPlatforms.compactMap { scenario.platformIndex($0) }.filter { !cl.accounts[$0].isEmpty }
        }
        buildDirections(&plan, rng.child(7))
        campaigns.append(plan)
    }

    /// Takedowns: a share of the live accounts of every cluster and platform is removed on each takedown date, and
    /// replacements are batch-created soon after (churn).
    private mutating func createChurn(_ plan: inout CampaignPlan, pattern: () -> [NamePattern.Piece], countryPick: DiscreteSampler, _ rng: RandomStream) {
        let churn = plan.spec.churn
        guard !churn.takedowns.isEmpty else { return }
        let c = plan.spec
        for date in churn.takedowns {
            let down = date.utcMidnight
            for k in plan.clusters.indices {
                for p in plan.clusters[k].accounts.indices where !plan.clusters[k].accounts[p].isEmpty {
                    var cluster = plan.clusters[k]
                    let alive = cluster.accounts[p].filter { cluster.isAlive($0, down) }
                    let removed = alive.filter { _ in rng.bernoulli(churn.removedShare) }
                    for a in removed {
                        cluster.lifetimes[a] = cluster.lifetimes[a].lowerBound ..< down
                    }
                    let replacements = Int((Double(removed.count) * churn.replacementShare).rounded())
                    let batch = down + Timestamp(rng.uniformInt(Int(max(1, churn.replacementDelay.seconds))))
                    let names = pattern()
                    for i in 0 ..< replacements {
                        let created = batch + Timestamp(rng.uniformInt(Int(max(1, c.accountCreation.batchWindow.seconds))))
                        let id = addEntity(platform: p, kind: .account, createdAt: created,
                                           country: countryIndex[c.accountCreation.countries.keys[countryPick.sample(rng)]]!,
                                           name: Names.pattern(names, rng), region: -1, cls: .campaign, campaign: plan.index,
                                           cluster: cluster.id, operator: cluster.operators[i % cluster.operators.count],
                                           tactics: TacticSet([.creatingPersonas, .centralizingInternetAccess]))
                        cluster.accounts[p].append(id)
                        cluster.lifetimes[id] = created ..< Timestamp.max
                    }
                    plan.clusters[k] = cluster
                }
            }
        }
    }

    /// Pages: bought ones (commercial history, purchase date, switch) and follower farms; created ones post at once.
    private mutating func createPages(_ plan: inout CampaignPlan, _ rng: RandomStream) {
        let c = plan.spec
        let b = c.boughtPages
        let purchaseSpan = Int(max(1, b.purchaseTo.utcMidnight + 86_400 - b.purchaseFrom.utcMidnight))
        let cn = countryIndex["CN"]!
        var pagePlatform: [Int] = []
        for (name, n) in c.pages.entries {
            let p = scenario.platformIndex(name)!
            let bought = Int((Double(n) * b.share).rounded())
            for i in 0 ..< n {
                let k = i % c.clusters
                let cluster = plan.clusters[k]
                let isBought = i < bought
                let created = isBought ? start - 180 * 86_400 - Timestamp(rng.uniformInt(1300 * 86_400))
                                       : c.accountCreation.from.utcMidnight + Timestamp(rng.uniformInt(86_400 * 30))
                let id = addEntity(platform: p, kind: .page, createdAt: created, country: cn, name: Names.pageName(rng), region: -1,
                                   cls: .campaign, campaign: plan.index, cluster: cluster.id, operator: cluster.operators[i / c.clusters % c.operatorsPerCluster],
                                   tactics: isBought ? TacticSet([.acquiringRepurposingAccounts, .acquiringPageFollowers, .centralizingInternetAccess])
                                                     : TacticSet([.creatingPersonas, .centralizingInternetAccess]))
                let bought = b.purchaseFrom.utcMidnight + Timestamp(rng.uniformInt(purchaseSpan))
                let switchTime = isBought ? bought + Timestamp(rng.uniformInt(Int(max(1, b.switchDelay.seconds)))) : created
                plan.clusters[k].pages.append(id)
                plan.clusters[k].pageSwitch.append(switchTime)
                if isBought {
                    plan.boughtPages.append(id)
                    plan.purchase.append(bought)
                    pagePlatform.append(p)
                }
            }
        }
        // Follower farms: heavy-tailed followers per Page, countries mostly VN/BD/BR, following before the purchase.
        guard !plan.boughtPages.isEmpty else { return }
        let weights = plan.boughtPages.map { _ in rng.lognormal(mu: 0, sigma: b.followerSigma) }
        let pagePick = try! DiscreteSampler(weights: weights)
        let countryPick = try! DiscreteSampler(weights: b.followerCountries.weights)
        let farmed = Int((Double(b.followers) * (1 - c.evasion.audienceBuilding)).rounded())
        follows.reserveCapacity(follows.count + b.followers)
        reserveEntities(farmed)
        let farmNames = FarmNames(countries: b.followerCountries.keys)
        let farmCountries = b.followerCountries.keys.map { countryIndex[$0]! }
        var name: [UInt8] = []
        name.reserveCapacity(64)
        for _ in 0 ..< farmed {
            let j = pagePick.sample(rng)
            let page = plan.boughtPages[j]
            let k = countryPick.sample(rng)
            let created = entities.createdAt[Int(page)] - Timestamp(rng.uniformInt(600 * 86_400))
            farmNames.write(k, rng, into: &name)
            let f = name.withUnsafeBufferPointer {
                addEntity(platform: pagePlatform[j], kind: .account, createdAt: created, country: farmCountries[k],
                          nameUTF8: $0, region: -1, cls: .followerFarm, campaign: plan.index, tactics: TacticSet(.acquiringPageFollowers))
            }
            let from = entities.createdAt[Int(page)]
            follows.append(follower: f, followee: page, time: from + Timestamp(rng.uniformInt(Int(max(1, plan.purchase[j] - from)))))
        }
        // Audience building (evasion): real accounts of the Page's platform follow after the switch.
        for _ in 0 ..< (b.followers - farmed) {
            let j = pagePick.sample(rng)
            guard let f = pickAccount(platform: pagePlatform[j], region: nil, rng) else { break }
            let from = plan.purchase[j]
            follows.append(follower: f, followee: plan.boughtPages[j], time: from + Timestamp(rng.uniformInt(Int(max(1, end - from)))))
        }
    }

    /// Central daily content directions: each day a few seed headlines (in the campaign's language mix), each with
    /// a handful of variants; now and then an old direction comes back ("posts about events published long after
    /// the event").
    private mutating func buildDirections(_ plan: inout CampaignPlan, _ rng: RandomStream) {
        let c = plan.spec.content
        var seen: [String: Int32] = [:]
        func intern(_ s: String) -> Int32 {
            if let id = seen[s] { return id }
            let id = sharedTexts.append(s)
            seen[s] = id
            return id
        }
        let zh = SeedHeadlines.all.filter { $0.language == "zh" }
        let en = SeedHeadlines.all.filter { $0.language == "en" } + zh.map { ($0.english, "en", $0.english) }
        let languagePick = try! DiscreteSampler(weights: c.languages.weights)
        let english = languageIndex["en"]!
        plan.directions = Array(repeating: [], count: period.days)
        for d in 0 ..< period.days {
            var today: [(text: Int32, language: UInt8)] = []
            for _ in 0 ..< c.directionsPerDay {
                if d > 7 && rng.bernoulli(0.1) {
                    let old = plan.directions[rng.uniformInt(d - 1)]
                    if !old.isEmpty {
                        today.append(contentsOf: old.prefix(c.headlinesPerDirection))
                        continue
                    }
                }
                let code = c.languages.keys[languagePick.sample(rng)]
                let pool = code == "zh" && !zh.isEmpty ? zh : en
                let seed = pool[rng.uniformInt(pool.count)]
                let lang = languageIndex[seed.language] ?? english
                today.append((intern(seed.text), lang))
                for _ in 1 ..< c.headlinesPerDirection {
                    let variant = rng.bernoulli(0.5) ? TextFactory.typo(seed.text, rng) : TextFactory.translationError(seed.text, rng)
                    today.append((intern(variant), lang))
                }
            }
            plan.directions[d] = today
        }
    }
}
