internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import CIBTruth

/// Spam posted as camouflage (kill-chain 5.2.4), the behaviour Spamouflage is named after: between its political
/// posts the network's accounts posted "high volumes of spam" — TikTok videos, landscapes, cats, sports, food,
/// inspirational quotes, travel (B. Nimmo et al., Graphika, "Cross-Platform Spam Network Targeted Hong Kong Protests",
/// September 2019; Facebook: "a network of spam activity that posted lifestyle and political bait, mostly in
/// Chinese"; Google TAG: "most DRAGONBRIDGE activity is low quality content without a political message", Butler and
/// Taege, January 2023). A camouflage post is written as anyone's post on the same subject is
/// (``TextFactory/post(_:topic:stance:segments:sharing:bits:_:into:)``), in the campaign's languages
/// (``ContentSpec/languages``): its wording is everyone's, only who posts it, when and from where is the operation's.
///
/// Spam is mass-produced: a cluster's operators post from one day's library of ``itemsPerClusterDay`` items, so each
/// item appears on several of its accounts (Graphika saw the network's channels "running the same videos at the same
/// time", between the spam), and they post it on the accounts they used for the day's politics — the accounts the
/// camouflage is for.
struct CamouflagePosts {
    /// Spam items a cluster's library holds each working day.
    static let itemsPerClusterDay = 12
    /// The apolitical subjects of the reports and their weights: everyday life (pets, food at home, the weekend) most,
    /// then food, travel and scenery, entertainment and celebrities, sports, the weather.
    static let subjects: [(topic: String, weight: Double)] = [
        ("everyday", 4), ("food", 1.5), ("travel", 1.5), ("entertainment", 1.5), ("sports", 1), ("weather", 0.5),
    ]

    private let languages: [UInt8]
    private let languagePick: DiscreteSampler
    private let topics: [Int]
    private let topicPick: DiscreteSampler

    init(_ plan: WorldPlan, content: ContentSpec) {
        languages = content.languages.keys.map { plan.languageIndex[$0]! }  // every campaign language is in the dictionary
        languagePick = try! DiscreteSampler(weights: content.languages.weights)
        topics = Self.subjects.map { TextTopics.index(of: $0.topic)! }
        topicPick = try! DiscreteSampler(weights: Self.subjects.map(\.weight))
    }

    /// Writes one camouflage post into `out`'s texts: its text, language (dataset index) and topic (everyday where
    /// the language has no posts on the drawn subject).
    func write(_ plan: WorldPlan, into out: inout EventBuffer, _ rng: RandomStream) -> (text: Int32, language: UInt8, topic: UInt8) {
        let language = languages[languagePick.sample(rng)]
        var topic = topics[topicPick.sample(rng)]
        if !plan.vocab.covers(language: Int(language), topic: topic, kind: .neutral) { topic = TextTopics.everyday }
        let text = out.addPost(plan.vocab.lexicons[Int(language)], topic: topic, stance: .neutral, rng)
        return (text, language, UInt8(topic))
    }
}

/// The stories of state-aligned outlets (``Outlet/stateAligned``) on the campaign's narratives in the campaign's
/// languages, in publication order: what the operation amplifies (``ContentSpec/stateMediaShare``) with the outlet's
/// own headline and link, as fake accounts amplified Chinese state media and diplomats (M. Schliebs et al.,
/// Oxford Internet Institute, "China's Public Diplomacy Operations", 2021, with the AP; BBC News on the Centre for
/// Information Resilience's report, 5 August 2021).
struct StateMediaStories {
    /// Indices into ``WorldPlan/newsFeed`` and their publication times.
    private let items: [Int32]
    private let times: [Timestamp]

    init(_ plan: WorldPlan, content: ContentSpec) {
        let languages = Set(content.languages.keys.compactMap { plan.languageIndex[$0] })
        var items: [Int32] = [], times: [Timestamp] = []
        for (i, item) in plan.newsFeed.enumerated() {
            let outlet = plan.outlets[Int(item.outlet)]
            guard outlet.stateAligned, languages.contains(outlet.language), TextTopics.isCampaignNarrative(Int(item.topic)) else { continue }
            items.append(Int32(i))
            times.append(item.time)
        }
        self.items = items
        self.times = times
    }

    var isEmpty: Bool { items.isEmpty }

    /// A story published in `[t - window, t)`, uniformly; `nil` when there is none.
    func pick(before t: Timestamp, window: Timestamp, _ rng: RandomStream) -> Int32? {
        let hi = lowerBound(t), lo = lowerBound(t - window)
        return hi > lo ? items[lo + rng.uniformInt(hi - lo)] : nil
    }

    /// The first index whose time is at least `t`.
    private func lowerBound(_ t: Timestamp) -> Int {
        var lo = 0, hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
