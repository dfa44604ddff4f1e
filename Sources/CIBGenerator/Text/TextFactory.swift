internal import CIBModel
internal import CIBStatistics

/// Writes the texts of a world from per-language grammars of real language (data/text/grammar/, compiled into
/// ``TextGrammarData`` by scripts/text-model/build.py; docs/text-model.md): everyday posts, posts on a topic of the
/// shared inventory (``TextTopics``) in a stance (``TextStance``), replies, questions, newsroom headlines,
/// commercial posts and the campaign's own self-engagement replies — each written as UTF-8 bytes in place into a
/// `StringTable`, with no allocation per text, deterministic given the `RandomStream`. The surface of a real post
/// is added on top: occasional @mentions, hashtags, emoji and typos (real people misspell too).
///
/// The campaign's copies of its real headlines (typos, translation slips, paraphrases) are in HeadlineVariants.swift.
struct TextFactory: Sendable {
    init() {}

    /// Every compiled grammar, by language code, parsed once per process on first use (immutable afterwards, so
    /// shared read-only by all threads and worlds).
    static let grammars: [String: TextGrammar.Storage] = {
        var out: [String: TextGrammar.Storage] = [:]
        for (code, compiled) in TextGrammarData.languages { out[code] = TextGrammar.Storage(compiled: compiled) }
        return out
    }()

    /// The language codes the model has grammars for (`zh` writes Simplified and, see ``traditionalShare``,
    /// Traditional Chinese).
    static var languages: [String] { TextGrammarData.languages.map(\.code).filter { $0 != "zh-Hant" } }

    /// The share of Chinese texts written in Traditional characters with Taiwan phrasing (the TW and HK regions use
    /// them, Singapore and the mainland Simplified; the dataset has one `zh`).
    static let traditionalShare = 0.5

    /// The vocabulary (grammars and their tables) of a world's languages, by dataset language index.
    func vocabulary(for languages: [String]) -> Vocabulary { Vocabulary(languages: languages) }

    // MARK: - Vocabulary and per-language handles

    /// Per dataset language: its grammar handle (``Lexicon``), and the campaign's self-engagement replies.
    /// A class: hot loops pass it around and capture it in closures, which then retain one object, not many arrays.
    /// `@unchecked Sendable`: every property is a constant, and the raw memory behind ``lexicons`` is written once, in
    /// `init`, then only read (by any number of threads) until `deinit`.
    final class Vocabulary: @unchecked Sendable {
        /// The dataset language codes, by dataset language index.
        let codes: [String]
        /// Per language: its grammar handle, with raw pointers into memory this object (or the process-wide
        /// grammars) owns (see ``Lexicon``).
        let lexicons: [Lexicon]
        /// Per language: the campaign's self-engagement replies, in its own register (English where a language has
        /// none): a fixed sample of the `propaganda` rule's expansions.
        let propagandaReplies: [[[UInt8]]]
        /// The memory behind the lexicons' tables, freed with the object.
        private let owned: [UnsafeMutableRawPointer]

        /// An empty vocabulary (no languages).
        convenience init() { self.init(languages: []) }

        init(languages: [String]) {
            var owned: [UnsafeMutableRawPointer] = []
            func copy<T>(_ values: [T]) -> UnsafePointer<T> {
                let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, values.count))
                values.withUnsafeBufferPointer { if let b = $0.baseAddress { p.initialize(from: b, count: $0.count) } }
                owned.append(UnsafeMutableRawPointer(p))
                return UnsafePointer(p)
            }
            var lexicons: [Lexicon] = [], propaganda: [[[UInt8]]] = []
            for (index, code) in languages.enumerated() {
                let (main, alternate, share) = Self.grammars(for: code)
                let roles = Self.roles(main.rules)
                let globals = Lexicon.Global.allCases.map { main.rules[$0.rule] ?? -1 }
                let covered = (1 ..< TextTopics.count).filter { roles[TextKind.neutral.rawValue * TextTopics.count + $0] >= 0 }
                let headlines = (1 ..< TextTopics.count).filter { roles[TextKind.headline.rawValue * TextTopics.count + $0] >= 0 }
                var lexicon = Lexicon(
                    grammar: main.grammar, alternate: alternate.grammar, alternateShare: Int(share * 65_536),
                    spaced: !["zh", "zh-Hant", "ja"].contains(Self.grammarCode(code)), secondLanguageSlips: Self.grammarCode(code) == "en",
                    roles: copy(roles), globals: copy(globals),
                    topics: copy(covered.map(Int32.init)), topicCount: covered.count,
                    headlineTopics: copy(headlines.map(Int32.init)), headlineTopicCount: headlines.count,
                    replyBytes: copy([UInt8]()), replyStart: copy([Int32(0)]), replyCount: 0)
                // The fixed pool of ordinary replies that ``Lexicon/reply(_:)`` serves (a fixed stream: the pool is a
                // function of the language alone).
                var pool = StringTable()
                let poolRng = RandomStream(seed: 0x7E47_5EED, stream: UInt64(index) << 32 | UInt64(code.utf8.reduce(0) { $0 &* 31 &+ Int($1) } & 0xFFFF))
                for k in 0 ..< Lexicon.replyPoolSize {
                    let topic = k % 4 == 3 && lexicon.topicCount > 0 ? Int(lexicon.topics[poolRng.uniformInt(lexicon.topicCount)]) : 0
                    TextFactory.reply(lexicon, topic: topic, stance: TextStance(rawValue: poolRng.uniformInt(3))!, poolRng, into: &pool)
                }
                lexicon.replyBytes = copy(pool.bytes)
                lexicon.replyStart = copy(pool.offsets.map { Int32($0) })
                lexicon.replyCount = pool.count
                lexicons.append(lexicon)
                // The campaign's replies: its language's rule, else English.
                let register = main.rules["propaganda"] != nil ? lexicon : Self.english(copy: copy)
                var replies = StringTable()
                let replyRng = RandomStream(seed: 0x9409_A6DA, stream: UInt64(index))
                var seen = Set<[UInt8]>()
                for _ in 0 ..< 200 where seen.count < 48 {
                    let i = TextFactory.propagandaReply(register, replyRng, into: &replies)
                    seen.insert(replies.withUTF8(Int(i)) { Array($0) })
                }
                propaganda.append(seen.sorted { $0.lexicographicallyPrecedes($1) })
            }
            self.codes = languages
            self.lexicons = lexicons
            self.propagandaReplies = propaganda
            self.owned = owned
        }

        deinit {
            for p in owned { p.deallocate() }
        }

        /// Whether `language` (dataset index) has text of `kind` on `topic` in its own grammar (posts fall back to
        /// everyday posts, headlines to another topic's, when not).
        func covers(language: Int, topic: Int, kind: TextKind) -> Bool {
            lexicons[language].rule(kind, topic) >= 0
        }

        /// The grammar code for a dataset language code: itself where there is a grammar, `zh-Hant` for the
        /// Traditional variants, English otherwise.
        static func grammarCode(_ code: String) -> String {
            let lower = code.lowercased()
            if ["zh-hant", "zh-tw", "zh-hk", "zh_tw", "zh_hk"].contains(lower) { return "zh-Hant" }
            if lower.hasPrefix("zh") { return "zh" }
            let base = String(lower.prefix(2))
            return TextFactory.grammars[base] != nil ? base : "en"
        }

        /// The main and alternate grammars of a dataset language and the alternate's share.
        private static func grammars(for code: String) -> (TextGrammar.Storage, TextGrammar.Storage, Double) {
            let g = grammarCode(code)
            let main = TextFactory.grammars[g]!
            if g == "zh", let hant = TextFactory.grammars["zh-Hant"] {
                precondition(hant.rules == main.rules, "TextFactory: zh-Hant must have zh's rule structure (rebuild the model)")
                return (main, hant, TextFactory.traditionalShare)
            }
            return (main, main, 0)
        }

        /// English's handle without reply pool, for the campaign's replies in languages without their own.
        private static func english(copy: ([Int32]) -> UnsafePointer<Int32>) -> Lexicon {
            let en = TextFactory.grammars["en"]!
            return Lexicon(
                grammar: en.grammar, alternate: en.grammar, alternateShare: 0, spaced: true, secondLanguageSlips: false,
                roles: copy(roles(en.rules)), globals: copy(Lexicon.Global.allCases.map { en.rules[$0.rule] ?? -1 }),
                topics: copy([]), topicCount: 0, headlineTopics: copy([]), headlineTopicCount: 0,
                replyBytes: UnsafePointer(bitPattern: 1)!, replyStart: copy([0]), replyCount: 0)
        }

        /// The rule of each (kind, topic), `kind * TextTopics.count + topic`, with the fallbacks: a stance the
        /// grammar lacks writes the topic's neutral posts; topic 0 and the unrelated topics have one `post` rule for
        /// every stance; -1 where the language has nothing.
        static func roles(_ rules: [String: Int32]) -> [Int32] {
            var out = [Int32](repeating: -1, count: TextKind.allCases.count * TextTopics.count)
            for (t, name) in TextTopics.names.enumerated() {
                let post = t == 0 ? rules["everyday"] : rules["t.\(name).post"]
                let neutral = rules["t.\(name).neutral"] ?? post
                let stanced = [neutral, rules["t.\(name).pro"] ?? neutral, rules["t.\(name).against"] ?? neutral]
                for (k, r) in stanced.enumerated() { out[k * TextTopics.count + t] = r ?? -1 }
                out[TextKind.headline.rawValue * TextTopics.count + t] = rules["t.\(name).head"] ?? -1
                out[TextKind.tag.rawValue * TextTopics.count + t] = rules["t.\(name).tag"] ?? -1
                out[TextKind.stateHeadline.rawValue * TextTopics.count + t] = rules["t.\(name).state"] ?? -1
                out[TextKind.status.rawValue * TextTopics.count + t] = rules["t.\(name).status"] ?? -1
            }
            return out
        }
    }

    /// One language's grammar and tables as raw pointers (a plain value: copying it touches no reference count) into memory its ``Vocabulary`` (and the process-wide
    /// ``TextFactory/grammars``) owns: what the writers read for every text. Reading arrays out of the shared
    /// vocabulary instead costs atomic reference-count updates on cache lines that every worker thread touches (10%
    /// of a large generation on two threads). Valid while the vocabulary lives; generation holds it in the plan
    /// throughout.
    struct Lexicon: @unchecked Sendable {
        let grammar: TextGrammar
        /// A second script of the same grammar (Traditional Chinese for `zh`), written with probability
        /// `alternateShare / 65536`; the same grammar otherwise.
        let alternate: TextGrammar
        let alternateShare: Int
        /// Whether the language separates words with spaces (typos are made on ASCII letters either way).
        let spaced: Bool
        /// Whether texts get second-language slips (English: written by many for whom it is a second language).
        let secondLanguageSlips: Bool
        /// The rule of (kind, topic): see ``Vocabulary/roles(_:)``.
        let roles: UnsafePointer<Int32>
        /// The rules of ``Global``, -1 where the grammar has none.
        let globals: UnsafePointer<Int32>
        /// The topics (other than everyday) this language has posts on, and those it has headlines on.
        let topics: UnsafePointer<Int32>
        let topicCount: Int
        let headlineTopics: UnsafePointer<Int32>
        let headlineTopicCount: Int
        /// A fixed pool of ordinary replies (for call sites that pick one by index).
        var replyBytes: UnsafePointer<UInt8>
        var replyStart: UnsafePointer<Int32>
        var replyCount: Int

        static let replyPoolSize = 1024

        /// Rules every language may have, by name.
        enum Global: Int, CaseIterable {
            case reply = 0, replyNeutral, replyPro, replyAgainst, question, emoji, handle, propaganda, headPrefix
            case ad, adLingerie, adPhoneCases, adClothing, adChildren
            case shareBefore, shareAfter, shareNeutral, quoteBefore, quoteAfter
            case statusLead, statusAfter

            var rule: String {
                ["reply", "reply.neutral", "reply.pro", "reply.against", "question", "emoji", "handle", "propaganda",
                 "head-prefix", "ad", "ad.lingerie", "ad.phone-cases", "ad.clothing", "ad.children",
                 "share.before", "share.after", "share.neutral", "quote.before", "quote.after",
                 "status.lead", "status.after"][rawValue]
            }
        }

        @inline(__always)
        func rule(_ kind: TextKind, _ topic: Int) -> Int32 { roles[kind.rawValue * TextTopics.count + topic] }

        @inline(__always)
        func global(_ g: Global) -> Int32 { globals[g.rawValue] }

        /// Ordinary reply `i` of the fixed pool (`0 ..< replyCount`).
        @inline(__always)
        func reply(_ i: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: replyBytes + Int(replyStart[i]), count: Int(replyStart[i + 1] - replyStart[i]))
        }

        /// The grammar of one text: the alternate script with its share.
        @inline(__always)
        func script(_ bits: inout TextGrammar.Bits, _ rng: RandomStream) -> TextGrammar {
            alternateShare > 0 && bits.below(65_536, rng) < alternateShare ? alternate : grammar
        }

        /// The grammar of a text in the state-media voice: mostly the main script (Simplified Chinese: the
        /// mainland outlets' and the campaign's), the alternate with ``TextFactory/Sharing/stateAlternate``.
        @inline(__always)
        func stateScript(_ bits: inout TextGrammar.Bits, _ rng: RandomStream) -> TextGrammar {
            alternateShare > 0 && bits.chance(Sharing.stateAlternate, rng) ? alternate : grammar
        }
    }

    // MARK: - Writers (dataset language index)

    /// Appends an ordinary post on `topic` (0: everyday chatter) in `stance` (campaign narratives; other topics have
    /// one register) in the language with dataset index `language`; returns its index in `table`.
    @inline(__always) @discardableResult
    static func post(_ v: Vocabulary, language: Int, topic: Int = 0, stance: TextStance = .neutral, _ rng: RandomStream,
                     into table: inout StringTable) -> Int32 {
        post(v.lexicons[language], topic: topic, stance: stance, rng, into: &table)
    }

    /// A short reply, on `topic` in `stance` or (topic 0) an ordinary one.
    @inline(__always) @discardableResult
    static func reply(_ v: Vocabulary, language: Int, topic: Int = 0, stance: TextStance = .neutral, _ rng: RandomStream,
                      into table: inout StringTable) -> Int32 {
        reply(v.lexicons[language], topic: topic, stance: stance, rng, into: &table)
    }

    /// An ordinary question (the kind Spamouflage answered with unrelated propaganda).
    @inline(__always) @discardableResult
    static func question(_ v: Vocabulary, language: Int, _ rng: RandomStream, into table: inout StringTable) -> Int32 {
        question(v.lexicons[language], rng, into: &table)
    }

    /// A newsroom headline on `topic` (no outlet name in it), as an outlet's social team posts it, in `voice` (a
    /// state-aligned outlet's headlines on the campaign's narratives are the ones the campaign amplified; on other
    /// topics, and in languages without them, it writes as an independent outlet).
    @inline(__always) @discardableResult
    static func newsHeadline(_ v: Vocabulary, language: Int, topic: Int, voice: TextVoice = .independent, _ rng: RandomStream,
                             into table: inout StringTable) -> Int32 {
        newsHeadline(v.lexicons[language], topic: topic, voice: voice, rng, into: &table)
    }

    /// A commercial post (an ad) for `product`.
    @inline(__always) @discardableResult
    static func commercial(_ v: Vocabulary, language: Int, product: TextProduct, _ rng: RandomStream, into table: inout StringTable) -> Int32 {
        commercial(v.lexicons[language], product: product, rng, into: &table)
    }

    // MARK: - Writers (language handle: hot loops)

    /// Rates of the surface features, per text kind (measured on nothing but plausibility; docs/text-model.md).
    enum Surface {
        static let postMention = 0.04, postEmoji = 0.3, postTypo = 0.12, everydayTag = 0.08, topicTag = 0.3
        static let replyMention = 0.3, replyEmoji = 0.2, replyTypo = 0.1, topicReplyBody = 0.4
        static let questionTypo = 0.1
        static let headlinePrefix = 0.05, headlineTypo = 0.02
        /// English written as a second language (Singapore, Hong Kong, Taiwan, India...): dropped articles, "is"
        /// for "are", a stray "of the" — the slips the campaign's machine translation makes too.
        static let postSlip = 0.08, headlineSlip = 0.04
        static let secondSegment = 0.16, thirdSegment = 0.04, topicReaction = 0.25
    }

    /// How often ordinary posts on a campaign narrative pass on its state-media headlines (``TextKind/stateHeadline``,
    /// where the language has them): shared approvingly (`pro`, a share of them bare, as a link's title), passed on
    /// with a question (`neutral`), or quoted to mock (`against`). Real users do all three; it is why the campaign's
    /// wording is not its own.
    enum Sharing {
        static let pro = 0.6, neutral = 0.3, against = 0.3, bare = 0.5
        /// State-media headlines in Traditional Chinese (pro-Beijing Hong Kong papers) rather than Simplified.
        static let stateAlternate = 0.15
    }

    /// ``post(_:language:topic:stance:_:into:)`` with the language's handle at hand; `sharing: false` writes the
    /// post in the writer's own words, never a share of a state-media headline (``Sharing``).
    @inline(__always) @discardableResult
    static func post(_ l: Lexicon, topic: Int, stance: TextStance, segments: Int = 0, sharing: Bool = true,
                     bits seeded: TextGrammar.Bits = .init(), _ rng: RandomStream, into table: inout StringTable) -> Int32 {
        var bits = seeded
        let g = l.script(&bits, rng)
        var body = l.rule(.post(stance), topic)
        var t = topic
        if body < 0 {
            body = l.rule(.neutral, 0)
            t = 0
        }
        let state = t == 0 ? -1 : l.rule(.stateHeadline, t)
        if state >= 0 && sharing && bits.chance(stance == .pro ? Sharing.pro : stance == .against ? Sharing.against : Sharing.neutral, rng) {
            return share(l, l.stateScript(&bits, rng), state, topic: t, stance: stance, &bits, rng, into: &table)
        }
        let reaction = t == 0 ? -1 : l.global(stance == .pro ? .replyPro : stance == .against ? .replyAgainst : .replyNeutral)
        let tag = l.rule(.tag, t)
        let handle = l.global(.handle), emoji = l.global(.emoji)
        var n = segments
        if n <= 0 {
            let u = bits.below(65_536, rng)
            n = u < Int(Surface.thirdSegment * 65_536) ? 3 : u < Int((Surface.thirdSegment + Surface.secondSegment) * 65_536) ? 2 : 1
            if t != 0 { n = 1 }
        }
        let room = 4 + g.room(handle) + n * (g.room(body) + 1) + 1 + g.room(reaction) + 1 + g.room(tag) + 1 + g.room(emoji) + slipRoom
        return table.append(maxBytes: TextGrammar.copyWidth + room) { buffer in
            let out = buffer.baseAddress!
            var k = 0
            if handle >= 0 && bits.chance(Surface.postMention, rng) { k = g.mention(handle, &bits, rng, to: out) }
            for s in 0 ..< n {
                if s > 0 { out[k] = 0x20; k += 1 }
                k += g.expand(body, &bits, rng, to: out + k)
            }
            if reaction >= 0 && bits.chance(Surface.topicReaction, rng) {
                out[k] = 0x20; k += 1
                k += g.expand(reaction, &bits, rng, to: out + k)
            }
            if tag >= 0 && bits.chance(t == 0 ? Surface.everydayTag : Surface.topicTag, rng) {
                out[k] = 0x20; k += 1
                k += g.expand(tag, &bits, rng, to: out + k)
            }
            if emoji >= 0 && bits.chance(Surface.postEmoji, rng) {
                if l.spaced { out[k] = 0x20; k += 1 }
                k += g.expand(emoji, &bits, rng, to: out + k)
            }
            if bits.chance(Surface.postTypo, rng) { k = casualTypo(out, count: k, &bits, rng) }
            if l.secondLanguageSlips && bits.chance(Surface.postSlip, rng) { k = secondLanguageSlip(out, count: k, &bits, rng) }
            return k
        }
    }

    /// A post passing on a state-media headline (``Sharing``): `pro` bare or with an approving word before or
    /// after, `neutral` after a question, `against` in quotes between mockery; a hashtag, emoji and typo as in
    /// posts.
    @inline(__always)
    static func share(_ l: Lexicon, _ g: TextGrammar, _ headline: Int32, topic: Int, stance: TextStance,
                      _ bits: inout TextGrammar.Bits, _ rng: RandomStream, into table: inout StringTable) -> Int32 {
        var before: Int32 = -1, after: Int32 = -1
        var quoted = false
        switch stance {
        case .pro:
            if !bits.chance(Sharing.bare, rng) {
                if bits.chance(0.5, rng) { before = l.global(.shareBefore) } else { after = l.global(.shareAfter) }
            }
        case .neutral:
            before = l.global(.shareNeutral)
        case .against:
            quoted = true
            if bits.chance(0.5, rng) { before = l.global(.quoteBefore) }
            after = l.global(.quoteAfter)
        }
        let tag = l.rule(.tag, topic), emoji = l.global(.emoji)
        let room = 16 + g.room(before) + g.room(headline) + g.room(after) + g.room(tag) + g.room(emoji) + slipRoom
        return table.append(maxBytes: TextGrammar.copyWidth + room) { buffer in
            let out = buffer.baseAddress!
            var k = 0
            if before >= 0 {
                k += g.expand(before, &bits, rng, to: out)
                out[k] = 0x20; k += 1
            }
            if quoted { for b in "“".utf8 { out[k] = b; k += 1 } }
            k += g.expand(headline, &bits, rng, to: out + k)
            if quoted { for b in "”".utf8 { out[k] = b; k += 1 } }
            if after >= 0 {
                out[k] = 0x20; k += 1
                k += g.expand(after, &bits, rng, to: out + k)
            }
            if tag >= 0 && bits.chance(Surface.topicTag, rng) {
                out[k] = 0x20; k += 1
                k += g.expand(tag, &bits, rng, to: out + k)
            }
            if emoji >= 0 && bits.chance(Surface.postEmoji / 2, rng) {
                out[k] = 0x20; k += 1
                k += g.expand(emoji, &bits, rng, to: out + k)
            }
            if bits.chance(Surface.postTypo, rng) { k = casualTypo(out, count: k, &bits, rng) }
            if l.secondLanguageSlips && bits.chance(Surface.postSlip, rng) { k = secondLanguageSlip(out, count: k, &bits, rng) }
            return k
        }
    }

    /// ``reply(_:language:topic:stance:_:into:)`` with the language's handle at hand.
    @inline(__always) @discardableResult
    static func reply(_ l: Lexicon, topic: Int, stance: TextStance, _ rng: RandomStream, into table: inout StringTable) -> Int32 {
        var bits = TextGrammar.Bits()
        let g = l.script(&bits, rng)
        var body = l.global(.reply)
        if topic != 0 {
            let onTopic = l.rule(.post(stance), topic)
            let reaction = l.global(stance == .pro ? .replyPro : stance == .against ? .replyAgainst : .replyNeutral)
            body = onTopic >= 0 && (reaction < 0 || bits.chance(Surface.topicReplyBody, rng)) ? onTopic : reaction >= 0 ? reaction : body
        }
        let handle = l.global(.handle), emoji = l.global(.emoji)
        let room = 4 + g.room(handle) + g.room(body) + 1 + g.room(emoji)
        return table.append(maxBytes: TextGrammar.copyWidth + room) { buffer in
            let out = buffer.baseAddress!
            var k = 0
            if handle >= 0 && bits.chance(Surface.replyMention, rng) { k = g.mention(handle, &bits, rng, to: out) }
            k += g.expand(body, &bits, rng, to: out + k)
            if emoji >= 0 && bits.chance(Surface.replyEmoji, rng) {
                if l.spaced { out[k] = 0x20; k += 1 }
                k += g.expand(emoji, &bits, rng, to: out + k)
            }
            if bits.chance(Surface.replyTypo, rng) { k = casualTypo(out, count: k, &bits, rng) }
            return k
        }
    }

    /// ``question(_:language:_:into:)`` with the language's handle at hand.
    @inline(__always) @discardableResult
    static func question(_ l: Lexicon, bits seeded: TextGrammar.Bits = .init(), _ rng: RandomStream,
                         into table: inout StringTable) -> Int32 {
        var bits = seeded
        let g = l.script(&bits, rng)
        let body = l.global(.question) >= 0 ? l.global(.question) : l.rule(.neutral, 0)
        // No emoji or tag after the question mark: the grammar ends every question with one (an emoji, where
        // wanted, is part of the grammar), and the generator finds questions by it.
        return table.append(maxBytes: TextGrammar.copyWidth + 2 + g.room(body)) { buffer in
            let out = buffer.baseAddress!
            var k = g.expand(body, &bits, rng, to: out)
            if bits.chance(Surface.questionTypo, rng) { k = casualTypo(out, count: k, &bits, rng) }
            return k
        }
    }


    /// ``newsHeadline(_:language:topic:_:into:)`` with the language's handle at hand. A topic the language has no
    /// headlines on is replaced by one it has (drawn).
    @inline(__always) @discardableResult
    static func newsHeadline(_ l: Lexicon, topic: Int, voice: TextVoice = .independent, bits seeded: TextGrammar.Bits = .init(),
                             _ rng: RandomStream, into table: inout StringTable) -> Int32 {
        var alternate = false
        return newsHeadline(l, topic: topic, voice: voice, bits: seeded, alternate: &alternate, rng, into: &table)
    }

    /// ``newsHeadline(_:topic:voice:bits:_:into:)``, saying in `alternate` whether it is in the language's alternate
    /// script (Traditional Chinese), so that the outlet's status message on the story can be written in the same one.
    @inline(__always) @discardableResult
    static func newsHeadline(_ l: Lexicon, topic: Int, voice: TextVoice = .independent, bits seeded: TextGrammar.Bits = .init(),
                             alternate: inout Bool, _ rng: RandomStream, into table: inout StringTable) -> Int32 {
        var bits = seeded
        let state = voice == .stateAligned && l.rule(.stateHeadline, topic) >= 0
        let g = state ? l.stateScript(&bits, rng) : l.script(&bits, rng)
        alternate = g.rules != l.grammar.rules
        var body = state ? l.rule(.stateHeadline, topic) : l.rule(.headline, topic)
        if body < 0 && l.headlineTopicCount > 0 {
            body = l.rule(.headline, Int(l.headlineTopics[bits.below(l.headlineTopicCount, rng)]))
        }
        if body < 0 { body = l.rule(.neutral, 0) }
        let prefix = l.global(.headPrefix)
        return table.append(maxBytes: TextGrammar.copyWidth + 2 + g.room(prefix) + 1 + g.room(body) + slipRoom) { buffer in
            let out = buffer.baseAddress!
            var k = 0
            if prefix >= 0 && bits.chance(Surface.headlinePrefix, rng) {
                k = g.expand(prefix, &bits, rng, to: out)
                if l.spaced { out[k] = 0x20; k += 1 }
            }
            k += g.expand(body, &bits, rng, to: out + k)
            if bits.chance(Surface.headlineTypo, rng) { k = casualTypo(out, count: k, &bits, rng) }
            if l.secondLanguageSlips && bits.chance(Surface.headlineSlip, rng) { k = secondLanguageSlip(out, count: k, &bits, rng) }
            return k
        }
    }

    /// ``commercial(_:language:product:_:into:)`` with the language's handle at hand: the product's ads, or the
    /// language's generic sale where it has none for the product; Chinese ads in Simplified characters.
    @inline(__always) @discardableResult
    static func commercial(_ l: Lexicon, product: TextProduct, bits seeded: TextGrammar.Bits = .init(), _ rng: RandomStream,
                           into table: inout StringTable) -> Int32 {
        var bits = seeded
        // The sellers of the campaign's bought Pages and of spam Pages post from the mainland and South-east Asia:
        // Simplified Chinese.
        let g = l.grammar
        var body = l.globals[Lexicon.Global.ad.rawValue + product.rawValue]
        if body < 0 { body = l.global(.ad) }
        if body < 0 { body = l.rule(.neutral, 0) }
        return table.append(maxBytes: TextGrammar.copyWidth + 1 + g.room(body)) { buffer in g.expand(body, &bits, rng, to: buffer.baseAddress!) }
    }

    /// One of the campaign's self-engagement replies ("The truth is finally out"), in its register.
    @inline(__always) @discardableResult
    static func propagandaReply(_ l: Lexicon, _ rng: RandomStream, into table: inout StringTable) -> Int32 {
        var bits = TextGrammar.Bits()
        let g = l.grammar
        let body = l.global(.propaganda) >= 0 ? l.global(.propaganda) : l.global(.replyPro)
        return table.append(maxBytes: TextGrammar.copyWidth + 1 + g.room(body)) { buffer in g.expand(body, &bits, rng, to: buffer.baseAddress!) }
    }

    /// The most bytes ``secondLanguageSlip(_:count:_:_:)`` adds.
    static let slipRoom = 24

    /// The slips as `from`/`to` pairs, each ending with a space or starting with one.
    private static let slips: [(from: String, to: String)] = [
        (" the ", " "), (" is ", " are "), (" of ", " of the "), (" and ", " and also "), ("'s ", " of "), (" a ", " the "),
        (" to ", " for "), (" in ", " at "), (" was ", " is "), (" are ", " is "), (" an ", " "),
    ]
    /// Endings where no slip applies: a tag question (with the space before the comma that CJK keyboards leave), a
    /// translation note, Singapore English's particle.
    private static let slipEndings = [", is it?", " , is it?", " (translated)", " lah"]
    /// The slips and endings as bytes in one buffer, for the writer: slip `i` is `from` at `slipTable[i].from`,
    /// `to` at `slipTable[i].to`, ending `j` at `slipTable[slips.count + j].to`.
    private static let slipBytes: [UInt8] = (slips.flatMap { Array($0.from.utf8) + Array($0.to.utf8) } + slipEndings.flatMap { Array($0.utf8) })
    private static let slipTable: [(from: Range<Int>, to: Range<Int>)] = {
        var out: [(Range<Int>, Range<Int>)] = [], at = 0
        for (f, t) in slips {
            out.append((at ..< at + f.utf8.count, at + f.utf8.count ..< at + f.utf8.count + t.utf8.count))
            at += f.utf8.count + t.utf8.count
        }
        for e in slipEndings {
            out.append((at ..< at, at ..< at + e.utf8.count))
            at += e.utf8.count
        }
        return out
    }()

    /// Second-language slips in `count` bytes at `out`, in place: scanning once from the start, the first places
    /// where a slip of the table (tried from a random entry on) applies, at most two; a tag question, translation note
    /// or particle at the end where none applies. Returns the new length (at most ``slipRoom`` more).
    static func secondLanguageSlip(_ out: UnsafeMutablePointer<UInt8>, count: Int, _ bits: inout TextGrammar.Bits, _ rng: RandomStream) -> Int {
        let offset = bits.below(slips.count, rng), ending = bits.below(slipEndings.count, rng)
        return slipBytes.withUnsafeBufferPointer { bytes in
            slipTable.withUnsafeBufferPointer { table in
                var n = count, applied = 0, i = 0
                while i < n && applied < 2 {
                    let b = out[i]
                    if b == 0x20 || b == 0x27 {
                        for k in 0 ..< slips.count {
                            let (from, to) = table[(k + offset) % slips.count]
                            guard i + from.count <= n else { continue }
                            var j = 0
                            while j < from.count && out[i + j] == bytes[from.lowerBound + j] { j += 1 }
                            guard j == from.count else { continue }
                            (out + i + to.count).update(from: out + i + from.count, count: n - i - from.count)
                            for m in 0 ..< to.count { out[i + m] = bytes[to.lowerBound + m] }
                            n += to.count - from.count
                            i += to.count - 1  // past the slip, keeping its last space for the next
                            applied += 1
                            break
                        }
                    }
                    i += 1
                }
                if applied == 0 {
                    let e = table[slips.count + ending].to
                    for m in e { out[n] = bytes[m]; n += 1 }
                }
                return n
            }
        }
    }

    /// A casual typo in `count` bytes at `out`, in place: two neighbouring ASCII letters swapped, one dropped or one
    /// doubled (the room after the text has a byte to spare). Texts without such a pair stay as they are; returns
    /// the new length.
    @inline(__always)
    static func casualTypo(_ out: UnsafeMutablePointer<UInt8>, count: Int, _ bits: inout TextGrammar.Bits, _ rng: RandomStream) -> Int {
        guard count > 3 else { return count }
        @inline(__always) func letter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        for _ in 0 ..< 4 {
            let i = 1 + bits.below(count - 2, rng)
            guard letter(out[i]) && letter(out[i + 1]) else { continue }
            switch bits.below(3, rng) {
            case 0:
                let b = out[i]
                out[i] = out[i + 1]
                out[i + 1] = b
                return count
            case 1:
                (out + i).update(from: out + i + 1, count: count - i - 1)
                return count - 1
            default:
                (out + i + 1).update(from: out + i, count: count - i)  // memmove semantics: overlapping is fine
                return count + 1
            }
        }
        return count
    }
}

extension TextGrammar {
    /// The room rule `r` needs (0 for -1, "none").
    @inline(__always)
    func room(_ r: Int32) -> Int { r >= 0 ? Int(maxBytes[Int(r)]) : 0 }

    /// Writes `@handle ` at `out`; returns its length.
    @inline(__always)
    func mention(_ handle: Int32, _ bits: inout Bits, _ rng: RandomStream, to out: UnsafeMutablePointer<UInt8>) -> Int {
        out[0] = 0x40
        let n = 1 + expand(handle, &bits, rng, to: out + 1)
        out[n] = 0x20
        return n + 1
    }
}
