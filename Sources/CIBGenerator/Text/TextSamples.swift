internal import CIBModel
internal import CIBStatistics

/// Sample texts of every class the generator writes, for checking the text model from outside (scripts/
/// crosscheck-text.py fits a character n-gram classifier on one seed's sample and scores another's). A developer
/// tool behind the hidden `ciblab text-sample`; not part of generating a world.
public enum TextSamples {
    /// One sample text: who writes it (`campaign`, `newsroom`, `organic`), what it is (`headline`, `post`,
    /// `reply`, `question`, `ad`), its language code, topic name, stance (`-` where none) and text.
    public struct Row: Sendable {
        public let writer: String
        public let kind: String
        public let language: String
        public let topic: String
        public let stance: String
        /// For campaign copies, the row of ``SeedHeadlines/all`` they copy; -1 otherwise.
        public let source: Int
        public let text: String
    }

    /// `count` texts of each of: campaign copies (Meta's headlines with the generator's typos, translation slips and
    /// paraphrases, at the default scenario's rates and language mix), newsroom headlines on the campaign's
    /// narratives (`stateAlignedShare` of them from state-aligned outlets) and on other topics, outlets' status
    /// messages (kind `status`; en, zh, ja and es have them, so fewer than `count`), organic posts and replies on the
    /// narratives (every stance), everyday posts, questions and ads — all drawn from `RandomStream(seed: seed, stream: 77)`.
    public static func rows(seed: UInt64, count: Int, stateAlignedShare: Double = 0.3) -> [Row] {
        let rng = RandomStream(seed: seed, stream: 77)
        let languages = ["en", "zh", "ja", "es", "de", "pt", "hi", "vi"]
        let v = TextFactory().vocabulary(for: languages)
        var table = StringTable()
        var out: [Row] = []
        func add(_ writer: String, _ kind: String, _ language: Int, _ topic: Int, _ stance: TextStance?, _ id: Int32, source: Int = -1) {
            out.append(Row(writer: writer, kind: kind, language: languages[language], topic: TextTopics.names[topic],
                           stance: stance.map { ["neutral", "pro", "against"][$0.rawValue] } ?? "-", source: source, text: table[Int(id)]))
        }
        // Campaign: as CampaignAssets.buildDirections and CampaignActivity write them (en 0.65, zh 0.35; a direction
        // is a seed headline or a typo / translation-slip variant of it; a posted copy gets typos 0.25,
        // translation slips 0.15, a paraphrase 0.1).
        let all = SeedHeadlines.all.enumerated().map { (row: $0.offset, text: $0.element.text, language: $0.element.language, english: $0.element.english) }
        let zh = all.filter { $0.language == "zh" }
        let en = all.filter { $0.language == "en" } + zh.map { ($0.row, $0.english, "en", $0.english) }
        for _ in 0 ..< count {
            let pool = rng.bernoulli(0.35) ? zh : en
            let seedHeadline = pool[rng.uniformInt(pool.count)]
            var bytes = Array(seedHeadline.text.utf8)
            if rng.bernoulli(0.75) { rng.bernoulli(0.5) ? TextFactory.typo(&bytes, rng) : TextFactory.translationError(&bytes, rng) }
            let u = rng.uniform()
            if u < 0.25 { TextFactory.typo(&bytes, rng) } else if u < 0.4 { TextFactory.translationError(&bytes, rng) } else if u < 0.5 { TextFactory.paraphrase(&bytes, rng) }
            let id = table.append(utf8: bytes)
            add("campaign", "headline", seedHeadline.language == "zh" ? 1 : 0, 0, nil, id, source: seedHeadline.row)
        }
        // Honest writers on the narratives: the campaign's languages (en, zh) most, Japanese some.
        func honestLanguage() -> Int { let u = rng.uniform(); return u < 0.6 ? 0 : u < 0.92 ? 1 : 2 }
        let narratives = TextTopics.campaignNarratives
        for _ in 0 ..< count {
            let l = honestLanguage(), t = narratives.lowerBound + rng.uniformInt(narratives.count)
            let voice: TextVoice = rng.bernoulli(stateAlignedShare) ? .stateAligned : .independent
            add("newsroom", "headline", l, t, nil, TextFactory.newsHeadline(v, language: l, topic: t, voice: voice, rng, into: &table))
        }
        for _ in 0 ..< count {
            let l = rng.uniformInt(languages.count), t = TextTopics.unrelated.lowerBound + rng.uniformInt(TextTopics.unrelated.count)
            add("newsroom", "headline-other", l, t, nil, TextFactory.newsHeadline(v, language: l, topic: t, rng, into: &table))
        }
        // Outlets' status messages on a story (a teaser, a question to readers, a quote, a call to action; issue 21),
        // with the story's headline as the templates place it, in the languages that have them (en, zh, ja, es).
        for _ in 0 ..< count {
            let l = rng.uniformInt(languages.count)
            let t = rng.bernoulli(0.5) ? narratives.lowerBound + rng.uniformInt(narratives.count)
                : TextTopics.unrelated.lowerBound + rng.uniformInt(TextTopics.unrelated.count)
            let h = TextFactory.newsHeadline(v, language: l, topic: t, rng, into: &table)
            let headline = table.withUTF8(Int(h)) { Array($0) }
            let id = headline.withUnsafeBufferPointer {
                TextFactory.newsStatus(v.lexicons[l], topic: t, headline: $0, alternate: false, rng, into: &table)
            }
            if let id { add("newsroom", "status", l, t, nil, id) }
        }
        for _ in 0 ..< count {
            let l = honestLanguage(), t = narratives.lowerBound + rng.uniformInt(narratives.count)
            let s = TextStance(rawValue: rng.uniformInt(3))!
            if rng.bernoulli(0.7) {
                add("organic", "post", l, t, s, TextFactory.post(v, language: l, topic: t, stance: s, rng, into: &table))
            } else {
                add("organic", "reply", l, t, s, TextFactory.reply(v, language: l, topic: t, stance: s, rng, into: &table))
            }
        }
        for _ in 0 ..< count {
            let l = rng.uniformInt(languages.count)
            let t = rng.bernoulli(0.7) ? 0 : TextTopics.unrelated.lowerBound + rng.uniformInt(TextTopics.unrelated.count)
            switch rng.uniformInt(10) {
            case 0 ..< 6: add("organic", "everyday", l, t, nil, TextFactory.post(v, language: l, topic: t, rng, into: &table))
            case 6 ..< 8: add("organic", "reply-everyday", l, 0, nil, TextFactory.reply(v, language: l, rng, into: &table))
            case 8: add("organic", "question", l, 0, nil, TextFactory.question(v, language: l, rng, into: &table))
            default:
                let p = TextProduct(rawValue: rng.uniformInt(TextProduct.allCases.count))!
                add("commercial", "ad", l, 0, nil, TextFactory.commercial(v, language: l, product: p, rng, into: &table))
            }
        }
        return out
    }

    /// The languages of the text model.
    public static var languages: [String] { TextFactory.languages }

    /// The kinds of ``collisionRows(seed:count:languages:kinds:)``: newsroom headlines in the independent voice (half
    /// on the campaign's narratives, as the call sites write them), ordinary posts on topics in the writers' own words
    /// (`topic-post`) and as the world writes them, state-media shares included (`topic-post-shared`), everyday
    /// posts, ordinary replies (a quarter on topics) and questions.
    public static let collisionKinds = ["headline", "topic-post", "topic-post-shared", "everyday", "reply", "question"]

    /// `count` independently written texts per language and kind, for measuring how often independent texts come out
    /// as near-duplicates (scripts/text-model/collisions.py); from `RandomStream(seed: seed, stream: 78)`.
    public static func collisionRows(seed: UInt64, count: Int, languages: [String] = TextSamples.languages,
                                     kinds: [String] = collisionKinds) -> [Row] {
        let rng = RandomStream(seed: seed, stream: 78)
        let v = TextFactory().vocabulary(for: languages)
        var table = StringTable()
        var out: [Row] = []
        out.reserveCapacity(count * languages.count * kinds.count)
        for (l, code) in languages.enumerated() {
            let lexicon = v.lexicons[l]
            for kind in kinds {
                for _ in 0 ..< count {
                    var topic = 0
                    var stance = TextStance.neutral
                    let id: Int32
                    switch kind {
                    case "headline":
                        let range = rng.bernoulli(TextFactory.CallSiteMix.narrativeHeadlines) ? TextTopics.campaignNarratives : TextTopics.unrelated
                        topic = range.lowerBound + rng.uniformInt(range.count)
                        id = TextFactory.newsHeadline(lexicon, topic: topic, rng, into: &table)
                    case "topic-post", "topic-post-shared":
                        if lexicon.topicCount > 0 { topic = Int(lexicon.topics[rng.uniformInt(lexicon.topicCount)]) }
                        stance = TextStance(rawValue: rng.uniformInt(3))!
                        id = TextFactory.post(lexicon, topic: topic, stance: stance, sharing: kind == "topic-post-shared", rng, into: &table)
                    case "everyday":
                        id = TextFactory.post(lexicon, topic: 0, stance: .neutral, rng, into: &table)
                    case "reply":
                        if lexicon.topicCount > 0 && rng.bernoulli(0.25) { topic = Int(lexicon.topics[rng.uniformInt(lexicon.topicCount)]) }
                        stance = TextStance(rawValue: rng.uniformInt(3))!
                        id = TextFactory.reply(lexicon, topic: topic, stance: stance, rng, into: &table)
                    default:
                        id = TextFactory.question(lexicon, rng, into: &table)
                    }
                    out.append(Row(writer: kind == "headline" ? "newsroom" : "organic", kind: kind, language: code,
                                   topic: TextTopics.names[topic], stance: ["neutral", "pro", "against"][stance.rawValue],
                                   source: -1, text: table[Int(id)]))
                }
            }
        }
        return out
    }
}
