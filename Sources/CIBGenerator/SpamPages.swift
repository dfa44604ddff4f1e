internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import Foundation
internal import CIBTruth

/// Hard negative: commercial spam Pages with bought foreign followers (Vietnam, Bangladesh, Brazil) that keep
/// posting ads and never join a campaign — an audience mismatch without an operation behind it. Their followers
/// come from the same farms that sell to the campaigns, and a few spam operators run many Pages each from their own
/// proxies and devices (shared infrastructure without an operation).
extension WorldPlan {
    mutating func createSpamPages(_ rng: RandomStream) {
        let s = scenario.hardNegatives.spamPages
        guard s.enabled, s.count > 0, let p = scenario.platformIndex(s.platform) else { return }
        let cn = countryIndex["CN"]!
        let octet = Mix.countryOctet("CN")
        spamOperators = (0 ..< s.operators).map { k in
            let key = Mix.hash(seed, 0x5BA3, UInt64(k))
            return PoolSource(key: key,
                              addresses: addressTables.pool((0 ..< 6).map { Mix.address(countryOctet: octet, key: Mix.hash(key, UInt64($0))) }),
                              devices: addressTables.pool((0 ..< 2).map { UInt32(truncatingIfNeeded: Mix.hash(key, UInt64($0), 0xDE71)) }),
                              sticky: 0.7)
        }
        let culture = NameBook.culture(of: "CN")
        for i in 0 ..< s.count {
            spamPages.append(addEntity(platform: p, kind: .page, createdAt: ages.beforePeriod(rng), country: cn,
                                       name: names.pageName(culture: culture, rng), region: -1, cls: .commercialSpam,
                                       tactics: TacticSet(.acquiringPageFollowers)))
            spamPageOperator.append(i % s.operators)
        }
        let sigma = 1.0
        let counts = spamPages.map { _ in Int(rng.lognormal(mu: log(max(s.meanFollowers, 1)) - sigma * sigma / 2, sigma: sigma).rounded()) }
        let farm = createFarmAccounts(count: counts.reduce(0, +), platform: p, countries: s.followerCountries, rng)
        var next = farm.lowerBound
        follows.reserveCapacity(follows.count + farm.count)
        for (page, n) in zip(spamPages, counts) {
            for _ in 0 ..< n {
                follows.append(follower: next, followee: page, time: farmFollowTime(next, page, before: start, rng))
                spamFarmAccounts.append(next)
                next += 1
            }
        }
    }
}

enum SpamPages {
    static func generate(_ plan: WorldPlan, _ rng: RandomStream) -> EventBuffer {
        let s = plan.scenario.hardNegatives.spamPages
        var out = EventBuffer()
        guard !plan.spamPages.isEmpty else { return out }
        let languagePick = try! DiscreteSampler(weights: s.languages.weights)
        let sessions = plan.sessions!
        var times: [Timestamp] = []
        let topics = OrganicPages.commercialTopics, codes = s.languages.keys
        var writers = CommercialWriters(plan.text, topics: topics, languages: codes)
        for (i, page) in plan.spamPages.enumerated() {
            let topic = rng.uniformInt(topics.count)
            times.removeAll(keepingCapacity: true)
            for _ in 0 ..< rng.poisson(mean: s.postsPerDay * Double(plan.period.days)) {
                let l = languagePick.sample(rng)
                let t = plan.commercialClock.sample(rng)
                out.append(time: t, actor: page, action: .post, text: out.addCommercial(writers.writer(topic: topic, language: l), rng),
                           language: plan.languageIndex[codes[l]]!)
                times.append(t)
            }
            sessions.emit(page, times: &times, createdAt: plan.entities.createdAt[Int(page)], source: plan.spamOperators[plan.spamPageOperator[i]],
                          rng, into: &out.logins)
        }
        return out
    }
}
