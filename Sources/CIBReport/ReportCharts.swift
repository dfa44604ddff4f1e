public import CIBEvaluation
internal import CIBTruth

/// The report's charts, built from a ``RunSummary``: PR curves per detector, the hour-of-week activity of the
/// campaign against organic activity, recall per tactic, and recall by day since the campaign began.
public enum ReportCharts {
    /// Largest number of points drawn per curve; longer curves are thinned evenly (first and last points kept).
    public static let maxCurvePoints = 400

    /// Precision against recall for every detector on all entities of the curve seed's world. Each curve starts at
    /// recall 0 with the precision of the highest threshold, as scikit-learn's `PrecisionRecallDisplay` draws it.
    public static func precisionRecall(_ evaluations: [DetectorEvaluation], seed: UInt64?) -> SVGLineChart? {
        let series = evaluations.compactMap { evaluation -> SVGLineChart.Series? in
            guard let slice = evaluation.slice(nil), let first = slice.curves.precisionRecall.first else { return nil }
            let points = [(x: 0.0, y: first.precision)]
                + thin(slice.curves.precisionRecall).map { (x: $0.recall, y: $0.precision) }
            let ap = slice.averagePrecision.defined ? " (AP \(Markup.value(slice.averagePrecision.value)))" : ""
            return SVGLineChart.Series(name: evaluation.detector + ap, points: points)
        }
        guard !series.isEmpty else { return nil }
        let title = "Precision-recall curves, all entities" + (seed.map { " (seed \($0))" } ?? "")
        return SVGLineChart(
            title: title, xLabel: "recall", yLabel: "precision", series: series, xRange: 0 ... 1, yRange: 0 ... 1)
    }

    /// The campaign's and organic activity by hour of the week, each as a share (%) of its own total.
    public static func hourOfWeek(_ activity: RunSummary.HourOfWeek) -> SVGLineChart {
        func shares(_ values: [Double]) -> [(x: Double, y: Double)] {
            let total = values.reduce(0, +)
            return values.enumerated().map { (x: Double($0.offset) + 0.5, y: total > 0 ? 100 * $0.element / total : 0) }
        }
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let ticks = days.enumerated().map { (value: Double($0.offset * 24), label: $0.element) }
        var chart = SVGLineChart(
            title: "Activity by hour of the week, \(activity.timeZone)", xLabel: "hour of the week",
            yLabel: "share of events (%)",
            series: [
                .init(name: "organic", points: shares(activity.organic), color: "#888888", filled: true),
                .init(name: "campaign", points: shares(activity.campaign), color: "#D55E00"),
            ],
            xRange: 0 ... 168, xTicks: ticks)
        chart.width = 760
        let peak = ([activity.campaign, activity.organic].flatMap { shares($0).map(\.y) }.max() ?? 1)
        chart.yRange = 0 ... max(0.5, peak * 1.1)
        return chart
    }

    /// Recall per kill-chain tactic for every detector (all entities; the mean over seeds), tactics in kill-chain
    /// order.
    public static func recallByTactic(_ table: MetricsTable) -> SVGBarChart? {
        let prefix = "recall_by_tactic["
        let rows = table.rows.filter { $0.kind == "all" && $0.metric.hasPrefix(prefix) }
        guard !rows.isEmpty else { return nil }
        let codes = Set(rows.map { String($0.metric.dropFirst(prefix.count).dropLast()) })
        let ordered = codes.sorted { (Tactic(code: $0)?.rawValue ?? .max, $0) < (Tactic(code: $1)?.rawValue ?? .max, $1) }
        let means = Dictionary(
            uniqueKeysWithValues: MetricsTable(rows: rows).summaryAcrossSeeds().map { ("\($0.detector)\u{1}\($0.metric)", $0.mean) })
        var detectors = [String]()
        for row in rows where !detectors.contains(row.detector) { detectors.append(row.detector) }
        let series = detectors.map { detector in
            SVGBarChart.Series(name: detector, values: ordered.map { means["\(detector)\u{1}\(prefix)\($0)]"] ?? nil })
        }
        var chart = SVGBarChart(
            title: "Recall per tactic (kill-chain code), all entities", yLabel: "recall", categories: ordered,
            series: series)
        chart.width = max(640, Double(ordered.count * max(1, detectors.count)) * 10 + 120)
        return chart
    }

    /// Time to detection: recall by day since the campaign began, per detector (curve seed's world).
    public static func recallByDay(_ evaluations: [DetectorEvaluation], seed: UInt64?) -> SVGLineChart? {
        let series = evaluations.compactMap { evaluation -> SVGLineChart.Series? in
            guard let slice = evaluation.slice(nil), !slice.recallByDay.isEmpty else { return nil }
            let points = slice.recallByDay.enumerated().map { (x: Double($0.offset + 1), y: $0.element.recall.value) }
            return SVGLineChart.Series(name: evaluation.detector, points: [(x: 0, y: 0)] + points)
        }
        guard !series.isEmpty else { return nil }
        let days = series.map { $0.points.count - 1 }.max() ?? 1
        return SVGLineChart(
            title: "Recall by day since the campaign began" + (seed.map { " (seed \($0))" } ?? ""),
            xLabel: "days since the campaign's first event", yLabel: "flagged positives active by then / positives",
            series: series, xRange: 0 ... Double(max(1, days)), yRange: 0 ... 1)
    }

    static func thin<T>(_ points: [T]) -> [T] {
        guard points.count > maxCurvePoints else { return points }
        let step = Double(points.count - 1) / Double(maxCurvePoints - 1)
        return (0 ..< maxCurvePoints).map { points[Int((Double($0) * step).rounded())] }
    }
}
