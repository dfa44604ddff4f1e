/// Honest activity that resembles the operation in one respect (docs/scenario.md); without it every detector looks
/// perfect. Each kind can be switched off (`enabled: false`) or resized.
public struct HardNegativesSpec: Codable, Sendable, Equatable {
    public var newsrooms = NewsroomSpec()
    public var marketing = MarketingSpec()
    public var fanCommunities = FanCommunitySpec()
    public var spamPages = SpamPageSpec()
    public var sharedNetworks = SharedNetworkSpec()
    public var officeWorkers = OfficeWorkerSpec()
    public var engagementPods = EngagementPodSpec()
    public var rebrandedPages = RebrandedPageSpec()
    public var diasporaPages = DiasporaPageSpec()

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&newsrooms, .newsrooms)
        try c.read(&marketing, .marketing)
        try c.read(&fanCommunities, .fanCommunities)
        try c.read(&spamPages, .spamPages)
        try c.read(&sharedNetworks, .sharedNetworks)
        try c.read(&officeWorkers, .officeWorkers)
        try c.read(&engagementPods, .engagementPods)
        try c.read(&rebrandedPages, .rebrandedPages)
        try c.read(&diasporaPages, .diasporaPages)
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
    /// Share of an outlet's headlines that are wire or syndicated copy, which other outlets of the same language
    /// republish within ``crossPostWindow``, lightly edited (AP, Reuters, CNA and Kyodo copy is carried word for
    /// word by many outlets). A quarter, below what studies of online news find: 66 % of Dutch online news items were
    /// based on the national agency's copy, much of it verbatim (J. Boumans, "Outsourcing the news?", University of
    /// Amsterdam, 2016; Boumans et al., International Journal of Communication 12, 2018).
    public var syndicatedShare = 0.25
    /// Mean further outlets that carry a syndicated headline.
    public var syndicationPickup = 3.0
    /// Share of headlines that report on one of the campaign's narratives (real outlets covered those stories).
    public var narrativeShare = 0.5
    /// Share of outlets that are overt state-aligned media (a pro-Beijing paper, a state broadcaster's account): they
    /// cover the narratives in the voice the campaign amplified, without its typos; labelled media, not an operation.
    /// Their accounts and Pages are attributed to mainland China (CN), where they are run.
    public var stateAlignedShare = 0.1
    /// Share of outlets with the same handle on every platform (the others vary it: `herald`, `heraldnews`,
    /// `herald_official`), so their cross-posts do not all carry one name.
    public var consistentBrandShare = 0.5
    /// Share of an outlet's posts that carry its social desk's own status message — a teaser on the story, a
    /// question to readers, a quote, a call to action — before or instead of the headline, which stays on the link
    /// card (Welbers & Opgenhaffen 2019; Lamot, Kreutz & Opgenhaffen 2022). No published rate could be read; 0.25 is
    /// a conservative judgement (docs/scenario.md). Languages without status grammars (not en, zh, ja, es) post the
    /// headline.
    public var statusMessageShare = 0.25

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
        try c.readFraction(&syndicatedShare, .syndicatedShare)
        try c.readRate(&syndicationPickup, .syndicationPickup, max: 1000)
        try c.readFraction(&consistentBrandShare, .consistentBrandShare)
        try c.readFraction(&narrativeShare, .narrativeShare)
        try c.readFraction(&stateAlignedShare, .stateAlignedShare)
        try c.readFraction(&statusMessageShare, .statusMessageShare)
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
    /// Public addresses of an agency's office, through which its staff log in to the client accounts.
    public var officeAddresses = 3
    /// Work devices an agency's staff share across the client accounts they manage.
    public var sharedDevices = 4
    /// Share of an agency's sessions from the office (the rest from staff's own connections).
    public var officeShare = 0.8
    /// Mean posts per client account per day of the client's own content (a client account is a business's, not a
    /// puppet: most of what it posts is its own).
    public var ownPostsPerDay = 0.3

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&enabled, .enabled)
        try c.readCount(&agencies, .agencies, max: 1_000_000)
        try c.read(&officeAddresses, .officeAddresses, in: 1 ... 65_536, "a count ≥ 1")
        try c.read(&sharedDevices, .sharedDevices, in: 1 ... 65_536, "a count ≥ 1")
        try c.readFraction(&officeShare, .officeShare)
        try c.readRate(&ownPostsPerDay, .ownPostsPerDay, max: 10_000)
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
    /// Spam operators running the Pages (each from its own proxies and devices).
    public var operators = 10
    /// Share of the bought followers that come from the same farm accounts that sell to the campaigns (a farm sells
    /// each account to several customers).
    public var sharedFarmShare = 0.5

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
        try c.read(&operators, .operators, in: 1 ... 1_000_000, "a count ≥ 1")
        try c.readFraction(&sharedFarmShare, .sharedFarmShare)
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

/// Office workers and students whose accounts are active in working hours: weekday blocks with lunch and supper
/// breaks and quiet weekends — a work rhythm like an operator's shift, without an operation (people who post as part
/// of their job, e.g. a company's or a school's social-media accounts, and students between classes). Most live in
/// UTC+8 (Taiwan, Hong Kong and Singapore share Beijing's time zone). A hard negative for shift-pattern detectors.
public struct OfficeWorkerSpec: Codable, Sendable, Equatable {
    public var enabled = true
    /// Accounts (multiplied by the generator's scale).
    public var accounts = 3000
    /// Home regions, as shares (region names).
    public var regions: Shares = ["TW": 0.4, "HK": 0.15, "SG": 0.15, "JP": 0.1, "US": 0.1, "GB": 0.1]
    /// Mean events per account per day (lognormal across accounts with the organic σ).
    public var meanEventsPerDay = 0.25
    /// Share of an account's events outside working hours (evenings at home, weekends).
    public var offHoursShare = 0.1

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&enabled, .enabled)
        try c.readCount(&accounts, .accounts)
        try c.read(&regions, .regions)
        try c.readRate(&meanEventsPerDay, .meanEventsPerDay)
        try c.readFraction(&offHoursShare, .offHoursShare)
    }
}

/// Engagement pods: small creators who agree to like and comment on each other's posts soon after they go up, to
/// game ranking (documented on Instagram by O'Meara, "Weapons of the chic: Instagram influencer engagement pods as
/// practices of resistance to Instagram platform labor", *Social Media + Society* 5(4), 2019). A closed, dense ring
/// of honest people: a hard negative for engagement-ring detectors.
public struct EngagementPodSpec: Codable, Sendable, Equatable {
    public var enabled = true
    public var count = 8
    public var membersPerPod = 40
    /// Mean posts per member per week.
    public var postsPerMemberPerWeek = 2.0
    /// Share of the other members engaging with each post.
    public var participation = 0.6
    /// Members engage within this window after a post.
    public var window = TimeSpan.hours(2)
    public var regions: Shares = ["US": 0.3, "TW": 0.2, "JP": 0.2, "GB": 0.15, "AU": 0.15]
    /// How unequal the members' own everyday activity is: lognormal σ at the organic mean (at most the organic
    /// `activitySigma`). Pods are creators who post regularly (O'Meara 2019), neither the silent majority nor the few
    /// accounts that post all day.
    public var activitySigma = 1.0

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&enabled, .enabled)
        try c.readCount(&count, .count)
        try c.read(&membersPerPod, .membersPerPod, in: 2 ... 1_000_000, "a count ≥ 2")
        try c.readRate(&postsPerMemberPerWeek, .postsPerMemberPerWeek)
        try c.readFraction(&participation, .participation)
        try c.read(&window, .window)
        try c.read(&regions, .regions)
        try c.read(&activitySigma, .activitySigma, in: 0 ... 4, "a σ between 0 and 4")
    }
}

/// Pages that legitimately rebrand: a shop that becomes a local news and community Page, a Page that changes
/// language when it moves market — an abrupt change of language and topic with nobody buying anything. A hard
/// negative for repurposed-page detectors.
public struct RebrandedPageSpec: Codable, Sendable, Equatable {
    public var enabled = true
    /// Pages (multiplied by the generator's scale).
    public var count = 60
    /// Mean posts per Page per day.
    public var postsPerDay = 1.0
    /// Share of rebrands that also change language (the rest change topic only).
    public var languageChangeShare = 0.6

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&enabled, .enabled)
        try c.readCount(&count, .count)
        try c.readRate(&postsPerDay, .postsPerDay)
        try c.readFraction(&languageChangeShare, .languageChangeShare)
    }
}

/// Diaspora community and export-business Pages: they post in their home language while most of their followers
/// live abroad (a Chinese-language community Page in Sydney followed by people in Australia; a Taiwanese
/// manufacturer's Page followed by buyers in India and Brazil). A hard negative for audience-mismatch detectors.
public struct DiasporaPageSpec: Codable, Sendable, Equatable {
    public var enabled = true
    /// Pages (multiplied by the generator's scale).
    public var count = 60
    /// Mean followers per Page (lognormal, σ 1).
    public var meanFollowers = 300.0
    /// Share of followers who live outside the countries the Page's language addresses.
    public var abroadShare = 0.8
    /// Mean posts per Page per day.
    public var postsPerDay = 0.8
    /// Share of the Pages that are export businesses: they post product ads in their language (the same commercial
    /// register as the Pages the campaign bought, which posted ads in Chinese before their switch). Those writing
    /// Chinese are managed from mainland China (CN), as those bought Pages were.
    public var exportShare = 0.5

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&enabled, .enabled)
        try c.readCount(&count, .count)
        try c.readRate(&meanFollowers, .meanFollowers)
        try c.readFraction(&abroadShare, .abroadShare)
        try c.readRate(&postsPerDay, .postsPerDay)
        try c.readFraction(&exportShare, .exportShare)
    }
}
