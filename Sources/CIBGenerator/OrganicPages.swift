internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import Foundation

/// Organic Pages (shops, clubs, local media): regular posts in their languages and human hours, from their admin's
/// household connection; shops post product ads (``OrganicPageSpec/shopShare``). A rebranded Page posts commercial content until its switch and community content after it,
/// often in another language; a diaspora or export Page posts in its community's language. Followers come from the
/// people who follow popular entities (``PopularTargets``), mostly from the Page's audience regions — the baseline an
/// audience-mismatch detector compares with.
enum OrganicPages {
    static let commercialTopics = ["lingerie", "phone cases", "clothing", "children's accessories"]

    static func generate(_ plan: WorldPlan, pages: Range<Int32>, _ rng: RandomStream) -> EventBuffer {
        // Room for the expected posts and more (a Poisson total's spread is small): growing a large buffer copies it.
        var expected = 0.0
        for page in pages { expected += plan.pagePlans[Int(page - plan.organicPages.lowerBound)].postsPerDay }
        let room = Int(expected * Double(plan.period.days) * 1.2) + 256
        var out = EventBuffer(reserve: room)
        out.posts.reserveCapacity(room)
        out.texts.reserveCapacity(strings: room, bytes: room * 160)
        out.logins.reserveCapacity(room)
        let sessions = plan.sessions!
        let mix = plan.topics!
        var times: [Timestamp] = []
        var writers = CommercialWriters(plan.text, topics: commercialTopics, languages: plan.languages)
        for page in pages {
            let r = Int(plan.entityRegion[Int(page)])
            let info = plan.pagePlans[Int(page - plan.organicPages.lowerBound)]
            let topic = rng.uniformInt(commercialTopics.count)
            times.removeAll(keepingCapacity: true)
            for _ in 0 ..< rng.poisson(mean: info.postsPerDay * Double(plan.period.days)) {
                let t = plan.clocks[r].sample(rng)
                let before = t < info.switchTime
                let language: UInt8
                var text: Int32 = noReference
                switch info.role {
                case .ordinary:
                    language = plan.regionLanguageIndex[r][plan.regionLanguages[r].sample(rng)]
                case .rebranded, .diaspora:
                    language = before ? info.languageBefore : info.languageAfter
                }
                // A shop's ads (until a rebranded Page's switch; an ordinary shop or export business all along).
                if before && info.commercialBefore {
                    text = out.addCommercial(writers.writer(topic: topic, language: Int(language)), rng)
                }
                var about = 0
                if text == noReference {
                    let pick = mix.post(language: Int(language), rng)
                    about = pick.topic
                    text = out.addPost(plan.vocab.lexicons[Int(language)], topic: about, stance: pick.stance, long: rng.bernoulli(0.5), rng)
                }
                out.posts.append(out.append(time: t, actor: page, action: .post, text: text, language: language, topic: UInt8(about)))
                times.append(t)
            }
            let admin = HouseholdSource(model: sessions, entity: page, country: Int(plan.entities.country[Int(page)]))
            sessions.emit(page, times: &times, createdAt: plan.entities.createdAt[Int(page)], source: admin, rng, into: &out.logins)
        }
        return out
    }
}
