internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import CIBTruth
internal import Foundation

/// One cluster's work, day by day and operator by operator: per-operator daily quotas (Poisson) of headlines from
/// the day's central directions — now and then a state-aligned outlet's story with its link instead
/// (``StateMediaStories``) — each sprayed to several platforms within the spray window (6.3) as exact copies or with
/// typos, translation slips and paraphrases, and apolitical spam around them as camouflage (5.2.4,
/// ``CamouflagePosts``); blog articles (6.1.3) whose links are then sprayed; posts as
/// repurposed Pages (0.9.9) after their switch and into the campaign's Groups; self-engagement by the cluster's
/// other accounts (6.2); everything inside the shift (3.1.1), each operator with habits of their own (an early or
/// late start, a slow drift over the weeks, daily jitter); sessions through the cluster's and the central proxy
/// pools from the owning operator's devices (3.3.1). Accounts are used unevenly (most do little, some never), some
/// also post everyday content like the person they pretend to be, recycled accounts have their previous owner's
/// history, and every account follows a few popular accounts and some of its cluster's.
enum CampaignActivity {
    /// The share of the self-engagement ring's replies that are stock slogans ("Share so everyone knows"); the rest
    /// are written on the post's narrative in its stance, as a supporter's reply would be.
    static let stockReplyShare = 0.5
    /// The share of paraphrased copies that are only lightly reworded (``TextFactory/paraphrase(_:_:)``); the rest are
    /// written afresh on the direction's narrative.
    static let lightParaphraseShare = 0.2

    static func generate(_ plan: WorldPlan, campaign cp: CampaignPlan, cluster cl: ClusterPlan, _ rng: RandomStream) -> EventBuffer {
        let c = cp.spec
        let shift = cp.schedule
        var out = EventBuffer()
        let camp = cp.index
        let sessions = plan.sessions!
        let sprayTactics = TacticSet([.shiftPattern, .sprayingContent])
        let pageTactics = TacticSet([.shiftPattern, .sprayingContent, .acquiringRepurposingAccounts])
        let blogTactics = TacticSet([.shiftPattern, .postingOnBlogs])
        let ringTactics = TacticSet([.shiftPattern, .amplifyingWithFakeAccounts])
        let personaTactics = TacticSet(.creatingPersonas)
        let camouflageTactics = TacticSet([.shiftPattern, .postingSpamAsCamouflage])
        let camouflage = CamouflagePosts(plan, content: c.content)
        let stories = StateMediaStories(plan, content: c.content)
        let stateMediaShare = stories.isEmpty ? 0 : c.content.stateMediaShare
        // Camouflage posts per political post: s / (1 − s) for a share s of all posts.
        let camouflageRatio = c.content.camouflageShare / (1 - c.content.camouflageShare)
        var library: [(text: Int32, language: UInt8, topic: UInt8)] = []
        var posters: [EntityID] = []
        let engagementKinds = c.engagement.actions.keys.map { ActionOption(rawValue: $0)! }  // validated keys
        let engagementPick = try! DiscreteSampler(weights: c.engagement.actions.weights)
        let humanClock = plan.scenario.regionIndex("US").map { plan.clocks[$0] } ?? plan.clocks.first
        let sprayWindow = Int(max(1, c.quotas.sprayWindow.seconds))
        let meanDelay = Double(max(1, c.engagement.delay.seconds))
        // The day each of the cluster's accounts and Pages (ids within a few thousand of each other) last logged in.
        let members = cl.pages + cl.members
        let firstMember = members.min() ?? 0
        var lastLoginDay = [Int32](repeating: -1, count: members.isEmpty ? 0 : Int((members.max() ?? 0) - firstMember) + 1)
        // What each platform allows, looked up once rather than per event.
        let hostsPages = plan.scenario.platforms.map { $0.hosts(.page) }
        let allowsEngagement = plan.scenario.platforms.map { spec in engagementKinds.map { spec.allows($0) } }
        let allowsLike = plan.scenario.platforms.map { $0.allows(.like) }
        var articles: [Int32] = []
        var chosen: [Int] = cl.platforms
        var scratch: [UInt8] = []
        scratch.reserveCapacity(512)
        let pTypo = c.content.typoRate, pTrans = c.content.translationErrorRate, pPara = cl.paraphraseRate
        let operatorIndex = Dictionary(uniqueKeysWithValues: cl.operators.enumerated().map { ($0.element, $0.offset) })

        func source(_ a: EntityID) -> CampaignSource {
            let op = plan.truth.entityOperator[Int(a)]
            return CampaignSource(seed: plan.seed, operator: op, account: a, clusterProxies: cl.proxies, sharedProxies: cp.sharedProxies,
                                  sharedShare: cl.sharedProxyShare, sticky: c.infrastructure.stickySessions,
                                  devices: c.infrastructure.devicesPerOperator, residential: c.evasion.residentialProxies,
                                  residentialOctet: Mix.countryOctet(plan.countries[Int(plan.entities.country[Int(a)])]))
        }
        func login(_ a: EntityID, time t: Timestamp) {
            let m = Int(a - firstMember)
            let day = Int32((t - plan.start) / 86_400)
            guard lastLoginDay[m] != day else { return }
            lastLoginDay[m] = day
            sessions.emitDay(a, first: t, source: source(a), rng, into: &out.logins)
        }
        func time(_ base: Timestamp, _ local: Int64) -> Timestamp {
            if c.evasion.humanTiming > 0, let humanClock, rng.bernoulli(c.evasion.humanTiming) { return humanClock.sample(rng) }
            return base + local
        }

        // Follows: a few popular accounts and Pages (to look real) and some of the cluster's own accounts.
        for p in cl.accounts.indices where !cl.accounts[p].isEmpty {
            let own = cl.accounts[p]
            for a in own {
                let country = plan.countries[Int(plan.entities.country[Int(a)])]
                let region = plan.scenario.regions.firstIndex { $0.country == country }
                for _ in 0 ..< rng.poisson(mean: c.personas.followsPerAccount) {
                    let f = rng.bernoulli(c.personas.followsWithinCampaign) ? own[rng.uniformInt(own.count)]
                                                                            : plan.popular.pick(platform: p, region: region, rng)
                    guard let f, f != a else { continue }
                    let t = plan.followTime(a, f, rng)
                    if t < plan.end { out.follows.append(follower: a, followee: f, time: t) }
                }
            }
        }

        // Recycled accounts: their owner's everyday activity until the takeover, from the owner's own connection.
        var times: [Timestamp] = []
        let o = plan.scenario.organic
        let mu = log(max(o.meanEventsPerDay, 1e-12)) - o.activitySigma * o.activitySigma / 2
        let habits = EverydayHabits(plan)
        for (a, takeover) in cl.recycled {
            let country = plan.entities.country[Int(a)]
            let rate = min(rng.lognormal(mu: mu, sigma: o.activitySigma), 20)
            times.removeAll(keepingCapacity: true)
            for _ in 0 ..< rng.poisson(mean: rate * Double(takeover - plan.start) / 86_400) {
                let t = plan.clocks[habits.region(of: a)].sample(rng, before: takeover)
                habits.act(a, at: t, rng, into: &out)
                times.append(t)
            }
            sessions.emit(a, times: &times, createdAt: plan.entities.createdAt[Int(a)], source: plan.household(a, country: country), rng, into: &out.logins)
        }

        // Personas: everyday activity at a person's hours of their claimed country, run by the operators — posts,
        // likes, replies and reposts like anyone's, on anyone's posts.
        for a in cl.mixed {
            let alive = cl.lifetimes[a]
            let r = habits.region(of: a)
            for _ in 0 ..< rng.poisson(mean: c.personas.mixedEventsPerDay * Double(plan.period.days)) {
                let t = plan.clocks[r].sample(rng)
                guard alive.contains(t) else { continue }
                habits.act(a, at: t, rng, into: &out, campaign: camp, tactics: personaTactics)
                login(a, time: t)
            }
        }

        /// The cluster's self-engagement with post `e` (kill-chain 6.2): Poisson(`engagement.perPost`) likes, replies
        /// and reposts by its other accounts on the platform, `delay` later in working time. Replies to political posts
        /// are stock slogans or a supporter's reply on the narrative; to spam, ordinary replies.
        func selfEngage(_ e: Int32, actor: EntityID, platform p: Int, time t: Timestamp, local: Int64, base: Timestamp, context: EntityID,
                        language: UInt8, topic: UInt8, political: Bool) {
            for _ in 0 ..< rng.poisson(mean: c.engagement.perPost) {
                guard let engager = cl.pick(p, at: t, rng), engager != actor else { continue }
                let pick = engagementPick.sample(rng)
                let kind = allowsEngagement[p][pick] ? engagementKinds[pick] : allowsLike[p] ? .like : .reply
                let t2 = max(t + 1, time(base, shift.react(after: local, by: 60 + Int64(rng.exponential(mean: meanDelay)), rng)))
                guard cl.isAlive(engager, t2) else { continue }
                let replyText: Int32
                if kind == .reply && political && rng.bernoulli(stockReplyShare) {
                    let replies = plan.vocab.propagandaReplies[Int(language)]
                    replyText = out.addText(replies[rng.uniformInt(replies.count)])
                } else if kind == .reply {
                    replyText = out.addReply(plan.vocab.lexicons[Int(language)], topic: Int(topic), stance: political ? .pro : .neutral, rng)
                } else {
                    replyText = noReference
                }
                out.append(time: t2, actor: engager, action: kind.action, target: e, context: context, text: replyText,
                           language: kind == .reply ? language : EventTable.noLanguage, campaign: camp, tactics: ringTactics,
                           topic: kind == .reply ? topic : 0)
                login(engager, time: t2)
            }
        }

        guard !cl.platforms.isEmpty else { return finish(&out, cl, cp, lastLoginDay, firstMember, source, sessions, plan, rng) }
        for d in cp.days {
            let date = plan.period.date(d)
            let factor = c.schedule.dayFactor(date)
            guard factor > 0 else { continue }
            let directions = cp.directions[d]
            guard !directions.isEmpty else { continue }
            // The day's spam, from the cluster's content library: each item is posted by several of its accounts.
            if camouflageRatio > 0 {
                library.removeAll(keepingCapacity: true)
                for _ in 0 ..< CamouflagePosts.itemsPerClusterDay { library.append(camouflage.write(plan, into: &out, rng)) }
            }
            for op in cl.operators {
                let o = operatorIndex[op]!
                let habit = cl.operatorOffset[o] + Int64(cl.operatorDrift[o] * Double(d) / 7)
                let base = shift.midnight(date, clusterOffset: cl.offset + habit)
                    + (cl.jitter > 0 ? Int64(rng.uniformInt(Int(2 * cl.jitter + 1))) - cl.jitter : 0)
                // Blog articles: a post on a blog platform with its own URL, later sprayed as a link.
                if !cl.blogPlatforms.isEmpty {
                    for _ in 0 ..< rng.poisson(mean: c.content.articlesPerOperatorPerDay * factor) {
                        let p = cl.blogPlatforms[rng.uniformInt(cl.blogPlatforms.count)]
                        let h = directions[rng.uniformInt(directions.count)]
                        let t = time(base, shift.localSecond(rng))
                        guard let a = cl.pick(p, at: t, rng) else { continue }
                        let url = out.addURL("https://\(plan.platforms[p].name).example/\(plan.entities.name[Int(a)])/\(date)-\(rng.uniformInt(1 << 30))")
                        let e = out.append(time: t, actor: a, action: .post, text: h.text, url: url, language: h.language, campaign: camp, tactics: blogTactics, topic: h.topic)
                        out.campaignPosts.append(e)
                        articles.append(url)
                        login(a, time: t)
                    }
                }
                // The quota, sprayed.
                let quota = rng.poisson(mean: c.quotas.postsPerOperatorPerDay * factor * cl.quotaFactor)
                var posted = 0
                posters.removeAll(keepingCapacity: true)
                while posted < quota {
                    var h = directions[rng.uniformInt(directions.count)]
                    // Now and then a state-aligned outlet's story of the last two days instead, with its own link.
                    var storyURL = noReference
                    if stateMediaShare > 0 && rng.bernoulli(stateMediaShare), let i = stories.pick(before: base, window: 2 * 86_400, rng) {
                        let item = plan.newsFeed[Int(i)]
                        h = Direction(text: item.text, language: plan.outlets[Int(item.outlet)].language, topic: item.topic)
                        storyURL = item.url
                    }
                    let k = min(chosen.count, 1 + rng.poisson(mean: c.quotas.platformsPerHeadline - 1))
                    // Partial Fisher-Yates: the first k entries of `chosen` are the platforms; primary first most of the time.
                    for i in 0 ..< k {
                        let j = i + rng.uniformInt(chosen.count - i)
                        chosen.swapAt(i, j)
                    }
                    if let pi = chosen.firstIndex(of: cl.primary), pi >= k, rng.bernoulli(0.8) { chosen.swapAt(0, pi) }
                    let s0 = shift.localSecond(rng)
                    for i in 0 ..< k {
                        let p = chosen[i]
                        let local = shift.advance(s0, by: Int64(rng.uniformInt(sprayWindow)))
                        let t = time(base, local)
                        guard var actor = cl.pick(p, at: t, rng) else { continue }
                        var tactics = sprayTactics
                        if hostsPages[p] && !cl.pages.isEmpty && rng.bernoulli(c.quotas.pagePostShare) {
                            let j = rng.uniformInt(cl.pages.count)
                            if cl.pageSwitch[j] <= t && plan.entities.platform[Int(cl.pages[j])] == UInt16(p) {
                                actor = cl.pages[j]
                                tactics = pageTactics
                            }
                        }
                        let context: EntityID = (!cl.groups[p].isEmpty && rng.bernoulli(c.quotas.groupPostShare)) ? cl.groups[p][rng.uniformInt(cl.groups[p].count)] : noReference
                        let u = storyURL == noReference ? rng.uniform() : 1
                        let textID: Int32
                        // Paraphrased copies are the direction's narrative in the operator's own words: written
                        // afresh (which text similarity cannot tie to the other copies) or, now and then, a light
                        // rewording with a new opener; the other edits are typos and translation slips. A shared
                        // story keeps its outlet's headline: the platform shows the link's title.
                        if u < pPara && !rng.bernoulli(lightParaphraseShare) {
                            textID = out.addPost(plan.vocab.lexicons[Int(h.language)], topic: Int(h.topic), stance: .pro, sharing: false, rng)
                        } else if u < pPara + pTypo + pTrans {
                            scratch.removeAll(keepingCapacity: true)
                            plan.sharedTexts.withUTF8(Int(h.text)) { scratch.append(contentsOf: $0) }
                            if u < pPara { TextFactory.paraphrase(&scratch, rng) }
                            else if u < pPara + pTypo { TextFactory.typo(&scratch, rng) }
                            else { TextFactory.translationError(&scratch, rng) }
                            textID = out.addText(scratch)
                        } else {
                            textID = h.text
                        }
                        let url = storyURL != noReference ? storyURL
                            : (!articles.isEmpty && rng.bernoulli(c.content.articleLinkShare)) ? articles[articles.count - 1 - rng.uniformInt(min(articles.count, 20))] : noReference
                        let e = out.append(time: t, actor: actor, action: .post, context: context, text: textID, url: url, language: h.language, campaign: camp, tactics: tactics, topic: h.topic)
                        out.campaignPosts.append(e)
                        login(actor, time: t)
                        if camouflageRatio > 0 { posters.append(actor) }
                        // Self-engagement ring on the same platform.
                        selfEngage(e, actor: actor, platform: p, time: t, local: local, base: base, context: context,
                                   language: h.language, topic: h.topic, political: true)
                    }
                    posted += k
                }
                // Spam as camouflage on the accounts that posted the day's politics, so that `camouflageShare` of
                // their posts are spam.
                if camouflageRatio > 0 && !posters.isEmpty {
                    for _ in 0 ..< rng.poisson(mean: Double(posters.count) * camouflageRatio) {
                        let a = posters[rng.uniformInt(posters.count)]
                        let local = shift.localSecond(rng)
                        let t = time(base, local)
                        guard cl.isAlive(a, t) else { continue }
                        let post = library[rng.uniformInt(library.count)]
                        let e = out.append(time: t, actor: a, action: .post, text: post.text, language: post.language, campaign: camp,
                                           tactics: camouflageTactics, topic: post.topic)
                        out.campaignPosts.append(e)
                        login(a, time: t)
                        // The ring engages with the spam too: the network's posts drew their engagement from itself.
                        selfEngage(e, actor: a, platform: Int(plan.entities.platform[Int(a)]), time: t, local: local, base: base,
                                   context: noReference, language: post.language, topic: post.topic, political: false)
                    }
                }
            }
        }
        return finish(&out, cl, cp, lastLoginDay, firstMember, source, sessions, plan, rng)
    }

    /// Sessions of the cluster's accounts that never acted (dormant accounts are logged in now and then to keep them
    /// alive, like any reader's).
    private static func finish(
        _ out: inout EventBuffer, _ cl: ClusterPlan, _ cp: CampaignPlan, _ lastLoginDay: [Int32], _ firstMember: EntityID,
        _ source: (EntityID) -> CampaignSource, _ sessions: SessionModel, _ plan: WorldPlan, _ rng: RandomStream
    ) -> EventBuffer {
        for a in cl.members + cl.pages where lastLoginDay[Int(a - firstMember)] < 0 {
            let alive = cl.lifetimes[a]
            sessions.emitLurker(a, createdAt: max(plan.entities.createdAt[Int(a)], alive.lowerBound), source: source(a), rng, into: &out.logins)
        }
        return out
    }
}

/// The operation's sessions (kill-chain 3.3.1): most of an operator's sessions on a working day go through the one
/// address its workstation uses that day — from the cluster's proxies or, with the cluster's shared-proxy share, the
/// campaign's central pool — the others through any address of the pools. Devices are the operator's few: each
/// account is kept on one of them (its phone or browser profile) and now and then opened on another. With the
/// `residentialProxies` evasion knob, a session comes from a fresh residential address of the account's country.
struct CampaignSource: SessionSource {
    let seed: UInt64
    let key: UInt64
    /// The operator's device this account is kept on.
    let home: Int
    let clusterProxies: Pool
    let sharedProxies: Pool
    let sharedShare: Double
    let sticky: Double
    let devices: Int
    let residential: Double
    let residentialOctet: UInt32

    init(seed: UInt64, operator op: Int32, account: EntityID, clusterProxies: Pool, sharedProxies: Pool, sharedShare: Double, sticky: Double, devices: Int,
         residential: Double, residentialOctet: UInt32) {
        self.seed = seed
        key = Mix.hash(seed, UInt64(UInt32(bitPattern: op)), 0x0FE2)
        self.clusterProxies = clusterProxies
        self.sharedProxies = sharedProxies
        self.sharedShare = sharedShare
        self.sticky = sticky
        self.devices = max(1, devices)
        home = Int(Mix.hash(key, UInt64(UInt32(bitPattern: account))) % UInt64(max(1, devices)))
        self.residential = residential
        self.residentialOctet = residentialOctet
    }

    @inline(__always)
    func session(day: Int, index: Int, _ rng: RandomStream) -> (ip: UInt32, device: UInt32) {
        let device = UInt32(truncatingIfNeeded: Mix.hash(key, UInt64(rng.bernoulli(0.95) ? home : rng.uniformInt(devices)), 0xD << 40))
        if residential > 0 && rng.bernoulli(residential) {
            return (Mix.address(countryOctet: residentialOctet, key: Mix.hash(key, UInt64(max(0, day)), rng.next())), device)
        }
        if rng.bernoulli(sticky) {
            // The workstation's address of the day.
            let h = Mix.hash(key, UInt64(max(0, day)), 0x57)
            let shared = !sharedProxies.isEmpty && Double(h & 0xFFFF) / 65_536 < sharedShare
            let pool = shared ? sharedProxies : clusterProxies
            return (pool[Int((h >> 16) % UInt64(pool.count))], device)
        }
        let pool = !sharedProxies.isEmpty && rng.bernoulli(sharedShare) ? sharedProxies : clusterProxies
        return (pool.any(rng), device)
    }
}

/// Bought Pages before the purchase: Chinese commercial posts (lingerie, phone cases, clothing, children's
/// accessories) by the spam operator who sold them, from that operator's connection; not the campaign's doing
/// (campaign -1), but on its assets.
enum BoughtPageHistory {
    static func generate(_ plan: WorldPlan, campaign cp: CampaignPlan, _ rng: RandomStream) -> EventBuffer {
        let b = cp.spec.boughtPages
        var out = EventBuffer()
        let lang = plan.languageIndex[b.preHistoryLanguage]!
        let sessions = plan.sessions!
        var times: [Timestamp] = []
        for (j, page) in cp.boughtPages.enumerated() {
            let until = min(cp.purchase[j], plan.end)
            guard until > plan.start else { continue }
            let topic = b.preHistoryTopics[rng.uniformInt(b.preHistoryTopics.count)]
            let days = Double(until - plan.start) / 86_400
            times.removeAll(keepingCapacity: true)
            for _ in 0 ..< rng.poisson(mean: b.preHistoryPostsPerDay * days) {
                let t = plan.commercialClock.sample(rng, before: until)
                out.append(time: t, actor: page, action: .post, text: out.addText(plan.text.commercial(topic: topic, language: b.preHistoryLanguage, rng)), language: lang)
                times.append(t)
            }
            // The seller's sessions: spam operators sell Pages they ran themselves.
            if !plan.spamOperators.isEmpty && !times.isEmpty {
                let seller = plan.spamOperators[Int(Mix.hash(plan.seed, UInt64(UInt32(bitPattern: page))) % UInt64(plan.spamOperators.count))]
                sessions.emit(page, times: &times, createdAt: plan.entities.createdAt[Int(page)], source: seller, rng, into: &out.logins)
            }
        }
        return out
    }
}

/// What an ordinary person does on a platform, for accounts outside the organic units that live such a life now and
/// then (recycled accounts before their takeover, personas between shifts): the organic action mix — posts on the
/// organic topic mix, and likes, replies and reposts of anyone's recent posts on the platform
/// (``PlatformEngagement``).
struct EverydayHabits {
    let plan: WorldPlan
    let actions: [ActionKind]
    let actionPick: DiscreteSampler

    init(_ plan: WorldPlan) {
        self.plan = plan
        let o = plan.scenario.organic
        actions = o.actions.keys.map { ActionOption(rawValue: $0)!.action }
        actionPick = try! DiscreteSampler(weights: o.actions.weights)
    }

    /// The region whose clock and languages an account of this country lives by (the first region of its country,
    /// or the first region).
    func region(of a: EntityID) -> Int {
        let country = plan.countries[Int(plan.entities.country[Int(a)])]
        return plan.scenario.regions.firstIndex { $0.country == country } ?? 0
    }

    func act(_ a: EntityID, at t: Timestamp, _ rng: RandomStream, into out: inout EventBuffer, campaign: Int16 = -1, tactics: TacticSet = []) {
        let r = region(of: a)
        let p = Int(plan.entities.platform[Int(a)])
        let lang = plan.regionLanguageIndex[r][plan.regionLanguages[r].sample(rng)]
        let lexicon = plan.vocab.lexicons[Int(lang)]
        var kind = actions[actionPick.sample(rng)]
        if kind != .post && !plan.scenario.platforms[p].allows(ActionOption(rawValue: kind.name)!) { kind = .post }
        switch kind {
        case .post:
            let pick = plan.topics!.post(language: Int(lang), rng)
            out.append(time: t, actor: a, action: .post, text: out.addPost(lexicon, topic: pick.topic, stance: pick.stance, rng),
                       language: lang, campaign: campaign, tactics: tactics, topic: UInt8(pick.topic))
        case .reply:
            out.appendPending(time: t, actor: a, action: .reply, text: out.addText(lexicon.reply(rng.uniformInt(lexicon.replyCount))), language: lang,
                              campaign: campaign, tactics: tactics)
        default:
            out.appendPending(time: t, actor: a, action: kind, campaign: campaign, tactics: tactics)
        }
    }
}
