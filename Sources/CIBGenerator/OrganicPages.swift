internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import Foundation

/// Organic Pages (shops, clubs, local media): regular posts in their region's languages and human hours, and
/// followers who mostly live in the Page's own region — the baseline an audience-mismatch detector compares with.
enum OrganicPages {
    static func generate(_ plan: WorldPlan, pages: Range<Int32>, _ rng: RandomStream) -> EventBuffer {
        let s = plan.scenario.organic.pages
        var out = EventBuffer()
        let sigma = 1.2
        let mu = log(max(s.meanFollowers, 1)) - sigma * sigma / 2
        let lists = plan.accountLists
        for page in pages {
            let r = Int(plan.entityRegion[Int(page)])
            let p = Int(plan.entities.platform[Int(page)])
            for _ in 0 ..< rng.poisson(mean: s.postsPerDay * Double(plan.period.days)) {
                let li = plan.regionLanguages[r].sample(rng)
                let text = out.addPost(plan.vocab, language: Int(plan.regionLanguageIndex[r][li]), words: 6 + rng.uniformInt(10), rng)
                out.append(time: plan.clocks[r].sample(rng), actor: page, action: .post, text: text, language: plan.regionLanguageIndex[r][li])
            }
            let n = s.meanFollowers > 0 ? Int(drawnCount: rng.lognormal(mu: mu, sigma: sigma)) : 0
            for _ in 0 ..< n {
                // A position in the account lists, read after the loop (see `AccountLists`).
                guard let f = lists.pick(platform: p, region: rng.bernoulli(s.homeRegionShare) ? r : nil, rng) else { break }
                out.follows.append(follower: EntityID(f), followee: page, time: plan.start + Timestamp(rng.uniformInt(Int(plan.end - plan.start))))
            }
        }
        lists.resolve(&out.follows.follower)
        return out
    }
}
