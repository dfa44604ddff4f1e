internal import CIBModel

/// A cheap, public, per-entity feature that the audit scores against the truth: what a platform shows about an entity
/// without any pairwise or network computation.
///
/// A benchmark is valid only if no such feature separates the campaign from everyone else by itself (issue 16): a
/// detector must find the operation by its coordination — who acts with whom, when, on what — as in Meta's own
/// definition of CIB, not by an artefact of the generator. *Identity* features (ids, names, creation order) must carry
/// no class at all; `ciblab audit` fails when one does.
public struct AuditFeature: Sendable, Equatable, Codable, Hashable {
    /// What the feature is about.
    public enum Group: String, Sendable, Codable, CaseIterable {
        /// Ids, creation time and name statistics: must carry no class (checked against bounds).
        case identity
        /// Country and kind (categorical).
        case profile
        /// Event counts, in all and per action kind.
        case activity
        /// Follow out-degree and in-degree.
        case relations
        /// Logins, distinct IPs and devices.
        case infrastructure
        /// When the entity acts.
        case timing
    }

    /// The name used in tables and files, e.g. `platform_id` or `events_post`.
    public var name: String
    public var group: Group
    /// `true` for features whose value is a category (scored by target encoding, see ``TargetEncoder``).
    public var isCategorical: Bool
    /// `true` for the features of the *marginal-only* probe (issue 16's list: counts per table and action, distinct
    /// IPs and devices, follow counts, created_at, name statistics, country, kind — nothing pairwise, no ids).
    public var isMarginal: Bool
    /// One line for docs and `--help`.
    public var summary: String

    public init(name: String, group: Group, isCategorical: Bool = false, isMarginal: Bool, summary: String) {
        self.name = name
        self.group = group
        self.isCategorical = isCategorical
        self.isMarginal = isMarginal
        self.summary = summary
    }

    public var isIdentity: Bool { group == .identity }

    /// Every feature, in table order. Action kinds come from `ActionKind.allCases`, so a new kind gets its column.
    public static let all: [AuditFeature] = [
        AuditFeature(name: "entity_id", group: .identity, isMarginal: false,
                     summary: "the dataset-wide entity id (row of entities.csv)"),
        AuditFeature(name: "platform_id", group: .identity, isMarginal: false,
                     summary: "the id on the entity's own platform (platform_id column)"),
        AuditFeature(name: "platform_id_vs_created_rank", group: .identity, isMarginal: false,
                     summary: "within a platform: rank of platform_id minus rank of created_at, each as a fraction of the platform's entities (0 when ids grow with creation time)"),
        AuditFeature(name: "created_at", group: .identity, isMarginal: true,
                     summary: "when the account, Page or Group was created"),
        AuditFeature(name: "name_length", group: .identity, isMarginal: true,
                     summary: "Unicode scalars in the name"),
        AuditFeature(name: "name_digits", group: .identity, isMarginal: true,
                     summary: "ASCII digits in the name"),
        AuditFeature(name: "name_shape", group: .identity, isCategorical: true, isMarginal: true,
                     summary: "the name with upper-case letters as A, lower-case as a, other letters as u, digits as 9, runs collapsed (\"XX Daily 12\" → \"A Aa 9\"); categorical"),
        AuditFeature(name: "country", group: .profile, isCategorical: true, isMarginal: true,
                     summary: "the country the platform attributes to the entity; categorical"),
        AuditFeature(name: "kind", group: .profile, isCategorical: true, isMarginal: true,
                     summary: "account, page or group; categorical"),
        AuditFeature(name: "events", group: .activity, isMarginal: true, summary: "events the entity acted in"),
    ] + ActionKind.allCases.map {
        AuditFeature(name: "events_\($0.name)", group: .activity, isMarginal: true, summary: "\($0.name) events of the entity")
    } + [
        AuditFeature(name: "follows_out", group: .relations, isMarginal: true, summary: "follows made (follow out-degree)"),
        AuditFeature(name: "followers", group: .relations, isMarginal: true, summary: "followers and Group members (follow in-degree)"),
        AuditFeature(name: "logins", group: .infrastructure, isMarginal: true, summary: "login records"),
        AuditFeature(name: "distinct_ips", group: .infrastructure, isMarginal: true, summary: "distinct IPv4 addresses in the entity's logins"),
        AuditFeature(name: "distinct_devices", group: .infrastructure, isMarginal: true, summary: "distinct device fingerprints in the entity's logins"),
        AuditFeature(name: "hour_entropy", group: .timing, isMarginal: false,
                     summary: "Shannon entropy (bits) of the UTC hour of day of the entity's events (0 without events)"),
    ]

    /// The index of the feature called `name` in ``all``.
    public static func index(of name: String) -> Int? { all.firstIndex { $0.name == name } }
}
