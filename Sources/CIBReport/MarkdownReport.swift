internal import CIBEvaluation
internal import CIBTruth

/// `report.md`: the run's provenance, the summary table, detectors and parameters, recall per tactic and timings.
/// The charts are in `report.html`; every metric is in `metrics.csv`.
public enum MarkdownReport {
    public static func render(_ run: RunSummary) -> String {
        var out = "# \(Markup.escape(run.title)): \(Markup.escape(run.scenarioName))\n\n"
        out += ReportSections.provenance(run).map { "- **\($0.name)**: \(Markup.escape($0.value))" }.joined(separator: "\n")
        out += "\n\n## Summary\n\n"
        let table = SummaryTable(metrics: run.metrics)
        out += table.rows.isEmpty ? "No metrics.\n" : table.markdown()
        out += "\n" + ReportSections.summaryNote(seeds: table.seeds) + "\n"

        if let validity = run.validity { out += ValiditySection.markdown(validity) }

        let tactics = ReportSections.recallByTactic(run.metrics)
        if !tactics.codes.isEmpty {
            out += "\n## Recall per tactic (all entities)\n\n"
            out += "| tactic | | " + tactics.detectors.map(Markup.markdownCell).joined(separator: " | ") + " |\n"
            out += "| --- | --- |" + String(repeating: " ---: |", count: tactics.detectors.count) + "\n"
            for (index, code) in tactics.codes.enumerated() {
                let title = Tactic(code: code)?.title ?? ""
                out += "| \(code) | \(Markup.markdownCell(title)) | "
                    + tactics.values[index].map { $0.map { Markup.value($0) } ?? "n/a" }.joined(separator: " | ") + " |\n"
            }
        }

        let falsePositives = ReportSections.falsePositivesByClass(run.metrics)
        if !falsePositives.classes.isEmpty {
            out += "\n## False positives per class (all entities)\n\n"
            out += "| detector | " + falsePositives.classes.map(Markup.markdownCell).joined(separator: " | ") + " |\n"
            out += "| --- |" + String(repeating: " ---: |", count: falsePositives.classes.count) + "\n"
            for (index, detector) in falsePositives.detectors.enumerated() {
                out += "| \(Markup.markdownCell(detector)) | "
                    + falsePositives.values[index].map(ReportSections.falsePositiveCell).joined(separator: " | ") + " |\n"
            }
            out += "\n" + ReportSections.falsePositivesNote + "\n"
        }

        if !run.comparisons.isEmpty {
            out += "\n## Paired comparisons\n\n| " + ReportSections.comparisonHeader.joined(separator: " | ") + " |\n"
            out += "|" + String(repeating: " --- |", count: ReportSections.comparisonHeader.count) + "\n"
            for comparison in run.comparisons {
                out += "| " + ReportSections.comparisonRow(comparison).map(Markup.markdownCell).joined(separator: " | ") + " |\n"
            }
            out += "\nMcNemar: exact two-sided p on entities one detector gets right and the other wrong. ΔAP and ΔF1: first "
                + "minus second, paired bootstrap (same resampled entities for both), percentile interval and two-sided p.\n"
        }
        if !run.detectors.isEmpty {
            out += "\n## Detectors\n\n| detector | parameters | |\n| --- | --- | --- |\n"
            for detector in run.detectors {
                let parameters = detector.parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
                out += "| \(Markup.markdownCell(detector.name)) | \(Markup.markdownCell(parameters)) | \(Markup.markdownCell(detector.summary)) |\n"
            }
        }
        if !run.timings.isEmpty {
            out += "\n## Timings\n\n| step | seconds | |\n| --- | ---: | --- |\n"
            for timing in run.timings {
                out += "| \(Markup.markdownCell(timing.step)) | \(Markup.value(timing.seconds, digits: 2)) | \(Markup.markdownCell(timing.note)) |\n"
            }
        }
        out += "\nCharts (precision-recall curves, activity by hour of the week, recall per tactic, recall by day) are in "
            + "`report.html`; every metric of every seed, detector and entity kind is in `metrics.csv` and `metrics.json`.\n"
        return out
    }
}
