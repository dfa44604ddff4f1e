import CIBStatistics
import CIBEvaluation
import CIBReport
import CIBStorage
import Foundation

extension SweepRunner {
    /// Writes `points.csv`, `summary.md` and `report.html` from the per-point files, in grid order. The bytes depend
    /// only on the per-point files and the plan, so resumed, sharded-and-merged and uninterrupted runs agree.
    static func assemble(plan: SweepPlan, directory: String) throws(ExperimentError) {
        var csv = csvLine(plan.header) + "\n"
        var tables: [MetricsTable] = []
        for point in plan.points {
            let path = pointPath(point, directory: directory)
            guard let data = FileManager.default.contents(atPath: path) else { throw ExperimentError("\(path): missing") }
            let text = String(decoding: data, as: UTF8.self)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: true).dropFirst()
            let prefix = csvLine([point.id] + point.values) + ","
            var metrics = MetricsTable.header.joined(separator: ",") + "\n"
            for line in lines {
                guard line.hasPrefix(prefix) else { throw ExperimentError("\(path): a row does not belong to point \(point.id)") }
                csv += line + "\n"
                metrics += line.dropFirst(prefix.count) + "\n"
            }
            do { tables.append(try MetricsTable(csv: metrics)) } catch { throw ExperimentError("\(path): \(error)") }
        }
        let summary = SweepSummary(plan: plan, tables: tables)
        do {
            try AtomicOutput.write(csv, to: directory + "/points.csv")
            try AtomicOutput.write(summary.markdown(), to: directory + "/summary.md")
            try AtomicOutput.write(summary.html(), to: directory + "/report.html")
        } catch { throw ExperimentError(error.description) }
    }
}

/// The report metric per point and detector (mean and sd across seeds), and a chart per axis.
struct SweepSummary {
    var plan: SweepPlan
    var detectors: [String]
    /// `[point][detector]` → values over seeds (defined only).
    var values: [[String: [Double]]]

    init(plan: SweepPlan, tables: [MetricsTable]) {
        self.plan = plan
        var detectors: [String] = []
        values = tables.map { table in
            var out: [String: [Double]] = [:]
            for row in table.rows where row.metric == plan.reportMetric && row.kind == plan.reportKind {
                if !detectors.contains(row.detector) { detectors.append(row.detector) }
                if row.defined { out[row.detector, default: []].append(row.value) }
            }
            return out
        }
        self.detectors = detectors
    }

    static func format(_ values: [Double]) -> String {
        guard let m = Descriptive.mean(values) else { return "undefined" }
        let sd = Descriptive.standardDeviation(values)
        return String(format: "%.3f", m) + (sd.map { String(format: " ± %.3f", $0) } ?? "")
    }

    /// Per axis value: per detector mean over the points with that value (other axes averaged) and all their seeds,
    /// with the min and max of the per-seed values for the band.
    func axisSeries(_ axisIndex: Int) -> [(detector: String, points: [(mean: Double, low: Double, high: Double)?])] {
        let axis = plan.axes[axisIndex]
        return detectors.map { detector in
            (detector, axis.values.map { value in
                let pooled = plan.points.indices.filter { plan.points[$0].values[axisIndex] == value }
                    .flatMap { values[$0][detector] ?? [] }
                guard let m = Descriptive.mean(pooled) else { return nil }
                let sd = Descriptive.standardDeviation(pooled) ?? 0
                return (m, m - sd, m + sd)
            })
        }
    }

    func markdown() -> String {
        var out = "# Sweep \(plan.name)\n\n"
        out += "Scenario `\(plan.scenario)` (sha256 \(plan.scenarioSHA256.prefix(12))), \(plan.points.count) points × \(plan.seeds.count) seeds (\(plan.seeds.map(String.init).joined(separator: ", "))), detectors: \(detectors.joined(separator: ", ")).\n"
        if !plan.overrides.isEmpty { out += "Overrides for every point: `\(plan.overrides.joined(separator: "`, `"))`.\n" }
        out += "\n`\(plan.reportMetric)` (\(plan.reportKind) entities), mean ± sd across seeds:\n\n"
        out += "| " + (plan.axes.map { "`\($0.key)`" } + detectors).joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: " --- |", count: plan.axes.count + detectors.count) + "\n"
        for (i, point) in plan.points.enumerated() {
            out += "| " + (point.values + detectors.map { Self.format(values[i][$0] ?? []) }).joined(separator: " | ") + " |\n"
        }
        out += "\nEvery metric, per point, seed, detector and kind: `points.csv`. Charts: `report.html`.\n"
        return out
    }

    func chart(_ axisIndex: Int) -> String {
        let axis = plan.axes[axisIndex]
        let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf", "#bcbd22"]
        var series: [SVGLineChart.Series] = []
        for (d, s) in axisSeries(axisIndex).enumerated() {
            let color = palette[d % palette.count]
            let pts = s.points.enumerated().compactMap { i, p in p.map { (x: Double(i), y: $0.mean) } }
            series.append(.init(name: s.detector, points: pts, color: color))
        }
        for (d, s) in axisSeries(axisIndex).enumerated() where plan.seeds.count > 1 {
            let color = palette[d % palette.count]
            let low = s.points.enumerated().compactMap { i, p in p.map { (x: Double(i), y: $0.low) } }
            let high = s.points.enumerated().compactMap { i, p in p.map { (x: Double(i), y: $0.high) } }
            series.append(.init(name: "\(s.detector) ± sd", points: low + high.reversed(), color: color))
        }
        var chart = SVGLineChart(
            title: "\(plan.reportMetric) (\(plan.reportKind)) vs \(axis.key)", xLabel: axis.key, yLabel: plan.reportMetric,
            series: series, xRange: -0.25 ... Double(max(axis.values.count - 1, 1)) + 0.25,
            xTicks: axis.values.enumerated().map { (Double($0.offset), $0.element) })
        chart.width = 720
        return Self.bandsAsAreas(chart.svg())
    }

    /// The chart draws every series as a line; the "± sd" series (low values out, high values back) become
    /// translucent areas.
    static func bandsAsAreas(_ svg: String) -> String {
        svg.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix("<polyline "), line.hasSuffix(" ± sd</title></polyline>"),
                  let stroke = line.range(of: "\" fill=\"none\" stroke=\""),
                  let width = line.range(of: "\" stroke-width=\"2\">") else { return String(line) }
            let points = line[line.index(line.startIndex, offsetBy: 10) ..< stroke.lowerBound]
            let color = line[stroke.upperBound ..< width.lowerBound]
            let title = line[width.upperBound...].dropLast("</polyline>".count)
            return "<polygon \(points)\" fill=\"\(color)\" fill-opacity=\"0.15\" stroke=\"none\">\(title)</polygon>"
        }.joined(separator: "\n")
    }

    func html() -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Sweep \(Markup.escape(plan.name))</title>\n"
        out += "<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}th{background:#f4f4f4}figure{margin:1.5em 0}</style>\n</head>\n<body>\n"
        out += "<h1>Sweep \(Markup.escape(plan.name))</h1>\n"
        out += "<p>Scenario <code>\(Markup.escape(plan.scenario))</code> (sha256 \(plan.scenarioSHA256.prefix(12))), \(plan.points.count) points × \(plan.seeds.count) seeds. Charts: <code>\(Markup.escape(plan.reportMetric))</code> on \(Markup.escape(plan.reportKind)) entities against each axis, one line per detector (the mean over seeds and over the other axes' values); the shaded band is ± one sd across those runs.</p>\n"
        for i in plan.axes.indices {
            out += "<figure>\n\(chart(i))\n<figcaption>\(Markup.escape(plan.reportMetric)) vs <code>\(Markup.escape(plan.axes[i].key))</code></figcaption>\n</figure>\n"
        }
        out += "<h2>Per point (mean ± sd across seeds)</h2>\n<table>\n<tr>"
        out += (plan.axes.map { "<th><code>\(Markup.escape($0.key))</code></th>" } + detectors.map { "<th>\(Markup.escape($0))</th>" }).joined()
        out += "</tr>\n"
        for (i, point) in plan.points.enumerated() {
            out += "<tr>" + (point.values + detectors.map { Self.format(values[i][$0] ?? []) }).map { "<td>\(Markup.escape($0))</td>" }.joined() + "</tr>\n"
        }
        out += "</table>\n<p>Every metric: <a href=\"points.csv\">points.csv</a>.</p>\n</body>\n</html>\n"
        return out
    }
}
