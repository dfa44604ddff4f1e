public import CIBScenario
internal import Foundation

/// What a scenario will generate — events, entities, follows and logins — estimated from its values alone, before
/// anything is built, so that a world too large for the machine (or for a `--max-events` limit) is refused at once
/// and the progress line "expecting about N events" is right (issue 18: within ±20 % on every scenario and preset;
/// `WorldEstimateTests` and `scripts/check-estimate` hold it to that).
///
/// The estimate is a sum of named terms, one per behaviour of the generator (see ``Term``): each is the expected
/// value of what that behaviour draws — Poisson means, lognormal means, share × count — computed in `Double`, so
/// that no value of a valid scenario can overflow. When a behaviour of the generator changes, its term changes with
/// it (the term's comment names the code it follows).
public struct WorldEstimate: Sendable {
    /// One behaviour's expected output.
    public struct Term: Sendable, Equatable {
        public var name: String
        public var events = 0.0
        public var entities = 0.0
        public var follows = 0.0
        public var logins = 0.0
    }

    public private(set) var terms: [Term] = []

    public var events: Double { terms.reduce(0) { $0 + $1.events } }
    public var entities: Double { terms.reduce(0) { $0 + $1.entities } }
    public var follows: Double { terms.reduce(0) { $0 + $1.follows } }
    public var logins: Double { terms.reduce(0) { $0 + $1.logins } }
    /// The events of the organic accounts alone (the old estimate's one term; kept for messages).
    public var organicAccountEvents: Double { terms.first { $0.name == "organic accounts" }?.events ?? 0 }

    public init(scenario s: Scenario, scale: Double) {
        let days = Double(s.period.days)
        let dates = (0 ..< s.period.days).map { s.period.date($0) }
        let o = s.organic
        let sizes = s.platforms.map { max(0, $0.size) }
        let totalSize = sizes.reduce(0, +)

        // Organic accounts (WorldPlan.createOrganic, OrganicActivity): round(accounts × scale), split by platform
        // size; Poisson(rate × days × alive) events each (lognormal rates with mean meanEventsPerDay, capped at 200 a
        // day; a newcomer — newcomerShare of them, created uniformly in the period — is alive half of it on average);
        // Poisson(meanPerAccount × alive) follows; sessions on the days they act (SessionModel).
        let organic = o.enabled && totalSize > 0 ? (Double(o.accounts) * scale).rounded() : 0
        let perPlatform = sizes.map { totalSize > 0 ? organic * $0 / totalSize : 0 }
        let alive = 1 - o.newcomerShare / 2
        let meanEvents = min(o.meanEventsPerDay, 200) * days * alive
        terms.append(Term(name: "organic accounts", events: organic * meanEvents, entities: organic,
                          follows: organic * o.follows.meanPerAccount * alive, logins: organic * Self.sessions(o, meanEvents, days: days)))

        // Office workers (WorldPlan.createOfficeWorkers): accounts × scale people acting like organic accounts at
        // their own mean rate.
        let w = s.hardNegatives.officeWorkers
        let workers = w.enabled ? (Double(w.accounts) * scale).rounded() : 0
        let workerEvents = min(w.meanEventsPerDay, 200) * days * alive
        terms.append(Term(name: "office workers", events: workers * workerEvents, entities: workers,
                          follows: workers * o.follows.meanPerAccount * alive, logins: workers * Self.sessions(o, workerEvents, days: days)))

        // Shared-network users (WorldPlan.createSharedNetworks): ordinary accounts behind a few addresses, spread
        // over the platforms by size, acting like organic accounts.
        let n = s.hardNegatives.sharedNetworks
        let shared = n.enabled ? Double(n.networks) * Double(n.usersPerNetwork) : 0
        let sizeWeights = s.platforms.map { max($0.size, 1e-9) }
        let sizeWeightTotal = sizeWeights.reduce(0, +)
        let sharedPerPlatform = sizeWeights.map { shared * $0 / sizeWeightTotal }
        terms.append(Term(name: "shared-network users", events: shared * meanEvents, entities: shared,
                          follows: shared * o.follows.meanPerAccount * alive, logins: shared * Self.sessions(o, meanEvents, days: days)))

        // Newsroom headlines (WorldPlan.createNewsrooms): per outlet and day, Poisson(headlinesPerDay × the weekend
        // factor × 0.7 on its region's holidays), a syndicatedShare of them carried by Poisson(syndicationPickup)
        // more outlets; each cross-posted by the outlet's entities on the largest platforms (Newsrooms.generate).
        let news = s.hardNegatives.newsrooms
        var headlines = 0.0
        if news.enabled && news.count > 0 {
            var perOutlet = 0.0
            for (name, share) in zip(news.regions.keys, news.regions.weights) {
                guard let region = s.regions.first(where: { $0.name == name }) else { continue }
                var sum = 0.0
                for date in dates {
                    sum += news.headlinesPerDay * (date.weekday >= 5 ? news.weekendFactor : 1) * (region.isHoliday(date) ? 0.7 : 1)
                }
                perOutlet += share * sum
            }
            headlines = Double(news.count) * perOutlet * (1 + (news.count > 1 ? news.syndicatedShare * news.syndicationPickup : 0))
        }
        let outletEntities = news.enabled ? Double(news.count) * Double(min(news.platformsPerOutlet, s.platforms.count)) : 0
        let newsEvents = headlines * Double(min(news.platformsPerOutlet, s.platforms.count))
        terms.append(Term(name: "newsrooms", events: newsEvents, entities: outletEntities,
                          logins: outletEntities * Self.sessions(o, newsEvents / max(1, outletEntities), days: days)))

        // Organic link bursts (LinkBursts): Poisson(perDay × platform size × scale × days) bursts per platform with
        // organic accounts, shared by the accounts of non-shared-network chunks, of lognormal size (mean meanSize,
        // at least 2); only when there are headlines to share.
        let b = o.linkBursts
        var burstShares = 0.0
        if b.enabled && headlines > 0 {
            for p in s.platforms.indices where perPlatform[p] >= 1 {
                let ownShare = perPlatform[p] / (perPlatform[p] + sharedPerPlatform[p])
                burstShares += b.perDay * s.platforms[p].size * scale * days * ownShare * max(2, b.meanSize)
            }
        }
        terms.append(Term(name: "link bursts", events: burstShares))

        // Organic Pages (OrganicPages): Poisson(postsPerDay × days) posts each — rebranded and diaspora Pages at their
        // own rates; Groups, which only hold posts. Their followers are the organic accounts' popular follows.
        let hostsPages = s.platforms.contains { $0.hosts(.page) }
        let hn = s.hardNegatives
        let pages = o.enabled && hostsPages ? (Double(o.pages.count) * scale).rounded() : 0
        let rebranded = hn.rebrandedPages.enabled && hostsPages ? (Double(hn.rebrandedPages.count) * scale).rounded() : 0
        let diaspora = hn.diasporaPages.enabled && hostsPages ? (Double(hn.diasporaPages.count) * scale).rounded() : 0
        let groups = o.enabled && s.platforms.contains(where: { $0.hosts(.group) }) ? (Double(o.groups) * scale).rounded() : 0
        let pagePosts = (pages * o.pages.postsPerDay + rebranded * hn.rebrandedPages.postsPerDay + diaspora * hn.diasporaPages.postsPerDay) * days
        terms.append(Term(name: "organic Pages and Groups", events: pagePosts, entities: pages + rebranded + diaspora + groups,
                          logins: (pages + rebranded + diaspora) * Self.sessions(o, o.pages.postsPerDay * days, days: days)))

        // Marketing (Marketing): Poisson(pushesPerWeek × days / 7) pushes per agency, each posted by participation ×
        // its accounts on the push's platform.
        let m = s.hardNegatives.marketing
        let agencies = m.enabled ? Double(m.agencies) : 0
        let marketingAccounts = agencies * Double(m.accountsPerAgency)
        // Each push goes to one of the (up to three) platforms the agency's accounts are on; every client account
        // also posts Poisson(ownPostsPerDay × days) of its own.
        let marketingEvents = agencies * m.pushesPerWeek * days / 7 * Double(m.accountsPerAgency) / Double(max(1, min(3, s.platforms.count))) * m.participation
            + agencies * Double(m.accountsPerAgency) * m.ownPostsPerDay * days
        terms.append(Term(name: "marketing", events: marketingEvents, entities: marketingAccounts,
                          follows: marketingAccounts * o.follows.meanPerAccount,
                          logins: marketingAccounts * Self.sessions(o, marketingEvents / max(1, marketingAccounts), days: days)))

        // Fan communities (FanCommunities): Poisson(postsPerWeek × days / 7) idol posts each, every participating
        // member likes, reposts 40 % of the time (where the platform allows it) and replies 30 % of the time, and
        // 15 % of the members like each reply; 90 % of the members follow the idol. The idol's platform is one of the
        // four largest; the members are organic accounts (no new entities but the idol).
        let f = s.hardNegatives.fanCommunities
        let communities = f.enabled ? Double(f.count) : 0
        let top = s.platforms.indices.sorted { (-s.platforms[$0].size, $0) < (-s.platforms[$1].size, $1) }.prefix(4)
        let repostShare = top.isEmpty ? 0 : Double(top.filter { s.platforms[$0].allows(.repost) }.count) / Double(top.count)
        let members = Double(f.membersPerCommunity)
        terms.append(Term(name: "fan communities",
                          events: communities * f.postsPerWeek * days / 7 * (1 + members * f.participation * (1.3 + 0.4 * repostShare + 0.3 * 0.15 * members)),
                          entities: communities, follows: communities * (members * 0.9 + o.follows.meanPerAccount)))

        // Engagement pods (EngagementPods): every member posts Poisson(postsPerMemberPerWeek × days / 7) times; each
        // other member engages with participation (a like, and a comment 35 % of the time); members follow each other
        // with probability 0.8. Members are organic accounts.
        let pod = s.hardNegatives.engagementPods
        let podMembers = pod.enabled ? Double(pod.count) * Double(pod.membersPerPod) : 0
        terms.append(Term(name: "engagement pods",
                          events: podMembers * pod.postsPerMemberPerWeek * days / 7 * (1 + Double(max(0, pod.membersPerPod - 1)) * pod.participation * 1.35),
                          follows: podMembers * Double(max(0, pod.membersPerPod - 1)) * 0.8))

        // Commercial spam Pages (WorldPlan.createSpamPages, SpamPages): Poisson(postsPerDay × days) posts each, and
        // lognormal bought followers (mean max(meanFollowers, 1)), each a new follower-farm account.
        let spam = s.hardNegatives.spamPages
        let spamPages = spam.enabled && s.platformIndex(spam.platform) != nil ? Double(spam.count) : 0
        let spamFollowers = spamPages * max(spam.meanFollowers, 1)
        terms.append(Term(name: "spam Pages", events: spamPages * spam.postsPerDay * days, entities: spamPages + spamFollowers,
                          follows: spamFollowers, logins: spamPages * Self.sessions(o, spam.postsPerDay * days, days: days)))
        // Follower-farm accounts (FollowerFarms), the spam Pages' and the campaigns': Poisson(0.5) camouflage follows,
        // sessions on those days or as readers.
        let farms = spamFollowers + s.campaigns.filter(\.enabled).reduce(0.0) { $0 + Double($1.boughtPages.followers) * (1 - $1.evasion.audienceBuilding) }
        terms.append(Term(name: "follower farms", follows: farms * 0.5, logins: farms * Self.sessions(o, 0.5, days: days)))

        // Campaigns.
        let questions = organic + shared > 0 && o.questionShare > 0
        for c in s.campaigns where c.enabled {
            terms += Self.campaignTerms(c, s, dates: dates, questions: questions, organicAccounts: organic + shared)
        }
    }

    /// Sessions of an entity with `meanEvents` actions over `days` (SessionModel): sessionsPerActiveDay on each
    /// distinct day it acts, or lurkerShare × 3 session days when it never does.
    static func sessions(_ o: OrganicSpec, _ meanEvents: Double, days: Double) -> Double {
        let activeDays = days > 0 ? days * (1 - exp(-meanEvents / days)) : 0
        let lurking = exp(-meanEvents) * o.lurkerShare * 3
        return (activeDays + lurking) * max(1, o.sessionsPerActiveDay)
    }

    /// A campaign's terms: its assets, the bought Pages' commercial history, the clusters' posting (blog articles
    /// and the sprayed quota), self-engagement, off-topic replies to organic questions and organic reach.
    private static func campaignTerms(_ c: CampaignSpec, _ s: Scenario, dates: [CalendarDate], questions: Bool, organicAccounts: Double) -> [Term] {
        let period = s.period
        let prefix = "campaign '\(c.name)': "
        let clusters = c.clusters
        let accountsOn: [Int] = s.platforms.map { c.accounts[$0.name] ?? 0 }
        let pageCount = Double(c.pages.values.reduce(0, +)), groupCount = Double(c.groups.values.reduce(0, +))
        let farmed = (Double(c.boughtPages.followers) * (1 - c.evasion.audienceBuilding)).rounded()
        var terms: [Term] = []
        let accountCount = Double(accountsOn.reduce(0, +))
        terms.append(Term(name: prefix + "assets", entities: accountCount + pageCount + groupCount + farmed,
                          follows: Double(c.boughtPages.followers) + accountCount * c.personas.followsPerAccount
                              + groupCount * (c.groupMembers + c.groupFarmMembers)))
        // Personas and recycled accounts (CampaignActivity): everyday posts of mixed accounts; a recycled account's
        // owner's organic activity until the takeover (uniform in the middle 80 % of the period).
        let o = s.organic
        let persona = c.personas
        terms.append(Term(name: prefix + "personas and recycled accounts",
                          events: accountCount * ((1 - persona.dormantShare) * persona.mixedShare * persona.mixedEventsPerDay * Double(period.days)
                              + persona.recycledShare * min(o.meanEventsPerDay, 20) * Double(period.days) * 0.5)))

        // Bought-Page history (BoughtPageHistory): Poisson(preHistoryPostsPerDay × days owned by the spam
        // operator inside the period) commercial posts per bought Page; purchase dates are uniform.
        let bought = c.pages.values.reduce(0.0) { $0 + (Double($1) * c.boughtPages.share).rounded() }
        let from = Double(c.boughtPages.purchaseFrom.utcMidnight), to = Double(c.boughtPages.purchaseTo.utcMidnight + 86_400)
        let start = Double(period.startTime), end = Double(period.endTime)
        var ownedDays = 0.0
        let steps = 64
        for i in 0 ..< steps {
            let purchase = from + (to - from) * (Double(i) + 0.5) / Double(steps)
            ownedDays += max(0, min(purchase, end) - start) / 86_400 / Double(steps)
        }
        terms.append(Term(name: prefix + "bought-Page history", events: bought * c.boughtPages.preHistoryPostsPerDay * ownedDays))

        // The days the campaign works, and each day's activity factor (CampaignActivity).
        let firstDay = max(0, c.activeFrom.map { period.dayIndex($0) } ?? 0)
        let lastDay = min(period.days, (c.activeTo.map { period.dayIndex($0) } ?? period.days - 1) + 1)
        var factors: [Double] = []
        if firstDay < lastDay {
            for d in firstDay ..< lastDay {
                let factor = c.schedule.dayFactor(dates[d])
                if factor > 0 { factors.append(factor) }
            }
        }
        let factorSum = factors.reduce(0, +)
        let ops = Double(c.operatorsPerCluster)
        // The sprayed quota; camouflage posts (on the accounts already posting that day, self-engaged like the rest)
        // are `camouflageShare` of all posts.
        let q = c.quotas.postsPerOperatorPerDay
        let blogs = c.content.blogPlatforms.compactMap { s.platformIndex($0) }
        // Σ over the working days of P(quota > 0), for the overshoot below (the same for every cluster).
        let daysWithQuota = factors.reduce(0.0) { $0 + (1 - exp(-q * $1)) }
        var articles = 0.0, posts = 0.0, camouflage = 0.0, engagement = 0.0, offTopic = 0.0, accountDays = 0.0
        for k in 0 ..< clusters {
            // Cluster k holds the accounts i with i % clusters == k of each platform.
            let mine = accountsOn.map { $0 > k ? Double(($0 - 1 - k) / clusters + 1) : 0 }
            let platforms = mine.filter { $0 > 0 }.count
            guard platforms > 0 else { continue }
            if blogs.contains(where: { mine[$0] > 0 }) { articles += ops * factorSum * c.content.articlesPerOperatorPerDay }
            // The quota is sprayed a headline at a time to k platforms, so an operator posts the quota plus the
            // overshoot of the last headline: (E[k²]/E[k] − 1)/2 on a day with any quota.
            let (mean, meanSquare) = sprayWidth(platforms: platforms, mean: c.quotas.platformsPerHeadline)
            let overshoot = max(0, (meanSquare / mean - 1) / 2)
            let clusterPosts = ops * (q * factorSum + daysWithQuota * overshoot)
            let clusterCamouflage = clusterPosts * c.content.camouflageShare / (1 - c.content.camouflageShare)
            posts += clusterPosts
            camouflage += clusterCamouflage
            // Self-engagement: Poisson(perPost) on platforms where the cluster has a second account.
            let ring = Double(mine.filter { $0 >= 2 }.count) / Double(platforms)
            engagement += (clusterPosts + clusterCamouflage) * c.engagement.perPost * ring
            if questions { offTopic += ops * factorSum * c.offTopicReplies.perOperatorPerDay }
            accountDays += min(mine.reduce(0, +) * Double(factors.count), clusterPosts + (clusterPosts + clusterCamouflage) * c.engagement.perPost)
        }
        terms.append(Term(name: prefix + "blog articles", events: articles))
        terms.append(Term(name: prefix + "sprayed posts", events: posts, logins: accountDays * max(1, s.organic.sessionsPerActiveDay)))
        terms.append(Term(name: prefix + "camouflage posts", events: camouflage))
        terms.append(Term(name: prefix + "self-engagement", events: engagement))
        // Off-topic replies to organic questions and organic reach (CrossWorldEngagement).
        terms.append(Term(name: prefix + "off-topic replies", events: offTopic))
        terms.append(Term(name: prefix + "organic reach", events: organicAccounts > 0 ? (posts + camouflage + articles) * c.reach.organicPerPost : 0))
        return terms
    }

    /// E[k] and E[k²] of the platforms a headline is sprayed to: k = min(platforms, 1 + Poisson(mean − 1)).
    static func sprayWidth(platforms: Int, mean: Double) -> (Double, Double) {
        let lambda = max(0, mean - 1)
        var p = exp(-lambda)  // P(Poisson = 0)
        var below = 0.0, m1 = 0.0, m2 = 0.0
        for j in 0 ..< max(1, platforms - 1) {
            let k = Double(1 + j)
            m1 += p * k
            m2 += p * k * k
            below += p
            p *= lambda / Double(j + 1)
        }
        let rest = max(0, 1 - below), k = Double(platforms)
        return (m1 + rest * k, m2 + rest * k * k)
    }
}
