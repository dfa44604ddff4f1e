public import Foundation
internal import Yams

/// Loads a scenario: YAML or JSON → presets merged in → `--set` overrides applied → strict decoding → cross-checks.
/// Every problem is one ``ScenarioError`` naming the file, line and key path.
///
/// Presets are partial scenario files deep-merged over the base, in order: mappings key by key (shares, such as
/// `followerCountries` or `languages`, are replaced whole, since their weights must sum to 1), lists element by
/// element (so `campaigns: [{schedule: {jitter: 2h}}]` changes only the first campaign's jitter). A preset is asked
/// for by a `presets: [name, ...]` key in the scenario file or by the `presets` argument (the CLI's `--preset`);
/// a bare name is looked up as `presets/NAME.yaml` beside the scenario file (then in `scenarios/presets/` of the
/// working directory); a name with a `/` or an extension is a path.
///
/// Overrides are `key.path[index].key=value` strings (the CLI's repeatable `--set`), applied after presets and
/// before validation; the value is parsed as YAML (`45m`, `0.3`, `[mon, tue]`, `{VN: 0.5, BR: 0.5}`).
public enum ScenarioLoader {
    /// Loads, merges, overrides and validates the scenario at `path`.
    public static func load(path: String, presets: [String] = [], overrides: [String] = []) throws(ScenarioError) -> Scenario {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScenarioError(file: path, path: "", line: nil, message: "cannot read the scenario file (\(Self.reason(error)))")
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try load(text: text, file: path, presets: presets, overrides: overrides, presetDirectory: directory.isEmpty ? "." : directory)
    }

    /// Loads a scenario from text (`file` names it in error messages; presets are looked up in `presetDirectory`).
    public static func load(
        text: String, file: String = "<scenario>", presets: [String] = [], overrides: [String] = [], presetDirectory: String? = nil
    ) throws(ScenarioError) -> Scenario {
        var root = try ConfigNode.parse(yaml: text, file: file)
        guard case .mapping(let topLevel) = root.value else {
            throw ScenarioError(file: file, path: "", line: root.line, message: "expected a mapping of scenario keys at the top level, found \(root.isNull ? "an empty document" : describe(root))")
        }
        // A document that names no scenario key at all (`{}`, another tool's JSON) is not a scenario; unknown keys
        // are named by the decoder below.
        guard !topLevel.isEmpty else {
            throw ScenarioError(file: file, path: "", line: root.line, message: "the document is an empty mapping; expected a scenario (name, period, platforms, ...; see docs/scenario.md)")
        }

        // Presets named in the file, then on the command line.
        var names: [String] = []
        if let listed = root.remove(key: "presets") {
            switch listed.value {
            case .scalar(let s, _) where !listed.isNull: names.append(s)
            case .sequence(let items):
                for (i, item) in items.enumerated() {
                    guard case .scalar(let s, _) = item.value, !item.isNull else {
                        throw ScenarioError(file: file, path: "presets[\(i)]", line: item.line, message: "expected a preset name, found \(describe(item))")
                    }
                    names.append(s)
                }
            default:
                if !listed.isNull {
                    throw ScenarioError(file: file, path: "presets", line: listed.line, message: "expected a list of preset names, found \(describe(listed))")
                }
            }
        }
        names += presets
        for name in names {
            let presetPath = try locatePreset(name, directory: presetDirectory, file: file)
            let presetText: String
            do {
                presetText = try String(contentsOfFile: presetPath, encoding: .utf8)
            } catch {
                throw ScenarioError(file: presetPath, path: "", line: nil, message: "cannot read preset '\(name)' (\(Self.reason(error)))")
            }
            var preset = try ConfigNode.parse(yaml: presetText, file: presetPath)
            if preset.remove(key: "presets") != nil {
                throw ScenarioError(file: presetPath, path: "presets", line: nil, message: "a preset cannot name further presets")
            }
            guard case .mapping = preset.value else {
                throw ScenarioError(file: presetPath, path: "", line: preset.line, message: "expected a mapping of scenario keys, found \(describe(preset))")
            }
            root = root.merged(with: preset)
        }

        // --set overrides.
        var setBy: [(path: String, text: String)] = []
        for override in overrides {
            guard let eq = override.firstIndex(of: "=") else {
                throw ScenarioError(file: file, path: "", line: nil, message: "--set \(override): expected KEY.PATH=VALUE, e.g. campaigns[0].schedule.jitter=45m")
            }
            let keyText = String(override[..<eq]).trimmingSpaces
            let valueText = String(override[override.index(after: eq)...])
            guard let components = ScenarioPath.parse(keyText) else {
                throw ScenarioError(file: file, path: keyText, line: nil, message: "--set \(override): malformed key path; expected names and [index]es like campaigns[0].schedule.jitter")
            }
            if case .key("presets") = components[0] {
                throw ScenarioError(file: file, path: keyText, line: nil, message: "--set cannot change presets; use --preset")
            }
            let origin = "--set \(override)"
            var value: ConfigNode
            do {
                value = try ConfigNode.parse(yaml: valueText.isEmpty ? "\"\"" : valueText, file: origin)
            } catch {
                throw ScenarioError(file: file, path: keyText, line: nil, message: "--set \(override): the value is not valid YAML (\(error.message))")
            }
            value.clearLines(origin: origin)
            do {
                try root.set(components[...], to: value)
            } catch {
                throw ScenarioError(file: file, path: error.path, line: nil, message: "\(error.message) (--set \(override))")
            }
            setBy.append((ScenarioPath.format(components), override))
        }

        var lines: [String: (line: Int?, origin: String)] = [:]
        root.index(into: &lines)
        func locate(_ issue: ScenarioIssue) -> ScenarioError {
            if let (_, override) = setBy.last(where: { issue.path == $0.path || issue.path.hasPrefix($0.path + ".") || issue.path.hasPrefix($0.path + "[") }) {
                return ScenarioError(file: file, path: issue.path, line: nil, message: "\(issue.message) (--set \(override))")
            }
            // The nearest node with a line: the path itself or its closest ancestor.
            var p = issue.path
            while true {
                if let found = lines[p], let line = found.line {
                    return ScenarioError(file: found.origin.hasPrefix("--set") ? file : found.origin, path: issue.path, line: line, message: issue.message)
                }
                guard let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
                p = String(p[..<cut])
            }
            return ScenarioError(file: file, path: issue.path, line: lines[""]?.line, message: issue.message)
        }

        var scenario: Scenario
        do {
            scenario = try ConfigDecoder.decodeRoot(Scenario.self, from: root)
        } catch let issue as ScenarioIssue {
            throw locate(issue)
        } catch let DecodingError.dataCorrupted(context) {
            throw locate(ScenarioIssue(context.codingPath, context.debugDescription))
        } catch {
            throw ScenarioError(file: file, path: "", line: nil, message: "\(error)")
        }
        scenario.presets = names
        do {
            try ScenarioValidation.check(scenario)
        } catch {
            throw locate(error)
        }
        return scenario
    }

    /// Names of the presets in `directory/presets/` (for help texts and error messages).
    public static func presetNames(directory: String) -> [String] {
        let dir = (directory as NSString).appendingPathComponent("presets")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func locatePreset(_ name: String, directory: String?, file: String) throws(ScenarioError) -> String {
        if name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".json") {
            guard FileManager.default.fileExists(atPath: name) else {
                throw ScenarioError(file: file, path: "presets", line: nil, message: "preset file '\(name)' does not exist")
            }
            return name
        }
        let candidates = [directory, "scenarios"].compactMap { $0 }.map { ($0 as NSString).appendingPathComponent("presets/\(name).yaml") }
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) { return found }
        let known = Set([directory, "scenarios"].compactMap { $0 }.flatMap { presetNames(directory: $0) }).sorted()
        throw ScenarioError(
            file: file, path: "presets", line: nil,
            message: "unknown preset '\(name)'; expected one of: \(known.isEmpty ? "(none found)" : known.joined(separator: ", "))")
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}

extension ConfigNode {
    /// Marks a command-line value: no line, origin `--set ...`.
    mutating func clearLines(origin: String) {
        line = nil
        self.origin = origin
        switch value {
        case .scalar: break
        case .mapping(var pairs):
            for i in pairs.indices { pairs[i].value.clearLines(origin: origin) }
            value = .mapping(pairs)
        case .sequence(var items):
            for i in items.indices { items[i].clearLines(origin: origin) }
            value = .sequence(items)
        }
    }
}

extension Scenario {
    /// The resolved scenario as canonical JSON: sorted keys, no insignificant whitespace, every default written
    /// out. Equal scenarios give equal bytes; the manifest records these bytes and their SHA-256.
    public func canonicalJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(self)
        } catch {
            // Every field is a plain value (finite numbers are enforced while loading), so encoding cannot fail.
            preconditionFailure("Scenario.canonicalJSON: \(error)")
        }
    }
}
