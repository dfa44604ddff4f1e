/// What an entity really is. Hard-negative classes are honest activity that resembles the operation in one respect
/// (docs/scenario.md); without them every detector looks perfect.
public enum EntityClass: UInt8, CaseIterable, Codable, Sendable, CustomStringConvertible {
    /// An ordinary user, Page or Group.
    case organic = 0
    /// A newsroom's social team cross-posting headlines in office hours (hard negative).
    case newsroom = 1
    /// A marketing agency or its client accounts posting in coordination (hard negative).
    case marketing = 2
    /// A fan community coordinating posting (hard negative).
    case fanCommunity = 3
    /// A user on a shared network (campus, carrier NAT) whose IP is shared by many (hard negative).
    case sharedNetwork = 4
    /// A commercial spam Page with bought foreign followers that never joins a campaign.
    case commercialSpam = 5
    /// A fake follower account sold with a Page by a follower farm.
    case followerFarm = 6
    /// An asset of an influence campaign (an operator's account, a bought Page, a Group).
    case campaign = 7
    /// An account active in working hours with lunch and supper breaks and quiet weekends (hard negative).
    case officeWorker = 8
    /// A member of an engagement pod: creators who like and comment on each other's posts (hard negative).
    case engagementPod = 9
    /// A Page that legitimately changed its language or topic (hard negative).
    case rebrandedPage = 10
    /// A diaspora or export-business Page whose followers are mostly abroad (hard negative).
    case diasporaPage = 11

    public var description: String { name }

    /// The name used in files.
    public var name: String {
        switch self {
        case .organic: "organic"
        case .newsroom: "newsroom"
        case .marketing: "marketing"
        case .fanCommunity: "fan-community"
        case .sharedNetwork: "shared-network"
        case .commercialSpam: "commercial-spam"
        case .followerFarm: "follower-farm"
        case .campaign: "campaign"
        case .officeWorker: "office-worker"
        case .engagementPod: "engagement-pod"
        case .rebrandedPage: "rebranded-page"
        case .diasporaPage: "diaspora-page"
        }
    }

    public init?(name: String) {
        guard let value = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = value
    }

    /// Whether the entity is inauthentic (a positive under the "any inauthentic entity" definition).
    public var isInauthentic: Bool {
        switch self {
        case .commercialSpam, .followerFarm, .campaign: true
        case .organic, .newsroom, .marketing, .fanCommunity, .sharedNetwork, .officeWorker, .engagementPod, .rebrandedPage,
             .diasporaPage: false
        }
    }

    /// Whether the class is one of the hard negatives of docs/scenario.md.
    public var isHardNegative: Bool {
        switch self {
        case .newsroom, .marketing, .fanCommunity, .sharedNetwork, .commercialSpam, .officeWorker, .engagementPod,
             .rebrandedPage, .diasporaPage: true
        case .organic, .followerFarm, .campaign: false
        }
    }
}
