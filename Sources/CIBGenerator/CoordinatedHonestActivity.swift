internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import CIBTruth

/// Hard negatives that coordinate honestly: marketing agencies pushing the same promotion from their client accounts
/// on one platform within minutes, all managed from the agency's office addresses and shared work devices, between the
/// clients' own posts (co-action and shared infrastructure without an operation); fan communities piling onto their idol's posts and each other's; engagement
/// pods of creators who like and comment on each other's posts (closed, dense engagement rings of real people).
/// Fans and pod members are ordinary people (drawn from the organic accounts, whose everyday activity their organic
/// units generate) with this one coordinated habit on top.
extension WorldPlan {
    mutating func createMarketingAndFans(_ rng: RandomStream) {
        let top = scenario.platforms.indices.sorted { (-scenario.platforms[$0].size, $0) < (-scenario.platforms[$1].size, $1) }
        let m = scenario.hardNegatives.marketing
        var name: [UInt8] = []
        if m.enabled && m.agencies > 0 {
            let (regionPick, regionOf) = regionPick(m.regions)
            for k in 0 ..< m.agencies {
                let r = regionOf[regionPick.sample(rng)]
                let ids = (0 ..< m.accountsPerAgency).map { _ in
                    addAccount(platform: top[rng.uniformInt(min(3, top.count))], createdAt: ages.account(rng), country: regionCountry[r],
                               culture: regionCulture[r], region: r, cls: .marketing, rng, scratch: &name)
                }
                let key = Mix.hash(seed, 0xA6E7C, UInt64(k))
                let octet = Mix.countryOctet(countries[Int(regionCountry[r])])
                agencies.append(Agency(
                    region: r, accounts: ids,
                    addresses: addressTables.pool((0 ..< m.officeAddresses).map { Mix.address(countryOctet: octet, key: Mix.hash(key, UInt64($0))) }),
                    devices: addressTables.pool((0 ..< m.sharedDevices).map { UInt32(truncatingIfNeeded: Mix.hash(key, UInt64($0), 0xDE71)) })))
            }
        }
        let f = scenario.hardNegatives.fanCommunities
        if f.enabled && f.count > 0 {
            let (regionPick, regionOf) = regionPick(f.regions)
            var taken = Set<EntityID>()
            for _ in 0 ..< f.count {
                let r = regionOf[regionPick.sample(rng)]
                let p = top[rng.uniformInt(min(4, top.count))]
                let idol = addAccount(platform: p, createdAt: ages.beforePeriod(rng), country: regionCountry[r], culture: regionCulture[r],
                                      region: r, cls: .fanCommunity, rng, scratch: &name)
                let members = recruit(f.membersPerCommunity, platform: p, region: r, as: .fanCommunity, taken: &taken, rng)
                communities.append(Community(region: r, idol: idol, members: members))
            }
        }
    }

    mutating func createPods(_ rng: RandomStream) {
        let s = scenario.hardNegatives.engagementPods
        guard s.enabled, s.count > 0 else { return }
        let top = scenario.platforms.indices.sorted { (-scenario.platforms[$0].size, $0) < (-scenario.platforms[$1].size, $1) }
        let (regionPick, regionOf) = regionPick(s.regions)
        var taken = Set<EntityID>(communities.flatMap(\.members))
        for _ in 0 ..< s.count {
            let r = regionOf[regionPick.sample(rng)]
            let p = top[rng.uniformInt(min(2, top.count))]
            let members = recruit(s.membersPerPod, platform: p, region: r, as: .engagementPod, taken: &taken, rng)
            if members.count >= 2 { pods.append(Pod(region: r, platform: p, members: members)) }
        }
    }

    /// Up to `n` distinct organic accounts of platform `p` and region `r` (any region when `r` has too few), not yet
    /// `taken`, relabelled as class `cls`.
    private mutating func recruit(_ n: Int, platform p: Int, region r: Int, as cls: EntityClass, taken: inout Set<EntityID>, _ rng: RandomStream) -> [EntityID] {
        var members: [EntityID] = []
        var tries = 0
        while members.count < n && tries < 20 * n + 100 {
            tries += 1
            guard let a = pickAccount(platform: p, region: tries < 10 * n ? r : nil, rng),
                  truth.entityClass[Int(a)] == .organic, taken.insert(a).inserted else { continue }
            truth.entityClass[Int(a)] = cls
            members.append(a)
        }
        return members
    }
}

enum Marketing {
    static func generate(_ plan: WorldPlan, _ rng: RandomStream) -> EventBuffer {
        let m = plan.scenario.hardNegatives.marketing
        var out = EventBuffer()
        let window = Int(max(1, m.window.seconds))
        var times: [[[Timestamp]]] = plan.agencies.map { $0.accounts.map { _ in [Timestamp]() } }
        var own: [[[Timestamp]]] = times
        let mix = plan.topics!
        for (k, agency) in plan.agencies.enumerated() {
            let region = plan.scenario.regions[agency.region]
            let lang = plan.regionLanguageIndex[agency.region][0]
            // The clients' own posts, at their people's hours.
            for (j, a) in agency.accounts.enumerated() {
                let created = plan.entities.createdAt[Int(a)]
                for _ in 0 ..< rng.poisson(mean: m.ownPostsPerDay * Double(plan.period.days)) {
                    let t = plan.clocks[agency.region].sample(rng, after: created)
                    let text: Int32
                    var topic = 0
                    if rng.bernoulli(0.5) {
                        text = out.addText(plan.text.commercial(topic: OrganicPages.commercialTopics[rng.uniformInt(OrganicPages.commercialTopics.count)],
                                                                language: plan.languages[Int(lang)], rng))
                    } else {
                        let pick = mix.post(language: Int(lang), rng)
                        topic = pick.topic
                        text = out.addPost(plan.vocab.lexicons[Int(lang)], topic: topic, stance: pick.stance, rng)
                    }
                    out.posts.append(out.append(time: t, actor: a, action: .post, text: text, language: lang, topic: UInt8(topic)))
                    own[k][j].append(t)
                }
            }
            // Pushes: one promotion on one platform, from the agency's client accounts there.
            let platformsUsed = Array(Set(agency.accounts.map { plan.entities.platform[Int($0)] })).sorted()
            for push in 0 ..< rng.poisson(mean: m.pushesPerWeek * Double(plan.period.days) / 7) {
                // A weekday in office hours (09:00-18:00 local).
                var date = plan.period.date(rng.uniformInt(plan.period.days))
                if date.weekday >= 5 { date = date.adding(days: Int64(7 - date.weekday)) }
                let t0 = date.utcMidnight - region.offset(on: date).seconds + 9 * 3600 + Timestamp(rng.uniformInt(9 * 3600))
                let p = platformsUsed[rng.uniformInt(platformsUsed.count)]
                let textID = out.addText(plan.text.commercial(topic: OrganicPages.commercialTopics[rng.uniformInt(OrganicPages.commercialTopics.count)],
                                                              language: plan.languages[Int(lang)], rng) + " #ad")
                let urlID = out.addURL("https://shop\(k).example/deal/\(push)")
                for (j, a) in agency.accounts.enumerated() where plan.entities.platform[Int(a)] == p && rng.bernoulli(m.participation) {
                    let t = t0 + Timestamp(rng.uniformInt(window))
                    guard t >= plan.entities.createdAt[Int(a)] else { continue }
                    out.append(time: t, actor: a, action: .post, text: textID, url: urlID, language: lang)
                    times[k][j].append(t)
                }
            }
        }
        let sessions = plan.sessions!
        for (k, agency) in plan.agencies.enumerated() {
            for (j, a) in agency.accounts.enumerated() {
                let office = OfficeSource(household: plan.household(a, country: plan.regionCountry[agency.region]),
                                          addresses: agency.addresses, devices: agency.devices, officeShare: m.officeShare)
                sessions.emit(a, times: &times[k][j], createdAt: plan.entities.createdAt[Int(a)], source: office, rng, into: &out.logins)
                if !own[k][j].isEmpty {
                    sessions.emit(a, times: &own[k][j], createdAt: plan.entities.createdAt[Int(a)],
                                  source: plan.household(a, country: plan.regionCountry[agency.region]), rng, into: &out.logins)
                }
                plan.followLikeAPerson(a, region: agency.region, rng, into: &out.follows)
            }
        }
        return out
    }
}

enum FanCommunities {
    /// Idols post; their fans like, repost and cheer within minutes, and like each other's cheers.
    static func generate(_ plan: WorldPlan, _ rng: RandomStream) -> EventBuffer {
        let f = plan.scenario.hardNegatives.fanCommunities
        var out = EventBuffer()
        let meanDelay = Double(max(60, f.window.seconds)) / 3
        let sessions = plan.sessions!
        for (k, c) in plan.communities.enumerated() {
            let lang = plan.regionLanguageIndex[c.region][0]
            let p = Int(plan.entities.platform[Int(c.idol)])
            let spec = plan.scenario.platforms[p]
            var times = c.members.map { _ in [Timestamp]() }
            var idolTimes: [Timestamp] = []
            for m in c.members where rng.bernoulli(0.9) {
                out.follows.append(follower: m, followee: c.idol, time: plan.followTime(m, c.idol, rng))
            }
            for n in 0 ..< rng.poisson(mean: f.postsPerWeek * Double(plan.period.days) / 7) {
                let t = plan.clocks[c.region].sample(rng)
                idolTimes.append(t)
                let post = out.append(time: t, actor: c.idol, action: .post, text: out.addText("New stage photos from tonight! \(n)"), language: lang)
                let cheer = out.addText("#idol\(k)day we love you!! 💖")
                var cheers: [(Int32, Timestamp)] = []
                for (j, m) in c.members.enumerated() where rng.bernoulli(f.participation) {
                    let dt = 1 + Timestamp(rng.exponential(mean: meanDelay))
                    guard t + dt >= plan.entities.createdAt[Int(m)] else { continue }
                    out.append(time: t + dt, actor: m, action: .like, target: post)
                    times[j].append(t + dt)
                    if spec.allows(.repost) && rng.bernoulli(0.4) {
                        out.append(time: t + dt + 5, actor: m, action: .repost, target: post)
                    }
                    if rng.bernoulli(0.3) {
                        cheers.append((out.append(time: t + dt + 30, actor: m, action: .reply, target: post, text: cheer, language: lang), t + dt + 30))
                    }
                }
                // Fans like each other's cheers.
                for (reply, at) in cheers {
                    for (j, m) in c.members.enumerated() where rng.bernoulli(0.15) {
                        let t2 = at + 60 + Timestamp(rng.exponential(mean: meanDelay))
                        guard t2 >= plan.entities.createdAt[Int(m)] else { continue }
                        out.append(time: t2, actor: m, action: .like, target: reply)
                        times[j].append(t2)
                    }
                }
            }
            sessions.emit(c.idol, times: &idolTimes, createdAt: plan.entities.createdAt[Int(c.idol)],
                          source: plan.household(c.idol, country: plan.regionCountry[c.region]), rng, into: &out.logins)
            for (j, m) in c.members.enumerated() where !times[j].isEmpty {
                sessions.emit(m, times: &times[j], createdAt: plan.entities.createdAt[Int(m)],
                              source: plan.household(m, country: plan.entities.country[Int(m)]), rng, into: &out.logins)
            }
            plan.followLikeAPerson(c.idol, region: c.region, rng, into: &out.follows)
        }
        return out
    }
}

enum EngagementPods {
    /// Every member posts now and then; most of the others like it within the window and many comment.
    static func generate(_ plan: WorldPlan, _ rng: RandomStream) -> EventBuffer {
        let s = plan.scenario.hardNegatives.engagementPods
        var out = EventBuffer()
        let sessions = plan.sessions!
        let meanDelay = Double(max(60, s.window.seconds)) / 3
        let comments = ["love this!", "so good 😍", "amazing shot", "🔥🔥🔥", "great post!", "this is everything", "obsessed 💯"]
        let commentIDs = comments.map { out.addText($0) }
        for pod in plan.pods {
            let spec = plan.scenario.platforms[pod.platform]
            var times = pod.members.map { _ in [Timestamp]() }
            // Pod members follow each other.
            for a in pod.members {
                for b in pod.members where a != b && rng.bernoulli(0.8) {
                    out.follows.append(follower: a, followee: b, time: plan.followTime(a, b, rng))
                }
            }
            for (i, author) in pod.members.enumerated() {
                let created = plan.entities.createdAt[Int(author)]
                let lang = plan.regionLanguageIndex[pod.region][plan.regionLanguages[pod.region].sample(rng)]
                for _ in 0 ..< rng.poisson(mean: s.postsPerMemberPerWeek * Double(plan.period.days) / 7) {
                    let t = plan.clocks[pod.region].sample(rng, after: created)
                    let post = out.append(time: t, actor: author, action: .post, text: out.addPost(plan.vocab, language: Int(lang), words: 5 + rng.uniformInt(10), rng),
                                          language: lang)
                    times[i].append(t)
                    for (j, m) in pod.members.enumerated() where j != i && rng.bernoulli(s.participation) {
                        let t2 = t + 30 + Timestamp(rng.exponential(mean: meanDelay))
                        guard t2 >= plan.entities.createdAt[Int(m)] else { continue }
                        out.append(time: t2, actor: m, action: spec.allows(.like) ? .like : .reply, target: post)
                        times[j].append(t2)
                        if spec.allows(.reply) && rng.bernoulli(0.35) {
                            out.append(time: t2 + 20, actor: m, action: .reply, target: post, text: commentIDs[rng.uniformInt(commentIDs.count)], language: lang)
                        }
                    }
                }
            }
            for (j, m) in pod.members.enumerated() where !times[j].isEmpty {
                sessions.emit(m, times: &times[j], createdAt: plan.entities.createdAt[Int(m)],
                              source: plan.household(m, country: plan.entities.country[Int(m)]), rng, into: &out.logins)
            }
        }
        return out
    }
}

extension WorldPlan {
    /// The follows a person makes during the period (``OrganicSpec/follows``): people of the same platform, mostly
    /// of their region, and popular entities. For populations outside the organic units.
    func followLikeAPerson(_ a: EntityID, region r: Int, _ rng: RandomStream, into follows: inout FollowTable, mean: Double? = nil) {
        let o = scenario.organic.follows
        let p = Int(entities.platform[Int(a)])
        for _ in 0 ..< rng.poisson(mean: mean ?? o.meanPerAccount) {
            let home = rng.bernoulli(o.homeRegionShare) && r >= 0 && r < scenario.regions.count
            let f = rng.bernoulli(o.popularShare) ? popular.pick(platform: p, region: home ? r : nil, rng)
                                                  : pickAccount(platform: p, region: home ? r : nil, rng)
            guard let f, f != a else { continue }
            let t = followTime(a, f, rng)
            if t < end { follows.append(follower: a, followee: f, time: t) }
        }
    }
}
