/// A tactic of Meta's Online Operations Kill Chain that the generator can label an event or entity with.
///
/// Codes come from `Online_Operations_Killchain-TTPs.csv` in Meta's threat-research repository (MIT); the
/// Spamouflage behaviours are mapped to them as in docs/scenario.md.
public enum Tactic: Int, CaseIterable, Codable, Sendable, CustomStringConvertible {
    /// 0.9.9 Acquiring and repurposing accounts (bought Pages switched to the operation's content).
    case acquiringRepurposingAccounts = 0
    /// 9.1.1 Creating new persona (batch-created accounts).
    case creatingPersonas
    /// 3.1.1 Working to a regular shift pattern.
    case shiftPattern
    /// 3.3.1 Centralizing internet access (shared proxy infrastructure).
    case centralizingInternetAccess
    /// 5.2.4 Posting spam as camouflage (apolitical posts between the political ones: Spamouflage's namesake).
    case postingSpamAsCamouflage
    /// 6.1.3 Posting original content on blogs.
    case postingOnBlogs
    /// 6.2 Amplifying with likely fake accounts (self-engagement).
    case amplifyingWithFakeAccounts
    /// 6.3 Spraying content (the same headlines across many platforms).
    case sprayingContent
    /// 6.3.2 Replying to social media comments with unrelated content.
    case offTopicReplies
    /// 7.2.2 Acquiring Page followers.
    case acquiringPageFollowers

    /// The kill-chain code.
    public var code: String {
        switch self {
        case .acquiringRepurposingAccounts: "0.9.9"
        case .creatingPersonas: "9.1.1"
        case .shiftPattern: "3.1.1"
        case .centralizingInternetAccess: "3.3.1"
        case .postingSpamAsCamouflage: "5.2.4"
        case .postingOnBlogs: "6.1.3"
        case .amplifyingWithFakeAccounts: "6.2"
        case .sprayingContent: "6.3"
        case .offTopicReplies: "6.3.2"
        case .acquiringPageFollowers: "7.2.2"
        }
    }

    /// The kill chain's name for it.
    public var title: String {
        switch self {
        case .acquiringRepurposingAccounts: "Acquiring and repurposing accounts"
        case .creatingPersonas: "Creating new persona"
        case .shiftPattern: "Working to a regular shift pattern"
        case .centralizingInternetAccess: "Centralizing internet access"
        case .postingSpamAsCamouflage: "Posting spam as camouflage"
        case .postingOnBlogs: "Posting original content on blogs"
        case .amplifyingWithFakeAccounts: "Amplifying with likely fake accounts"
        case .sprayingContent: "Spraying content"
        case .offTopicReplies: "Replying to social media comments with unrelated content"
        case .acquiringPageFollowers: "Acquiring Page followers"
        }
    }

    public var description: String { code }

    public init?(code: String) {
        guard let value = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = value
    }
}

/// A set of ``Tactic``s stored in 16 bits, one per event.
public struct TacticSet: OptionSet, Sendable, Hashable, Codable, BitwiseCopyable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init(_ tactic: Tactic) { self.rawValue = 1 << UInt16(tactic.rawValue) }
    public init(_ tactics: [Tactic]) {
        self.rawValue = 0
        for t in tactics { insert(TacticSet(t)) }
    }

    public func contains(_ tactic: Tactic) -> Bool { rawValue & (1 << UInt16(tactic.rawValue)) != 0 }

    /// The tactics in code order.
    public var tactics: [Tactic] { Tactic.allCases.filter { contains($0) } }

    /// Codes joined by `;`, as written in files (empty for none).
    public var codes: String { tactics.map(\.code).joined(separator: ";") }

    /// Parses ``codes``; `nil` if a code is unknown.
    public init?(codes: some StringProtocol) {
        self.rawValue = 0
        for code in codes.split(separator: ";") where !code.isEmpty {
            guard let tactic = Tactic(code: String(code)) else { return nil }
            insert(TacticSet(tactic))
        }
    }
}
