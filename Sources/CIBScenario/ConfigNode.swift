internal import Yams

/// The scenario file as a tree of mappings, sequences and scalars, each with its source line: what presets and
/// `--set` overrides edit before the tree is decoded, and where error messages find their line numbers.
struct ConfigNode: Sendable {
    indirect enum Value: Sendable {
        /// A scalar's text; `quoted` when written in quotes (so `"null"` stays a string).
        case scalar(String, quoted: Bool)
        case mapping([(key: String, value: ConfigNode)])
        case sequence([ConfigNode])
    }

    var value: Value
    /// 1-based source line, `nil` for values set on the command line.
    var line: Int?
    /// The file the node came from (the base file, a preset, or `--set`).
    var origin: String

    var isNull: Bool {
        if case .scalar(let s, let quoted) = value, !quoted { return s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL" }
        return false
    }

    var typeName: String {
        switch value {
        case .scalar: isNull ? "null" : "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    /// Parses YAML (or JSON) text. Throws a ``ScenarioError`` with the parser's line on malformed input.
    /// The text is first checked against ``YAMLLimits`` (size, nesting, aliases).
    static func parse(yaml text: String, file: String) throws(ScenarioError) -> ConfigNode {
        try YAMLLimits.check(text, file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ScenarioError(file: file, path: "", line: yamlLine(error), message: "not valid YAML: \(yamlProblem(error))")
        } catch {
            throw ScenarioError(file: file, path: "", line: nil, message: "not valid YAML: \(error)")
        }
        guard let root else { return ConfigNode(value: .scalar("", quoted: false), line: 1, origin: file) }
        var budget = YAMLLimits.maxNodes
        return try convert(root, file: file, path: [], budget: &budget)
    }

    private static func convert(_ node: Node, file: String, path: [ScenarioPath.Component], budget: inout Int) throws(ScenarioError) -> ConfigNode {
        let line = node.mark?.line
        budget -= 1
        guard budget >= 0, path.count <= YAMLLimits.maxDepth else {
            throw ScenarioError(file: file, path: "", line: line, message: "the document has more than \(YAMLLimits.maxNodes) values or \(YAMLLimits.maxDepth) levels; a scenario has a few thousand")
        }
        switch node {
        case .scalar(let s):
            return ConfigNode(value: .scalar(s.string, quoted: s.style != .plain), line: line, origin: file)
        case .sequence(let seq):
            var items: [ConfigNode] = []
            for (i, item) in seq.enumerated() { items.append(try convert(item, file: file, path: path + [.index(i)], budget: &budget)) }
            return ConfigNode(value: .sequence(items), line: line, origin: file)
        case .mapping(let map):
            var pairs: [(key: String, value: ConfigNode)] = []
            var keys = Set<String>()
            for (k, v) in map {
                guard case .scalar(let ks) = k else {
                    throw ScenarioError(file: file, path: ScenarioPath.format(path), line: k.mark?.line, message: "mapping keys must be plain names")
                }
                if !keys.insert(ks.string).inserted {
                    throw ScenarioError(
                        file: file, path: ScenarioPath.format(path + [.key(ks.string)]), line: k.mark?.line,
                        message: "duplicate key '\(ks.string)'")
                }
                pairs.append((ks.string, try convert(v, file: file, path: path + [.key(ks.string)], budget: &budget)))
            }
            return ConfigNode(value: .mapping(pairs), line: line, origin: file)
        case .alias:
            throw ScenarioError(file: file, path: ScenarioPath.format(path), line: line, message: "YAML aliases are not supported; write the value out")
        }
    }

    private static func yamlLine(_ error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        case .duplicatedKeysInMapping(_, let context): context.mark.line
        default: nil
        }
    }

    private static func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            return context.map { "\($0.text) \(problem)" } ?? problem
        case .duplicatedKeysInMapping(let duplicates, _): return "duplicate keys \(duplicates.joined(separator: ", "))"
        default: return "\(error)"
        }
    }

    // MARK: - Paths

    /// Records every node's line and origin by key path, for error messages.
    func index(into table: inout [String: (line: Int?, origin: String)], path: [ScenarioPath.Component] = []) {
        table[ScenarioPath.format(path)] = (line, origin)
        switch value {
        case .scalar: break
        case .mapping(let pairs): for (k, v) in pairs { v.index(into: &table, path: path + [.key(k)]) }
        case .sequence(let items): for (i, v) in items.enumerated() { v.index(into: &table, path: path + [.index(i)]) }
        }
    }

    subscript(key: String) -> ConfigNode? {
        if case .mapping(let pairs) = value { return pairs.first { $0.key == key }?.value }
        return nil
    }

    /// Removes a top-level key, returning its value.
    mutating func remove(key: String) -> ConfigNode? {
        guard case .mapping(var pairs) = value, let i = pairs.firstIndex(where: { $0.key == key }) else { return nil }
        let v = pairs.remove(at: i).value
        value = .mapping(pairs)
        return v
    }

    // MARK: - Merging (presets)

    /// Keys whose mapping is a set of shares (weights that must sum to 1): a preset's shares replace the base's
    /// whole, since merging two sets of shares key by key gives weights that sum to more than 1.
    static let sharesKeys: Set<String> = ["followerCountries", "proxyCountries", "countries", "languages", "actions", "regions"]

    /// Deep-merges `overlay` over `self`: mappings merge key by key (except shares, see ``sharesKeys``, which are
    /// replaced), lists merge element by element (extra elements are appended), scalars are replaced.
    func merged(with overlay: ConfigNode) -> ConfigNode {
        switch (value, overlay.value) {
        case (.mapping(var base), .mapping(let top)):
            for (k, v) in top {
                if let i = base.firstIndex(where: { $0.key == k }) {
                    if Self.sharesKeys.contains(k), case .mapping = v.value {
                        base[i].value = v
                        continue
                    }
                    base[i].value = base[i].value.merged(with: v)
                } else {
                    base.append((k, v))
                }
            }
            return ConfigNode(value: .mapping(base), line: line, origin: origin)
        case (.sequence(var base), .sequence(let top)):
            for (i, v) in top.enumerated() {
                if i < base.count { base[i] = base[i].merged(with: v) } else { base.append(v) }
            }
            return ConfigNode(value: .sequence(base), line: line, origin: origin)
        default:
            return overlay
        }
    }

    // MARK: - Overrides (--set)

    /// Replaces the node at `path` by `newValue`, creating missing mapping keys on the way; an index past the end
    /// of a list, or a step into a scalar, is an error.
    mutating func set(_ path: ArraySlice<ScenarioPath.Component>, to newValue: ConfigNode, walked: [ScenarioPath.Component] = []) throws(ScenarioIssue) {
        guard let step = path.first else {
            self = newValue
            return
        }
        let rest = path.dropFirst()
        switch (step, value) {
        case (.key(let k), .mapping(var pairs)):
            if let i = pairs.firstIndex(where: { $0.key == k }) {
                try pairs[i].value.set(rest, to: newValue, walked: walked + [step])
            } else {
                var fresh = ConfigNode(value: rest.first.map { if case .index = $0 { .sequence([]) } else { .mapping([]) } } ?? .mapping([]), line: nil, origin: newValue.origin)
                try fresh.set(rest, to: newValue, walked: walked + [step])
                pairs.append((k, fresh))
            }
            value = .mapping(pairs)
        case (.key(let k), _) where isNull:
            var fresh = ConfigNode(value: .mapping([]), line: nil, origin: newValue.origin)
            try fresh.set(path, to: newValue, walked: walked)
            self = fresh
            _ = k
        case (.index(let i), .sequence(var items)):
            guard i < items.count else {
                throw ScenarioIssue(path: ScenarioPath.format(walked + [step]),
                    "index \(i) is out of range: \(ScenarioPath.format(walked)) has \(items.count) element\(items.count == 1 ? "" : "s")")
            }
            try items[i].set(rest, to: newValue, walked: walked + [step])
            value = .sequence(items)
        case (.key(let k), _):
            throw ScenarioIssue(path: ScenarioPath.format(walked + [step]), "cannot set key '\(k)': \(walked.isEmpty ? "the document" : ScenarioPath.format(walked)) is \(typeName), not a mapping")
        case (.index(let i), _):
            throw ScenarioIssue(path: ScenarioPath.format(walked + [step]), "cannot index [\(i)]: \(ScenarioPath.format(walked)) is \(typeName), not a list")
        }
    }
}
