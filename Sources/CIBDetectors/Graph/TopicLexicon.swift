internal import CIBModel

/// A tiny keyword lexicon that sorts a text into commercial, political or other, so that a change point can be found
/// in a Page's topic as well as its language (Meta Q2 2023: bought Pages switched from Chinese lingerie and phone-case
/// ads to English political content).
///
/// ASCII words are lower-cased and matched whole against a hash set (no allocation per text); non-ASCII keywords
/// (Chinese) are matched as byte substrings, only in texts that contain non-ASCII bytes. A text's topic is the side
/// with more keyword hits; ties and no hits give ``Topic/other``.
struct TopicLexicon {
    enum Topic: Int {
        case other = 0
        case commercial = 1
        case political = 2
    }

    static let commercialWords = [
        "sale", "sales", "discount", "discounts", "buy", "shop", "shopping", "order", "orders",
        "shipping", "delivery", "offer", "deal", "deals", "cheap", "coupon", "lingerie", "bra", "underwear", "dress",
        "dresses", "clothing", "clothes", "fashion", "phone", "accessories", "kids", "children",
        "baby", "toys", "store", "promo", "promotion", "wholesale", "brand", "arrival", "arrivals", "stock",
        "size", "sizes", "colour", "color", "colors", "cosmetics", "shoes", "bag", "bags",
    ]
    static let politicalWords = [
        "government", "president", "election", "elections", "vote", "minister", "prime", "policy", "police",
        "politics", "political", "democracy", "democratic", "congress", "parliament", "senate", "war", "military",
        "sanctions", "human", "rights", "covid", "covid-19", "virus", "pandemic", "taiwan", "china", "chinese",
        "america", "american", "usa", "uk", "japan", "australia", "biden", "trump", "truss", "queen", "guo",
        "wengui", "lies", "truth", "rumors", "rummors", "propaganda", "hong", "kong", "xinjiang", "nato", "cia",
        "spy", "corruption", "scandal", "protest", "protests", "regime", "crisis", "bombing", "bombs", "nord",
        "investigative", "reporters", "journalists", "journalist", "rumor", "cyber", "pelosi", "outbreak", "fraud",
        "traitor", "traitors", "liar", "liars", "hegemony", "pro-democracy", "bannon", "enforcement", "genocide",
        "republican", "republicans", "democrats", "senator", "congressman", "dissident", "dissidents", "activist",
        "activists", "communist", "ccp", "beijing", "washington", "xi", "tsai", "nuclear", "fukushima",
        "intelligence", "jiayang", "jiajun", "pokong", "ruiyou", "ruiqin", "limeng", "hegemonic", "imperialism",
    ]
    static let commercialCJK = [
        "优惠", "折扣", "包邮", "价格", "下单", "内衣", "手机壳", "服装", "童装", "新款", "促销", "特价", "购买",
        "批发", "现货", "配件", "文胸", "衣服", "连衣裙", "仅售", "私信", "新品", "上架", "睡衣", "卫衣", "牛仔裤",
        "书包", "手表", "保护壳", "ảm giá", "đặt hàng", "vận chuyển", "mới về",
    ]
    static let politicalCJK = [
        "政府", "总统", "选举", "警察", "政治", "民主", "台湾", "美国", "日本", "英国", "澳大利亚", "疫情", "新冠",
        "郭文贵", "谎言", "真相", "谣言", "战争", "制裁", "人权", "首相", "女王", "中国", "骗子", "叛徒", "民运",
        "樊嘉扬", "邱家军", "王瑞琴", "陈破空", "记者", "記者", "轰炸", "轟炸", "北溪", "种族灭绝", "共和党", "众议员",
        "蔡英文", "投降", "官员", "维权", "律师", "骗钱", "霸权", "美國", "國際", "国际", "双重标准", "人权组织",
    ]

    private let commercial: Set<UInt64>
    private let political: Set<UInt64>
    private let commercialCJKBytes: [[UInt8]]
    private let politicalCJKBytes: [[UInt8]]

    init() {
        commercial = Set(Self.commercialWords.map { Self.hash(Array($0.utf8)[...]) })
        political = Set(Self.politicalWords.map { Self.hash(Array($0.utf8)[...]) })
        commercialCJKBytes = Self.commercialCJK.map { Array($0.utf8) }
        politicalCJKBytes = Self.politicalCJK.map { Array($0.utf8) }
    }

    /// FNV-1a of lower-cased ASCII bytes.
    @inline(__always)
    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(lower(b))) &* 0x0000_0100_0000_01b3 }
        return h
    }

    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }

    @inline(__always)
    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 45
    }

    /// The topic of string `index` of `table`.
    func topic(of table: StringTable, _ index: Int) -> Topic {
        table.withUTF8(index) { bytes in
            var commercialHits = 0
            var politicalHits = 0
            var hasNonASCII = false
            var i = 0
            let n = bytes.count
            while i < n {
                if bytes[i] >= 0x80 { hasNonASCII = true }
                guard Self.isWordByte(bytes[i]) else {
                    i += 1
                    continue
                }
                var h: UInt64 = 0xcbf2_9ce4_8422_2325
                while i < n, Self.isWordByte(bytes[i]) {
                    h = (h ^ UInt64(Self.lower(bytes[i]))) &* 0x0000_0100_0000_01b3
                    i += 1
                }
                if commercial.contains(h) { commercialHits += 1 } else if political.contains(h) { politicalHits += 1 }
            }
            if hasNonASCII {
                commercialHits += Self.countContained(commercialCJKBytes, in: bytes)
                politicalHits += Self.countContained(politicalCJKBytes, in: bytes)
            }
            if commercialHits > politicalHits { return .commercial }
            if politicalHits > commercialHits { return .political }
            return .other
        }
    }

    /// How many of `needles` occur in `haystack` (each counted once).
    static func countContained(_ needles: [[UInt8]], in haystack: UnsafeBufferPointer<UInt8>) -> Int {
        var found = 0
        for needle in needles where needle.count <= haystack.count {
            let first = needle[0]
            var start = 0
            let last = haystack.count - needle.count
            search: while start <= last {
                if haystack[start] == first {
                    var k = 1
                    while k < needle.count, haystack[start + k] == needle[k] { k += 1 }
                    if k == needle.count {
                        found += 1
                        break search
                    }
                }
                start += 1
            }
        }
        return found
    }
}
