internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import CIBTruth

/// Hard negatives that coordinate honestly: marketing agencies pushing the same promotion from many client
/// accounts within minutes, and fan communities piling onto their idol's posts (a dense, honest engagement ring).
extension WorldPlan {
    mutating func createMarketingAndFans(_ rng: RandomStream) {
        let top = scenario.platforms.indices.sorted { (-scenario.platforms[$0].size, $0) < (-scenario.platforms[$1].size, $1) }
        let m = scenario.hardNegatives.marketing
        if m.enabled && m.agencies > 0 {
            let regionPick = try! DiscreteSampler(weights: m.regions.weights)
            for _ in 0 ..< m.agencies {
                let r = scenario.regionIndex(m.regions.keys[regionPick.sample(rng)])!
                let ids = (0 ..< m.accountsPerAgency).map { _ in
                    addEntity(platform: top[rng.uniformInt(min(3, top.count))], kind: .account,
                              createdAt: start - 86_400 - Timestamp(rng.uniformInt(1500 * 86_400)), country: regionCountry[r],
                              name: Names.ordinary(rng, id: entities.count), region: r, cls: .marketing)
                }
                agencies.append(Agency(region: r, accounts: ids))
            }
        }
        let f = scenario.hardNegatives.fanCommunities
        if f.enabled && f.count > 0 {
            let regionPick = try! DiscreteSampler(weights: f.regions.weights)
            for k in 0 ..< f.count {
                let r = scenario.regionIndex(f.regions.keys[regionPick.sample(rng)])!
                let p = top[rng.uniformInt(min(4, top.count))]
                let idol = addEntity(platform: p, kind: .account, createdAt: start - 2000 * 86_400, country: regionCountry[r],
                                     name: "idol_\(k)_official", region: r, cls: .fanCommunity)
                let members = (0 ..< f.membersPerCommunity).map { _ in
                    addEntity(platform: p, kind: .account, createdAt: start - 86_400 - Timestamp(rng.uniformInt(1500 * 86_400)),
                              country: regionCountry[r], name: Names.ordinary(rng, id: entities.count), region: r, cls: .fanCommunity)
                }
                communities.append(Community(region: r, idol: idol, members: members))
            }
        }
    }
}

enum Marketing {
    static func generate(_ plan: WorldPlan, _ rng: RandomStream) -> EventBuffer {
        let m = plan.scenario.hardNegatives.marketing
        var out = EventBuffer()
        let window = Int(max(1, m.window.seconds))
        for (k, agency) in plan.agencies.enumerated() {
            let region = plan.scenario.regions[agency.region]
            let lang = plan.regionLanguageIndex[agency.region][0]
            for push in 0 ..< rng.poisson(mean: m.pushesPerWeek * Double(plan.period.days) / 7) {
                // A weekday in office hours (09:00-18:00 local).
                var date = plan.period.date(rng.uniformInt(plan.period.days))
                if date.weekday >= 5 { date = date.adding(days: Int64(7 - date.weekday)) }
                let t0 = date.utcMidnight - region.offset(on: date).seconds + 9 * 3600 + Timestamp(rng.uniformInt(9 * 3600))
                let textID = out.addText("Spring deal from brand \(k): \(20 + rng.uniformInt(60))% off, today only! #ad #sale\(push)")
                let urlID = out.addURL("https://shop\(k).example/deal/\(push)")
                for a in agency.accounts where rng.bernoulli(m.participation) {
                    out.append(time: t0 + Timestamp(rng.uniformInt(window)), actor: a, action: .post, text: textID, url: urlID, language: lang)
                }
            }
        }
        return out
    }
}

enum FanCommunities {
    static func generate(_ plan: WorldPlan, _ rng: RandomStream) -> EventBuffer {
        let f = plan.scenario.hardNegatives.fanCommunities
        var out = EventBuffer()
        let meanDelay = Double(max(60, f.window.seconds)) / 3
        for (k, c) in plan.communities.enumerated() {
            let lang = plan.regionLanguageIndex[c.region][0]
            let p = Int(plan.entities.platform[Int(c.idol)])
            let spec = plan.scenario.platforms[p]
            for m in c.members where rng.bernoulli(0.9) {
                out.follows.append(follower: m, followee: c.idol, time: plan.followTime(m, c.idol, rng))
            }
            for n in 0 ..< rng.poisson(mean: f.postsPerWeek * Double(plan.period.days) / 7) {
                let t = plan.clocks[c.region].sample(rng)
                let post = out.append(time: t, actor: c.idol, action: .post, text: out.addText("New stage photos from tonight! \(n)"), language: lang)
                let cheer = out.addText("#idol\(k)day we love you!! 💖")
                for m in c.members where rng.bernoulli(f.participation) {
                    let dt = 1 + Timestamp(rng.exponential(mean: meanDelay))
                    out.append(time: t + dt, actor: m, action: .like, target: post)
                    if spec.allows(.repost) && rng.bernoulli(0.4) {
                        out.append(time: t + dt + 5, actor: m, action: .repost, target: post)
                    }
                    if rng.bernoulli(0.3) {
                        out.append(time: t + dt + 30, actor: m, action: .reply, target: post, text: cheer, language: lang)
                    }
                }
            }
        }
        return out
    }
}
