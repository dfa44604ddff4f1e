import Foundation

/// The readable face of a suite evaluation: per detector, one metric on every test world (all entities), the mean
/// over the in-distribution and over the shifted worlds, and the gap between them; as aligned text for a terminal
/// and as Markdown (`summary.md`).
public struct SuiteSummary: Sendable {
    /// The metrics shown, with their titles.
    public static let metrics: [(name: String, title: String)] = [("average_precision", "AP"), ("roc_auc", "ROC AUC"), ("f1", "F1")]

    public var table: SuiteTable
    public var kind: String

    public init(table: SuiteTable, kind: String = "all") {
        self.table = table
        self.kind = kind
    }

    /// Rows of cells: a header, then one row per detector.
    func grid(metric: String, intervals: Bool) -> [[String]] {
        let worlds = table.worlds
        let gaps = table.gaps().filter { $0.kind == kind && $0.metric == metric && $0.shiftedWorld == "*" }
        var out = [["detector"] + worlds.map { "\($0.name) (\($0.distribution == .inDistribution ? "in" : "shifted"))" } + ["in", "shifted", "gap"]]
        for detector in table.detectors {
            var line = [detector]
            for world in worlds {
                guard let row = table.value(detector: detector, world: world.name, kind: kind, metric: metric), row.defined else {
                    line.append("n/a")
                    continue
                }
                if intervals, let lower = row.lower, let upper = row.upper {
                    line.append("\(Self.format(row.value)) [\(Self.format(lower)), \(Self.format(upper))]")
                } else {
                    line.append(Self.format(row.value))
                }
            }
            let gap = gaps.first { $0.detector == detector }
            line.append(gap?.inDistribution.map(Self.format) ?? "n/a")
            line.append(gap?.shifted.map(Self.format) ?? "n/a")
            line.append(gap?.gap.map(Self.signed) ?? "n/a")
            out.append(line)
        }
        return out
    }

    /// Aligned plain text: one block per metric.
    public func text() -> String {
        var out = ""
        for (metric, title) in Self.metrics {
            let rows = grid(metric: metric, intervals: false)
            var widths = [Int](repeating: 0, count: rows[0].count)
            for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
            func format(_ cells: [String]) -> String {
                cells.enumerated().map { i, cell in
                    i == 0 ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[i] - cell.count) + cell
                }.joined(separator: "  ")
            }
            out += "\(title) (\(kind == "all" ? "all entities" : kind + "s")) per test world; in/shifted = means over those worlds, gap = in − shifted\n"
            out += format(rows[0]) + "\n"
            out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
            for row in rows.dropFirst() { out += format(row) + "\n" }
            out += "\n"
        }
        return out
    }

    /// Markdown: one table per metric, cells with their 95% intervals.
    public func markdown() -> String {
        var out = ""
        for (metric, title) in Self.metrics {
            let rows = grid(metric: metric, intervals: true)
            out += "\n### \(title) (\(kind == "all" ? "all entities" : kind + "s"))\n\n"
            out += "| " + rows[0].joined(separator: " | ") + " |\n"
            out += "| --- |" + String(repeating: " ---: |", count: rows[0].count - 1) + "\n"
            for row in rows.dropFirst() { out += "| " + row.joined(separator: " | ") + " |\n" }
        }
        return out
    }

    static func format(_ value: Double) -> String { String(format: "%.3f", value) }

    /// `+0.012`, `-0.034`, `0.000` (no sign on a difference that rounds to zero).
    static func signed(_ value: Double) -> String {
        let text = format(value)
        if text == "-0.000" || text == "0.000" { return "0.000" }
        return text.hasPrefix("-") ? text : "+" + text
    }
}
