/// Row index of an entity (account, Page or Group) in ``EntityTable``; the dataset-wide id every file uses.
public typealias EntityID = Int32
/// Row index of an event in ``EventTable``.
public typealias EventID = Int32
/// Seconds since 1970-01-01T00:00:00Z. All times in a dataset are UTC; local time is a detector's inference.
public typealias Timestamp = Int64

/// The marker for "no value" in integer reference columns (no target event, no text, no URL, no group).
public let noReference: Int32 = -1

/// The kinds of entity a platform hosts. Meta's report counts accounts, Pages and Groups separately, and so do the
/// evaluation tables.
public enum EntityKind: UInt8, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case account = 0
    case page = 1
    case group = 2

    public var description: String { name }
    /// The name used in files and on the command line.
    public var name: String {
        switch self {
        case .account: "account"
        case .page: "page"
        case .group: "group"
        }
    }
    /// Parses ``name``.
    public init?(name: String) {
        guard let kind = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = kind
    }
}

/// What an event did. Follows and logins live in their own tables.
public enum ActionKind: UInt8, CaseIterable, Codable, Sendable, BitwiseCopyable, CustomStringConvertible {
    /// Original content (text, optionally a link); a blog article is a post on a blog platform.
    case post = 0
    /// A reply or comment to the target event.
    case reply = 1
    /// A repost / share of the target event.
    case repost = 2
    /// A like or reaction to the target event.
    case like = 3

    public var description: String { name }
    public var name: String {
        switch self {
        case .post: "post"
        case .reply: "reply"
        case .repost: "repost"
        case .like: "like"
        }
    }
    public init?(name: String) {
        guard let kind = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = kind
    }
}

/// The broad kind of a platform (docs/scenario.md: social network, video, blog, forum, Q&A).
public enum PlatformKind: String, CaseIterable, Codable, Sendable {
    case social
    case microblog
    case video
    case photo
    case blog
    case forum
    case qa
    case audio
}

/// A platform as observed: its name and kind. Each platform numbers its entities in its own id space
/// (``EntityTable/platformLocalID``).
public struct PlatformInfo: Codable, Sendable, Equatable {
    public var name: String
    public var kind: PlatformKind
    public init(name: String, kind: PlatformKind) {
        self.name = name
        self.kind = kind
    }
}
