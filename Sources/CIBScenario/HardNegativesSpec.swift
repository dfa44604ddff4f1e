/// Honest activity that resembles the operation in one respect (MISSION §2); without it every detector looks
/// perfect. Each kind can be switched off (`enabled: false`) or resized.
public struct HardNegativesSpec: Codable, Sendable, Equatable {
    public var newsrooms = NewsroomSpec()
    public var marketing = MarketingSpec()
    public var fanCommunities = FanCommunitySpec()
    public var spamPages = SpamPageSpec()
    public var sharedNetworks = SharedNetworkSpec()

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&newsrooms, .newsrooms)
        try c.read(&marketing, .marketing)
        try c.read(&fanCommunities, .fanCommunities)
        try c.read(&spamPages, .spamPages)
        try c.read(&sharedNetworks, .sharedNetworks)
    }
}

/// Newsrooms whose social teams cross-post the same headline (and link) to many platforms within minutes, in
/// office hours of their home region — including UTC+8 outlets (Taiwan shares Beijing's time zone).
public struct NewsroomSpec: Codable, Sendable, Equatable {
    public var enabled = true
    /// Number of outlets.
    public var count = 40
    /// Home regions of the outlets, as shares (region names).
    public var regions: Shares = ["TW": 0.3, "US": 0.3, "GB": 0.1, "AU": 0.1, "JP": 0.1, "HK": 0.1]
    /// Platforms each outlet publishes on (the largest platforms first, Pages where the platform has them).
    public var platformsPerOutlet = 6
    /// Mean headlines per outlet per weekday (weekends × ``weekendFactor``).
    public var headlinesPerDay = 10.0
    public var weekendFactor = 0.5
    /// All copies of a headline go out within this window.
    public var crossPostWindow = TimeSpan.minutes(10)
    /// Office hours in the outlet's local time.
    public var officeStart = TimeOfDay(hour: 7)
    public var officeEnd = TimeOfDay(hour: 21)
    /// Mean organic followers per outlet account.
    public var meanFollowers = 300.0

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&enabled, .enabled)
        try c.readCount(&count, .count, max: 1_000_000)
        try c.read(&regions, .regions)
        try c.read(&platformsPerOutlet, .platformsPerOutlet, in: 1 ... 1000, "a count ≥ 1")
        try c.readRate(&headlinesPerDay, .headlinesPerDay, max: 10_000)
        try c.readRate(&weekendFactor, .weekendFactor, max: 100)
        try c.read(&crossPostWindow, .crossPostWindow)
        try c.read(&officeStart, .officeStart)
        try c.read(&officeEnd, .officeEnd)
        try c.readRate(&meanFollowers, .meanFollowers, max: 10_000_000)
        guard officeStart < officeEnd else {
            throw ScenarioIssue(decoder.codingPath + [CodingKeys.officeEnd], "expected officeEnd after officeStart (\(officeStart)), found \(officeEnd)")
        }
    }
}

/// Marketing agencies whose client accounts push the same promotion (text and link) within a short window, in
/// office hours.
public struct MarketingSpec: Codable, Sendable, Equatable {
    public var enabled = true
    public var agencies = 12
    public var accountsPerAgency = 20
    /// Mean pushes per agency per week.
    public var pushesPerWeek = 4.0
    /// Share of an agency's accounts taking part in a push.
    public var participation = 0.7
    /// All posts of a push fall within this window.
    public var window = TimeSpan.minutes(30)
    public var regions: Shares = ["US": 0.4, "TW": 0.2, "GB": 0.2, "JP": 0.2]

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&enabled, .enabled)
        try c.readCount(&agencies, .agencies, max: 1_000_000)
        try c.readCount(&accountsPerAgency, .accountsPerAgency, max: 1_000_000)
        try c.readRate(&pushesPerWeek, .pushesPerWeek, max: 10_000)
        try c.readFraction(&participation, .participation)
        try c.read(&window, .window)
        try c.read(&regions, .regions)
    }
}

/// Fan communities: members repost, like and reply to their idol's posts within minutes, and engage with each
/// other (a dense, honest engagement ring).
public struct FanCommunitySpec: Codable, Sendable, Equatable {
    public var enabled = true
    public var count = 10
    public var membersPerCommunity = 60
    /// Mean idol posts per community per week.
    public var postsPerWeek = 5.0
    /// Share of members engaging with each idol post.
    public var participation = 0.6
    /// Members engage within this window after the idol post.
    public var window = TimeSpan.minutes(20)
    public var regions: Shares = ["TW": 0.3, "JP": 0.3, "US": 0.2, "HK": 0.2]

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&enabled, .enabled)
        try c.readCount(&count, .count, max: 1_000_000)
        try c.readCount(&membersPerCommunity, .membersPerCommunity, max: 1_000_000)
        try c.readRate(&postsPerWeek, .postsPerWeek, max: 10_000)
        try c.readFraction(&participation, .participation)
        try c.read(&window, .window)
        try c.read(&regions, .regions)
    }
}

/// Commercial spam Pages with bought foreign followers that never join any campaign (a hard negative for
/// audience-mismatch detectors; they are inauthentic, class `commercial-spam`).
public struct SpamPageSpec: Codable, Sendable, Equatable {
    public var enabled = true
    public var count = 150
    /// Platform hosting the Pages (must host Pages).
    public var platform = "facebook"
    /// Mean bought followers per Page (lognormal, σ 1).
    public var meanFollowers = 400.0
    /// Countries of the bought followers.
    public var followerCountries: Shares = ["VN": 0.4, "BD": 0.3, "BR": 0.3]
    /// Languages of the Pages' commercial posts.
    public var languages: Shares = ["zh": 0.4, "vi": 0.2, "en": 0.4]
    public var postsPerDay = 1.5

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&enabled, .enabled)
        try c.readCount(&count, .count, max: 1_000_000)
        try c.read(&platform, .platform)
        try c.readRate(&meanFollowers, .meanFollowers, max: 10_000_000)
        try c.read(&followerCountries, .followerCountries)
        try c.read(&languages, .languages)
        try c.readRate(&postsPerDay, .postsPerDay, max: 10_000)
    }
}

/// Ordinary users behind shared addresses (carrier-grade NAT, campus networks): many accounts, few IPs.
public struct SharedNetworkSpec: Codable, Sendable, Equatable {
    public var enabled = true
    public var networks = 40
    public var usersPerNetwork = 100
    /// Public IPv4 addresses per network.
    public var addressesPerNetwork = 4
    public var regions: Shares = ["TW": 0.3, "US": 0.3, "JP": 0.2, "HK": 0.2]

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&enabled, .enabled)
        try c.readCount(&networks, .networks, max: 1_000_000)
        try c.readCount(&usersPerNetwork, .usersPerNetwork, max: 1_000_000)
        try c.read(&addressesPerNetwork, .addressesPerNetwork, in: 1 ... 65_536, "a count ≥ 1")
        try c.read(&regions, .regions)
    }
}
