internal import CIBScenario
internal import CIBStatistics

/// The names every population draws from. A handle, a Page name or a Group name says nothing about who is behind
/// it: organic users, hard negatives, follower-farm accounts and the operation's accounts all use the same handle
/// shapes with the same frequencies, and only the given names and surnames depend on the country the account claims
/// (Meta's Spamouflage accounts posed as ordinary users of the target countries; accounts bought from farms carry
/// whatever names the farm gave them). Page names come from one generator of shop, community, hobby and media
/// names for every class (a spam Page bought by a campaign keeps the name it had as a spam Page).
///
/// Handles are written as ASCII bytes into a reused buffer, so that the hundreds of thousands of follower-farm
/// accounts need no `String` each.
struct NameBook: Sendable {
    /// One piece of a handle shape.
    enum Piece: Sendable {
        case given, family, initial, word
        case digits(Int)
        /// A birth year: two digits (`87`) or four (`1987`).
        case year(Int)
        case literal(UInt8)
    }

    /// Every name and word, back to back (``Words``); per culture the ranges of its given names and surnames in it.
    private let words: Words
    private let given: [Range<Int>]
    private let family: [Range<Int>]
    private let hobby: Range<Int>
    /// Handle shapes, flattened: shape `k` is `pieces[shapeStart[k] ..< shapeStart[k + 1]]`.
    private let pieces: [Piece]
    private let shapeStart: [Int]
    let shapePick: DiscreteSampler
    let pageStylePick: DiscreteSampler

    init() {
        var words = Words()
        var given: [Range<Int>] = [], family: [Range<Int>] = []
        func add(_ list: String) -> Range<Int> {
            let first = words.count
            for w in list.split(separator: " ") { words.append(Array(w.utf8)) }
            return first ..< words.count
        }
        for c in Self.cultureNames {
            given.append(add(c.given))
            family.append(add(c.family))
        }
        hobby = add(Self.wordList)
        self.words = words
        self.given = given
        self.family = family
        let table = Self.shapeTable
        pieces = table.flatMap(\.shape)
        var starts = [0]
        for t in table { starts.append(starts[starts.count - 1] + t.shape.count) }
        shapeStart = starts
        shapePick = try! DiscreteSampler(weights: table.map(\.share))
        pageStylePick = try! DiscreteSampler(weights: Self.pageStyles)
    }

    /// Names as bytes in one buffer with offsets: reading one copies bytes, no array is retained.
    private struct Words: Sendable {
        private(set) var bytes: [UInt8] = []
        private(set) var start: [Int] = [0]
        var count: Int { start.count - 1 }
        mutating func append(_ w: [UInt8]) {
            bytes += w
            start.append(bytes.count)
        }
        @inline(__always)
        func write(_ i: Int, into out: inout [UInt8]) {
            bytes.withUnsafeBufferPointer { out.append(contentsOf: $0[start[i] ..< start[i + 1]]) }
        }
        @inline(__always)
        func first(_ i: Int) -> UInt8 { bytes[start[i]] }
    }

    /// The name culture of a country (ISO 3166-1 alpha-2).
    static func culture(of country: String) -> Int {
        switch country {
        case "TW", "HK", "MO", "CN", "SG", "MY": 1
        case "JP": 2
        case "DE", "AT", "CH": 3
        case "IN": 4
        case "BR", "PT": 5
        case "VN": 6
        case "BD": 7
        case "PK": 8
        case "ES", "MX", "AR", "CO", "PE", "CL": 9
        case "KR": 10
        default: 0
        }
    }

    /// Writes a handle for an account of name culture `culture` into `out` (cleared first).
    @inline(__always)
    func writeHandle(culture: Int, _ rng: RandomStream, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        let g = given[culture], f = family[culture]
        let k = shapePick.sample(rng)
        for j in shapeStart[k] ..< shapeStart[k + 1] {
            switch pieces[j] {
            case .given: words.write(g.lowerBound + rng.uniformInt(g.count), into: &out)
            case .family: words.write(f.lowerBound + rng.uniformInt(f.count), into: &out)
            case .initial: out.append(words.first(g.lowerBound + rng.uniformInt(g.count)))
            case .word: words.write(hobby.lowerBound + rng.uniformInt(hobby.count), into: &out)
            case .literal(let b): out.append(b)
            case .digits(let n): for _ in 0 ..< n { out.append(UInt8(ascii: "0") + UInt8(rng.uniformInt(10))) }
            case .year(let n):
                let year = 1960 + rng.uniformInt(50)
                if n == 4 {
                    out.append(UInt8(ascii: "0") + UInt8(year / 1000))
                    out.append(UInt8(ascii: "0") + UInt8(year / 100 % 10))
                }
                out.append(UInt8(ascii: "0") + UInt8(year / 10 % 10))
                out.append(UInt8(ascii: "0") + UInt8(year % 10))
            }
        }
    }

    /// A handle as a `String` (for the few callers that need one).
    func handle(culture: Int, _ rng: RandomStream) -> String {
        var bytes: [UInt8] = []
        writeHandle(culture: culture, rng, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A handle made from a user-supplied pattern (`accountCreation.namePatterns`, a what-if knob).
    func handle(pattern: [NamePattern.Piece], culture: Int, _ rng: RandomStream) -> String {
        let g = given[culture], f = family[culture]
        var out: [UInt8] = []
        for p in pattern {
            switch p {
            case .literal(let s): out += Array(s.utf8)
            case .first: words.write(g.lowerBound + rng.uniformInt(g.count), into: &out)
            case .last: words.write(f.lowerBound + rng.uniformInt(f.count), into: &out)
            case .letters(let n): for _ in 0 ..< n { out.append(UInt8(ascii: "a") + UInt8(rng.uniformInt(26))) }
            case .digits(let n): for _ in 0 ..< n { out.append(UInt8(ascii: "0") + UInt8(rng.uniformInt(10))) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// What a Page is named after.
    enum PageStyle: Int, CaseIterable, Sendable {
        case shop, community, hobby, media
    }

    /// The styles of Page names, by share, for every Page but a news outlet's (shops and small businesses are most
    /// Pages; spam operators, whose Pages Spamouflage bought, run shops and entertainment Pages alike).
    static let pageStyles: [Double] = [0.4, 0.25, 0.25, 0.1]

    /// A Page name in a style drawn from ``pageStyles``.
    func pageName(culture: Int, _ rng: RandomStream) -> String {
        pageName(PageStyle(rawValue: pageStylePick.sample(rng))!, culture: culture, rng)
    }

    /// A Page name in `style`, with a place of `culture` where the style names one.
    func pageName(_ style: PageStyle, culture: Int, _ rng: RandomStream) -> String {
        let place = Self.places[culture][rng.uniformInt(Self.places[culture].count)]
        func pick(_ a: [String]) -> String { a[rng.uniformInt(a.count)] }
        var name: String
        switch style {
        case .shop:
            switch rng.uniformInt(3) {
            case 0: name = "\(pick(Self.shopAdjectives)) \(pick(Self.products)) \(pick(Self.shopWords))"
            case 1: name = "\(place) \(pick(Self.products)) \(pick(Self.shopWords))"
            default: name = "\(pick(Self.shopAdjectives)) \(pick(Self.shopWords))"
            }
        case .community: name = "\(place) \(pick(Self.communityWords))"
        case .hobby: name = "\(pick(Self.hobbies)) \(pick(Self.hobbyWords))"
        case .media: name = "\(place) \(pick(Self.mediaWords))"
        }
        if rng.bernoulli(0.2) { name += " \(1 + rng.uniformInt(999))" }
        return name
    }

    /// A Group name (the same generator for every class).
    func groupName(culture: Int, _ rng: RandomStream) -> String {
        let place = Self.places[culture][rng.uniformInt(Self.places[culture].count)]
        switch rng.uniformInt(3) {
        case 0: return "\(place) \(Self.communityWords[rng.uniformInt(Self.communityWords.count)])"
        case 1: return "\(Self.hobbies[rng.uniformInt(Self.hobbies.count)]) \(Self.groupWords[rng.uniformInt(Self.groupWords.count)])"
        default: return "\(place) \(Self.hobbies[rng.uniformInt(Self.hobbies.count)]) \(Self.groupWords[rng.uniformInt(Self.groupWords.count)])"
        }
    }

    /// A news outlet's brand (the same on every platform it publishes on).
    func outletName(culture: Int, _ rng: RandomStream) -> String {
        let place = Self.places[culture][rng.uniformInt(Self.places[culture].count)]
        return "\(place) \(Self.mediaWords[rng.uniformInt(Self.mediaWords.count)])"
    }

    // MARK: - Tables

    /// Handle shapes and shares, the same for every country and class (after the shapes common on large platforms:
    /// names with and without separators, initials, birth years, suggested digits, word handles).
    static let shapeTable: [(shape: [Piece], share: Double)] = [
        ([.given, .family], 0.10),
        ([.given, .literal(UInt8(ascii: ".")), .family], 0.08),
        ([.given, .literal(UInt8(ascii: "_")), .family], 0.06),
        ([.given, .family, .digits(2)], 0.12),
        ([.given, .year(4)], 0.05),
        ([.given, .family, .year(2)], 0.07),
        ([.family, .given], 0.05),
        ([.initial, .family], 0.05),
        ([.initial, .family, .digits(3)], 0.05),
        ([.given, .digits(4)], 0.06),
        ([.word, .word], 0.08),
        ([.word, .digits(2)], 0.05),
        ([.given, .word], 0.05),
        ([.family, .given, .digits(3)], 0.04),
        ([.word, .literal(UInt8(ascii: "_")), .given], 0.04),
        ([.given, .digits(6)], 0.05),
    ]

    static let cultureNames: [(given: String, family: String)] = [
        // 0 English-speaking countries
        ("james mary john linda david susan kevin amy jason lucy tony grace eric emma ryan helen alex nancy peter sarah jack "
         + "olivia liam noah ava ethan mia chloe lily oscar harry sophie isla jacob megan tyler hannah nathan zoe brandon kayla",
         "smith brown jones miller davis garcia wilson moore taylor martin clark lewis young king wright scott green baker adams "
         + "nelson hill campbell mitchell roberts carter phillips evans turner parker collins edwards stewart morris murphy cook"),
        // 1 Chinese (Taiwan, Hong Kong, Singapore; Wade-Giles, pinyin and English given names)
        ("yuting chiahao weiting yijun hsinyi chunhung meiling kaiwen shuhui tzuyu junjie yating peiyu chihwei minghua "
         + "weijie xinyi zihan haoran yuxuan kelly vivian jessica wendy cindy kevin jason eric tony alan ivy joyce sharon "
         + "chengen yuhsuan pohan tinghsuan chunyu jiawei",
         "chen lin huang chang lee wang wu liu tsai yang hsu cheng hsieh kuo lai hung tseng chou yeh su chiang lu "
         + "zhang li zhao zhou sun zhu ma hu guo he gao luo tan ng wong chan leung"),
        // 2 Japanese
        ("haruto yuto sota yuki hina yui aoi sakura riko mio takumi kenta daiki shota ren kaito yuna miyu saki nana "
         + "hiroshi takashi akira kazuki naoki ayaka misaki haruka emi mai",
         "sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki yamaguchi "
         + "matsumoto inoue kimura hayashi shimizu saito mori ikeda hashimoto ishikawa ogawa"),
        // 3 German
        ("lukas leon finn jonas paul felix max anna lena lea marie sophie laura julia sarah tim jan niklas moritz "
         + "katharina johanna stefan thomas michael sabine petra",
         "mueller schmidt schneider fischer weber meyer wagner becker schulz hoffmann koch richter klein wolf "
         + "schroeder neumann schwarz zimmermann braun krueger hartmann lange werner krause"),
        // 4 Indian
        ("aarav vivaan aditya arjun rohan rahul amit priya ananya diya isha kavya neha pooja sneha vikram sanjay "
         + "deepak suresh ramesh anil sunita anjali ravi karan",
         "sharma verma gupta singh kumar patel reddy iyer nair rao joshi mehta shah agarwal chopra malhotra kapoor "
         + "mishra pandey das bose ghosh pillai menon"),
        // 5 Portuguese-speaking
        ("joao maria ana pedro lucas julia gabriel rafael mariana beatriz gustavo felipe larissa camila bruno thiago "
         + "leticia amanda matheus vinicius fernanda carla diego renata",
         "silva santos oliveira souza lima costa pereira ferreira rodrigues almeida nascimento carvalho gomes martins "
         + "araujo ribeiro barbosa rocha dias moreira cardoso teixeira"),
        // 6 Vietnamese
        ("minh anh linh trang huong lan huy tuan nam thu phuong duc ngoc tung khanh long hung dung bao nhung duyen "
         + "minhanh thanhhuong quanghuy tuananh hoangnam thutrang phuonglinh baongoc khanhlinh",
         "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh trinh mai truong"),
        // 7 Bangladeshi
        ("rahim karim sumon rina jamal shirin tanvir nusrat farhana mahmud rakib sabbir tasnim arif sadia nadia "
         + "imran habib mamun sharmin",
         "rahman hossain islam ahmed khan akter chowdhury uddin sarkar miah alam haque siddique begum talukder"),
        // 8 Pakistani
        ("ali ahmed hassan usman bilal fatima ayesha zainab hamza imran sana hira faisal kamran asad nadia saima",
         "khan malik butt chaudhry qureshi sheikh iqbal hussain raza shah akhtar javed mirza"),
        // 9 Spanish-speaking
        ("jose juan carlos luis miguel sofia valentina camila isabella lucia diego mateo santiago daniela andrea "
         + "alejandro fernanda gabriela javier pablo",
         "garcia rodriguez martinez lopez gonzalez hernandez perez sanchez ramirez torres flores rivera gomez diaz "
         + "reyes morales cruz ortiz"),
        // 10 Korean
        ("minjun seoyeon jiwoo hayoon doyun seojun jimin yuna jihoon subin eunji hyunwoo",
         "kim lee park choi jung kang cho yoon jang lim han oh seo shin"),
    ]

    static let wordList =
        "coffee sky blue moon sun star cat dog panda tiger happy lucky sweet cool little big red green night dream "
        + "music travel food lover fan girl boy life world city ocean river rain snow summer winter angel dragon "
        + "ninja gamer chef photo art book tea cake bunny fox wolf bear kitty honey candy cherry mango peach"

    static let places: [[String]] = [
        ["Brooklyn", "Austin", "Seattle", "Portland", "Boston", "Denver", "Chicago", "Manchester", "Leeds", "Bristol",
         "Sydney", "Melbourne", "Brisbane", "Perth", "Toronto", "Dublin"],
        ["Taipei", "Taichung", "Kaohsiung", "Tainan", "Hsinchu", "Taoyuan", "Kowloon", "Sha Tin", "Tsuen Wan",
         "Singapore", "Jurong", "Banqiao", "Keelung", "Yilan"],
        ["Tokyo", "Osaka", "Kyoto", "Yokohama", "Nagoya", "Sapporo", "Fukuoka", "Kobe", "Sendai", "Shibuya"],
        ["Berlin", "Hamburg", "Munich", "Cologne", "Leipzig", "Dresden", "Stuttgart", "Bremen"],
        ["Mumbai", "Delhi", "Bengaluru", "Chennai", "Pune", "Kolkata", "Hyderabad", "Jaipur"],
        ["Sao Paulo", "Rio", "Recife", "Salvador", "Curitiba", "Fortaleza", "Porto Alegre", "Belo Horizonte"],
        ["Hanoi", "Saigon", "Da Nang", "Hai Phong", "Can Tho", "Hue", "Nha Trang"],
        ["Dhaka", "Chittagong", "Sylhet", "Khulna", "Rajshahi", "Comilla"],
        ["Karachi", "Lahore", "Islamabad", "Faisalabad", "Multan", "Peshawar"],
        ["Madrid", "Sevilla", "Valencia", "Bogota", "Lima", "Guadalajara", "Monterrey", "Cordoba"],
        ["Seoul", "Busan", "Incheon", "Daegu", "Gwangju", "Suwon"],
    ]
    static let shopAdjectives = ["Sunny", "Happy", "Golden", "Lucky", "Star", "Smart", "Lovely", "Fashion", "Baby", "Sweet",
                                 "Pretty", "Trendy", "Cozy", "Little", "Royal", "Urban", "Daily", "Best"]
    static let products = ["Lingerie", "Phone Case", "Kids", "Fashion", "Shoes", "Bags", "Beauty", "Home Decor", "Gadget",
                           "Toy", "Jewelry", "Dress", "Accessories", "Tea", "Bakery", "Pet"]
    static let shopWords = ["Shop", "Store", "Boutique", "Mall", "Corner", "World", "House", "Market", "Outlet", "Closet"]
    static let communityWords = ["Community", "Neighbours", "Residents", "Parents", "Foodies", "Runners", "Dog Owners",
                                 "Book Club", "Buy and Sell", "Events", "Students", "Expats", "Volunteers"]
    static let hobbies = ["Photography", "Hiking", "Baking", "Gardening", "Anime", "K-pop", "Football", "Basketball",
                          "Cycling", "Cooking", "Travel", "Fishing", "Gaming", "Cat", "Vintage Car", "Camping", "Coffee"]
    static let hobbyWords = ["Lovers", "Fans", "Club", "Society", "Daily", "World", "Addicts", "Corner"]
    static let groupWords = ["Group", "Discussion", "Chat", "Club", "Friends", "Network", "Forum"]
    static let mediaWords = ["Herald", "Times", "Daily", "News", "Post", "Tribune", "Gazette", "Observer", "Today",
                             "Express", "Insider", "Weekly", "Review", "Chronicle"]
}
