internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import CIBTruth
internal import Foundation

/// Ordinary users of one platform (a chunk of them): heavy-tailed activity (lognormal rates), times from their
/// region's human day, posts (some with news links, some questions, some in Groups), replies, reposts and likes of
/// recent posts, follows (mostly within the region), logins from a home address — or, for shared-network users,
/// from the few public addresses of their carrier NAT or campus (a hard negative for shared-infrastructure
/// detectors). Organic link bursts are mixed in (see `LinkBursts`).
enum OrganicActivity {
    /// Staged event kinds before time ordering.
    private static let burstKind: UInt8 = 9

    static func generate(_ plan: WorldPlan, chunk: OrganicChunk, _ rng: RandomStream) -> EventBuffer {
        let p = chunk.platform, accounts = chunk.range
        let o = plan.scenario.organic
        let spec = plan.scenario.platforms[p]
        let days = Double(plan.period.days)
        let sigma = o.activitySigma
        let office = plan.scenario.hardNegatives.officeWorkers
        let meanRate = o.meanEventsPerDay
        let mu = log(max(meanRate, 1e-12)) - sigma * sigma / 2
        let officeMu = log(max(office.meanEventsPerDay, 1e-12)) - sigma * sigma / 2
        // Pod members are creators who post regularly: their own activity is less unequal, at the same mean.
        let podSigma = min(sigma, plan.scenario.hardNegatives.engagementPods.activitySigma)
        let podMu = log(max(meanRate, 1e-12)) - podSigma * podSigma / 2
        // Action mix, with actions the platform lacks turned into posts.
        let actionKeys = o.actions.keys
        let actionKinds: [UInt8] = actionKeys.map { k in
            let a = ActionOption(rawValue: k)!
            return spec.allows(a) ? a.action.rawValue : ActionKind.post.rawValue
        }
        let actionPick = try! DiscreteSampler(weights: o.actions.weights)

        var staged: [Staged] = []
        // Capacity for well above the expected count (heavy-tailed rates, bursts): reserved but untouched memory costs
        // nothing, while growing a large array copies it.
        let expected = Int(Double(accounts.count) * meanRate * days * 1.5) + 1024
        staged.reserveCapacity(2 * expected)  // organic events and link-burst shares
        var out = EventBuffer(reserve: expected)
        out.texts.reserveCapacity(strings: expected / 2, bytes: expected * 40)
        out.logins.reserveCapacity(expected)
        let meanFollows = o.follows.meanPerAccount
        out.follows.reserveCapacity(Int(Double(accounts.count) * meanFollows * (1 - o.follows.popularShare)) + 16)
        var popularFollows = FollowTable()
        popularFollows.reserveCapacity(Int(Double(accounts.count) * meanFollows * o.follows.popularShare) + 16)
        let sessions = plan.sessions!
        var times: [Timestamp] = []
        // Running sum of the unit's accounts' expected activity (rate × share of the period alive), in account order.
        var sharerWeight: [Double] = []
        sharerWeight.reserveCapacity(accounts.count)
        var cumulativeRate = 0.0

        // Friend follows are picked as positions in the account lists and read after the loop (``AccountLists``). A
        // pick of the account itself is skipped, and that decides whether a follow time is drawn: it is known without
        // reading the pick, from the account's own positions — the unit's accounts sit one after the other in each
        // list.
        let lists = plan.accountLists
        var ownInPlatform = lists.firstPosition(atLeast: accounts.lowerBound, platform: p)
        var ownInRegion = plan.scenario.regions.indices.map { lists.firstPosition(atLeast: accounts.lowerBound, platform: p, region: $0) }
        let span = Double(plan.end - plan.start)
        for a in accounts {
            let r = Int(plan.entityRegion[Int(a)])
            let own = (platform: ownInPlatform, region: ownInRegion[r])
            assert(lists[own.platform] == a && lists[own.region] == a, "OrganicActivity: account lists out of entity order")
            ownInPlatform += 1
            ownInRegion[r] += 1
            let created = plan.entities.createdAt[Int(a)]
            let alive = created > plan.start ? Double(plan.end - created) / span : 1
            let clock = plan.clocks[r]
            let cls = plan.truth.entityClass[Int(a)]
            let isOffice = cls == .officeWorker
            let (rateMu, rateSigma, fixedRate) = cls == .engagementPod ? (podMu, podSigma, meanRate)
                : isOffice ? (officeMu, sigma, office.meanEventsPerDay) : (mu, sigma, meanRate)
            let rate = rateSigma > 0 ? min(rng.lognormal(mu: rateMu, sigma: rateSigma), 200) : fixedRate
            // Link-burst sharers are drawn in proportion to how active an account is (``LinkBursts``).
            cumulativeRate += rate * alive
            sharerWeight.append(cumulativeRate)
            let n = rng.poisson(mean: rate * days * alive)
            times.removeAll(keepingCapacity: true)
            for _ in 0 ..< n {
                let atWork = isOffice && !rng.bernoulli(office.offHoursShare)
                let t = (atWork ? plan.officeClocks[r] : clock).sample(rng, after: created)
                times.append(t)
                staged.append(Staged(time: t, actor: a, aux: 0, kind: actionKinds[actionPick.sample(rng)], region: UInt8(r)))
            }
            // Sessions: on every day the account acts (or now and then, for a reader who never does).
            let country = Int(plan.entities.country[Int(a)])
            let household = HouseholdSource(model: sessions, entity: a, country: country)
            if cls == .sharedNetwork {
                let pool = plan.networkAddresses[Int(plan.networkOf[Int(a)])]
                sessions.emit(a, times: &times, createdAt: created, source: NetworkSource(household: household, pool: pool, share: 0.85), rng, into: &out.logins)
            } else {
                sessions.emit(a, times: &times, createdAt: created, source: household, rng, into: &out.logins)
            }
            // Follows: mostly people of the same region on the same platform, some popular Pages, outlets and Groups.
            let firstFollow = max(plan.start, created)
            for _ in 0 ..< rng.poisson(mean: meanFollows * alive) {
                let home = rng.bernoulli(o.follows.homeRegionShare)
                if rng.bernoulli(o.follows.popularShare) {
                    guard let f = plan.popular.pick(platform: p, region: home ? r : nil, rng) else { continue }
                    popularFollows.append(follower: a, followee: f, time: firstFollow + Timestamp(rng.uniformInt(Int(max(1, plan.end - firstFollow)))))
                    continue
                }
                guard let f = lists.pick(platform: p, region: home ? r : nil, rng), f != own.platform && f != own.region else { continue }
                out.follows.append(follower: a, followee: EntityID(f), time: firstFollow + Timestamp(rng.uniformInt(Int(max(1, plan.end - firstFollow)))))
            }
        }
        lists.resolve(&out.follows.followee)
        // A friend who joined during the period is followed after joining (or not at all within it).
        out.follows.keepAfterCreation(of: \.followee, plan.entities.createdAt, end: plan.end)
        out.follows.append(contentsOf: popularFollows)

        LinkBursts.stage(plan, platform: p, accounts: accounts, activity: sharerWeight, rng, into: &staged, burstKind: burstKind)

        // Time order (ties by staging order), then emit: posts first become targets for later interactions.
        let count = staged.count
        StableOrder.sortByTime(&staged) { $0.time }

        let groups = plan.groupsByPlatform[p]
        var postTimes: [Timestamp] = []
        postTimes.reserveCapacity(count / 2)
        let window = o.engagementWindow.seconds
        var windowStart = 0
        let vocab = plan.vocab
        // What every event reads of the shared plan, as values of this unit's own: the languages' lexicons (raw
        // pointers into the vocabulary), the regions' language samplers (handles) and language indices (one flat
        // array). Read out of the shared plan, each costs reference-count updates that all worker threads contend for.
        let lexicons = vocab.lexicons
        let mix = plan.topics!
        let languagePick = plan.regionLanguages.map(\.handle)
        var languageBase: [Int] = [], languageOf: [UInt8] = []
        for list in plan.regionLanguageIndex {
            languageBase.append(languageOf.count)
            languageOf += list
        }
        @inline(__always) func language(_ r: Int) -> UInt8 { languageOf[languageBase[r] + languagePick[r].sample(rng)] }
        for s in staged {
            let t = s.time, a = s.actor
            let r = Int(s.region)
            var kind = s.kind
            if kind == burstKind {
                // Sharing a story: its headline as the link's title, or a word of one's own about it.
                let item = plan.newsFeed[Int(s.aux)]
                var lang = language(r)
                let textID: Int32
                if rng.bernoulli(0.5) {
                    // The language a platform records is the text's: the outlet's, whatever the sharer speaks.
                    textID = item.text
                    lang = plan.outlets[Int(item.outlet)].language
                } else {
                    textID = out.addPost(lexicons[Int(lang)], topic: Int(item.topic), stance: TextStance(rawValue: rng.uniformInt(3))!, rng)
                }
                out.posts.append(out.append(time: t, actor: a, action: .post, text: textID, url: item.url, language: lang, topic: item.topic))
                continue
            }
            if kind != ActionKind.post.rawValue {
                // An interaction with one of the platform's recent posts (strictly earlier), picked among every unit's
                // posts once all are made (``PlatformEngagement``). This unit's own posts tell whether the window has
                // any: events arrive in time order, so the window's start only moves forward and its end is the last
                // post before `t`.
                while windowStart < postTimes.count && postTimes[windowStart] < t - window { windowStart += 1 }
                var hi = postTimes.count
                while hi > windowStart && postTimes[hi - 1] >= t { hi -= 1 }
                if hi > windowStart {
                    if kind == ActionKind.reply.rawValue {
                        let lang = language(r)
                        let lexicon = lexicons[Int(lang)]
                        out.appendPending(time: t, actor: a, action: .reply, text: out.addText(lexicon.reply(rng.uniformInt(lexicon.replyCount))), language: lang)
                    } else {
                        out.appendPending(time: t, actor: a, action: ActionKind(rawValue: kind)!)
                    }
                    continue
                }
                kind = ActionKind.post.rawValue
            }
            let lang = language(r)
            let context: EntityID = (!groups.isEmpty && rng.bernoulli(o.groupShare)) ? groups[rng.uniformInt(groups.count)] : noReference
            let textID: Int32
            var isQuestion = false
            var topic = 0
            if rng.bernoulli(o.questionShare) {
                textID = out.addQuestion(vocab, language: Int(lang), words: 3 + rng.uniformInt(8), rng)
                isQuestion = true
            } else {
                let pick = mix.post(language: Int(lang), rng)
                topic = pick.topic
                textID = out.addPost(lexicons[Int(lang)], topic: topic, stance: pick.stance, long: rng.bernoulli(0.3), rng)
            }
            var urlID: Int32 = noReference
            if !isQuestion && !plan.newsFeed.isEmpty && rng.bernoulli(o.linkShare) {
                let recent = upperBound(plan.newsTimes, t - 1)
                if recent > 0 { urlID = plan.newsFeed[max(0, recent - 1 - Int(rng.exponential(mean: 200)))].url }
            }
            let e = out.append(time: t, actor: a, action: .post, context: context, text: textID, url: urlID, language: lang, topic: UInt8(topic))
            if isQuestion { out.questions.append(e) }
            out.posts.append(e)
            postTimes.append(t)
        }
        return out
    }
}

/// An event before time ordering.
struct Staged {
    var time: Timestamp
    var actor: EntityID
    var aux: Int32
    var kind: UInt8
    var region: UInt8
}

/// Index of the first element > `value` in a sorted collection.
@inline(__always)
func upperBound<C: RandomAccessCollection>(_ a: C, _ value: C.Element) -> Int where C.Element: Comparable, C.Index == Int {
    var lo = a.startIndex, hi = a.endIndex
    while lo < hi {
        let mid = (lo + hi) / 2
        if a[mid] <= value { lo = mid + 1 } else { hi = mid }
    }
    return lo
}

/// Index of the first element ≥ `value` in a sorted collection.
@inline(__always)
func lowerBound<C: RandomAccessCollection>(_ a: C, _ value: C.Element) -> Int where C.Element: Comparable, C.Index == Int {
    var lo = a.startIndex, hi = a.endIndex
    while lo < hi {
        let mid = (lo + hi) / 2
        if a[mid] < value { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
