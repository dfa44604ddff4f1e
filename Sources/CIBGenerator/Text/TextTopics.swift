/// The topic inventory shared by every writer of text: ordinary users, newsrooms, commentators and the campaign.
/// Topic 0 is everyday chatter; topics 1 ... 13 are the narratives of Meta's Q2 2023 Spamouflage network (read off
/// ``SeedHeadlines``), which honest users and real outlets also wrote about; the rest are unrelated everyday news
/// topics. The grammar of each language (data/text/grammar/) names its rules after these names
/// (`t.<name>.<kind>`); ``TextFactory/Vocabulary/covers(language:topic:kind:)`` says which a language has.
enum TextTopics {
    /// Topic names, by topic index.
    static let names = [
        "everyday",
        "covid-origins", "us-racism", "overseas-police", "guo-wengui", "dissidents", "rare-earths", "nord-stream",
        "taiwan", "hong-kong", "xinjiang", "fukushima", "us-surveillance", "us-foreign-policy",
        "sports", "weather", "food", "tech", "entertainment", "local", "business", "health", "travel",
    ]
    static var count: Int { names.count }
    static let everyday = 0
    /// The campaign's narratives: COVID-19 origins, US racism and democracy, Safeguard Defenders and "overseas
    /// police stations", Guo Wengui, Chinese dissidents and journalists abroad, rare earths, Nord Stream, Taiwan,
    /// Hong Kong, Xinjiang, Japan's Fukushima water release, US surveillance, US foreign policy.
    static let campaignNarratives = 1 ..< 14
    /// Unrelated topics: sports, weather, food, tech, entertainment, local news, business, health, travel.
    static let unrelated = 14 ..< 23

    static func isCampaignNarrative(_ topic: Int) -> Bool { campaignNarratives.contains(topic) }

    /// The index of a topic name, or nil.
    static func index(of name: String) -> Int? { names.firstIndex(of: name) }
}

/// Where a post on one of the campaign's narratives stands: echoing the campaign's framing, against it, or neither
/// (news sharing, questions, bewilderment). Real discourse has all three; the campaign is not the only side that
/// uses its words.
enum TextStance: Int, CaseIterable, Sendable {
    case neutral = 0
    case pro = 1
    case against = 2
}

/// What a grammar rule of a topic writes: a post in each stance, a newsroom headline, a hashtag, (the
/// campaign's narratives, in its languages) a headline in the state-media voice the campaign amplified, and an
/// outlet's status message on a story of the topic (``TextFactory/newsStatus(_:topic:headline:alternate:_:into:)``).
enum TextKind: Int, CaseIterable, Sendable {
    case neutral = 0, pro, against, headline, tag, stateHeadline, status

    /// The kind of a post in `stance`.
    static func post(_ stance: TextStance) -> TextKind { TextKind(rawValue: stance.rawValue)! }
}

/// Whose voice a newsroom headline is in: an independent outlet's report, or an overt state-aligned outlet's
/// (CGTN, Global Times, pro-Beijing Hong Kong papers) — the same headlines the campaign sprayed, as published,
/// because the network amplified state-media content (Meta Q2 2023). Which outlets are state-aligned is the caller's
/// choice.
enum TextVoice: Int, CaseIterable, Sendable {
    case independent = 0
    case stateAligned = 1
}

/// The products of commercial posts (Chinese lingerie, phone-case, clothing and children's-accessory ads on Pages
/// before the campaign bought them; spam Pages' ads); ``generic`` is a sale without a product.
enum TextProduct: Int, CaseIterable, Sendable {
    case generic = 0, lingerie, phoneCases, clothing, children

    var rule: String { ["ad", "ad.lingerie", "ad.phone-cases", "ad.clothing", "ad.children"][rawValue] }

    /// The product a scenario's topic string names ("lingerie", "phone cases", "clothing", "children's
    /// accessories", ...), matched by keyword; ``generic`` for anything else.
    init(topic: String) {
        // On the bytes, lower-cased ASCII, without Foundation: bought Pages' history asks for every post.
        let t = topic.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        func has(_ word: String) -> Bool {
            let w = Array(word.utf8)
            return t.count >= w.count && (0 ... t.count - w.count).contains { i in t[i ..< i + w.count].elementsEqual(w) }
        }
        if has("linger") || has("underwear") || has("bra") { self = .lingerie }
        else if has("phone") || has("case") { self = .phoneCases }
        else if has("child") || has("kid") || has("baby") { self = .children }
        else if has("cloth") || has("dress") || has("fashion") { self = .clothing }
        else { self = .generic }
    }

}
