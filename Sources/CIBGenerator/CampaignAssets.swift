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
    var sharedProxies = Pool()
    /// Active days of the period (indices).
    var days: Range<Int>
    /// Per period day: the headlines of the day's directions (global text id, language index, ``TextTopics`` index of
    /// the narrative).
    var directions: [[Direction]] = []
    var boughtPages: [EntityID] = []
    var purchase: [Timestamp] = []
    /// The campaign's own follower-farm accounts (resold spam-farm accounts are not among them).
    var farmAccounts: Range<Int32> = 0 ..< 0
    /// Units the farm accounts are generated in (fixed by the scenario, so the unit count is known in advance).
    static func farmUnits(_ spec: CampaignSpec) -> Int { max(1, (spec.boughtPages.followers + 49_999) / 50_000) }
}

/// One headline of a day's content direction: its text (a global text id), language (dataset index) and narrative
/// (a ``TextTopics`` index, recorded in the ground truth of every event that carries it).
struct Direction: Sendable {
    var text: Int32
    var language: UInt8
    var topic: UInt8
}

/// One cluster: its operators (global ids) with their habits, accounts by platform and how much each is used, Pages
/// (with the time each may first post politics), Groups by platform, proxy pool and fixed shift offset, and the
/// discipline it keeps (each cluster differs).
struct ClusterPlan: Sendable {
    var id: Int32
    var operators: [Int32]
    var accounts: [[EntityID]]
    /// Per platform: how much each account is used (a dormant account never is); nil where none is.
    var usage: [DiscreteSampler?] = []
    var platforms: [Int] = []
    var primary = 0
    var pages: [EntityID] = []
    var pageSwitch: [Timestamp] = []
    var groups: [[EntityID]]
    var proxies = Pool()
    var offset: Int64 = 0
    var blogPlatforms: [Int] = []
    /// Accounts that live or work for the operation only part of the period: created during it, removed in a
    /// takedown, created to replace one, or taken over from their owner.
    var lifetimes = Lifetimes()
    /// Per operator (parallel to `operators`): a fixed offset of their day (early or late starter) and a drift per
    /// week, in seconds.
    var operatorOffset: [Int64] = []
    var operatorDrift: [Double] = []
    /// This cluster's discipline: its jitter, paraphrase rate, shared-proxy share and quota, as the campaign's values
    /// times a factor of its own.
    var jitter: Int64 = 0
    var paraphraseRate = 0.0
    var sharedProxyShare = 0.0
    var quotaFactor = 1.0
    /// Accounts that also post everyday content like a person (personas), and recycled accounts with the time the
    /// operation took them over (their owner's organic history comes before).
    var mixed: [EntityID] = []
    var recycled: [(account: EntityID, takeover: Timestamp)] = []
    /// Every account of the cluster, for follows and sessions.
    var members: [EntityID] = []

    /// A random account of the cluster on platform `p`, weighted by use, that is alive at `t`; `nil` when none is.
    @inline(__always)
    func pick(_ p: Int, at t: Timestamp, _ rng: RandomStream) -> EntityID? {
        guard let usage = usage[p] else { return nil }
        let list = accounts[p]
        for _ in 0 ..< 16 {
            let a = list[usage.sample(rng)]
            if lifetimes.isEmpty || isAlive(a, t) { return a }
        }
        return nil
    }

    @inline(__always)
    func isAlive(_ a: EntityID, _ t: Timestamp) -> Bool { lifetimes.isAlive(a, t) }
}

/// When each of a cluster's accounts exists, for the few that do not exist all along: a dense table from the first
/// account given a lifetime (campaign accounts have nearby ids), so that picking an account, once per campaign event,
/// is an array read rather than a hash lookup.
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

/// Campaign assets: accounts bought or registered in batches (9.1.1) — aged like everyone's unless a what-if says
/// otherwise — with the shared name generator, how much each is used (most do little; Meta Q2 2023), personas and
/// recycled accounts; bought Pages with purchase and switch dates (0.9.9); Groups the operation runs and fills with
/// its own and bought members; follower-farm accounts following the bought Pages (7.2.2), partly resold from the
/// farms that serve commercial spam; proxies and devices (3.3.1).
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
        let v = c.clusterVariation
        func vary() -> Double { 1 - v + 2 * v * rng.uniform() }
        for k in 0 ..< c.clusters {
            let ops = (0 ..< c.operatorsPerCluster).map { operatorBase + Int32(k * c.operatorsPerCluster + $0) }
            var cluster = ClusterPlan(id: clusterBase + Int32(k), operators: ops, accounts: Array(repeating: [], count: platforms.count),
                                      groups: Array(repeating: [], count: platforms.count))
            let spread = c.schedule.clusterOffsetSpread.seconds
            cluster.offset = spread > 0 ? Int64(rng.uniformInt(Int(2 * spread + 1))) - spread : 0
            cluster.proxies = addressTables.pool((0 ..< c.infrastructure.proxiesPerCluster).map { j in
                Mix.address(countryOctet: proxyOctets[proxyPick.sample(rng)], key: Mix.hash(seed, UInt64(cluster.id), UInt64(j) | 0xB0B << 32))
            })
            let opSpread = c.schedule.operatorSpread.seconds, drift = Double(c.schedule.drift.seconds)
            cluster.operatorOffset = ops.map { _ in opSpread > 0 ? Int64(rng.uniformInt(Int(2 * opSpread + 1))) - opSpread : 0 }
            cluster.operatorDrift = ops.map { _ in drift * (2 * rng.uniform() - 1) }
            cluster.jitter = Int64(Double(c.schedule.jitter.seconds) * vary())
            cluster.paraphraseRate = min(1, c.content.paraphraseRate * vary())
            cluster.sharedProxyShare = min(1, c.infrastructure.sharedProxyShare * vary())
            cluster.quotaFactor = vary()
            plan.clusters.append(cluster)
        }
        plan.sharedProxies = addressTables.pool((0 ..< c.infrastructure.sharedProxies).map { j in
            Mix.address(countryOctet: proxyOctets[proxyPick.sample(rng)], key: Mix.hash(seed, UInt64(ci), UInt64(j) | 0x5A5 << 32))
        })

        // Accounts, in platform order; a batch shares a creation window (and, in the what-if, a naming pattern).
        let patterns = c.accountCreation.namePatterns.compactMap { NamePattern.parse($0) }
        let countryPick = try! DiscreteSampler(weights: c.accountCreation.countries.weights)
        let claimed = c.accountCreation.countries.keys.map { country($0) }
        let cultures = c.accountCreation.countries.keys.map { NameBook.culture(of: $0) }
        var batchLeft = 0
        var batchTime: Timestamp = 0
        var pattern: [NamePattern.Piece]? = nil
        let window = max(1, c.accountCreation.batchWindow.seconds)
        func nextCreation() -> Timestamp {
            if batchLeft == 0 {
                batchLeft = c.accountCreation.batchSize
                if let from = c.accountCreation.from, let to = c.accountCreation.to {
                    batchTime = from.utcMidnight + Timestamp(rng.uniformInt(Int(max(1, to.utcMidnight + 86_400 - from.utcMidnight))))
                } else {
                    batchTime = ages.account(rng)
                }
                pattern = patterns.isEmpty ? nil : patterns[rng.uniformInt(patterns.count)]
            }
            batchLeft -= 1
            return ages.batchMember(anchor: batchTime, window: window, rng)
        }
        let persona = c.personas
        let accountTactics = TacticSet([.creatingPersonas, .centralizingInternetAccess])
        var weights = plan.clusters.map { _ in [[Double]](repeating: [], count: platforms.count) }
        var name: [UInt8] = []
        for (platformName, n) in c.accounts.entries {
            let p = scenario.platformIndex(platformName)!
            for i in 0 ..< n {
                let k = i % c.clusters
                let op = plan.clusters[k].operators[(i / c.clusters) % c.operatorsPerCluster]
                let j = countryPick.sample(rng)
                let recycled = rng.bernoulli(persona.recycledShare)
                // A recycled account is someone's real account, as old as anyone's; the others come in batches.
                let created = recycled ? ages.beforePeriod(rng) : nextCreation()
                let id: EntityID
                if let pattern, !recycled {
                    id = addEntity(platform: p, kind: .account, createdAt: created, country: claimed[j],
                                   name: names.handle(pattern: pattern, culture: cultures[j], rng), region: -1, cls: .campaign,
                                   campaign: cidx, cluster: plan.clusters[k].id, operator: op, tactics: accountTactics)
                } else {
                    id = addAccount(platform: p, createdAt: created, country: claimed[j], culture: cultures[j], region: -1, cls: .campaign, rng,
                                    scratch: &name, campaign: cidx, cluster: plan.clusters[k].id, operator: op,
                                    tactics: recycled ? TacticSet([.acquiringRepurposingAccounts, .centralizingInternetAccess]) : accountTactics)
                }
                plan.clusters[k].accounts[p].append(id)
                plan.clusters[k].members.append(id)
                let dormant = rng.bernoulli(persona.dormantShare)
                weights[k][p].append(dormant ? 0 : rng.lognormal(mu: 0, sigma: persona.activitySigma))
                if recycled {
                    let takeover = start + Timestamp(Double(end - start) * (0.1 + 0.8 * rng.uniform()))
                    plan.clusters[k].recycled.append((id, takeover))
                    plan.clusters[k].lifetimes[id] = takeover ..< Timestamp.max
                } else if created > start {
                    plan.clusters[k].lifetimes[id] = created ..< Timestamp.max
                }
                if !dormant && rng.bernoulli(persona.mixedShare) { plan.clusters[k].mixed.append(id) }
            }
        }
        createChurn(&plan, weights: &weights, countryPick: countryPick, claimed: claimed, cultures: cultures, rng)
        for k in plan.clusters.indices {
            plan.clusters[k].usage = weights[k].map { w in w.contains { $0 > 0 } ? try! DiscreteSampler(weights: w) : nil }
        }
        let groupTactics = TacticSet([.creatingPersonas])
        for (platformName, n) in c.groups.entries {
            let p = scenario.platformIndex(platformName)!
            for i in 0 ..< n {
                let k = i % c.clusters
                let j = countryPick.sample(rng)
                let id = addEntity(platform: p, kind: .group, createdAt: ages.beforePeriod(rng), country: claimed[j],
                                   name: names.groupName(culture: cultures[j], rng), region: -1, cls: .campaign,
                                   campaign: cidx, cluster: plan.clusters[k].id, operator: plan.clusters[k].operators[0], tactics: groupTactics)
                plan.clusters[k].groups[p].append(id)
            }
        }
        createPages(&plan, rng)
        joinGroups(&plan, rng)
        for k in plan.clusters.indices {
            let cl = plan.clusters[k]
            plan.clusters[k].platforms = cl.accounts.indices.filter { cl.usage[$0] != nil }
            plan.clusters[k].primary = cl.accounts.indices.max { (cl.accounts[$0].count, -$0) < (cl.accounts[$1].count, -$1) } ?? 0
            plan.clusters[k].blogPlatforms = c.content.blogPlatforms.compactMap { scenario.platformIndex($0) }.filter { cl.usage[$0] != nil }
        }
        buildDirections(&plan, rng.child(7))
        campaigns.append(plan)
    }

    /// Takedowns: a share of the live accounts of every cluster and platform is removed on each takedown date, and
    /// replacements are batch-created soon after (churn).
    private mutating func createChurn(
        _ plan: inout CampaignPlan, weights: inout [[[Double]]], countryPick: DiscreteSampler, claimed: [UInt16], cultures: [Int],
        _ rng: RandomStream
    ) {
        let churn = plan.spec.churn
        guard !churn.takedowns.isEmpty else { return }
        let c = plan.spec
        var name: [UInt8] = []
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
                    for i in 0 ..< replacements {
                        let created = ages.batchMember(anchor: batch, window: max(1, c.accountCreation.batchWindow.seconds), rng)
                        let j = countryPick.sample(rng)
                        let id = addAccount(platform: p, createdAt: created, country: claimed[j], culture: cultures[j], region: -1,
                                            cls: .campaign, rng, scratch: &name, campaign: plan.index, cluster: cluster.id,
                                            operator: cluster.operators[i % cluster.operators.count],
                                            tactics: TacticSet([.creatingPersonas, .centralizingInternetAccess]))
                        cluster.accounts[p].append(id)
                        cluster.members.append(id)
                        cluster.lifetimes[id] = created ..< Timestamp.max
                        weights[k][p].append(rng.lognormal(mu: 0, sigma: c.personas.activitySigma))
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
        let culture = NameBook.culture(of: "CN")
        var pagePlatform: [Int] = []
        for (platformName, n) in c.pages.entries {
            let p = scenario.platformIndex(platformName)!
            let bought = Int((Double(n) * b.share).rounded())
            for i in 0 ..< n {
                let k = i % c.clusters
                let cluster = plan.clusters[k]
                let isBought = i < bought
                let created = ages.beforePeriod(rng)
                // A bought Page keeps the name it had as a spam Page.
                let id = addEntity(platform: p, kind: .page, createdAt: created, country: cn, name: names.pageName(culture: culture, rng), region: -1,
                                   cls: .campaign, campaign: plan.index, cluster: cluster.id, operator: cluster.operators[i / c.clusters % c.operatorsPerCluster],
                                   tactics: isBought ? TacticSet([.acquiringRepurposingAccounts, .acquiringPageFollowers, .centralizingInternetAccess])
                                                     : TacticSet([.creatingPersonas, .centralizingInternetAccess]))
                let bought = b.purchaseFrom.utcMidnight + Timestamp(rng.uniformInt(purchaseSpan))
                let switchTime = isBought ? bought + Timestamp(rng.uniformInt(Int(max(1, b.switchDelay.seconds)))) : start
                plan.clusters[k].pages.append(id)
                plan.clusters[k].pageSwitch.append(switchTime)
                if isBought {
                    plan.boughtPages.append(id)
                    plan.purchase.append(bought)
                    pagePlatform.append(p)
                }
            }
        }
        // Follower farms: heavy-tailed followers per Page, countries mostly VN/BD/BR, following before the purchase;
        // part of them resold from the farms that serve commercial spam Pages.
        guard !plan.boughtPages.isEmpty else { return }
        let weights = plan.boughtPages.map { _ in rng.lognormal(mu: 0, sigma: b.followerSigma) }
        let pagePick = try! DiscreteSampler(weights: weights)
        let farmed = Int((Double(b.followers) * (1 - c.evasion.audienceBuilding)).rounded())
        let resold = min(farmed, Int((Double(spamFarmAccounts.count) * scenario.hardNegatives.spamPages.sharedFarmShare).rounded()))
        let platform = pagePlatform[0]
        plan.farmAccounts = createFarmAccounts(count: farmed - resold, platform: platform, countries: b.followerCountries, campaign: plan.index, rng)
        follows.reserveCapacity(follows.count + b.followers)
        var farm = Array(plan.farmAccounts)
        for i in 0 ..< resold { farm.append(spamFarmAccounts[(i * 7919) % spamFarmAccounts.count]) }
        for f in farm {
            let j = pagePick.sample(rng)
            let page = plan.boughtPages[j]
            follows.append(follower: f, followee: page, time: farmFollowTime(f, page, before: plan.purchase[j], rng))
        }
        // Audience building (evasion): real accounts of the Page's platform follow after the switch.
        for _ in 0 ..< (b.followers - farmed) {
            let j = pagePick.sample(rng)
            guard let f = pickAccount(platform: pagePlatform[j], region: nil, rng) else { break }
            let from = max(plan.purchase[j], entities.createdAt[Int(f)])
            follows.append(follower: f, followee: plan.boughtPages[j], time: from + Timestamp(rng.uniformInt(Int(max(1, end - from)))))
        }
    }

    /// Members of the campaign's Groups: the cluster's accounts on the Group's platform join (a Group's creator and
    /// admins among them), and follower-farm accounts are bought as members.
    private mutating func joinGroups(_ plan: inout CampaignPlan, _ rng: RandomStream) {
        let c = plan.spec
        let farm = plan.farmAccounts
        for cl in plan.clusters {
            for (p, groups) in cl.groups.enumerated() {
                for g in groups {
                    let own = cl.accounts[p]
                    if !own.isEmpty {
                        for _ in 0 ..< rng.poisson(mean: c.groupMembers) {
                            let a = own[rng.uniformInt(own.count)]
                            follows.append(follower: a, followee: g, time: followTime(a, g, rng))
                        }
                    }
                    if !farm.isEmpty {
                        for _ in 0 ..< rng.poisson(mean: c.groupFarmMembers) {
                            let f = farm.lowerBound + Int32(rng.uniformInt(farm.count))
                            follows.append(follower: f, followee: g, time: farmFollowTime(f, g, before: start, rng))
                        }
                    }
                }
            }
        }
    }

    /// Central daily content directions: each day a few headlines (in the campaign's language mix), each with a
    /// handful of variants; now and then an old direction comes back ("posts about events published long after the
    /// event"). A direction is one of the network's real headlines (``ContentSpec/seedHeadlineShare`` of them) or a
    /// post the content team wrote on the same narrative in the campaign's stance, in the words any supporter of
    /// that stance uses (``TextFactory/post(_:topic:stance:segments:sharing:bits:_:into:)``): Meta describes the
    /// network's content as original commentary on these narratives as well as copied articles, so its wording is
    /// not its own signature — what it does with the wording is.
    private mutating func buildDirections(_ plan: inout CampaignPlan, _ rng: RandomStream) {
        let c = plan.spec.content
        var seen: [String: Int32] = [:]
        func intern(_ s: String) -> Int32 {
            if let id = seen[s] { return id }
            let id = sharedTexts.append(s)
            seen[s] = id
            return id
        }
        let fallback = TextTopics.campaignNarratives.upperBound - 1
        let rows = SeedHeadlines.all.indices.map { i in
            let r = SeedHeadlines.all[i]
            let topic = UInt8(TextTopics.index(of: TextGrammarData.seedHeadlineTopics[i]) ?? fallback)
            return (text: r.text, language: r.language, english: r.english, topic: topic)
        }
        let zh = rows.filter { $0.language == "zh" }
        let en = rows.filter { $0.language == "en" } + zh.map { ($0.english, "en", $0.english, $0.topic) }
        let languagePick = try! DiscreteSampler(weights: c.languages.weights)
        let english = languageIndex["en"]!
        var draft = StringTable()
        plan.directions = Array(repeating: [], count: period.days)
        for d in 0 ..< period.days {
            var today: [Direction] = []
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
                let written = !rng.bernoulli(c.seedHeadlineShare) && vocab.covers(language: Int(lang), topic: Int(seed.topic), kind: .pro)
                var text = seed.text
                if written {
                    draft = StringTable()
                    let id = TextFactory.post(vocab.lexicons[Int(lang)], topic: Int(seed.topic), stance: .pro, sharing: false, rng, into: &draft)
                    text = draft[id]
                }
                today.append(Direction(text: intern(text), language: lang, topic: seed.topic))
                for _ in 1 ..< c.headlinesPerDirection {
                    let variant = rng.bernoulli(0.5) ? TextFactory.typo(text, rng) : TextFactory.translationError(text, rng)
                    today.append(Direction(text: intern(variant), language: lang, topic: seed.topic))
                }
            }
            plan.directions[d] = today
        }
    }
}
