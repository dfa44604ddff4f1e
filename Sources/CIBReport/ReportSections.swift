internal import CIBEvaluation
internal import CIBTruth

/// Content shared by the Markdown and HTML reports.
enum ReportSections {
    static func provenance(_ run: RunSummary) -> [(name: String, value: String)] {
        var lines: [(name: String, value: String)] = [
            ("ciblab version", run.toolVersion),
            ("scenario", run.scenarioName),
            ("scenario hash", run.scenarioHash),
            ("seeds", run.seeds.map(String.init).joined(separator: ", ")),
            ("positives", run.positives.rawValue),
        ]
        lines.append(contentsOf: run.provenance)
        return lines
    }

    static func summaryNote(seeds: Int) -> String {
        seeds > 1
            ? "Mean over \(seeds) seeds with 95% Student t intervals across seeds. Undefined values (e.g. precision with nothing flagged) are n/a."
            : "95% intervals: Wilson for precision and recall, percentile bootstrap for F1, AP and ROC AUC. Undefined values (e.g. precision with nothing flagged) are n/a."
    }

    static let comparisonHeader = [
        "first", "second", "kind", "worlds", "McNemar b", "McNemar c", "McNemar p", "ΔAP [95%]", "p", "ΔF1 [95%]", "p",
    ]

    /// One row of the paired-comparison table.
    static func comparisonRow(_ c: PairedComparison) -> [String] {
        func difference(_ d: PairedDifference) -> [String] {
            guard d.defined else { return ["n/a", "n/a"] }
            return [SummaryTable.Cell(value: d.estimate, lower: d.lower, upper: d.upper).text, pValue(d.pValue)]
        }
        return [c.first, c.second, c.kind, String(c.worlds), String(c.mcnemar.b), String(c.mcnemar.c),
                pValue(c.mcnemar.exactPValue)] + difference(c.averagePrecision) + difference(c.f1)
    }

    static func pValue(_ p: Double) -> String {
        p < 0.001 ? "<0.001" : Markup.value(p)
    }

    /// Recall per tactic on all entities, mean over seeds: tactic codes in kill-chain order × detectors.
    static func recallByTactic(_ table: MetricsTable) -> (codes: [String], detectors: [String], values: [[Double?]]) {
        let prefix = "recall_by_tactic["
        let rows = table.rows.filter { $0.kind == "all" && $0.metric.hasPrefix(prefix) }
        let codes = Set(rows.map { String($0.metric.dropFirst(prefix.count).dropLast()) })
            .sorted { (Tactic(code: $0)?.rawValue ?? .max, $0) < (Tactic(code: $1)?.rawValue ?? .max, $1) }
        var detectors = [String]()
        for row in rows where !detectors.contains(row.detector) { detectors.append(row.detector) }
        var means = [String: Double?]()
        for s in MetricsTable(rows: rows).summaryAcrossSeeds() { means["\(s.detector)\u{1}\(s.metric)"] = s.mean }
        let values = codes.map { code in detectors.map { (means["\($0)\u{1}\(prefix)\(code)]"] ?? nil) } }
        return (codes, detectors, values)
    }

    /// False positives per entity class on all entities, mean over seeds: classes in `EntityClass` order × detectors,
    /// each cell the flagged count and the share of the class's negatives (`nil` where the class has no negatives).
    static func falsePositivesByClass(_ table: MetricsTable)
        -> (classes: [String], detectors: [String], values: [[(count: Double, share: Double)?]])
    {
        let countPrefix = "fp_by_class[", sharePrefix = "false_positive_rate_by_class["
        let rows = table.rows.filter { $0.kind == "all" && ($0.metric.hasPrefix(countPrefix) || $0.metric.hasPrefix(sharePrefix)) }
        guard !rows.isEmpty else { return ([], [], []) }
        var present = Set<String>()
        for row in rows where row.metric.hasPrefix(countPrefix) { present.insert(String(row.metric.dropFirst(countPrefix.count).dropLast())) }
        let classes = EntityClass.allCases.map(\.name).filter { present.contains($0) }
            + present.subtracting(EntityClass.allCases.map(\.name)).sorted()
        var detectors = [String]()
        for row in rows where !detectors.contains(row.detector) { detectors.append(row.detector) }
        var means = [String: Double]()
        for s in MetricsTable(rows: rows).summaryAcrossSeeds() { if let mean = s.mean { means["\(s.detector)\u{1}\(s.metric)"] = mean } }
        let values = detectors.map { detector in
            classes.map { name -> (count: Double, share: Double)? in
                guard let count = means["\(detector)\u{1}\(countPrefix)\(name)]"],
                    let share = means["\(detector)\u{1}\(sharePrefix)\(name)]"]
                else { return nil }
                return (count, share)
            }
        }
        return (classes, detectors, values)
    }

    /// `12 (4.8%)`: a false-positive cell (counts are means over seeds, so they may have a fraction).
    static func falsePositiveCell(_ value: (count: Double, share: Double)?) -> String {
        guard let value else { return "–" }
        let count = value.count == value.count.rounded() ? String(Int(value.count)) : Markup.value(value.count, digits: 1)
        let percent = value.share > 0 && value.share < 0.0005 ? "<0.1" : Markup.value(100 * value.share, digits: 1)
        return "\(count) (\(percent)%)"
    }

    static let falsePositivesNote = "Flagged honest (negative) entities of each class, all entity kinds, with the share of the class they make up; mean over seeds when there are several. A high share shows which look-alike fooled which detector. Per kind and per seed, with Wilson intervals, in metrics.csv (fp_by_class, false_positive_rate_by_class)."
}
