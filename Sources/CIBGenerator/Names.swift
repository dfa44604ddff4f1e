internal import CIBScenario
internal import CIBStatistics

/// Account handles: ordinary users' varied handles, follower-farm names by country, and the campaign's
/// batch patterns (`{first}{letters:5}{digits:2}` gives handles like Meta's examples `gayleenwxmzw98`).
enum Names {
    static let first = ["james", "mary", "john", "linda", "david", "susan", "kevin", "amy", "jason", "lucy", "tony", "grace",
                        "eric", "emma", "ryan", "helen", "alex", "nancy", "peter", "sarah", "tillman", "gayleen", "nasta", "jack",
                        "wei", "ming", "jun", "mei", "hui", "yan", "ling", "hao", "park", "sehan", "rowse", "toney"]
    static let last = ["smith", "brown", "lee", "wang", "chen", "lin", "zhang", "liu", "huang", "wu", "johnson", "miller",
                       "davis", "garcia", "wilson", "moore", "taylor", "martin", "clark", "lewis", "young", "king"]
    static let farm: [String: (first: [String], last: [String])] = [
        "VN": (["nguyen", "tran", "le", "pham", "hoang", "vu", "dang"], ["anh", "binh", "duc", "hoa", "lan", "minh", "thu", "tuan"]),
        "BD": (["rahman", "hossain", "islam", "ahmed", "khan", "akter"], ["rahim", "karim", "sumon", "rina", "jamal", "shirin"]),
        "BR": (["silva", "santos", "oliveira", "souza", "lima", "costa"], ["joao", "maria", "ana", "pedro", "lucas", "julia"]),
    ]
    private static let letters = Array("abcdefghijklmnopqrstuvwxyz")

    static func ordinary(_ rng: RandomStream, id: Int) -> String {
        switch rng.uniformInt(4) {
        case 0: return first[rng.uniformInt(first.count)] + "." + last[rng.uniformInt(last.count)]
        case 1: return first[rng.uniformInt(first.count)] + String(rng.uniformInt(10_000))
        case 2: return last[rng.uniformInt(last.count)] + "_" + first[rng.uniformInt(first.count)]
        default: return "user" + String(id)
        }
    }

    static func pattern(_ pieces: [NamePattern.Piece], _ rng: RandomStream) -> String {
        var out = ""
        for p in pieces {
            switch p {
            case .literal(let s): out += s
            case .first: out += first[rng.uniformInt(first.count)]
            case .last: out += last[rng.uniformInt(last.count)]
            case .letters(let n): for _ in 0 ..< n { out.append(letters[rng.uniformInt(letters.count)]) }
            case .digits(let n): for _ in 0 ..< n { out += String(rng.uniformInt(10)) }
            }
        }
        return out
    }

    static func pageName(_ rng: RandomStream) -> String {
        let a = ["Sunny", "Happy", "Golden", "Lucky", "Star", "Daily", "Smart", "Lovely", "Fashion", "Baby"]
        let b = ["Shop", "Store", "Boutique", "Mall", "Corner", "World", "House", "Market"]
        return a[rng.uniformInt(a.count)] + " " + b[rng.uniformInt(b.count)] + " " + String(rng.uniformInt(1000))
    }
}

/// Follower-farm handles (`nguyenanh40213`) for the countries of one follower mix, as UTF-8 bytes: hundreds of
/// thousands of farm accounts need no `String` and no dictionary lookup each.
struct FarmNames {
    private let first: [[[UInt8]]]
    private let last: [[[UInt8]]]

    /// `countries[k]` is the mix's k-th country code; codes without their own name lists use the ordinary ones.
    init(countries: [String]) {
        let lists = countries.map { Names.farm[$0] ?? (Names.last, Names.first) }
        first = lists.map { $0.first.map { Array($0.utf8) } }
        last = lists.map { $0.last.map { Array($0.utf8) } }
    }

    /// Writes a handle for the mix's k-th country into `out` (cleared first).
    @inline(__always)
    func write(_ k: Int, _ rng: RandomStream, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        let f = first[k], l = last[k]
        out.append(contentsOf: f[rng.uniformInt(f.count)])
        out.append(contentsOf: l[rng.uniformInt(l.count)])
        var digits = rng.uniformInt(100_000)
        let at = out.count
        repeat {
            out.insert(UInt8(ascii: "0") + UInt8(digits % 10), at: at)
            digits /= 10
        } while digits > 0
    }
}
