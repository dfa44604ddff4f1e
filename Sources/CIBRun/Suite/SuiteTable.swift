public import CIBEvaluation
import Foundation

/// One row of a suite evaluation's tidy table: one detector × test world × entity kind × metric (Wickham, "Tidy
/// Data", 2014), with the world's declared distribution and seed, and the metric's interval (Wilson for proportions,
/// bootstrap for AP, ROC AUC and F1; see docs/evaluation.md).
public struct SuiteMetricRow: Sendable, Equatable, Codable {
    public var world: String
    public var distribution: SuiteDistribution
    public var seed: UInt64
    public var detector: String
    public var kind: String
    public var metric: String
    public var value: Double
    public var lower: Double?
    public var upper: Double?
    public var defined: Bool

    public init(world: String, distribution: SuiteDistribution, row: MetricRow) {
        self.world = world
        self.distribution = distribution
        self.seed = row.seed
        self.detector = row.detector
        self.kind = row.kind
        self.metric = row.metric
        self.value = row.value
        self.lower = row.lower
        self.upper = row.upper
        self.defined = row.defined
    }

    enum CodingKeys: String, CodingKey {
        case world, distribution, seed, detector, kind, metric, value, lower, upper, defined
    }

    /// Writes absent interval ends as `null`, so every JSON row has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(world, forKey: .world)
        try c.encode(distribution, forKey: .distribution)
        try c.encode(seed, forKey: .seed)
        try c.encode(detector, forKey: .detector)
        try c.encode(kind, forKey: .kind)
        try c.encode(metric, forKey: .metric)
        try c.encode(value, forKey: .value)
        try c.encode(lower, forKey: .lower)
        try c.encode(upper, forKey: .upper)
        try c.encode(defined, forKey: .defined)
    }
}

/// The in-distribution vs shifted gap of one detector on one metric and entity kind: the mean over the test worlds
/// declared `in`, the mean over those declared `shifted` (or one shifted world's value), and their difference
/// (in − shifted: positive when the detector does worse under the shift). Undefined values are left out of the
/// means; a side with no defined value has no mean and no gap.
public struct SuiteGapRow: Sendable, Equatable, Codable {
    public var detector: String
    public var kind: String
    public var metric: String
    /// `*` for the mean over every shifted world, else the shifted world's name.
    public var shiftedWorld: String
    public var inWorlds: Int
    public var inDistribution: Double?
    public var shiftedWorlds: Int
    public var shifted: Double?
    public var gap: Double?

    enum CodingKeys: String, CodingKey {
        case detector, kind, metric, shifted, gap
        case shiftedWorld = "shifted_world"
        case inWorlds = "in_worlds"
        case inDistribution = "in_distribution"
        case shiftedWorlds = "shifted_worlds"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(detector, forKey: .detector)
        try c.encode(kind, forKey: .kind)
        try c.encode(metric, forKey: .metric)
        try c.encode(shiftedWorld, forKey: .shiftedWorld)
        try c.encode(inWorlds, forKey: .inWorlds)
        try c.encode(inDistribution, forKey: .inDistribution)
        try c.encode(shiftedWorlds, forKey: .shiftedWorlds)
        try c.encode(shifted, forKey: .shifted)
        try c.encode(gap, forKey: .gap)
    }
}

/// A suite evaluation's results: the tidy rows in evaluation order (test world, then detector, kind, metric) and the
/// gaps derived from them. Encodings are deterministic (rows in order, shortest round-trip numbers, sorted JSON keys).
public struct SuiteTable: Sendable, Equatable {
    public var rows: [SuiteMetricRow]

    /// The metrics whose in-distribution vs shifted gap is reported.
    public static let gapMetrics = ["average_precision", "roc_auc", "f1", "precision", "recall"]

    public init(rows: [SuiteMetricRow] = []) {
        self.rows = rows
    }

    public static let header = ["world", "distribution", "seed", "detector", "kind", "metric", "value", "lower", "upper", "defined"]
    public static let gapHeader = ["detector", "kind", "metric", "shifted_world", "in_worlds", "in_distribution", "shifted_worlds", "shifted", "gap"]

    /// Detectors in the order they first appear.
    public var detectors: [String] { ordered(rows.map(\.detector)) }
    /// Test worlds in the order they were evaluated, with their distribution.
    public var worlds: [(name: String, distribution: SuiteDistribution)] {
        var seen = Set<String>()
        return rows.compactMap { seen.insert($0.world).inserted ? ($0.world, $0.distribution) : nil }
    }

    /// The defined value of one cell, if any.
    public func value(detector: String, world: String, kind: String = "all", metric: String) -> SuiteMetricRow? {
        rows.first { $0.detector == detector && $0.world == world && $0.kind == kind && $0.metric == metric }
    }

    /// The gap rows: per detector, kind and ``gapMetrics`` metric, first the mean over all shifted worlds (`*`), then
    /// each shifted world.
    public func gaps() -> [SuiteGapRow] {
        let worlds = self.worlds
        let inWorlds = worlds.filter { $0.distribution == .inDistribution }.map(\.name)
        let shiftedWorlds = worlds.filter { $0.distribution == .shifted }.map(\.name)
        var index: [String: SuiteMetricRow] = [:]
        for row in rows where Self.gapMetrics.contains(row.metric) {
            index["\(row.detector)\u{1}\(row.world)\u{1}\(row.kind)\u{1}\(row.metric)"] = row
        }
        let kinds = ordered(rows.map(\.kind))
        func mean(_ detector: String, _ kind: String, _ metric: String, _ names: [String]) -> (count: Int, mean: Double?) {
            let values = names.compactMap { index["\(detector)\u{1}\($0)\u{1}\(kind)\u{1}\(metric)"] }.filter(\.defined).map(\.value)
            return (values.count, values.isEmpty ? nil : values.reduce(0, +) / Double(values.count))
        }
        var out: [SuiteGapRow] = []
        for detector in detectors {
            for kind in kinds {
                for metric in Self.gapMetrics {
                    let inside = mean(detector, kind, metric, inWorlds)
                    for shiftedWorld in ["*"] + shiftedWorlds {
                        let shifted = mean(detector, kind, metric, shiftedWorld == "*" ? shiftedWorlds : [shiftedWorld])
                        var gap: Double?
                        if let a = inside.mean, let b = shifted.mean { gap = a - b }
                        out.append(SuiteGapRow(
                            detector: detector, kind: kind, metric: metric, shiftedWorld: shiftedWorld, inWorlds: inside.count,
                            inDistribution: inside.mean, shiftedWorlds: shifted.count, shifted: shifted.mean, gap: gap))
                    }
                }
            }
        }
        return out
    }

    /// RFC 4180 CSV with ``header``; absent interval ends are empty fields.
    public func csv() -> String {
        var out = Self.header.joined(separator: ",") + "\n"
        for row in rows {
            out += [
                Self.escape(row.world), row.distribution.rawValue, String(row.seed), Self.escape(row.detector),
                Self.escape(row.kind), Self.escape(row.metric), Self.number(row.value), row.lower.map(Self.number) ?? "",
                row.upper.map(Self.number) ?? "", row.defined ? "true" : "false",
            ].joined(separator: ",") + "\n"
        }
        return out
    }

    /// A JSON array of rows with sorted keys; absent interval ends are `null`.
    public func json() -> Data { Self.json(rows) }

    /// The gap rows as CSV with ``gapHeader``; an absent mean or gap is an empty field.
    public func gapCSV(_ gaps: [SuiteGapRow]) -> String {
        var out = Self.gapHeader.joined(separator: ",") + "\n"
        for g in gaps {
            out += [
                Self.escape(g.detector), Self.escape(g.kind), Self.escape(g.metric), Self.escape(g.shiftedWorld),
                String(g.inWorlds), g.inDistribution.map(Self.number) ?? "", String(g.shiftedWorlds),
                g.shifted.map(Self.number) ?? "", g.gap.map(Self.number) ?? "",
            ].joined(separator: ",") + "\n"
        }
        return out
    }

    public func gapJSON(_ gaps: [SuiteGapRow]) -> Data { Self.json(gaps) }

    static func json(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Rows hold only strings, integers, finite doubles, booleans and nulls: encoding cannot fail.
        var data = (try? encoder.encode(value)) ?? Data("[]".utf8)
        data.append(0x0A)
        return data
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private func ordered(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}
