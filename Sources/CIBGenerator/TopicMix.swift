internal import CIBModel
internal import CIBScenario
internal import CIBStatistics

/// Who writes about what: the share of ordinary posts on a topic rather than everyday chatter, the share of those on
/// one of the campaign's narratives (COVID-19 origins, Guo Wengui, Safeguard Defenders, Fukushima, ...), and the
/// stance taken on a narrative — so that honest users discuss the operation's stories, agreeing and disagreeing, as
/// real ones did (``OrganicSpec/topics``). Topics are drawn among those the language's grammar covers
/// (``TextTopics``), so the topic recorded in the ground truth is the one the text is about.
struct TopicMix: Sendable {
    /// Per language (dataset index): the narratives and the unrelated topics it has posts on, and headlines on.
    private let narrativePosts: [[Int]]
    private let otherPosts: [[Int]]
    private let narrativeHeadlines: [[Int]]
    private let otherHeadlines: [[Int]]
    let onTopic: Double
    let narrativeShare: Double
    private let stances: DiscreteSampler

    init(_ spec: TopicSpec, vocabulary v: TextFactory.Vocabulary, languages: Int) {
        var np: [[Int]] = [], op: [[Int]] = [], nh: [[Int]] = [], oh: [[Int]] = []
        for l in 0 ..< languages {
            let lexicon = l < v.lexicons.count ? v.lexicons[l] : nil
            let posts = lexicon.map { x in (0 ..< x.topicCount).map { Int(x.topics[$0]) } } ?? []
            let heads = lexicon.map { x in (0 ..< x.headlineTopicCount).map { Int(x.headlineTopics[$0]) } } ?? []
            np.append(posts.filter(TextTopics.isCampaignNarrative))
            op.append(posts.filter { $0 != 0 && !TextTopics.isCampaignNarrative($0) })
            nh.append(heads.filter(TextTopics.isCampaignNarrative))
            oh.append(heads.filter { $0 != 0 && !TextTopics.isCampaignNarrative($0) })
        }
        narrativePosts = np
        otherPosts = op
        narrativeHeadlines = nh
        otherHeadlines = oh
        onTopic = spec.onTopic
        narrativeShare = spec.narrativeShare
        stances = try! DiscreteSampler(weights: [spec.stances["neutral"], spec.stances["pro"], spec.stances["against"]])
    }

    /// The topic and stance of an ordinary post in `language`: everyday chatter (topic 0) or a topic the language has
    /// posts on.
    @inline(__always)
    func post(language: Int, _ rng: RandomStream) -> (topic: Int, stance: TextStance) {
        guard rng.bernoulli(onTopic) else { return (0, .neutral) }
        let narrative = rng.bernoulli(narrativeShare)
        let list = narrative ? narrativePosts[language] : otherPosts[language]
        let fallback = narrative ? otherPosts[language] : narrativePosts[language]
        let pool = list.isEmpty ? fallback : list
        guard !pool.isEmpty else { return (0, .neutral) }
        return (pool[rng.uniformInt(pool.count)], TextStance(rawValue: stances.sample(rng))!)
    }

    /// A topic for a newsroom headline in `language`: a narrative with probability `narrativeShare`, otherwise
    /// unrelated news (among the topics the language has headlines on).
    @inline(__always)
    func headline(language: Int, narrativeShare share: Double, _ rng: RandomStream) -> Int {
        let narrative = rng.bernoulli(share)
        let list = narrative ? narrativeHeadlines[language] : otherHeadlines[language]
        let pool = list.isEmpty ? (narrative ? otherHeadlines[language] : narrativeHeadlines[language]) : list
        return pool.isEmpty ? 0 : pool[rng.uniformInt(pool.count)]
    }
}
