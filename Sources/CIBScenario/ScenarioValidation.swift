/// Checks that need the whole scenario (names referring to platforms and regions, region shares, campaign
/// assets); per-value checks happen while decoding.
enum ScenarioValidation {
    static func check(_ s: Scenario) throws(ScenarioIssue) {
        var seen = Set<String>()
        for (i, p) in s.platforms.enumerated() {
            guard seen.insert(p.name).inserted else { throw ScenarioIssue(path: "platforms[\(i)].name", "duplicate platform name '\(p.name)'") }
        }
        guard !s.platforms.isEmpty else { throw ScenarioIssue(path: "platforms", "expected at least one platform") }
        seen = []
        for (i, r) in s.regions.enumerated() {
            guard seen.insert(r.name).inserted else { throw ScenarioIssue(path: "regions[\(i)].name", "duplicate region name '\(r.name)'") }
            for (code, _) in r.languages.values.entries { try language(code, "regions[\(i)].languages.\(code)") }
        }
        if s.organic.enabled && s.organic.accounts > 0 {
            guard !s.regions.isEmpty else { throw ScenarioIssue(path: "regions", "expected at least one region for the organic population") }
            let total = s.regions.reduce(0) { $0 + $1.share }
            guard abs(total - 1) <= 0.001 else {
                throw ScenarioIssue(path: "regions", "region shares must sum to 1, they sum to \(Shares.format(total))")
            }
            guard s.platforms.contains(where: { $0.size > 0 }) else { throw ScenarioIssue(path: "platforms", "expected a platform with size > 0") }
        }
        let hn = s.hardNegatives
        try regions(hn.newsrooms.regions, "hardNegatives.newsrooms.regions", s, when: hn.newsrooms.enabled)
        try regions(hn.marketing.regions, "hardNegatives.marketing.regions", s, when: hn.marketing.enabled)
        try regions(hn.fanCommunities.regions, "hardNegatives.fanCommunities.regions", s, when: hn.fanCommunities.enabled)
        try regions(hn.sharedNetworks.regions, "hardNegatives.sharedNetworks.regions", s, when: hn.sharedNetworks.enabled)
        if hn.spamPages.enabled && hn.spamPages.count > 0 {
            try platform(hn.spamPages.platform, "hardNegatives.spamPages.platform", s, hosting: .page)
            try countries(hn.spamPages.followerCountries, "hardNegatives.spamPages.followerCountries")
            for (code, _) in hn.spamPages.languages.values.entries { try language(code, "hardNegatives.spamPages.languages.\(code)") }
        }
        seen = []
        for (ci, c) in s.campaigns.enumerated() {
            let base = "campaigns[\(ci)]"
            guard seen.insert(c.name).inserted else { throw ScenarioIssue(path: "\(base).name", "duplicate campaign name '\(c.name)'") }
            for (name, _) in c.accounts.entries { try platform(name, "\(base).accounts.\(name)", s, hosting: .account) }
            for (name, _) in c.pages.entries { try platform(name, "\(base).pages.\(name)", s, hosting: .page) }
            for (name, _) in c.groups.entries { try platform(name, "\(base).groups.\(name)", s, hosting: .group) }
            for (i, name) in c.content.blogPlatforms.enumerated() { try platform(name, "\(base).content.blogPlatforms[\(i)]", s, hosting: .account) }
            for (code, _) in c.content.languages.values.entries { try language(code, "\(base).content.languages.\(code)") }
            try language(c.boughtPages.preHistoryLanguage, "\(base).boughtPages.preHistoryLanguage")
            try countries(c.boughtPages.followerCountries, "\(base).boughtPages.followerCountries")
            try countries(c.infrastructure.proxyCountries, "\(base).infrastructure.proxyCountries")
            try countries(c.accountCreation.countries, "\(base).accountCreation.countries")
            if c.enabled && c.accounts.values.reduce(0, +) == 0 {
                throw ScenarioIssue(path: "\(base).accounts", "expected at least one account (the operators need somewhere to post)")
            }
            for (i, p) in c.accountCreation.namePatterns.enumerated() {
                if let problem = NamePattern.problem(in: p) {
                    throw ScenarioIssue(path: "\(base).accountCreation.namePatterns[\(i)]", problem)
                }
            }
        }
    }

    static func platform(_ name: String, _ path: String, _ s: Scenario, hosting kind: EntityKindOption) throws(ScenarioIssue) {
        guard let p = s.platforms.first(where: { $0.name == name }) else {
            let names = s.platforms.map(\.name)
            let near = names.min { editDistance($0, name) < editDistance($1, name) }
            let hint = near.flatMap { editDistance($0, name) <= 2 ? " (did you mean '\($0)'?)" : nil } ?? ""
            throw ScenarioIssue(path: path, "unknown platform '\(name)'\(hint); expected one of the \(names.count) platforms: \(names.prefix(12).joined(separator: ", "))\(names.count > 12 ? ", ..." : "")")
        }
        guard p.hosts(kind) else {
            throw ScenarioIssue(path: path, "platform '\(name)' has no \(kind.rawValue)s (its entities are \(p.entities.map(\.rawValue).joined(separator: ", ")))")
        }
    }

    static func regions(_ shares: Shares, _ path: String, _ s: Scenario, when enabled: Bool) throws(ScenarioIssue) {
        guard enabled else { return }
        for key in shares.keys where s.regionIndex(key) == nil {
            throw ScenarioIssue(path: "\(path).\(key)", "unknown region '\(key)'; expected one of: \(s.regions.map(\.name).joined(separator: ", "))")
        }
    }

    static func countries(_ shares: Shares, _ path: String) throws(ScenarioIssue) {
        for key in shares.keys where !(key.count == 2 && key.allSatisfy { $0.isASCII && $0.isUppercase }) {
            throw ScenarioIssue(path: "\(path).\(key)", "expected an ISO 3166-1 alpha-2 country code like VN, found '\(key)'")
        }
    }

    static func language(_ code: String, _ path: String) throws(ScenarioIssue) {
        guard LanguageCodes.iso639_1.contains(code) else {
            throw ScenarioIssue(path: path, "expected an ISO 639-1 language code like en, zh or vi, found '\(code)' (not in ISO 639-1)")
        }
    }
}

/// Account handle patterns: literal text with `{first}`, `{last}`, `{letters:N}` and `{digits:N}` placeholders.
public enum NamePattern {
    /// One piece of a pattern.
    public enum Piece: Sendable, Equatable {
        case literal(String)
        case first
        case last
        case letters(Int)
        case digits(Int)
    }

    /// Parses a pattern; `nil` when malformed (see ``problem(in:)``).
    public static func parse(_ pattern: String) -> [Piece]? {
        var pieces: [Piece] = []
        var rest = Substring(pattern)
        while !rest.isEmpty {
            if rest.first == "{" {
                guard let close = rest.firstIndex(of: "}") else { return nil }
                let body = rest[rest.index(after: rest.startIndex) ..< close]
                rest = rest[rest.index(after: close)...]
                let parts = body.split(separator: ":")
                switch parts.first {
                case "first" where parts.count == 1: pieces.append(.first)
                case "last" where parts.count == 1: pieces.append(.last)
                case "letters" where parts.count == 2: guard let n = Int(parts[1]), (1 ... 20).contains(n) else { return nil }; pieces.append(.letters(n))
                case "digits" where parts.count == 2: guard let n = Int(parts[1]), (1 ... 12).contains(n) else { return nil }; pieces.append(.digits(n))
                default: return nil
                }
            } else {
                let end = rest.firstIndex(of: "{") ?? rest.endIndex
                pieces.append(.literal(String(rest[..<end])))
                rest = rest[end...]
            }
        }
        return pieces.isEmpty ? nil : pieces
    }

    static func problem(in pattern: String) -> String? {
        parse(pattern) == nil ? "malformed name pattern '\(pattern)'; expected text with {first}, {last}, {letters:N} (1-20) or {digits:N} (1-12)" : nil
    }
}
