import CIBEvaluation
public import CIBScenario
import CIBDetectors
import CIBStorage
import Foundation
internal import Yams

/// A what-if sweep file: a base scenario, axes of `--set` overrides, seeds per point, detectors (`ciblab sweep`).
///
/// ```yaml
/// name: shift-jitter
/// scenario: ../smoke.yaml          # relative to the sweep file
/// presets: [evasive-timing]        # optional
/// set: [organic.accounts=1500]     # optional overrides applied to every point
/// seed: 42                         # optional first seed (default: the scenario's)
/// seeds: 3                         # seeds per point
/// detectors: [shift-pattern]       # optional (default: all built-in)
/// parameters: [shift-pattern.threshold=6]   # optional
/// bootstrap: 0                     # optional bootstrap replicates
/// report: {metric: recall, kind: account}   # the metric charted and summarised
/// axes:
///   campaigns[0].schedule.jitter: [0m, 30m, 90m, 180m]
///   campaigns[0].content.paraphraseRate: {from: 0, to: 0.6, step: 0.2}
/// ```
/// The grid is the Cartesian product of the axes, the first axis outermost. Compound values (lists, mappings) are
/// written as quoted flow YAML: `"{VN: 0.5, BR: 0.5}"`.
public struct SweepSpec: Sendable, Equatable {
    public struct Axis: Sendable, Equatable, Codable {
        public var key: String
        public var values: [String]
    }

    public var name: String
    /// The sweep file's path.
    public var file: String
    /// The scenario path, resolved relative to the sweep file.
    public var scenario: String
    public var presets: [String]
    public var overrides: [String]
    public var seed: UInt64?
    public var seedsPerPoint: Int
    public var detectors: [String]
    public var parameters: [String]
    public var bootstrapReplicates: Int
    public var reportMetric: String
    public var reportKind: String
    public var axes: [Axis]

    static let keys = ["name", "scenario", "presets", "set", "seed", "seeds", "detectors", "parameters", "bootstrap", "report", "axes"]

    /// Reads a sweep file.
    /// - Throws: ``ExperimentError`` naming the file, line and key.
    public static func load(path: String) throws(ExperimentError) -> SweepSpec {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ExperimentError("\(path): cannot read the sweep file (\(error.localizedDescription))")
        }
        return try parse(text: text, file: path)
    }

    /// Parses sweep text; `file` names it in errors and anchors the relative scenario path.
    public static func parse(text: String, file: String) throws(ExperimentError) -> SweepSpec {
        func err(_ node: Node?, _ key: String, _ message: String) -> ExperimentError {
            ExperimentError("\(file)\(node?.mark.map { ":\($0.line)" } ?? ""): \(key.isEmpty ? "" : key + ": ")\(message)")
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw err(nil, "", "the sweep file is empty") }
            root = node
        } catch let error as ExperimentError { throw error } catch {
            throw err(nil, "", "not valid YAML: \(error)")
        }
        guard let mapping = root.mapping else { throw err(root, "", "expected a mapping of sweep keys") }
        var values: [String: Node] = [:]
        for (k, v) in mapping {
            guard let key = k.string else { throw err(k, "", "expected a string key") }
            guard keys.contains(key) else { throw err(k, key, "unknown key; expected one of: \(keys.joined(separator: ", "))") }
            values[key] = v
        }
        func string(_ key: String) throws(ExperimentError) -> String? {
            guard let node = values[key] else { return nil }
            guard let s = node.scalar?.string, !s.isEmpty else { throw err(node, key, "expected a string") }
            return s
        }
        func int(_ key: String, minimum: Int) throws(ExperimentError) -> Int? {
            guard let node = values[key] else { return nil }
            guard let s = node.scalar?.string, let v = Int(s), v >= minimum else {
                throw err(node, key, "expected an integer ≥ \(minimum), found '\(node.scalar?.string ?? "a collection")'")
            }
            return v
        }
        func list(_ key: String) throws(ExperimentError) -> [String] {
            guard let node = values[key] else { return [] }
            if let s = node.scalar?.string { return [s] }
            guard let seq = node.sequence else { throw err(node, key, "expected a list of strings") }
            var out: [String] = []
            for item in seq {
                guard let s = item.scalar?.string else { throw err(item, key, "expected a string") }
                out.append(s)
            }
            return out
        }
        let directory = (file as NSString).deletingLastPathComponent
        guard let scenarioPath = try string("scenario") else { throw err(root, "scenario", "missing: the base scenario file") }
        let resolvedScenario = scenarioPath.hasPrefix("/") || directory.isEmpty ? scenarioPath : directory + "/" + scenarioPath
        var seed: UInt64?
        if let node = values["seed"] {
            guard let s = node.scalar?.string, let v = UInt64(s) else { throw err(node, "seed", "expected an unsigned integer") }
            seed = v
        }
        var metric = "recall", kind = "all"
        if let node = values["report"] {
            guard let m = node.mapping else { throw err(node, "report", "expected {metric: NAME, kind: all|account|page|group}") }
            for (k, v) in m {
                switch k.string {
                case "metric": metric = v.scalar?.string ?? metric
                case "kind": kind = v.scalar?.string ?? kind
                default: throw err(k, "report.\(k.string ?? "?")", "unknown key; expected metric or kind")
                }
            }
            guard MetricRegistry.standard.definition(of: metric) != nil else {
                throw err(node, "report.metric", "unknown metric '\(metric)'; expected one of: \(MetricRegistry.standard.metrics.map(\.name).joined(separator: ", "))")
            }
            guard ["all", "account", "page", "group"].contains(kind) else {
                throw err(node, "report.kind", "expected all, account, page or group, found '\(kind)'")
            }
        }
        guard let axesNode = values["axes"] else { throw err(root, "axes", "missing: at least one axis (key path: [values])") }
        guard let axesMapping = axesNode.mapping, !axesMapping.isEmpty else {
            throw err(axesNode, "axes", "expected a mapping of scenario key paths to lists of values, with at least one axis")
        }
        var axes: [Axis] = []
        for (k, v) in axesMapping {
            guard let key = k.string, !key.isEmpty else { throw err(k, "axes", "expected a scenario key path") }
            let label = "axes.\(key)"
            var axisValues: [String] = []
            if let seq = v.sequence {
                for item in seq {
                    guard let s = item.scalar?.string else {
                        throw err(item, label, "expected a scalar value (write lists and mappings as quoted flow YAML, e.g. \"{VN: 0.5}\")")
                    }
                    axisValues.append(s)
                }
            } else if let range = v.mapping {
                var from: Double?, to: Double?, step: Double?
                for (rk, rv) in range {
                    let number = rv.scalar.flatMap { Double($0.string) }
                    switch rk.string {
                    case "from": from = number
                    case "to": to = number
                    case "step": step = number
                    default: throw err(rk, label, "unknown range key '\(rk.string ?? "?")'; expected from, to, step")
                    }
                }
                guard let from, let to, let step, step > 0, to >= from else {
                    throw err(v, label, "expected a range {from: A, to: B, step: S} with numbers, S > 0 and B ≥ A")
                }
                let count = Int(((to - from) / step + 1e-9).rounded(.down)) + 1
                guard count <= 10_000 else { throw err(v, label, "range has \(count) values; at most 10000") }
                axisValues = (0 ..< count).map { i in
                    let x = from + Double(i) * step
                    let r = (x * 1e9).rounded() / 1e9
                    return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : "\(r)"
                }
            } else {
                throw err(v, label, "expected a list of values or a range {from, to, step}")
            }
            guard !axisValues.isEmpty else { throw err(v, label, "the axis is empty: give at least one value") }
            guard Set(axisValues).count == axisValues.count else { throw err(v, label, "a value is listed twice") }
            axes.append(Axis(key: key, values: axisValues))
        }
        let name = try string("name") ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        return SweepSpec(
            name: name, file: file, scenario: resolvedScenario, presets: try list("presets"), overrides: try list("set"),
            seed: seed, seedsPerPoint: try int("seeds", minimum: 1) ?? 1, detectors: try list("detectors"),
            parameters: try list("parameters"), bootstrapReplicates: try int("bootstrap", minimum: 0) ?? 0,
            reportMetric: metric, reportKind: kind, axes: axes)
    }

    /// The grid, first axis outermost.
    public func points() -> [SweepPoint] {
        var combos: [[String]] = [[]]
        for axis in axes { combos = combos.flatMap { prefix in axis.values.map { prefix + [$0] } } }
        return combos.enumerated().map { SweepPoint(index: $0.offset, values: $0.element, keys: axes.map(\.key)) }
    }

    /// Loads every point's scenario and the detectors before anything runs.
    /// - Throws: ``ExperimentError`` naming the point and the key that failed.
    public func validate() throws(ExperimentError) -> [(point: SweepPoint, scenario: Scenario)] {
        do { _ = try DetectorPipeline(names: detectors, overrides: parameters) } catch {
            throw ExperimentError("\(file): detectors/parameters: \(error.description)")
        }
        var out: [(SweepPoint, Scenario)] = []
        for point in points() {
            do {
                out.append((point, try ScenarioLoader.load(path: scenario, presets: presets, overrides: overrides + point.overrides)))
            } catch {
                throw ExperimentError("\(file): point \(point.index + 1) (\(point.label)): \(error.description)")
            }
        }
        return out
    }
}

/// One point of a sweep grid.
public struct SweepPoint: Sendable, Equatable, Codable {
    public var index: Int
    /// One value per axis, in axis order.
    public var values: [String]
    public var keys: [String]

    /// `key=value` overrides.
    public var overrides: [String] { zip(keys, values).map { "\($0)=\($1)" } }
    public var label: String { overrides.joined(separator: ", ") }

    /// A file-name-safe id derived only from the axis values: a readable slug and an FNV-1a hash of the overrides.
    public var id: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in overrides.joined(separator: "\n").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let slug = values.map { v in String(v.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" }.prefix(24)) }
            .joined(separator: "_")
        let hex = String(hash, radix: 16)
        return slug + "-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
