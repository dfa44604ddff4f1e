/// An influence campaign (docs/scenario.md), defaulting to Spamouflage as Meta described it in its Q2 2023 Adversarial
/// Threat Report: clusters of operators on a Beijing-time shift, shared proxies, batch-created
/// accounts, bought Pages with commercial pre-history, quota-driven spraying of typo-laden headlines across many
/// platforms, self-engagement, off-topic replies and low organic reach.
public struct CampaignSpec: Codable, Sendable, Equatable {
    public var name = "campaign"
    public var enabled = true
    /// First and last active day (default: the whole period).
    public var activeFrom: CalendarDate? = nil
    public var activeTo: CalendarDate? = nil
    /// Clusters of operators; each cluster works its own (slightly shifted) copy of ``schedule``.
    public var clusters = 8
    public var operatorsPerCluster = 10
    public var schedule = ScheduleSpec()
    public var infrastructure = InfrastructureSpec()
    /// Accounts per platform (platform names). Spread over operators round-robin.
    public var accounts: KeyedValues<Int> = ["facebook": 200]
    /// Pages per platform; all bought (see ``boughtPages``) unless ``boughtPages.share`` < 1.
    public var pages: KeyedValues<Int> = [:]
    /// Groups per platform, created by the operation and posted into.
    public var groups: KeyedValues<Int> = [:]
    public var accountCreation = AccountCreationSpec()
    public var boughtPages = BoughtPageSpec()
    public var content = ContentSpec()
    public var quotas = QuotaSpec()
    public var engagement = EngagementSpec()
    public var offTopicReplies = OffTopicSpec()
    public var reach = ReachSpec()
    public var evasion = EvasionSpec()
    public var churn = ChurnSpec()
    /// How the operation's accounts differ from one another (activity, personas, recycled accounts, follows).
    public var personas = PersonaSpec()
    /// How much clusters differ in discipline: each cluster's jitter, paraphrase rate, shared-proxy share and quota
    /// are the campaign's values times a factor drawn uniformly from [1 − v, 1 + v] (v = this).
    public var clusterVariation = 0.5
    /// Mean campaign accounts (of the Group's platform) that join each of the campaign's Groups.
    public var groupMembers = 40.0
    /// Mean follower-farm accounts bought as members of each Group.
    public var groupFarmMembers = 60.0

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&name, .name)
        try c.read(&enabled, .enabled)
        try c.read(&activeFrom, .activeFrom)
        try c.read(&activeTo, .activeTo)
        try c.read(&clusters, .clusters, in: 1 ... 10_000, "a count ≥ 1")
        try c.read(&operatorsPerCluster, .operatorsPerCluster, in: 1 ... 100_000, "a count ≥ 1")
        try c.read(&schedule, .schedule)
        try c.read(&infrastructure, .infrastructure)
        try c.read(&accounts, .accounts)
        try c.read(&pages, .pages)
        try c.read(&groups, .groups)
        try c.read(&accountCreation, .accountCreation)
        try c.read(&boughtPages, .boughtPages)
        try c.read(&content, .content)
        try c.read(&quotas, .quotas)
        try c.read(&engagement, .engagement)
        try c.read(&offTopicReplies, .offTopicReplies)
        try c.read(&reach, .reach)
        try c.read(&evasion, .evasion)
        try c.read(&churn, .churn)
        try c.read(&personas, .personas)
        try c.read(&clusterVariation, .clusterVariation, in: 0 ... 0.95, "a number between 0 and 0.95")
        try c.readRate(&groupMembers, .groupMembers)
        try c.readRate(&groupFarmMembers, .groupFarmMembers)
        for (key, table) in [(CodingKeys.accounts, accounts), (.pages, pages), (.groups, groups)] {
            for (platform, n) in table.entries where n < 0 || n > 10_000_000 {
                throw ScenarioIssue(decoder.codingPath + [key, AnyKey(platform)], "expected a count between 0 and 10000000, found \(n)")
            }
        }
        if let a = activeFrom, let b = activeTo, b < a {
            throw ScenarioIssue(decoder.codingPath + [CodingKeys.activeTo], "expected activeTo on or after activeFrom (\(a)), found \(b)")
        }
    }

    public var operatorCount: Int { clusters * operatorsPerCluster }
}

/// Centrally provisioned internet access (kill-chain 3.3.1) and devices: logins come from proxies and shared
/// device fingerprints.
public struct InfrastructureSpec: Codable, Sendable, Equatable {
    /// Proxy addresses per cluster.
    public var proxiesPerCluster = 25
    /// Campaign-wide central proxy pool, used by every cluster.
    public var sharedProxies = 15
    /// Probability a login goes through the central pool instead of the cluster's.
    public var sharedProxyShare = 0.35
    /// Countries the proxies geolocate to (the platform's view of the accounts' country follows them).
    public var proxyCountries: Shares = ["US": 0.6, "JP": 0.1, "GB": 0.1, "AU": 0.1, "TW": 0.1]
    /// Device fingerprints per operator (each operator logs all its accounts in from these).
    public var devicesPerOperator = 3
    /// Share of an operator's sessions on a working day that go through the one address its workstation uses that
    /// day (a sticky proxy session); the others pick any address of the pools.
    public var stickySessions = 0.7

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&proxiesPerCluster, .proxiesPerCluster, in: 1 ... 16_000_000, "a count ≥ 1")
        try c.readCount(&sharedProxies, .sharedProxies, max: 16_000_000)
        try c.readFraction(&sharedProxyShare, .sharedProxyShare)
        try c.read(&proxyCountries, .proxyCountries)
        try c.read(&devicesPerOperator, .devicesPerOperator, in: 1 ... 1_000_000, "a count ≥ 1")
        try c.readFraction(&stickySessions, .stickySessions)
    }
}

/// Batch-created accounts with naming patterns (kill-chain 9.1.1).
public struct AccountCreationSpec: Codable, Sendable, Equatable {
    /// Accounts created together.
    public var batchSize = 40
    /// A batch's accounts are created within this window.
    public var batchWindow = TimeSpan.hours(2)
    /// When given, batches are created uniformly over `[from, to]` (a what-if: freshly registered accounts). By
    /// default a batch's creation time comes from the same age distribution as everyone's (`organic.accountAge`,
    /// `organic.newcomerShare`): accounts bought from farms that aged them.
    public var from: CalendarDate? = nil
    public var to: CalendarDate? = nil
    /// Handle patterns (`{first}`, `{last}`, `{letters:N}`, `{digits:N}`), one chosen per batch — a what-if. By
    /// default (empty) handles come from the shared name generator every population uses.
    public var namePatterns: [String] = []
    /// Countries the accounts claim (profile country).
    public var countries: Shares = ["US": 0.5, "TW": 0.15, "GB": 0.1, "AU": 0.1, "JP": 0.1, "HK": 0.05]

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&batchSize, .batchSize, in: 1 ... 1_000_000, "a count ≥ 1")
        try c.read(&batchWindow, .batchWindow)
        try c.read(&from, .from)
        try c.read(&to, .to)
        try c.read(&namePatterns, .namePatterns)
        try c.read(&countries, .countries)
        guard (from == nil) == (to == nil) else {
            throw ScenarioIssue(decoder.codingPath + [from == nil ? CodingKeys.from : CodingKeys.to], "expected both from and to, or neither")
        }
        if let from, let to, to < from {
            throw ScenarioIssue(decoder.codingPath + [CodingKeys.to], "expected a date on or after from (\(from)), found \(to)")
        }
    }
}

/// Bought Pages (kill-chain 0.9.9, 7.2.2): bought from spam operators with built-in inauthentic followers mostly
/// from Vietnam, Bangladesh and Brazil; Chinese commercial posts before purchase, then an abrupt switch to English
/// politics.
public struct BoughtPageSpec: Codable, Sendable, Equatable {
    /// Share of the campaign's Pages that were bought (the rest are created and have no pre-history).
    public var share = 1.0
    /// Total follower-farm accounts following the bought Pages.
    public var followers = 20_000
    /// Countries of those followers.
    public var followerCountries: Shares = ["VN": 0.42, "BD": 0.3, "BR": 0.2, "IN": 0.04, "PK": 0.04]
    /// Heavy tail of followers per Page (lognormal σ).
    public var followerSigma = 1.0
    /// Language of the pre-purchase commercial posts.
    public var preHistoryLanguage = "zh"
    /// Commercial topics before purchase.
    public var preHistoryTopics = ["lingerie", "phone cases", "clothing", "children's accessories"]
    /// Mean commercial posts per Page per day before purchase.
    public var preHistoryPostsPerDay = 1.5
    /// Purchase dates are spread uniformly over `[purchaseFrom, purchaseTo]`.
    public var purchaseFrom = CalendarDate(year: 2023, month: 1, day: 10)!
    public var purchaseTo = CalendarDate(year: 2023, month: 2, day: 28)!
    /// The first political post follows the purchase within this delay (uniform).
    public var switchDelay = TimeSpan.days(3)

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.readFraction(&share, .share)
        try c.readCount(&followers, .followers)
        try c.read(&followerCountries, .followerCountries)
        try c.read(&followerSigma, .followerSigma, in: 0 ... 4, "a σ between 0 and 4")
        try c.read(&preHistoryLanguage, .preHistoryLanguage)
        try c.read(&preHistoryTopics, .preHistoryTopics)
        try c.readRate(&preHistoryPostsPerDay, .preHistoryPostsPerDay, max: 10_000)
        try c.read(&purchaseFrom, .purchaseFrom)
        try c.read(&purchaseTo, .purchaseTo)
        try c.read(&switchDelay, .switchDelay)
        guard purchaseFrom <= purchaseTo else {
            throw ScenarioIssue(decoder.codingPath + [CodingKeys.purchaseTo], "expected a date on or after purchaseFrom (\(purchaseFrom)), found \(purchaseTo)")
        }
        guard !preHistoryTopics.isEmpty else { throw ScenarioIssue(decoder.codingPath + [CodingKeys.preHistoryTopics], "expected at least one topic") }
    }
}

/// Content: central daily directions, headlines seeded from the real ones (Meta's indicator file, procedure
/// 6.1.3) plus variants with typos and translation errors, language mix, blog articles whose links are sprayed.
public struct ContentSpec: Codable, Sendable, Equatable {
    /// Content directions handed to every cluster each day.
    public var directionsPerDay = 3
    /// Headlines per direction (the direction's headline and variants of it).
    public var headlinesPerDirection = 4
    /// Share of directions that are one of the network's real headlines (Meta's Q2 2023 indicators, with their
    /// typos); the others are posts the content team writes on the same narratives in the campaign's stance, in the
    /// words the narrative's honest supporters also use. 1 reproduces a campaign that only ever sprays the published
    /// headlines (every text classifier finds it); lower is the realistic case, an operation with its own writers.
    public var seedHeadlineShare = 0.5
    /// Probability a posted copy carries typos (character swaps, drops, doubled letters).
    public var typoRate = 0.25
    /// Probability a posted copy carries machine-translation errors (word-order and word-choice slips).
    public var translationErrorRate = 0.15
    /// Probability a posted copy is paraphrased — a fifth of them lightly (word substitutions, a new opener), the rest
    /// rewritten on the direction's narrative in the operator's own words — an evasion knob: rewritten copies share
    /// no wording with the others, so only timing, infrastructure and engagement still tie them together. A copy gets
    /// at most one edit: paraphrase, typos and translation slips are drawn in that order from one uniform number, so
    /// when the three rates add up to more than 1 the later ones get what is left.
    public var paraphraseRate = 0.1
    /// Languages of campaign posts.
    public var languages: Shares = ["en": 0.65, "zh": 0.35]
    /// Platforms where operators write articles (usually blogs); their links are then sprayed.
    public var blogPlatforms = ["medium", "blogspot", "livejournal", "tumblr"]
    /// Mean articles per operator per working day.
    public var articlesPerOperatorPerDay = 1.0
    /// Share of sprayed posts that carry the link to a campaign article.
    public var articleLinkShare = 0.4
    /// Share of the posts of the operation's political accounts that are spam posted as camouflage (kill-chain
    /// 5.2.4): apolitical posts — everyday life, food, travel and scenery, entertainment, sports, the weather — in
    /// the campaign's languages, written as anyone writes them, from a cluster's daily library of spam, posted in the
    /// shift on the accounts that sprayed the day's politics (on top of the quota: s/(1 − s) per political post).
    /// Spamouflage is named after it: Graphika found "high volumes of spam around lower volumes of political content"
    /// (Nimmo et al., "Cross-Platform Spam Network Targeted Hong Kong Protests", 2019), Google TAG "most DRAGONBRIDGE
    /// activity is low quality content without a political message" (Butler and Taege, January 2023); Meta's Q2 2023
    /// report describes the Facebook network by its political spraying and gives no share, hence a smaller default.
    public var camouflageShare = 0.3
    /// Share of the items an operator sprays that are a state-aligned outlet's story on one of the campaign's
    /// narratives (published in the two days before) instead of one of the day's directions: the outlet's own
    /// headline and link, copied to several platforms like any direction. Fake accounts amplified Chinese state
    /// media and diplomats (Schliebs et al., Oxford Internet Institute and AP, "China's Public Diplomacy
    /// Operations", 2021; the networks of BBC News, 5 August 2021). No report gives a rate: a judgement.
    public var stateMediaShare = 0.1

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&directionsPerDay, .directionsPerDay, in: 1 ... 1000, "a count ≥ 1")
        try c.read(&headlinesPerDirection, .headlinesPerDirection, in: 1 ... 1000, "a count ≥ 1")
        try c.readFraction(&seedHeadlineShare, .seedHeadlineShare)
        try c.readFraction(&typoRate, .typoRate)
        try c.readFraction(&translationErrorRate, .translationErrorRate)
        try c.readFraction(&paraphraseRate, .paraphraseRate)
        try c.read(&languages, .languages)
        try c.read(&blogPlatforms, .blogPlatforms)
        try c.readRate(&articlesPerOperatorPerDay, .articlesPerOperatorPerDay, max: 10_000)
        try c.readFraction(&articleLinkShare, .articleLinkShare)
        try c.read(&camouflageShare, .camouflageShare, in: 0 ... 0.95, "a number between 0 and 0.95")
        try c.readFraction(&stateMediaShare, .stateMediaShare)
    }
}

/// Quota-driven spraying (kill-chain 6.3): each operator's daily output, spread across accounts and platforms.
public struct QuotaSpec: Codable, Sendable, Equatable {
    /// Mean posts per operator per working day (Poisson), over all platforms.
    public var postsPerOperatorPerDay = 20.0
    /// Mean platforms a headline is sprayed to (each copy from one of the operator's accounts there).
    public var platformsPerHeadline = 4.0
    /// All copies of a headline are posted within this window (inside the shift).
    public var sprayWindow = TimeSpan.hours(2)
    /// Share of copies on Page-hosting platforms posted as one of the cluster's Pages.
    public var pagePostShare = 0.3
    /// Share of copies on Group-hosting platforms posted into one of the campaign's Groups.
    public var groupPostShare = 0.1

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.readRate(&postsPerOperatorPerDay, .postsPerOperatorPerDay, max: 100_000)
        try c.read(&platformsPerHeadline, .platformsPerHeadline, in: 1 ... 1000, "a mean ≥ 1")
        try c.read(&sprayWindow, .sprayWindow)
        try c.readFraction(&pagePostShare, .pagePostShare)
        try c.readFraction(&groupPostShare, .groupPostShare)
    }
}

/// Self-engagement rings (kill-chain 6.2): the operation's own accounts like, reply to and repost its posts.
public struct EngagementSpec: Codable, Sendable, Equatable {
    /// Mean own engagements per campaign post (Poisson).
    public var perPost = 2.0
    /// Mix of engagement actions.
    public var actions: Shares = ["like": 0.6, "reply": 0.25, "repost": 0.15]
    /// Mean delay after the post (exponential).
    public var delay = TimeSpan.minutes(20)

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.readRate(&perPost, .perPost, max: 1000)
        try c.read(&actions, .actions)
        try c.read(&delay, .delay)
        for key in actions.keys where !["like", "reply", "repost"].contains(key) {
            throw ScenarioIssue(decoder.codingPath + [CodingKeys.actions, AnyKey(key)], "unknown engagement '\(key)'; expected one of: like, reply, repost")
        }
    }
}

/// Replies with unrelated propaganda to organic questions (kill-chain 6.3.2).
public struct OffTopicSpec: Codable, Sendable, Equatable {
    /// Mean off-topic replies per operator per working day.
    public var perOperatorPerDay = 2.0
    /// Only questions posted at most this long before are answered.
    public var maxAge = TimeSpan.days(3)

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.readRate(&perOperatorPerDay, .perOperatorPerDay, max: 10_000)
        try c.read(&maxAge, .maxAge)
    }
}

/// Organic reach: how often real users engage with the operation's posts ("it rarely reached real users").
public struct ReachSpec: Codable, Sendable, Equatable {
    /// Mean organic engagements per campaign post.
    public var organicPerPost = 0.03

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.readRate(&organicPerPost, .organicPerPost, max: 1000)
    }
}

/// Evasion knobs for what-if studies (besides `schedule.jitter`, `content.paraphraseRate`,
/// `infrastructure.proxiesPerCluster` and `boughtPages.followerCountries`).
public struct EvasionSpec: Codable, Sendable, Equatable {
    /// Share of campaign events timed like a target audience's human day (US curve in US time) instead of the
    /// shift.
    public var humanTiming = 0.0
    /// Share of bought-Page followers that are real accounts of the target regions (audience building) instead of
    /// follower-farm accounts.
    public var audienceBuilding = 0.0
    /// Probability a login uses a fresh residential address of the account's claimed country instead of the proxy
    /// pools.
    public var residentialProxies = 0.0

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.readFraction(&humanTiming, .humanTiming)
        try c.readFraction(&audienceBuilding, .audienceBuilding)
        try c.readFraction(&residentialProxies, .residentialProxies)
    }
}

/// Churn after takedowns (docs/scenario.md): on each takedown date a share of the campaign's accounts is removed (they
/// never act again) and the operators batch-create replacements that start posting a few days later.
public struct ChurnSpec: Codable, Sendable, Equatable {
    /// Takedown dates (none by default).
    public var takedowns: [CalendarDate] = []
    /// Share of the accounts alive at a takedown that are removed.
    public var removedShare = 0.3
    /// Replacements created per removed account.
    public var replacementShare = 1.0
    /// Replacements are created within this delay after the takedown and act from their creation on.
    public var replacementDelay = TimeSpan.days(3)

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&takedowns, .takedowns)
        try c.readFraction(&removedShare, .removedShare)
        try c.read(&replacementShare, .replacementShare, in: 0 ... 100, "a number between 0 and 100")
        try c.read(&replacementDelay, .replacementDelay)
        takedowns.sort()
    }
}
