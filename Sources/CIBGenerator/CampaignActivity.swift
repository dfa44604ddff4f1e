internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import CIBTruth

/// One cluster's work, day by day and operator by operator: per-operator daily quotas (Poisson) of headlines from
/// the day's central directions, each sprayed to several platforms within the spray window (6.3) as exact copies
/// or with typos, translation slips and paraphrases; blog articles (6.1.3) whose links are then sprayed; posts as
/// repurposed Pages (0.9.9) after their switch and into the campaign's Groups; self-engagement by the cluster's
/// other accounts (6.2); everything inside the shift (3.1.1); logins through the cluster's and the central proxy
/// pools from the operators' devices (3.3.1).
enum CampaignActivity {
    static func generate(_ plan: WorldPlan, campaign cp: CampaignPlan, cluster cl: ClusterPlan, _ rng: RandomStream) -> EventBuffer {
        let c = cp.spec
        let shift = cp.schedule
        var out = EventBuffer()
        guard !cl.platforms.isEmpty else { return out }
        let camp = cp.index
        let sprayTactics = TacticSet([.shiftPattern, .sprayingContent])
        let pageTactics = TacticSet([.shiftPattern, .sprayingContent, .acquiringRepurposingAccounts])
        let blogTactics = TacticSet([.shiftPattern, .postingOnBlogs])
        let ringTactics = TacticSet([.shiftPattern, .amplifyingWithFakeAccounts])
        let engagementKinds = c.engagement.actions.keys.map { ActionOption(rawValue: $0)! }  // validated keys
        let engagementPick = try! DiscreteSampler(weights: c.engagement.actions.weights)
        let humanClock = plan.scenario.regionIndex("US").map { plan.clocks[$0] } ?? plan.clocks.first
        let jitter = c.schedule.jitter.seconds
        let sprayWindow = Int(max(1, c.quotas.sprayWindow.seconds))
        let meanDelay = Double(max(1, c.engagement.delay.seconds))
        // The day each of the cluster's accounts and Pages (consecutive ids, a few thousand) last logged in.
        var members = cl.pages
        for list in cl.accounts { members += list }
        let firstMember = members.min() ?? 0
        var lastLoginDay = [Int32](repeating: -1, count: Int((members.max() ?? 0) - firstMember) + 1)
        // What each platform allows, looked up once rather than per event.
        let hostsPages = plan.scenario.platforms.map { $0.hosts(.page) }
        let allowsEngagement = plan.scenario.platforms.map { spec in engagementKinds.map { spec.allows($0) } }
        let allowsLike = plan.scenario.platforms.map { $0.allows(.like) }
        var articles: [Int32] = []
        var chosen: [Int] = cl.platforms
        var scratch: [UInt8] = []
        scratch.reserveCapacity(512)
        let pTypo = c.content.typoRate, pTrans = c.content.translationErrorRate, pPara = c.content.paraphraseRate

        func login(_ a: EntityID, day: Int, time t: Timestamp, op: Int32) {
            let m = Int(a - firstMember)
            guard lastLoginDay[m] != Int32(day) else { return }
            lastLoginDay[m] = Int32(day)
            let ip: UInt32
            if c.evasion.residentialProxies > 0 && rng.bernoulli(c.evasion.residentialProxies) {
                ip = Mix.address(countryOctet: Mix.countryOctet(plan.countries[Int(plan.entities.country[Int(a)])]), key: Mix.hash(plan.seed, UInt64(a), UInt64(day)))
            } else if !cp.sharedProxies.isEmpty && rng.bernoulli(c.infrastructure.sharedProxyShare) {
                ip = cp.sharedProxies[rng.uniformInt(cp.sharedProxies.count)]
            } else {
                ip = cl.proxies[rng.uniformInt(cl.proxies.count)]
            }
            let device = UInt32(truncatingIfNeeded: Mix.hash(plan.seed, UInt64(op), UInt64(rng.uniformInt(c.infrastructure.devicesPerOperator)) | 0xD << 40))
            let n = max(1, rng.poisson(mean: c.infrastructure.loginsPerActiveDay))
            for j in 0 ..< n { out.logins.append(entity: a, time: t - 60 - Timestamp(rng.uniformInt(900)) - Timestamp(j * 3600), ip: ip, device: device) }
        }

        func time(_ base: Timestamp, _ local: Int64) -> Timestamp {
            if c.evasion.humanTiming > 0, let humanClock, rng.bernoulli(c.evasion.humanTiming) { return humanClock.sample(rng) }
            return base + local
        }

        for d in cp.days {
            let date = plan.period.date(d)
            let factor = c.schedule.dayFactor(date)
            guard factor > 0 else { continue }
            let directions = cp.directions[d]
            guard !directions.isEmpty else { continue }
            for op in cl.operators {
                let base = shift.midnight(date, clusterOffset: cl.offset) + (jitter > 0 ? Int64(rng.uniformInt(Int(2 * jitter + 1))) - jitter : 0)
                // Blog articles: a post on a blog platform with its own URL, later sprayed as a link.
                if !cl.blogPlatforms.isEmpty {
                    for _ in 0 ..< rng.poisson(mean: c.content.articlesPerOperatorPerDay * factor) {
                        let p = cl.blogPlatforms[rng.uniformInt(cl.blogPlatforms.count)]
                        let h = directions[rng.uniformInt(directions.count)]
                        let t = time(base, shift.localSecond(rng))
                        guard let a = cl.pick(p, at: t, rng) else { continue }
                        let url = out.addURL("https://\(plan.platforms[p].name).example/\(plan.entities.name[Int(a)])/\(date)-\(rng.uniformInt(1 << 30))")
                        let e = out.append(time: t, actor: a, action: .post, text: h.text, url: url, language: h.language, campaign: camp, tactics: blogTactics)
                        out.campaignPosts.append(e)
                        articles.append(url)
                        login(a, day: d, time: t, op: op)
                    }
                }
                // The quota, sprayed.
                let quota = rng.poisson(mean: c.quotas.postsPerOperatorPerDay * factor)
                var posted = 0
                while posted < quota {
                    let h = directions[rng.uniformInt(directions.count)]
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
                        let u = rng.uniform()
                        let textID: Int32
                        if u < pTypo + pTrans + pPara {
                            scratch.removeAll(keepingCapacity: true)
                            plan.sharedTexts.withUTF8(Int(h.text)) { scratch.append(contentsOf: $0) }
                            if u < pTypo { TextFactory.typo(&scratch, rng) }
                            else if u < pTypo + pTrans { TextFactory.translationError(&scratch, rng) }
                            else { TextFactory.paraphrase(&scratch, rng) }
                            textID = out.addText(scratch)
                        } else {
                            textID = h.text
                        }
                        let url = (!articles.isEmpty && rng.bernoulli(c.content.articleLinkShare)) ? articles[articles.count - 1 - rng.uniformInt(min(articles.count, 20))] : noReference
                        let e = out.append(time: t, actor: actor, action: .post, context: context, text: textID, url: url, language: h.language, campaign: camp, tactics: tactics)
                        out.campaignPosts.append(e)
                        login(actor, day: d, time: t, op: op)
                        // Self-engagement ring on the same platform.
                        let peers = cl.accounts[p]
                        for _ in 0 ..< rng.poisson(mean: c.engagement.perPost) where peers.count > 1 || peers[0] != actor {
                            guard var engager = cl.pick(p, at: t, rng) else { continue }
                            if engager == actor { engager = peers[(peers.firstIndex(of: engager)! + 1) % peers.count] }
                            guard engager != actor, cl.isAlive(engager, t) else { continue }
                            let pick = engagementPick.sample(rng)
                            let kind = allowsEngagement[p][pick] ? engagementKinds[pick] : allowsLike[p] ? .like : .reply
                            let t2 = max(t + 1, time(base, shift.react(after: local, by: 60 + Int64(rng.exponential(mean: meanDelay)), rng)))
                            let replyText: Int32
                            if kind == .reply {
                                let replies = plan.vocab.propagandaReplies[Int(h.language)]
                                replyText = out.addText(replies[rng.uniformInt(replies.count)])
                            } else {
                                replyText = noReference
                            }
                            out.append(time: t2, actor: engager, action: kind.action, target: e, context: context, text: replyText,
                                       language: kind == .reply ? h.language : EventTable.noLanguage, campaign: camp, tactics: ringTactics)
                            login(engager, day: d, time: t2, op: op)
                        }
                    }
                    posted += k
                }
            }
        }
        return out
    }
}

/// Bought Pages before the purchase: Chinese commercial posts (lingerie, phone cases, clothing, children's
/// accessories) by the spam operator who sold them; not the campaign's doing (campaign -1), but on its assets.
enum BoughtPageHistory {
    static func generate(_ plan: WorldPlan, campaign cp: CampaignPlan, _ rng: RandomStream) -> EventBuffer {
        let b = cp.spec.boughtPages
        var out = EventBuffer()
        let lang = plan.languageIndex[b.preHistoryLanguage]!
        for (j, page) in cp.boughtPages.enumerated() {
            let until = min(cp.purchase[j], plan.end)
            guard until > plan.start else { continue }
            let topic = b.preHistoryTopics[rng.uniformInt(b.preHistoryTopics.count)]
            let days = Double(until - plan.start) / 86_400
            for _ in 0 ..< rng.poisson(mean: b.preHistoryPostsPerDay * days) {
                let t = plan.commercialClock.sample(rng, before: until)
                out.append(time: t, actor: page, action: .post, text: out.addText(plan.text.commercial(topic: topic, language: b.preHistoryLanguage, rng)), language: lang)
            }
        }
        return out
    }
}
