/// How a campaign's accounts differ from one another. Meta's Q2 2023 report counted 7,704 Facebook accounts, most of
/// which did little: a few accounts carry most of the posting (the same heavy tail as ordinary users), some are
/// never used in the window, some also post everyday content like a person would (a persona), and some are real
/// accounts bought or taken over with a history of their own (recycled).
public struct PersonaSpec: Codable, Sendable, Equatable {
    /// Heavy tail of how much each account is used: an account's share of its operator's work is proportional to a
    /// lognormal weight with this σ (0: every account equally).
    public var activitySigma = 1.6
    /// Share of accounts never used in the period (kept in reserve).
    public var dormantShare = 0.2
    /// Share of accounts that also post everyday content at leisure hours, like the person they pretend to be.
    public var mixedShare = 0.3
    /// Mean everyday events per mixed account per day.
    public var mixedEventsPerDay = 0.1
    /// Share of accounts that are recycled: real accounts bought or taken over during the period, with an organic
    /// history before the takeover.
    public var recycledShare = 0.1
    /// Mean accounts and Pages each campaign account follows (Poisson).
    public var followsPerAccount = 8.0
    /// Share of those follows that go to the operation's own accounts (the rest: popular accounts and Pages).
    public var followsWithinCampaign = 0.75

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&activitySigma, .activitySigma, in: 0 ... 4, "a σ between 0 and 4")
        try c.readFraction(&dormantShare, .dormantShare)
        try c.readFraction(&mixedShare, .mixedShare)
        try c.readRate(&mixedEventsPerDay, .mixedEventsPerDay)
        try c.readFraction(&recycledShare, .recycledShare)
        try c.readRate(&followsPerAccount, .followsPerAccount)
        try c.readFraction(&followsWithinCampaign, .followsWithinCampaign)
    }
}
