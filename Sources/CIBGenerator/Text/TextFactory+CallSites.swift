internal import CIBModel
internal import CIBStatistics

/// The writers as the generator's call sites used them before the topic-aware API (a word count instead of a
/// topic), implemented on the grammars so that the current world gets real-language text. They choose the topic
/// themselves, with the shares below; call sites that know who writes on what should call the topic-aware writers
/// in TextFactory.swift instead.
///
/// Each draws from the caller's stream exactly what the word-list writers drew (``StreamDraws``), and writes from
/// that material alone: every other random choice of the world — who posts when, to whom — is the one it was before
/// the text model, so what changed in a generated world is its text and what depends on it.
extension TextFactory {
    /// The share of ordinary posts that are on a topic rather than everyday chatter, and of those on a campaign
    /// narrative; the share of newsroom headlines on a campaign narrative.
    enum CallSiteMix {
        static let onTopic = 0.3, narrativeAmongTopics = 0.4, narrativeHeadlines = 0.5
        /// The share of narrative headlines in the state-aligned voice (per headline here; per outlet is the caller's
        /// better choice).
        static let stateAlignedHeadlines = 0.2
    }

    /// Appends an ordinary post to `table`, written in place; returns its index. `count` is the length the call site
    /// asked for in words: 11 and more give the post a second sentence. The topic is everyday chatter or, with
    /// ``CallSiteMix/onTopic``, one the language has posts on, in a random stance.
    @inline(__always)
    static func post(_ v: Vocabulary, language: Int, words count: Int, _ rng: RandomStream, into table: inout StringTable) -> Int32 {
        post(v.lexicons[language], words: count, rng, into: &table)
    }

    /// The draws the word-list writers took from the caller's stream, taken again as the text's random material: one
    /// 64-bit draw per four words (`words`), then `bounds.count` bounded draws (`uniformInt`).
    @inline(__always)
    static func streamDraws(words: Int, bounds: (Int, Int) = (0, 0), _ rng: RandomStream) -> (first: UInt64, bits: TextGrammar.Bits) {
        var first: UInt64 = 0x243F_6A88_85A3_08D3, seed: UInt64 = 0x1319_8A2E_0370_7344
        for i in 0 ..< (words + 3) / 4 {
            let u = rng.next()
            if i == 0 { first = u }
            seed = (seed ^ u) &* 0x9E37_79B9_7F4A_7C15
        }
        if bounds.0 > 0 { seed = (seed ^ UInt64(rng.uniformInt(bounds.0))) &* 0xBF58_476D_1CE4_E5B9 }
        if bounds.1 > 0 { seed = (seed ^ UInt64(rng.uniformInt(bounds.1))) &* 0x94D0_49BB_1331_11EB }
        return (first, TextGrammar.Bits(seed: seed))
    }

    /// ``post(_:language:words:_:into:)`` with the language's handle at hand.
    @inline(__always)
    static func post(_ lexicon: Lexicon, words count: Int, _ rng: RandomStream, into table: inout StringTable) -> Int32 {
        var topic = 0
        var stance = TextStance.neutral
        let (u, bits) = streamDraws(words: count, rng)
        if lexicon.topicCount > 0 && Double(u & 0xFFFF) < CallSiteMix.onTopic * 65_536 {
            let narrative = Double((u >> 16) & 0xFFFF) < CallSiteMix.narrativeAmongTopics * 65_536
            // A topic of the wanted kind the language covers: a few tries, then any covered one.
            topic = Int(lexicon.topics[Int((u >> 32) & 0xFFFF) * lexicon.topicCount >> 16])
            var k: UInt64 = 1
            while TextTopics.isCampaignNarrative(topic) != narrative && k < 8 {
                topic = Int(lexicon.topics[Int(((u >> 32) &+ k &* 0x9E37) & 0xFFFF) * lexicon.topicCount >> 16])
                k += 1
            }
            stance = TextStance(rawValue: Int((u >> 48) % 3))!
        }
        return post(lexicon, topic: topic, stance: stance, segments: count >= 11 ? 2 : 0, bits: bits, rng, into: &table)
    }

    /// A newsroom headline (the call site's `prefix`, the outlet's name, is no longer written: it gave newsrooms
    /// away to any text classifier). Half the headlines, ``CallSiteMix/narrativeHeadlines``, report on the campaign's
    /// narratives, as real outlets did; the rest on the unrelated topics.
    static func post(_ v: Vocabulary, language: Int, words count: Int, _ rng: RandomStream, after prefix: [UInt8],
                     into table: inout StringTable) -> Int32 {
        let (u, bits) = streamDraws(words: count, rng)
        let range = Double(u & 0xFFFF) < CallSiteMix.narrativeHeadlines * 65_536 ? TextTopics.campaignNarratives : TextTopics.unrelated
        let topic = range.lowerBound + Int((u >> 16) & 0xFFFF) * range.count >> 16
        let voice: TextVoice = TextTopics.isCampaignNarrative(topic) && Double((u >> 32) & 0xFFFF) < CallSiteMix.stateAlignedHeadlines * 65_536
            ? .stateAligned : .independent
        return newsHeadline(v.lexicons[language], topic: topic, voice: voice, bits: bits, rng, into: &table)
    }

    /// An ordinary question (`count` is ignored: questions are as long as the grammar writes them).
    static func question(_ v: Vocabulary, language: Int, words count: Int, _ rng: RandomStream, into table: inout StringTable) -> Int32 {
        // The word-list writer drew the words, then an opening and a closing among its language's (en 7 and 5, zh 6
        // and 4, ja 5 and 4; English's for the others).
        let bounds = ["zh": (6, 4), "ja": (5, 4)][v.codes[language]] ?? (7, 5)
        return question(v.lexicons[language], bits: streamDraws(words: count, bounds: bounds, rng).bits, rng, into: &table)
    }

    /// A commercial post about `topic` ("lingerie", "phone cases", "clothing", "children's accessories", ...) in
    /// `language`, as a `String` (cold paths; hot loops resolve a ``CommercialWriter`` once and write in place).
    func commercial(topic: String, language: String, _ rng: RandomStream) -> String {
        var table = StringTable()
        TextFactory.commercial(commercialWriter(topic: topic, language: language), rng, into: &table)
        return table[0]
    }

    /// What a commercial post about a topic in a language needs, resolved from the two strings once: the
    /// language's grammar, the product the topic names, and how many slogans the word-list writer drew among.
    struct CommercialWriter: Sendable {
        let lexicon: Lexicon
        let product: TextProduct
        let slogans: Int
    }

    /// The writer for ``commercial(topic:language:_:)``.
    func commercialWriter(topic: String, language: String) -> CommercialWriter {
        let vocabulary = TextFactory.commercialVocabulary(Vocabulary.grammarCode(language))
        // The word-list writer drew a price (180) and one of the topic's (Chinese: 4 for each of the four default
        // topics, 1 otherwise) or the language's (vi 3, others 4) slogans.
        let defaultTopic = ["lingerie", "phone cases", "clothing", "children's accessories"].contains(topic)
        let slogans = language == "zh" ? (defaultTopic ? 4 : 1) : language == "vi" ? 3 : 4
        return CommercialWriter(lexicon: vocabulary.lexicons[0], product: TextProduct(topic: topic), slogans: slogans)
    }

    /// Writes a commercial post with `writer` in place; returns its index in `table`.
    @discardableResult
    static func commercial(_ writer: CommercialWriter, _ rng: RandomStream, into table: inout StringTable) -> Int32 {
        commercial(writer.lexicon, product: writer.product, bits: streamDraws(words: 0, bounds: (180, writer.slogans), rng).bits, rng, into: &table)
    }

    /// One vocabulary per grammar language for ``commercial(topic:language:_:)``, made on first use.
    private static func commercialVocabulary(_ code: String) -> Vocabulary {
        commercialVocabularies.first { $0.codes[0] == code } ?? commercialVocabularies[0]
    }

    private static let commercialVocabularies: [Vocabulary] = grammars.keys.sorted().map { Vocabulary(languages: [$0]) }
}
