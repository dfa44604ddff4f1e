/// The organic population (docs/scenario.md): ordinary accounts with heavy-tailed activity, posts, news-link shares
/// with organic bursts, replies, likes, follows; organic Pages followed mostly from their own region; Groups.
/// Everything here is multiplied by the generator's `scale` (counts and burst rates).
public struct OrganicSpec: Codable, Sendable, Equatable {
    /// Switch the whole organic population off (a campaign alone).
    public var enabled = true
    /// Organic accounts across all platforms (split by platform `size` and region `share`).
    public var accounts = 200_000
    /// Mean events per account per day, over all accounts.
    public var meanEventsPerDay = 0.15
    /// Heavy tail of per-account activity: each account's rate is lognormal with this σ (mean kept at
    /// ``meanEventsPerDay``); 0 makes every account equally active. 2.1: the top 10 % of accounts make about 80 % of
    /// the posts, as the top 10 % of US adult Twitter users wrote 80 % of the tweets (Pew Research Center, "Sizing Up
    /// Twitter Users", 2019), and about a third make no event in the period.
    public var activitySigma = 2.1
    /// Mix of actions (keys post, reply, repost, like); platforms without an action fall back to post.
    public var actions: Shares = ["post": 0.3, "reply": 0.15, "repost": 0.1, "like": 0.45]
    /// Share of posts that carry a news link.
    public var linkShare = 0.15
    /// Share of posts that are questions (the targets of a campaign's off-topic replies).
    public var questionShare = 0.05
    /// How far back a reply, repost or like looks for its target post.
    public var engagementWindow = TimeSpan.days(2)
    /// Share of events whose author posts in a Group (on platforms with Groups).
    public var groupShare = 0.05
    /// How far before the period accounts, Pages and Groups of every class (organic, hard negatives, follower
    /// farms, campaigns) were created at most: ages are exponential with mean `accountAge / 3`, truncated here (a
    /// growing platform has more young accounts than old ones).
    public var accountAge = TimeSpan.days(3650)
    /// Share of accounts of every class created inside the period (newcomers; they act only after joining).
    public var newcomerShare = 0.04
    /// Mean sessions (logins) on a day an account or Page acts, for every class (at least 1).
    public var sessionsPerActiveDay = 1.4
    /// Share of accounts of every class that never act but log in on a few days (readers, kept-alive accounts).
    public var lurkerShare = 0.3
    public var linkBursts = LinkBurstSpec()
    public var follows = FollowSpec()
    public var pages = OrganicPageSpec()
    /// What ordinary posts are about (the campaign's narratives among other topics).
    public var topics = TopicSpec()
    /// Organic Groups across platforms that host Groups.
    public var groups = 400

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&enabled, .enabled)
        try c.readCount(&accounts, .accounts)
        try c.readRate(&meanEventsPerDay, .meanEventsPerDay, max: 1000)
        try c.read(&activitySigma, .activitySigma, in: 0 ... 4, "a σ between 0 and 4")
        try c.read(&actions, .actions)
        try c.readFraction(&linkShare, .linkShare)
        try c.readFraction(&questionShare, .questionShare)
        try c.read(&engagementWindow, .engagementWindow)
        try c.readFraction(&groupShare, .groupShare)
        try c.read(&accountAge, .accountAge)
        try c.readFraction(&newcomerShare, .newcomerShare)
        try c.read(&sessionsPerActiveDay, .sessionsPerActiveDay, in: 1 ... 24, "a mean between 1 and 24")
        try c.readFraction(&lurkerShare, .lurkerShare)
        try c.read(&linkBursts, .linkBursts)
        try c.read(&follows, .follows)
        try c.read(&pages, .pages)
        try c.read(&topics, .topics)
        try c.readCount(&groups, .groups)
        for key in actions.keys where ActionOption(rawValue: key) == nil {
            throw ScenarioIssue(decoder.codingPath + [CodingKeys.actions, AnyKey(key)], "unknown action '\(key)'; expected one of: post, reply, repost, like")
        }
        guard accountAge.seconds >= 86_400 * 2, accountAge.seconds <= 86_400 * 36_500 else {
            throw ScenarioIssue(decoder.codingPath + [CodingKeys.accountAge], "expected between 2d and 36500d, found \(accountAge)")
        }
        guard engagementWindow.seconds >= 60 else {
            throw ScenarioIssue(decoder.codingPath + [CodingKeys.engagementWindow], "expected at least 1m, found \(engagementWindow)")
        }
    }
}

/// Organic link bursts: many real users sharing the same news link within minutes of each other.
public struct LinkBurstSpec: Codable, Sendable, Equatable {
    public var enabled = true
    /// Bursts per day per unit of platform size (a platform of size 1 sees this many bursts a day).
    public var perDay = 30.0
    /// Mean number of sharers in a burst (lognormal, σ = ``sizeSigma``).
    public var meanSize = 25.0
    public var sizeSigma = 0.8
    /// Mean delay between a sharer and the burst's start (exponential).
    public var spread = TimeSpan.minutes(4)

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&enabled, .enabled)
        try c.readRate(&perDay, .perDay)
        try c.read(&meanSize, .meanSize, in: 1 ... 1_000_000, "a mean size ≥ 1")
        try c.read(&sizeSigma, .sizeSigma, in: 0 ... 4, "a σ between 0 and 4")
        try c.read(&spread, .spread)
    }
}

/// Organic follows on the same platform: mostly people of one's own region, some popular accounts and Pages.
public struct FollowSpec: Codable, Sendable, Equatable {
    /// Mean accounts and Pages followed per account (Poisson).
    public var meanPerAccount = 8.0
    /// Share of follows that stay in the follower's region.
    public var homeRegionShare = 0.8
    /// Share of follows that go to popular entities (news outlets, Pages, public figures) rather than people.
    public var popularShare = 0.25

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.readRate(&meanPerAccount, .meanPerAccount, max: 100_000)
        try c.readFraction(&homeRegionShare, .homeRegionShare)
        try c.readFraction(&popularShare, .popularShare)
    }
}

/// Organic Pages (shops, clubs, local media) whose followers mostly live in the Page's own region.
public struct OrganicPageSpec: Codable, Sendable, Equatable {
    /// Pages across platforms that host Pages.
    public var count = 2000
    /// Mean followers per Page (lognormal, σ 1.2).
    public var meanFollowers = 60.0
    /// Share of a Page's followers from its own region.
    public var homeRegionShare = 0.9
    /// Mean posts per Page per day.
    public var postsPerDay = 0.7
    /// Share of the Pages that are shops and post product ads in their region's language (most Pages are
    /// businesses': Meta counts over 200 million businesses on its apps, against 3 billion people). Ads are the
    /// register of the spam Pages the campaign bought, so a text classifier cannot call them the campaign's. Half the
    /// Chinese-language shops are cross-border sellers managed from mainland China (CN).
    public var shopShare = 0.4

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.readCount(&count, .count)
        try c.readRate(&meanFollowers, .meanFollowers)
        try c.readFraction(&homeRegionShare, .homeRegionShare)
        try c.readRate(&postsPerDay, .postsPerDay, max: 10_000)
        try c.readFraction(&shopShare, .shopShare)
    }
}

/// The topic mix of ordinary posts: the share on a topic rather than everyday chatter, the share of those on one of
/// the campaign's narratives, and the stance taken on a narrative (keys neutral, pro, against). Real users discussed
/// the stories the operation pushed (COVID-19 origins, Guo Wengui, Fukushima's water release, ...), for and against.
public struct TopicSpec: Codable, Sendable, Equatable {
    public var onTopic = 0.3
    public var narrativeShare = 0.4
    public var stances: Shares = ["neutral": 0.4, "pro": 0.2, "against": 0.4]

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.readFraction(&onTopic, .onTopic)
        try c.readFraction(&narrativeShare, .narrativeShare)
        try c.read(&stances, .stances)
        for key in stances.keys where !["neutral", "pro", "against"].contains(key) {
            throw ScenarioIssue(decoder.codingPath + [CodingKeys.stances, AnyKey(key)], "unknown stance '\(key)'; expected one of: neutral, pro, against")
        }
        guard stances.weights.contains(where: { $0 > 0 }) else {
            throw ScenarioIssue(decoder.codingPath + [CodingKeys.stances], "expected at least one stance with a share above 0")
        }
    }
}
