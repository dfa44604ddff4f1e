public import CIBEvaluation
internal import Foundation

/// The headline table: per detector and entity kind, precision, recall and F1 with intervals, average precision
/// and ROC AUC. With one seed each cell is that seed's value and interval (Wilson or bootstrap); with several it is
/// the mean across seeds with a Student t interval. Undefined values print as "n/a".
public struct SummaryTable: Sendable, Equatable {
    /// One cell: a value and its interval, or nothing when undefined.
    public struct Cell: Sendable, Equatable {
        public var value: Double?
        public var lower: Double?
        public var upper: Double?

        public init(value: Double?, lower: Double? = nil, upper: Double? = nil) {
            self.value = value
            self.lower = lower
            self.upper = upper
        }

        /// `0.812 [0.790, 0.830]`, `0.812`, or `n/a`.
        public var text: String {
            guard let value else { return "n/a" }
            guard let lower, let upper else { return Markup.value(value) }
            return "\(Markup.value(value)) [\(Markup.value(lower)), \(Markup.value(upper))]"
        }
    }

    public struct Row: Sendable, Equatable {
        public var detector: String
        public var kind: String
        /// In ``SummaryTable/metrics`` order.
        public var cells: [Cell]
    }

    /// The metric names of the columns.
    public static let metrics = ["precision", "recall", "f1", "average_precision", "roc_auc"]
    /// Column titles.
    public static let titles = ["precision", "recall", "F1", "AP", "ROC AUC"]

    public var rows: [Row]
    /// Number of distinct seeds in the table.
    public var seeds: Int

    /// Builds the table from tidy rows, in their detector and kind order.
    public init(metrics table: MetricsTable, confidence: Double = 0.95) {
        struct Key: Hashable {
            var detector: String, kind: String
        }
        let wanted = Set(Self.metrics)
        var order = [Key]()
        var seen = Set<Key>()
        var byKey = [String: [MetricRow]]()
        var seedSet = Set<UInt64>()
        for row in table.rows where wanted.contains(row.metric) {
            let key = Key(detector: row.detector, kind: row.kind)
            if seen.insert(key).inserted { order.append(key) }
            byKey["\(row.detector)\u{1}\(row.kind)\u{1}\(row.metric)", default: []].append(row)
            seedSet.insert(row.seed)
        }
        let summaries = MetricsTable(rows: table.rows.filter { wanted.contains($0.metric) })
            .summaryAcrossSeeds(confidence: confidence)
        var summaryByKey = [String: SeedSummaryRow]()
        for s in summaries { summaryByKey["\(s.detector)\u{1}\(s.kind)\u{1}\(s.metric)"] = s }
        seeds = seedSet.count
        rows = order.map { key in
            let cells = Self.metrics.map { metric -> Cell in
                let id = "\(key.detector)\u{1}\(key.kind)\u{1}\(metric)"
                let rows = byKey[id] ?? []
                if rows.count == 1, let row = rows.first {
                    return row.defined ? Cell(value: row.value, lower: row.lower, upper: row.upper) : Cell(value: nil)
                }
                guard let s = summaryByKey[id], let mean = s.mean else { return Cell(value: nil) }
                return Cell(value: mean, lower: s.lower, upper: s.upper)
            }
            return Row(detector: key.detector, kind: key.kind, cells: cells)
        }
    }

    /// An aligned plain-text table for a terminal.
    public func text() -> String {
        let header = ["detector", "kind"] + Self.titles
        let body = rows.map { [$0.detector, $0.kind] + $0.cells.map(\.text) }
        var widths = header.map(\.count)
        for line in body {
            for (i, cell) in line.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i < 2 ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - cell.count) + cell
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = format(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for line in body { out += format(line) + "\n" }
        if seeds > 1 { out += "(mean over \(seeds) seeds, 95% t intervals)\n" }
        return out
    }

    /// A Markdown table.
    public func markdown() -> String {
        var out = "| detector | kind | " + Self.titles.joined(separator: " | ") + " |\n"
        out += "| --- | --- |" + String(repeating: " ---: |", count: Self.titles.count) + "\n"
        for row in rows {
            out += "| \(Markup.markdownCell(row.detector)) | \(row.kind) | "
                + row.cells.map(\.text).joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// An HTML `<table>`.
    func html() -> String {
        var out = "<table class=\"summary\">\n<thead><tr><th>detector</th><th>kind</th>"
        out += Self.titles.map { "<th>\(Markup.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr><td>\(Markup.escape(row.detector))</td><td>\(Markup.escape(row.kind))</td>"
            out += row.cells.map { "<td class=\"num\">\(Markup.escape($0.text))</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
