public import CIBModel

/// Entity kinds a platform hosts, as written in a scenario (`account`, `page`, `group`).
public enum EntityKindOption: String, Codable, Sendable, CaseIterable {
    case account, page, group
    public var kind: EntityKind {
        switch self {
        case .account: .account
        case .page: .page
        case .group: .group
        }
    }
}

/// Actions a platform allows, as written in a scenario (`post`, `reply`, `repost`, `like`).
public enum ActionOption: String, Codable, Sendable, CaseIterable {
    case post, reply, repost, like
    public var action: ActionKind {
        switch self {
        case .post: .post
        case .reply: .reply
        case .repost: .repost
        case .like: .like
        }
    }
}

/// A platform (docs/scenario.md): name, kind, relative organic size, which entity kinds and actions exist there.
public struct PlatformSpec: Codable, Sendable, Equatable {
    /// Unique name, referenced by campaigns (`accounts: {facebook: 7704}`).
    public var name = ""
    /// social, microblog, video, photo, blog, forum, qa or audio.
    public var kind = PlatformKind.social
    /// Relative organic size: the platform's share of organic accounts is `size / sum(size)`.
    public var size = 1.0
    /// Entity kinds that exist on the platform. Default: `[account]`.
    public var entities: [EntityKindOption] = [.account]
    /// Actions that exist on the platform. Default by kind: forums and Q&A sites have no reposts; everything has
    /// posts and replies.
    public var actions: [ActionOption]? = nil

    public init() {}

    public init(name: String, kind: PlatformKind, size: Double, entities: [EntityKindOption] = [.account], actions: [ActionOption]? = nil) {
        self.name = name
        self.kind = kind
        self.size = size
        self.entities = entities
        self.actions = actions
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&name, .name)
        try c.read(&kind, .kind)
        try c.readRate(&size, .size)
        try c.read(&entities, .entities)
        try c.read(&actions, .actions)
        guard !name.isEmpty else { throw ScenarioIssue(decoder.codingPath + [CodingKeys.name], "expected a non-empty platform name") }
        guard !entities.isEmpty else { throw ScenarioIssue(decoder.codingPath + [CodingKeys.entities], "expected at least one entity kind") }
    }

    /// The actions in effect (``actions`` or the kind's default).
    public var effectiveActions: [ActionOption] {
        if let actions { return actions }
        switch kind {
        case .forum, .qa: return [.post, .reply, .like]
        case .blog, .audio: return [.post, .reply, .like]
        default: return ActionOption.allCases
        }
    }

    public func allows(_ action: ActionOption) -> Bool { effectiveActions.contains(action) }
    public func hosts(_ kind: EntityKindOption) -> Bool { entities.contains(kind) }
}
