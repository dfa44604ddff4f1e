import CIBModel
import Foundation

/// Small hand-built worlds for the co-action and near-duplicate detector tests.
///
/// `spamouflageWorld` has, on platforms `facebook`, `x`, `blogspot`, `reddit`:
/// - a campaign of 6 entities (5 accounts and 1 Page) on facebook, 3 accounts on x, 1 on blogspot and 2 on reddit:
///   every day for 8 days the facebook members post the day's typo-laden headline with the day's blog link within
///   20 minutes, the others post typo variants of it with the link within the next hour; one facebook account replies
///   to another's post each day (self-engagement);
/// - 120 organic accounts on facebook; each day 60 random ones share that day's news link within 10 minutes
///   (an organic link burst) with varied comments;
/// - a newsroom with one account per platform posting the same headline and link on all four platforms within
///   3 minutes, 8 times;
/// - 10 silent accounts and an empty Group that never act.
enum CoActionFixtures {
    static let day: Int64 = 86_400
    static let start: Int64 = 1_700_000_000

    struct World {
        var data: ObservableDataset
        var campaign: [EntityID]
        var campaignFacebook: [EntityID]
        var campaignX: [EntityID]
        /// One blogspot and two reddit campaign accounts posting typo variants of the headlines.
        var campaignElsewhere: [EntityID]
        var organic: [EntityID]
        var newsroom: [EntityID]
        var silent: [EntityID]
    }

    static let headlines = [
        "Rummors and truth of COVID-19 origin in the Fort Detrick lab",
        "Queen Elizabeth II Dead or Related to New Prime Minister Truss?",
        "Guo Wengui's Lies, Little Ant's Drugs and the fall of the fugitive",
        "The truth about US biolabs that the western media hides from you",
        "Why Taiwan independence forces are pushing the island into disaster",
        "American democracy is a show for the rich, say the ordinary peple",
        "Hong Kong is more stable and prosperous than ever after the new law",
        "The so-called human rights report is full of lies and fabrications",
    ]

    static let newsHeadlines = [
        "Central bank holds interest rates steady amid inflation worries",
        "Typhoon expected to make landfall on the east coast on Thursday",
        "National team wins the regional championship after penalty shootout",
        "Parliament passes the annual budget after a long night of debate",
        "New subway line opens to the public with free rides this weekend",
        "Scientists discover a new species of frog in the mountain forests",
        "Exports rise for the third consecutive month on chip demand",
        "City council approves plan to expand bicycle lanes downtown",
    ]

    /// A deterministic typo: swaps two adjacent letters at a position derived from `salt`.
    static func typo(_ text: String, salt: Int) -> String {
        var chars = Array(text)
        let i = 3 + (salt * 7919) % max(1, chars.count - 6)
        chars.swapAt(i, i + 1)
        return String(chars)
    }

    static func spamouflageWorld() -> World {
        var d = ObservableDataset()
        d.platforms = [
            PlatformInfo(name: "facebook", kind: .social), PlatformInfo(name: "x", kind: .microblog),
            PlatformInfo(name: "blogspot", kind: .blog), PlatformInfo(name: "reddit", kind: .forum),
        ]
        d.countries = ["CN", "TW", "US"]
        d.languages = ["en", "zh"]
        d.start = start
        d.end = start + 10 * day
        var events: [(time: Int64, actor: EntityID, action: ActionKind, target: Int, text: Int32, url: Int32)] = []
        var nextLocal: UInt64 = 1
        func entity(_ platform: UInt16, _ kind: EntityKind = .account, _ name: String) -> EntityID {
            nextLocal += 1
            return d.entities.append(platform: platform, kind: kind, platformLocalID: nextLocal, createdAt: start - 100 * day,
                                     country: 0, name: name)
        }
        var campaignFacebook = (0 ..< 5).map { entity(0, .account, "user\(4821 + $0)") }
        campaignFacebook.append(entity(0, .page, "Lovely Lingerie Shop"))
        let campaignX = (0 ..< 3).map { entity(1, .account, "truthseeker\(90 + $0)") }
        let campaignElsewhere = [entity(2, .account, "truthnews blog"), entity(3, .account, "redditor_kx81"),
                                 entity(3, .account, "qq_mountain_77")]
        let organic = (0 ..< 120).map { entity(0, .account, "person \($0)") }
        let newsroom = (0 ..< 4).map { entity(UInt16($0), .account, "Taipei Daily News") }
        var silent = (0 ..< 10).map { entity(0, .account, "lurker \($0)") }
        silent.append(entity(0, .group, "Gardening Group"))

        var rng = CoActionSplitMix(seed: 42)
        for dayIndex in 0 ..< 8 {
            let base = start + Int64(dayIndex) * day
            // Campaign: blog link and headline sprayed by facebook members, typo variants on x, a self-reply.
            let link = d.urls.append("https://truthnews\(dayIndex).blogspot.com/2023/05/article.html")
            let headline = d.texts.append(headlines[dayIndex])
            var firstPost = -1
            for (i, member) in campaignFacebook.enumerated() {
                let t = base + 9 * 3600 + Int64(i) * 180 + Int64(rng.next() % 60)
                if firstPost < 0 { firstPost = events.count }
                events.append((t, member, .post, -1, headline, link))
            }
            for (i, member) in campaignX.enumerated() {
                let variant = d.texts.append(typo(headlines[dayIndex], salt: dayIndex * 10 + i))
                events.append((base + 9 * 3600 + 1500 + Int64(i) * 240, member, .post, -1, variant, link))
            }
            for (i, member) in campaignElsewhere.enumerated() {
                let variant = d.texts.append(typo(headlines[dayIndex], salt: dayIndex * 10 + 5 + i))
                events.append((base + 9 * 3600 + 3000 + Int64(i) * 400, member, .post, -1, variant, link))
            }
            let reply = d.texts.append("So true, everyone should read this \(dayIndex)")
            events.append((base + 11 * 3600, campaignFacebook[(dayIndex + 1) % 5], .reply, firstPost, reply, noReference))

            // Organic burst: 60 of 120 accounts share the day's news link within 10 minutes.
            let news = d.urls.append("https://www.bignews.com/2023/05/story-\(dayIndex)")
            var shuffled = organic
            for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            for (i, account) in shuffled.prefix(60).enumerated() {
                let comment = d.texts.append("wow look at this \(dayIndex)-\(i)")
                events.append((base + 14 * 3600 + Int64(rng.next() % 600), account, .post, -1, comment, news))
            }

            // Newsroom: the same headline and link on all four platforms within three minutes.
            let story = d.texts.append(newsHeadlines[dayIndex])
            let storyLink = d.urls.append("https://www.taipeidaily.tw/news/\(dayIndex)")
            for (i, account) in newsroom.enumerated() {
                events.append((base + 3 * 3600 + Int64(i) * 45, account, .post, -1, story, storyLink))
            }
        }
        // Sort by time (stable), remapping reply targets.
        let order = events.indices.sorted { (events[$0].time, $0) < (events[$1].time, $1) }
        var newIndex = [Int](repeating: 0, count: events.count)
        for (n, o) in order.enumerated() { newIndex[o] = n }
        for o in order {
            let e = events[o]
            d.events.append(time: e.time, actor: e.actor, action: e.action,
                            target: e.target < 0 ? noReference : EventID(newIndex[e.target]), text: e.text, url: e.url,
                            language: 0)
        }
        campaignFacebook.sort()
        return World(data: d, campaign: campaignFacebook + campaignX + campaignElsewhere, campaignFacebook: campaignFacebook,
                     campaignX: campaignX, campaignElsewhere: campaignElsewhere, organic: organic, newsroom: newsroom,
                     silent: silent)
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014), for fixtures only.
struct CoActionSplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
