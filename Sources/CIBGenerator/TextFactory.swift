internal import CIBModel
internal import CIBStatistics
internal import Foundation

/// Generates the texts of a world: ordinary posts and replies from per-language word lists (written as bytes into
/// a reused buffer, no allocation per post), questions, commercial posts, marketing and fan posts, and the
/// campaign's headline copies with typos, machine-translation errors and paraphrases.
struct TextFactory: Sendable {
    /// Word lists as UTF-8 bytes, by language code; `spaced` says whether words are separated by spaces.
    private let words: [String: (list: [[UInt8]], spaced: Bool)]
    private let fallback: (list: [[UInt8]], spaced: Bool)

    init() {
        func w(_ s: String, spaced: Bool = true) -> (list: [[UInt8]], spaced: Bool) {
            (s.split(separator: " ").map { Array($0.utf8) }, spaced)
        }
        let en = w("the a today my this that new great really just love weekend coffee game weather city team work school family friends music movie news market price train game dinner lunch morning night photo trip beach park book show season win lost happy tired finally again never always best worst think know feel see watch read try need want local update video post share thanks everyone people time day week year home car dog cat food traffic")
        let zh = w("今天 我们 朋友 天气 工作 周末 咖啡 电影 音乐 新闻 家人 晚餐 早上 晚上 城市 学校 比赛 分享 照片 旅行 真的 非常 喜欢 开心 累了 终于 大家 谢谢 时间 生活 美食 公园 下雨 夜市 台北 高雄 捷运 便当 奶茶 考试 加班 假期 回家", spaced: false)
        let ja = w("今日 友達 天気 仕事 週末 コーヒー 映画 音楽 ニュース 家族 晩ご飯 朝 夜 東京 学校 試合 写真 旅行 本当に とても 好き 楽しい 疲れた やっと みんな ありがとう 時間 生活 ラーメン 公園 雨 電車", spaced: false)
        let es = w("hoy mi amigos tiempo trabajo fin semana cafe pelicula musica noticias familia cena mañana noche ciudad escuela partido foto viaje muy feliz cansado gracias todos vida comida parque lluvia")
        let de = w("heute mein freunde wetter arbeit wochenende kaffee film musik nachrichten familie abendessen morgen nacht stadt schule spiel foto reise sehr glücklich müde danke alle leben essen park regen zug")
        let pt = w("hoje meu amigos tempo trabalho fim semana cafe filme musica noticias familia jantar manha noite cidade escola jogo foto viagem muito feliz cansado obrigado todos vida comida parque chuva")
        let hi = w("aaj mera dost mausam kaam chutti chai film gaana khabar parivar khana subah raat shahar school match photo yatra bahut khush thaka dhanyavad sab zindagi")
        let vi = w("hôm nay bạn bè thời tiết công việc cuối tuần cà phê phim nhạc tin tức gia đình bữa tối sáng tối thành phố trường trận ảnh du lịch rất vui mệt cảm ơn mọi người")
        words = ["en": en, "zh": zh, "ja": ja, "es": es, "de": de, "pt": pt, "hi": hi, "vi": vi]
        fallback = en
    }

    /// Word lists, replies and questions indexed by the dataset's language index (no string hashing in hot loops).
    /// A class: hot loops pass it around and capture it in closures, which then retain one object, not many arrays.
    /// `@unchecked Sendable`: every property is a constant, and the raw memory behind ``lexicons`` is written once, in
    /// `init`, then only read (by any number of threads) until `deinit`.
    final class Vocabulary: @unchecked Sendable {
        /// Per language: its lexicon and ordinary replies, in raw memory this object owns (see ``Lexicon``).
        let lexicons: [Lexicon]
        /// Per language: the campaign's self-engagement replies (``propagandaReplies``, English where a language has none).
        let propagandaReplies: [[[UInt8]]]
        let questions: [(open: [[UInt8]], close: [[UInt8]])]
        /// The memory behind `lexicons`, freed with the object.
        private let owned: [UnsafeMutableRawPointer]

        /// - Parameter words: per language, its lexicon (the hand-written everyday words first, then generated ones),
        ///   drawn with Zipf frequencies by rank (``zipfQuantiles(count:exponent:)`` over ``lexiconSize`` ranks).
        init(words: [[[UInt8]]] = [], spaced: [Bool] = [], replies: [[[UInt8]]] = [], propagandaReplies: [[[UInt8]]] = [],
             questions: [(open: [[UInt8]], close: [[UInt8]])] = []) {
            self.propagandaReplies = propagandaReplies
            self.questions = questions
            var owned: [UnsafeMutableRawPointer] = []
            func copy<T>(_ values: [T]) -> UnsafePointer<T> {
                let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, values.count))
                values.withUnsafeBufferPointer { if let b = $0.baseAddress { p.initialize(from: b, count: $0.count) } }
                owned.append(UnsafeMutableRawPointer(p))
                return UnsafePointer(p)
            }
            func offsets(_ parts: [[UInt8]]) -> [Int32] {
                var start: [Int32] = [0]
                for part in parts { start.append(start[start.count - 1] + Int32(part.count)) }
                return start
            }
            let rank = words.isEmpty ? nil : copy(TextFactory.zipfQuantiles(count: TextFactory.lexiconSize, exponent: TextFactory.zipfExponent))
            lexicons = words.indices.map { l in
                let reply = l < replies.count ? replies[l] : []
                // The words back to back, then `copyWidth` bytes of room for whole-width loads.
                return Lexicon(count: words[l].count, bytes: copy(words[l].flatMap { $0 } + Array(repeating: 0, count: TextFactory.copyWidth)),
                               start: copy(offsets(words[l])), rank: rank!, spaced: spaced[l], maxWordBytes: words[l].map(\.count).max() ?? 0,
                               replyBytes: copy(reply.flatMap { $0 }), replyStart: copy(offsets(reply)), replyCount: reply.count)
            }
            self.owned = owned
        }

        deinit {
            for p in owned { p.deallocate() }
        }
    }

    /// One language's lexicon (and ordinary replies) as raw pointers into memory its ``Vocabulary`` owns: what the
    /// post writers read for every word. Reading arrays out of the shared vocabulary instead costs atomic reference-count
    /// updates on cache lines that every worker thread touches (10% of a large generation on two threads). Valid while
    /// the vocabulary lives; generation holds it in the plan throughout.
    struct Lexicon: @unchecked Sendable {
        /// Words: word `i` is `bytes[start[i] ..< start[i + 1]]`, for `i` in `0 ..< count`.
        let count: Int
        let bytes: UnsafePointer<UInt8>
        let start: UnsafePointer<Int32>
        /// Word rank by quantile: `rank[u]` for a uniform 16-bit `u` (see ``zipfQuantiles(count:exponent:)``).
        let rank: UnsafePointer<UInt16>
        let spaced: Bool
        let maxWordBytes: Int
        let replyBytes: UnsafePointer<UInt8>
        let replyStart: UnsafePointer<Int32>
        let replyCount: Int

        /// Word `i` (`0 ..< count`).
        func word(_ i: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: bytes + Int(start[i]), count: Int(start[i + 1] - start[i]))
        }

        /// Ordinary reply `i` (`0 ..< replyCount`).
        @inline(__always)
        func reply(_ i: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: replyBytes + Int(replyStart[i]), count: Int(replyStart[i + 1] - replyStart[i]))
        }
    }

    /// Words per language lexicon, and the Zipf exponent of their frequencies.
    static let lexiconSize = 5000
    static let zipfExponent = 1.0

    func vocabulary(for languages: [String]) -> Vocabulary {
        var lexicons: [[[UInt8]]] = [], spaced: [Bool] = [], replies: [[[UInt8]]] = [], propagandaReplies: [[[UInt8]]] = []
        var questions: [(open: [[UInt8]], close: [[UInt8]])] = []
        for code in languages {
            let w = words[code] ?? fallback
            lexicons.append(Self.lexicon(code: code, base: w.list, spaced: w.spaced))
            spaced.append(w.spaced)
            replies.append((Self.replies[code] ?? Self.replies["en"]!).map { Array($0.utf8) })
            propagandaReplies.append((Self.propagandaReplies[code] ?? Self.propagandaReplies["en"]!).map { Array($0.utf8) })
            let q = Self.questions[code] ?? Self.questions["en"]!
            questions.append((q.open.map { Array($0.utf8) }, q.close.map { Array($0.utf8) }))
        }
        return Vocabulary(words: lexicons, spaced: spaced, replies: replies, propagandaReplies: propagandaReplies, questions: questions)
    }

    /// The Zipf distribution on ranks `0 ..< count` (`P(k) ∝ (k + 1)^-exponent`) as a table of 65,536 quantiles:
    /// entry `q` is the rank whose cumulative probability first exceeds `(q + 0.5) / 65536`. A draw is then one table
    /// lookup per 16 random bits (four words per 64-bit draw) instead of a call into GSL's sampler per word; every rank
    /// with probability above 1/65,536 keeps it to within that resolution (all 5,000 ranks at exponent 1).
    static func zipfQuantiles(count: Int, exponent: Double) -> [UInt16] {
        precondition(count >= 1 && count <= 65_536, "zipfQuantiles: count must be in 1 ... 65536")
        let weights = (1 ... count).map { 1 / pow(Double($0), exponent) }
        let total = weights.reduce(0, +)
        var table = [UInt16](repeating: 0, count: 65_536)
        var rank = 0
        var cumulative = weights[0] / total
        for q in 0 ..< 65_536 {
            let u = (Double(q) + 0.5) / 65_536
            while cumulative <= u && rank < count - 1 {
                rank += 1
                cumulative += weights[rank] / total
            }
            table[q] = UInt16(rank)
        }
        return table
    }

    private static let onsets = ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
                                 "br", "ch", "cl", "dr", "fl", "gr", "pl", "pr", "sh", "st", "th", "tr"]
    private static let nuclei = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "oo"]
    private static let codas = ["", "n", "r", "s", "t", "l", "m", "ck", "nd", "st"]
    private static let hanzi = Array("的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长")
    private static let kana = Array("あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわんがぎぐげござじずぜぞだでどばびぶべぼアイウエオカキクケコサシスセソタチツテトナニヌネノ日本人大年中出時行見月分後前生間上東")

    /// A language's lexicon of ``lexiconSize`` distinct words: `base` (the everyday words, most frequent first) and
    /// then generated words — two syllables for spaced languages, two or three characters for Chinese and Japanese —
    /// fixed by the language code alone. Real posts draw on tens of thousands of words; with only the few dozen
    /// everyday ones, random posts would share most of their character shingles and look like near-duplicates of
    /// each other.
    static func lexicon(code: String, base: [[UInt8]], spaced: Bool) -> [[UInt8]] {
        var h: UInt64 = 1469598103934665603
        for b in code.utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
        var out: [[UInt8]] = []
        var seen = Set<[UInt8]>()
        for word in base where out.count < lexiconSize && seen.insert(word).inserted { out.append(word) }
        var k: UInt64 = 0
        let chars = code == "ja" ? kanaUTF8 : hanziUTF8
        var word: [UInt8] = []
        while out.count < lexiconSize {
            let x = Mix.hash(h, k, 0x1E71C0)
            k += 1
            word.removeAll(keepingCapacity: true)
            if spaced {
                for part in 0 ..< 2 {
                    let y = x >> (UInt64(part) * 24)
                    word += onsetsUTF8[Int(y % UInt64(onsets.count))]
                    word += nucleiUTF8[Int((y >> 8) % UInt64(nuclei.count))]
                    word += codasUTF8[Int((y >> 16) % UInt64(codas.count))]
                }
            } else {
                for part in 0 ..< 2 + Int(x >> 63) { word += chars[Int((x >> (UInt64(part) * 20)) % UInt64(chars.count))] }
            }
            if seen.insert(word).inserted { out.append(word) }
        }
        return out
    }

    // The syllables and characters above as UTF-8, so that building 5,000 words per language concatenates bytes.
    private static let onsetsUTF8 = onsets.map { Array($0.utf8) }
    private static let nucleiUTF8 = nuclei.map { Array($0.utf8) }
    private static let codasUTF8 = codas.map { Array($0.utf8) }
    private static let hanziUTF8 = hanzi.map { Array(String($0).utf8) }
    private static let kanaUTF8 = kana.map { Array(String($0).utf8) }

    /// Appends an ordinary post of `count` lexicon words in the language with dataset index `language` to `table`,
    /// written in place; returns its index.
    @inline(__always)
    static func post(_ v: Vocabulary, language: Int, words count: Int, _ rng: RandomStream, into table: inout StringTable) -> Int32 {
        post(v.lexicons[language], words: count, rng, into: &table)
    }

    /// ``post(_:language:words:_:into:)`` with the language's lexicon at hand.
    @inline(__always)
    static func post(_ lexicon: Lexicon, words count: Int, _ rng: RandomStream, into table: inout StringTable) -> Int32 {
        table.append(maxBytes: maxWordsBytes(lexicon, words: count)) { out in
            writeWords(lexicon, words: count, rng, to: out.baseAddress!)
        }
    }

    /// Appends `prefix` followed by an ordinary post of `count` words (a newsroom headline: `"Taiwan Daily: "` and
    /// its words) to `table`, written in place; returns its index.
    static func post(_ v: Vocabulary, language: Int, words count: Int, _ rng: RandomStream, after prefix: [UInt8], into table: inout StringTable) -> Int32 {
        let lexicon = v.lexicons[language]
        return table.append(maxBytes: prefix.count + maxWordsBytes(lexicon, words: count)) { out in
            prefix.withUnsafeBufferPointer { out.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
            return prefix.count + writeWords(lexicon, words: count, rng, to: out.baseAddress! + prefix.count)
        }
    }

    /// Words are copied `copyWidth` bytes at a time (one unaligned vector load and store; a word is rarely longer),
    /// so both the lexicon and the room a text is written into have that many bytes to spare at the end.
    static let copyWidth = 16

    /// The room `count` words of a lexicon need: their most bytes with separators, plus `copyWidth` to spare.
    @inline(__always)
    static func maxWordsBytes(_ lexicon: Lexicon, words count: Int) -> Int {
        count * (lexicon.maxWordBytes + 1) + copyWidth
    }

    /// Writes `count` lexicon words drawn with Zipf frequencies (four per 64-bit draw), space-separated where the
    /// language spaces its words, to `out`; returns the number of bytes written (at most ``maxWordsBytes`` minus
    /// `copyWidth`; the bytes after them, up to `copyWidth` of them, are overwritten too).
    @inline(__always)
    static func writeWords(_ lexicon: Lexicon, words count: Int, _ rng: RandomStream, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let bytes = lexicon.bytes, start = lexicon.start, rank = lexicon.rank, spaced = lexicon.spaced
        var n = 0
        var bits: UInt64 = 0
        for i in 0 ..< count {
            if i & 3 == 0 { bits = rng.next() }
            let r = Int(rank[Int(bits & 0xFFFF)])
            bits >>= 16
            if i > 0 && spaced {
                out[n] = 0x20
                n += 1
            }
            var from = Int(start[r])
            let to = Int(start[r + 1])
            while from < to {
                let chunk = UnsafeRawPointer(bytes + from).loadUnaligned(as: SIMD16<UInt8>.self)
                UnsafeMutableRawPointer(out + n).storeBytes(of: chunk, as: SIMD16<UInt8>.self)
                let k = min(copyWidth, to - from)
                from += k
                n += k
            }
        }
        return n
    }

    /// How ordinary questions open and close, per language; the words between come from the lexicon, so questions
    /// are as varied as posts (a handful of fixed questions would be "sprayed" across platforms by ordinary users).
    static let questions: [String: (open: [String], close: [String])] = [
        "en": (["How can I", "Any tips for", "What is the best", "Where can I find", "How do you keep", "Which", "Does anyone know"],
               ["?", " anyone?", " - any tips?", "??", " any ideas?"]),
        "zh": (["有什么", "请问", "有人推荐", "哪里有", "怎么", "大家觉得"], ["吗？", "？", "怎么办？", "有人知道吗？"]),
        "ja": (["どうやって", "おすすめの", "誰か", "どこで", "どの"], ["ですか？", "はありますか？", "？", "知っていますか？"]),
    ]

    /// Appends an ordinary question (the kind Spamouflage answered with unrelated propaganda) in the language with
    /// dataset index `language` to `table`, written in place: an opening, `count` lexicon words, a closing. Returns
    /// its index.
    static func question(_ v: Vocabulary, language: Int, words count: Int, _ rng: RandomStream, into table: inout StringTable) -> Int32 {
        let (open, close) = v.questions[language]
        let lexicon = v.lexicons[language]
        let spaced = lexicon.spaced
        let room = (open.map(\.count).max() ?? 0) + 1  // the longest opening and its space
        let maxBytes = room + maxWordsBytes(lexicon, words: count) + (close.map(\.count).max() ?? 0)
        return table.append(maxBytes: maxBytes) { out in
            // The words are drawn first, so they are written after room for the opening, which then goes in front.
            let words = writeWords(lexicon, words: count, rng, to: out.baseAddress! + room)
            let opening = open[rng.uniformInt(open.count)]
            var n = 0
            for b in opening { out[n] = b; n += 1 }
            if spaced { out[n] = 0x20; n += 1 }
            if n < room { (out.baseAddress! + n).update(from: out.baseAddress! + room, count: words) }
            n += words
            for b in close[rng.uniformInt(close.count)] { out[n] = b; n += 1 }
            return n
        }
    }

    static let replies: [String: [String]] = [
        "en": ["lol", "so true", "congrats!", "same here", "this is great", "agree", "wow", "thanks for sharing", "haha nice", "not sure about that"],
        "zh": ["哈哈", "真的", "恭喜", "同意", "好棒", "谢谢分享", "厉害", "笑死"],
        "ja": ["笑", "本当に", "おめでとう", "同感", "すごい", "ありがとう"],
    ]

    static let commercialZH: [String: [String]] = [
        "lingerie": ["新款蕾丝内衣套装", "性感睡衣限时特价", "无钢圈舒适文胸", "法式内衣新品上架"],
        "phone cases": ["iPhone14 防摔手机壳", "卡通硅胶手机壳", "磨砂透明保护壳", "华为小米通用手机壳"],
        "clothing": ["春季新款连衣裙", "韩版宽松卫衣", "男士休闲夹克", "百搭牛仔裤"],
        "children's accessories": ["儿童发夹套装", "宝宝卡通书包", "儿童太阳镜", "可爱儿童手表"],
    ]
    static let commercialOther: [String: [String]] = [
        "en": ["New arrivals! Free shipping today only", "Best price guaranteed, order now", "Flash sale 50% off", "DM us to order"],
        "vi": ["Hàng mới về! Miễn phí vận chuyển", "Giảm giá 50% hôm nay", "Inbox để đặt hàng"],
    ]

    /// A commercial post about `topic` in `language` (Chinese lingerie, phone-case, clothing ads before a Page is
    /// bought; spam Pages' ads).
    func commercial(topic: String, language: String, _ rng: RandomStream) -> String {
        let price = 19 + rng.uniformInt(180)
        if language == "zh" {
            let list = Self.commercialZH[topic] ?? ["\(topic) 新品"]
            return "\(list[rng.uniformInt(list.count)]) 仅售\(price)元 包邮 私信下单"
        }
        let list = Self.commercialOther[language] ?? Self.commercialOther["en"]!
        return "\(topic.capitalized): \(list[rng.uniformInt(list.count)]) \(price)"
    }

    static let propagandaReplies: [String: [String]] = [
        "en": ["The truth is finally out", "Everyone should read this", "Shameful double standards", "Lies cannot hide the truth", "So-called human rights defenders exposed"],
        "zh": ["真相终于大白", "大家都应该看看", "双重标准可耻", "谎言掩盖不了真相", "所谓人权组织的真面目"],
    ]


    // MARK: - Headline variants (on Unicode scalars and UTF-8 bytes; no Foundation string search)

    /// A copy with typos: adjacent characters swapped, one dropped or doubled (1-2 edits); works for Chinese too.
    static func typo(_ s: String, _ rng: RandomStream) -> String {
        var bytes = Array(s.utf8)
        typo(&bytes, rng)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``typo(_:_:)`` on UTF-8 bytes, in place: ASCII text is edited byte by byte, other text scalar by scalar.
    static func typo(_ bytes: inout [UInt8], _ rng: RandomStream) {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            guard bytes.count > 4 else { return }
            for _ in 0 ..< 1 + rng.uniformInt(2) {
                let i = 1 + rng.uniformInt(bytes.count - 2)
                switch rng.uniformInt(3) {
                case 0: bytes.swapAt(i, i + 1)
                case 1: bytes.remove(at: i)
                default: bytes.insert(bytes[i], at: i)
                }
            }
            return
        }
        // Scalar by scalar, on the bytes in place (valid UTF-8: a scalar is a lead byte and its continuation bytes).
        var scalars = bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        guard scalars > 4 else { return }
        for _ in 0 ..< 1 + rng.uniformInt(2) {
            let i = 1 + rng.uniformInt(scalars - 2)
            let a = scalarStart(bytes, i), b = scalarStart(bytes, i + 1)
            switch rng.uniformInt(3) {
            case 0:
                let c = scalarStart(bytes, i + 2)
                // Swap the neighbours [a, b) and [b, c): reverse each, then both together.
                bytes[a ..< b].reverse()
                bytes[b ..< c].reverse()
                bytes[a ..< c].reverse()
            case 1:
                bytes.removeSubrange(a ..< b)
                scalars -= 1
            default:
                for k in 0 ..< b - a { bytes.insert(bytes[a + k], at: b + k) }
                scalars += 1
            }
        }
    }

    /// The byte offset of scalar `index` of UTF-8 `bytes` (`bytes.count` for the scalar count).
    private static func scalarStart(_ bytes: [UInt8], _ index: Int) -> Int {
        var seen = 0
        for (at, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 {
            if seen == index { return at }
            seen += 1
        }
        return bytes.count
    }

    private static let translationSlips: [([UInt8], [UInt8])] = [
        (" the ", " "), (" is ", " are "), (" of ", " of the "), (" and ", " and also "), ("'s ", " of "), (" a ", " the "),
        (" to ", " for "), (" in ", " at "), (" was ", " is "),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    /// Replaces the first occurrence of `from` (ASCII) in `bytes`; `false` when absent. Safe on UTF-8: ASCII bytes
    /// never occur inside a multi-byte sequence.
    @discardableResult
    static func replaceFirst(_ bytes: inout [UInt8], _ from: [UInt8], _ to: [UInt8]) -> Bool {
        guard bytes.count >= from.count, !from.isEmpty else { return false }
        let found: Int? = bytes.withUnsafeBufferPointer { b in
            from.withUnsafeBufferPointer { f in
                let first = f[0], last = b.count - f.count
                var i = 0
                while i <= last {
                    if b[i] == first {
                        var j = 1
                        while j < f.count && b[i + j] == f[j] { j += 1 }
                        if j == f.count { return i }
                    }
                    i += 1
                }
                return nil
            }
        }
        guard let i = found else { return false }
        bytes.replaceSubrange(i ..< i + from.count, with: to)
        return true
    }

    /// A copy with machine-translation slips (dropped articles, wrong agreement, literal particles).
    static func translationError(_ s: String, _ rng: RandomStream) -> String {
        var bytes = Array(s.utf8)
        translationError(&bytes, rng)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``translationError(_:_:)`` on UTF-8 bytes, in place.
    static func translationError(_ out: inout [UInt8], _ rng: RandomStream) {
        var applied = 0
        let offset = rng.uniformInt(translationSlips.count)
        for k in 0 ..< translationSlips.count where applied < 2 {
            let (from, to) = translationSlips[(k + offset) % translationSlips.count]
            if replaceFirst(&out, from, to) { applied += 1 }
        }
        if applied == 0 { out.append(contentsOf: rng.bernoulli(0.5) ? slipEndings[0] : slipEndings[1]) }
    }

    private static let slipEndings = [Array(" , is it?".utf8), Array(" (translate)".utf8)]

    private static let synonyms: [([UInt8], [UInt8])] = [
        ("Lies", "Falsehoods"), ("lies", "untruths"), ("truth", "reality"), ("Truth", "Reality"), ("human rights", "rights"),
        ("America", "the US"), ("American", "US"), ("United States", "USA"), ("so-called", "supposed"), ("exposed", "revealed"),
        ("COVID-19", "the pandemic"), ("democracy", "freedom"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }
    private static let prefixes = ["Must read: ", "Breaking: ", "Shocking! ", "Truth: ", "Look: ", "真相：", "重磅："].map { Array($0.utf8) }

    /// A paraphrased copy of UTF-8 bytes, in place: synonyms substituted and a prefix added (the evasion knob
    /// `paraphraseRate`).
    static func paraphrase(_ out: inout [UInt8], _ rng: RandomStream) {
        for (a, b) in synonyms where rng.bernoulli(0.7) { replaceFirst(&out, a, b) }
        out.insert(contentsOf: prefixes[rng.uniformInt(prefixes.count)], at: 0)
    }
}
