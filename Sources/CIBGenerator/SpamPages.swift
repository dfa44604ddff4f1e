internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import Foundation
internal import CIBTruth

/// Hard negative: commercial spam Pages with bought foreign followers (Vietnam, Bangladesh, Brazil) that keep
/// posting ads and never join a campaign — an audience mismatch without an operation behind it.
extension WorldPlan {
    mutating func createSpamPages(_ rng: RandomStream) {
        let s = scenario.hardNegatives.spamPages
        guard s.enabled, s.count > 0, let p = scenario.platformIndex(s.platform) else { return }
        let cn = countryIndex["CN"]!
        for _ in 0 ..< s.count {
            spamPages.append(addEntity(platform: p, kind: .page, createdAt: start - 100 * 86_400 - Timestamp(rng.uniformInt(1400 * 86_400)),
                                       country: cn, name: Names.pageName(rng), region: -1, cls: .commercialSpam,
                                       tactics: TacticSet(.acquiringPageFollowers)))
        }
        let countryPick = try! DiscreteSampler(weights: s.followerCountries.weights)
        let sigma = 1.0
        let farmNames = FarmNames(countries: s.followerCountries.keys)
        let farmCountries = s.followerCountries.keys.map { countryIndex[$0]! }
        var name: [UInt8] = []
        name.reserveCapacity(64)
        for page in spamPages {
            let n = Int(drawnCount: rng.lognormal(mu: log(max(s.meanFollowers, 1)) - sigma * sigma / 2, sigma: sigma))
            let created = entities.createdAt[Int(page)]
            for _ in 0 ..< n {
                let k = countryPick.sample(rng)
                let createdAt = created - Timestamp(rng.uniformInt(400 * 86_400))
                farmNames.write(k, rng, into: &name)
                let f = name.withUnsafeBufferPointer {
                    addEntity(platform: p, kind: .account, createdAt: createdAt, country: farmCountries[k], nameUTF8: $0, region: -1,
                              cls: .followerFarm, tactics: TacticSet(.acquiringPageFollowers))
                }
                follows.append(follower: f, followee: page, time: created + Timestamp(rng.uniformInt(Int(max(1, start - created)))))
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
        let topics = ["lingerie", "phone cases", "clothing", "children's accessories"]
        for page in plan.spamPages {
            let topic = topics[rng.uniformInt(topics.count)]
            for _ in 0 ..< rng.poisson(mean: s.postsPerDay * Double(plan.period.days)) {
                let code = s.languages.keys[languagePick.sample(rng)]
                out.append(time: plan.commercialClock.sample(rng), actor: page, action: .post,
                           text: out.addText(plan.text.commercial(topic: topic, language: code, rng)), language: plan.languageIndex[code]!)
            }
        }
        return out
    }
}
