import CIBScenario
import CIBStorage
import Foundation
internal import Yams

/// Whether a world of a benchmark suite is one a detector may learn from or one it is tested on.
public enum SuiteRole: String, Sendable, Codable, CaseIterable {
    case train
    case test
}

/// How a test world relates to the training worlds, as the suite declares it (and the loader checks): `in` — the same
/// scenario, presets, overrides and scale as a training world, another seed; `shifted` — anything else.
public enum SuiteDistribution: String, Sendable, Codable, CaseIterable {
    case inDistribution = "in"
    case shifted
}

/// A benchmark suite file (`ciblab suite build` / `ciblab suite evaluate`, docs/suite.md): the worlds a learned
/// detector is trained on (with their truth) and the worlds it is tested on (truth held out), some of them
/// in-distribution (other seeds of a training scenario) and some shifted (held-out presets, other campaign sizes).
///
/// ```yaml
/// name: default
/// scenario: ../spamouflage-2023.yaml   # default for every world, relative to the suite file
/// scale: 1                             # default for every world
/// train:
///   - {name: base, seeds: [1, 2]}       # worlds base-1 and base-2
/// test:
///   - {name: base, seed: 101, distribution: in}
///   - {name: evasive-timing, seed: 201, presets: [evasive-timing], distribution: shifted}
///   - {name: small-campaign, seed: 202, set: [campaigns[0].accounts.facebook=2000], distribution: shifted}
/// ```
///
/// Each entry is one world (`seed: N`, folder `NAME`) or several (`seeds: [a, b]`, folders `NAME-1`, `NAME-2`: the
/// folder of a test world never names its seed). Scenarios, presets and `--set` overrides are those of `ciblab run`
/// and `ciblab generate` (``ScenarioLoader``). Parsing is strict: unknown keys, wrong types, duplicate names, a missing
/// seed are errors naming the file, the line and the key; ``resolve()`` then loads every world's scenario and refuses
/// a test world that repeats a training world.
public struct SuiteSpec: Sendable, Equatable {
    /// One world as the suite file describes it.
    public struct World: Sendable, Equatable {
        public var role: SuiteRole
        /// The folder name under `train/`, `test/` and `truth/`.
        public var name: String
        /// Where it comes from in the suite file: `test[2]` (and `test[2].seeds[1]` for one of several seeds).
        public var key: String
        /// The 1-based line of its entry in the suite file.
        public var line: Int?
        /// The scenario path as written in the suite file.
        public var scenario: String
        /// The scenario path to open: relative to the suite file's directory unless absolute.
        public var scenarioPath: String
        public var presets: [String]
        /// `key.path=value` overrides, as `--set` takes them.
        public var overrides: [String]
        public var seed: UInt64
        public var scale: Double
        /// Test worlds only.
        public var distribution: SuiteDistribution?
    }

    public var name: String
    public var description: String
    /// The suite file's path as given.
    public var file: String
    /// SHA-256 of the suite file's bytes.
    public var fileSHA256: String
    public var train: [World]
    public var test: [World]

    /// Every world: training worlds first, then test worlds, each in file order.
    public var worlds: [World] { train + test }

    static let topKeys = ["name", "description", "scenario", "scale", "train", "test"]
    static let worldKeys = ["name", "scenario", "presets", "set", "seed", "seeds", "scale", "distribution"]

    /// Reads a suite file.
    /// - Throws: ``ExperimentError`` `file:line: key: message`.
    public static func load(path: String) throws(ExperimentError) -> SuiteSpec {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ExperimentError("\(path): cannot read the suite file (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ExperimentError("\(path): the suite file is not UTF-8 text")
        }
        return try parse(text: text, file: path)
    }

    /// Parses suite text; `file` names it in errors and anchors relative scenario paths.
    public static func parse(text: String, file: String) throws(ExperimentError) -> SuiteSpec {
        func err(_ node: Node?, _ key: String, _ message: String) -> ExperimentError {
            ExperimentError("\(file)\(node?.mark.map { ":\($0.line)" } ?? ""): \(key.isEmpty ? "" : key + ": ")\(message)")
        }
        // The scenario loader's bounds on size, nesting and aliases hold for suites too.
        do { try YAMLLimits.check(text, file: file) } catch {
            throw ExperimentError(error.description.replacingOccurrences(of: "a scenario", with: "a suite"))
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw err(nil, "", "the suite file is empty; expected name, train and test (see docs/suite.md)") }
            root = node
        } catch let error as ExperimentError { throw error } catch let error as YamlError {
            throw ExperimentError("\(file)\(Self.line(of: error).map { ":\($0)" } ?? ""): not valid YAML: \(Self.problem(of: error))")
        } catch {
            throw err(nil, "", "not valid YAML: \(error)")
        }
        guard let mapping = root.mapping else { throw err(root, "", "expected a mapping of suite keys (name, train, test, ...; see docs/suite.md)") }
        let top = try keyed(mapping, allowed: topKeys, prefix: "", err: err)

        func scalar(_ node: Node, _ key: String) throws(ExperimentError) -> String {
            guard let s = node.scalar?.string, !s.isEmpty else { throw err(node, key, "expected a non-empty string, found \(describe(node))") }
            return s
        }
        func strings(_ node: Node, _ key: String) throws(ExperimentError) -> [String] {
            if node.scalar != nil { return [try scalar(node, key)] }
            guard let seq = node.sequence else { throw err(node, key, "expected a list of strings, found \(describe(node))") }
            var out: [String] = []
            for (i, item) in seq.enumerated() { out.append(try scalar(item, "\(key)[\(i)]")) }
            return out
        }
        func seed(_ node: Node, _ key: String) throws(ExperimentError) -> UInt64 {
            guard let s = node.scalar?.string, let v = UInt64(s) else {
                throw err(node, key, "expected a seed (an integer from 0 to \(UInt64.max)), found \(describe(node))")
            }
            return v
        }
        func scale(_ node: Node, _ key: String) throws(ExperimentError) -> Double {
            guard let s = node.scalar?.string, let v = Double(s), v.isFinite, v > 0, v <= 10_000 else {
                throw err(node, key, "expected a scale greater than 0 and at most 10000, found \(describe(node))")
            }
            return v
        }

        let directory = (file as NSString).deletingLastPathComponent
        func resolvePath(_ path: String) -> String {
            path.hasPrefix("/") || directory.isEmpty ? path : directory + "/" + path
        }
        let defaultScenario = try top["scenario"].map { (node: Node) throws(ExperimentError) in try scalar(node, "scenario") }
        let defaultScale = try top["scale"].map { (node: Node) throws(ExperimentError) in try scale(node, "scale") } ?? 1

        var names: [SuiteRole: Set<String>] = [:]
        func worlds(_ role: SuiteRole) throws(ExperimentError) -> [World] {
            let key = role.rawValue
            guard let node = top[key] else {
                throw err(root, key, "missing: the \(role == .train ? "training worlds (with truth)" : "test worlds (truth held out)"), a list of {name, seed, ...}")
            }
            guard let entries = node.sequence, !entries.isEmpty else {
                throw err(node, key, "expected a non-empty list of worlds ({name, seed, ...}), found \(describe(node))")
            }
            var out: [World] = []
            for (index, entry) in entries.enumerated() {
                let entryKey = "\(key)[\(index)]"
                guard let fields = entry.mapping else {
                    throw err(entry, entryKey, "expected a world: a mapping with name and seed (or seeds), found \(describe(entry))")
                }
                let values = try keyed(fields, allowed: worldKeys, prefix: entryKey + ".", err: err)
                guard let nameNode = values["name"] else { throw err(entry, entryKey + ".name", "missing: the world's folder name") }
                let name = try scalar(nameNode, entryKey + ".name")
                guard Self.isFolderName(name) else {
                    throw err(nameNode, entryKey + ".name", "'\(name)' is not a folder name: use 1-64 letters, digits, '-', '_' or '.', not starting with '.'")
                }
                guard let scenarioFile = try values["scenario"].map({ (node: Node) throws(ExperimentError) in try scalar(node, entryKey + ".scenario") }) ?? defaultScenario else {
                    throw err(entry, entryKey + ".scenario", "missing: give the world a scenario, or the suite a default scenario")
                }
                let presets = try values["presets"].map { (node: Node) throws(ExperimentError) in try strings(node, entryKey + ".presets") } ?? []
                let overrides = try values["set"].map { (node: Node) throws(ExperimentError) in try strings(node, entryKey + ".set") } ?? []
                let worldScale = try values["scale"].map { (node: Node) throws(ExperimentError) in try scale(node, entryKey + ".scale") } ?? defaultScale
                var distribution: SuiteDistribution?
                if let node = values["distribution"] {
                    guard role == .test else {
                        throw err(node, entryKey + ".distribution", "only test worlds declare a distribution (in or shifted)")
                    }
                    guard let s = node.scalar?.string, let d = SuiteDistribution(rawValue: s) else {
                        throw err(node, entryKey + ".distribution", "expected in (a training scenario, another seed) or shifted, found \(describe(node))")
                    }
                    distribution = d
                } else if role == .test {
                    throw err(entry, entryKey + ".distribution", "missing: declare the test world in (a training world's scenario, presets and scale with another seed) or shifted")
                }
                var seeds: [(UInt64, Node)] = []
                switch (values["seed"], values["seeds"]) {
                case (.some, .some):
                    throw err(values["seeds"], entryKey + ".seeds", "give seed or seeds, not both")
                case (.some(let node), nil):
                    seeds = [(try seed(node, entryKey + ".seed"), node)]
                case (nil, .some(let node)):
                    guard let list = node.sequence, !list.isEmpty else {
                        throw err(node, entryKey + ".seeds", "expected a non-empty list of seeds, found \(describe(node))")
                    }
                    for (i, item) in list.enumerated() {
                        let value = try seed(item, "\(entryKey).seeds[\(i)]")
                        if seeds.contains(where: { $0.0 == value }) {
                            throw err(item, "\(entryKey).seeds[\(i)]", "seed \(value) is listed twice")
                        }
                        seeds.append((value, item))
                    }
                case (nil, nil):
                    throw err(entry, entryKey + ".seed", "missing: the world's seed (seed: N, or seeds: [a, b] for several worlds)")
                }
                let single = values["seed"] != nil
                for (i, (value, node)) in seeds.enumerated() {
                    let folder = single ? name : "\(name)-\(i + 1)"
                    guard names[role, default: []].insert(folder).inserted else {
                        throw err(single ? nameNode : node, entryKey + ".name", "a \(role.rawValue) world named '\(folder)' is already defined")
                    }
                    out.append(World(
                        role: role, name: folder, key: single ? entryKey : "\(entryKey).seeds[\(i)]", line: entry.mark?.line,
                        scenario: scenarioFile, scenarioPath: resolvePath(scenarioFile), presets: presets,
                        overrides: overrides, seed: value, scale: worldScale, distribution: distribution))
                }
            }
            return out
        }
        let train = try worlds(.train)
        let test = try worlds(.test)
        let name = try top["name"].map { (node: Node) throws(ExperimentError) in try scalar(node, "name") }
            ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let description = try top["description"].map { (node: Node) throws(ExperimentError) in try scalar(node, "description") } ?? ""
        return SuiteSpec(name: name, description: description, file: file, fileSHA256: Checksum.sha256(Data(text.utf8)),
                         train: train, test: test)
    }

    /// A mapping's values by key, refusing keys outside `allowed` and keys that are not plain strings.
    private static func keyed(
        _ mapping: Node.Mapping, allowed: [String], prefix: String, err: (Node?, String, String) -> ExperimentError
    ) throws(ExperimentError) -> [String: Node] {
        var values: [String: Node] = [:]
        for (k, v) in mapping {
            guard let key = k.scalar?.string else { throw err(k, prefix.isEmpty ? "" : String(prefix.dropLast()), "expected a plain key") }
            guard allowed.contains(key) else {
                throw err(k, prefix + key, "unknown key; expected one of: \(allowed.joined(separator: ", "))")
            }
            guard values.updateValue(v, forKey: key) == nil else { throw err(k, prefix + key, "duplicate key") }
        }
        return values
    }

    static func isFolderName(_ name: String) -> Bool {
        (1 ... 64).contains(name.count) && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }
    }

    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): s.string.isEmpty ? "an empty value" : "'\(s.string.prefix(60))'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        case .duplicatedKeysInMapping(_, let context): context.mark.line
        default: nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            context.map { "\($0.text) \(problem)" } ?? problem
        case .duplicatedKeysInMapping(let duplicates, _): "duplicate keys \(duplicates.joined(separator: ", "))"
        default: "\(error)"
        }
    }
}
