internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import CIBTruth

/// Hard negative: newsrooms whose social teams cross-post each headline, with its link, to all their platforms
/// within minutes, in office hours of their home region — including UTC+8 outlets (Taiwan shares Beijing's time
/// zone, so office hours there look like a Beijing shift). Their links are what organic bursts share.
extension WorldPlan {
    mutating func createNewsrooms(_ rng: RandomStream) {
        let s = scenario.hardNegatives.newsrooms
        guard s.enabled, s.count > 0 else { return }
        let regionPick = try! DiscreteSampler(weights: s.regions.weights)
        let byPopularity = scenario.platforms.indices.sorted { (-scenario.platforms[$0].size, $0) < (-scenario.platforms[$1].size, $1) }
        for k in 0 ..< s.count {
            let r = scenario.regionIndex(s.regions.keys[regionPick.sample(rng)])!
            let name = "\(scenario.regions[r].name) Daily \(k)"
            let created = start - 3000 * 86_400 - Timestamp(rng.uniformInt(1000 * 86_400))
            let ids = byPopularity.prefix(s.platformsPerOutlet).map { p in
                addEntity(platform: p, kind: scenario.platforms[p].hosts(.page) ? .page : .account, createdAt: created,
                          country: regionCountry[r], name: name, region: r, cls: .newsroom)
            }
            outlets.append(Outlet(region: r, entities: ids))
        }
        let office = s.officeEnd.seconds - s.officeStart.seconds
        var url: [UInt8] = []
        for (k, outlet) in outlets.enumerated() {
            let region = scenario.regions[outlet.region]
            let lang = Int(languageIndex[region.languages.keys[0]]!)
            let headline = Array("\(region.name) Daily: ".utf8)  // each headline: this, then 6-11 lexicon words
            for d in 0 ..< period.days {
                let date = period.date(d)
                var mean = s.headlinesPerDay * (date.weekday >= 5 ? s.weekendFactor : 1)
                if region.isHoliday(date) { mean *= 0.7 }
                let officeOpens = date.utcMidnight - region.offset(on: date).seconds + s.officeStart.seconds
                let page = Array("https://news\(k).example/\(date)/".utf8)  // each link: this, then the headline's number
                for j in 0 ..< rng.poisson(mean: mean) {
                    let t = officeOpens + Timestamp(rng.uniformInt(Int(office)))
                    guard t >= start && t < end else { continue }
                    let textID = TextFactory.post(vocab, language: lang, words: 6 + rng.uniformInt(6), rng, after: headline, into: &sharedTexts)
                    url.removeAll(keepingCapacity: true)
                    url += page
                    url += String(j).utf8
                    let urlID = sharedURLs.append(utf8: url)
                    newsFeed.append(NewsItem(time: t, outlet: Int32(k), text: textID, url: urlID))
                }
            }
        }
        // By (time, outlet, headline): the feed was made outlet by outlet, each outlet's headlines with rising text ids,
        // so a stable sort by time is that order.
        StableOrder.sortByTime(&newsFeed) { $0.time }
    }
}

enum Newsrooms {
    /// Every headline on every platform of its outlet within the cross-post window; outlet followers from the
    /// organic population (mostly the outlet's region).
    static func generate(_ plan: WorldPlan, _ rng: RandomStream) -> EventBuffer {
        let s = plan.scenario.hardNegatives.newsrooms
        var out = EventBuffer(reserve: plan.newsFeed.count * s.platformsPerOutlet)
        let window = Int(max(1, s.crossPostWindow.seconds))
        for item in plan.newsFeed {
            let outlet = plan.outlets[Int(item.outlet)]
            let lang = plan.regionLanguageIndex[outlet.region][0]
            for e in outlet.entities {
                out.append(time: item.time + Timestamp(rng.uniformInt(window)), actor: e, action: .post, text: item.text, url: item.url, language: lang)
            }
        }
        for outlet in plan.outlets {
            for e in outlet.entities {
                let p = Int(plan.entities.platform[Int(e)])
                for _ in 0 ..< rng.poisson(mean: s.meanFollowers * plan.scale) {
                    guard let f = plan.pickAccount(platform: p, region: rng.bernoulli(0.8) ? outlet.region : nil, rng) else { break }
                    out.follows.append(follower: f, followee: e, time: plan.followTime(f, e, rng))
                }
            }
        }
        return out
    }
}

extension WorldPlan {
    /// A random organic account on `platform`, from `region` when given and possible.
    func pickAccount(platform p: Int, region: Int?, _ rng: RandomStream) -> EntityID? {
        accountLists.pick(platform: p, region: region, rng).map { accountLists[$0] }
    }

    /// A follow time after both entities exist (uniform up to the end of the period).
    func followTime(_ a: EntityID, _ b: EntityID, _ rng: RandomStream) -> Timestamp {
        let from = max(entities.createdAt[Int(a)], entities.createdAt[Int(b)])
        return from + Timestamp(rng.uniformInt(Int(max(1, end - from))))
    }
}
