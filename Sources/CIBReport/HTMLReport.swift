internal import CIBEvaluation
internal import CIBTruth

/// `report.html`: one self-contained page (inline CSS and SVG, no scripts, no external assets) with the summary
/// table, the charts (precision-recall curves, activity by hour of the week, recall per tactic, recall by day), the
/// detectors and their parameters, timings and provenance.
public enum HTMLReport {
    static let style = """
        body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
        h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #ddd}
        table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
        th,td{border:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}
        th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        figure{margin:1.2em 0}figcaption{font-size:.85em;color:#555;max-width:760px}
        svg{max-width:100%;height:auto;background:#fff}
        .note{font-size:.85em;color:#555}
        dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}dd{margin:0}
        """

    /// The page.
    public static func render(_ run: RunSummary) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(Markup.escape(run.title)): \(Markup.escape(run.scenarioName))</title>\n"
        out += "<style>\n\(style)\n</style>\n</head>\n<body>\n"
        out += "<h1>\(Markup.escape(run.title)): \(Markup.escape(run.scenarioName))</h1>\n<dl>\n"
        for line in ReportSections.provenance(run) {
            out += "<dt>\(Markup.escape(line.name))</dt><dd>\(Markup.escape(line.value))</dd>\n"
        }
        out += "</dl>\n<h2>Summary</h2>\n"
        let table = SummaryTable(metrics: run.metrics)
        out += table.rows.isEmpty ? "<p>No metrics.</p>\n" : table.html()
        out += "<p class=\"note\">\(Markup.escape(ReportSections.summaryNote(seeds: table.seeds)))</p>\n"

        if let validity = run.validity { out += ValiditySection.html(validity) }
        out += "<h2>Charts</h2>\n"
        for figure in figures(run) {
            out += "<figure>\n\(figure.svg)\n<figcaption>\(Markup.escape(figure.caption))</figcaption>\n</figure>\n"
        }

        let tactics = ReportSections.recallByTactic(run.metrics)
        if !tactics.codes.isEmpty {
            out += "<h2>Recall per tactic</h2>\n<table>\n<thead><tr><th>tactic</th><th></th>"
            out += tactics.detectors.map { "<th>\(Markup.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for (index, code) in tactics.codes.enumerated() {
                out += "<tr><td>\(Markup.escape(code))</td><td>\(Markup.escape(Tactic(code: code)?.title ?? ""))</td>"
                out += tactics.values[index].map { "<td class=\"num\">\($0.map { Markup.value($0) } ?? "n/a")</td>" }.joined()
                out += "</tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        let falsePositives = ReportSections.falsePositivesByClass(run.metrics)
        if !falsePositives.classes.isEmpty {
            out += "<h2>False positives per class</h2>\n<table>\n<thead><tr><th>detector</th>"
            out += falsePositives.classes.map { "<th>\(Markup.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for (index, detector) in falsePositives.detectors.enumerated() {
                out += "<tr><td>\(Markup.escape(detector))</td>"
                out += falsePositives.values[index].map { "<td class=\"num\">\(Markup.escape(ReportSections.falsePositiveCell($0)))</td>" }.joined()
                out += "</tr>\n"
            }
            out += "</tbody>\n</table>\n<p class=\"note\">\(Markup.escape(ReportSections.falsePositivesNote))</p>\n"
        }
        if !run.comparisons.isEmpty {
            out += "<h2>Paired comparisons</h2>\n<table>\n<thead><tr>"
            out += ReportSections.comparisonHeader.map { "<th>\(Markup.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for comparison in run.comparisons {
                let cells = ReportSections.comparisonRow(comparison)
                out += "<tr>" + cells.enumerated().map { index, cell in
                    index < 3 ? "<td>\(Markup.escape(cell))</td>" : "<td class=\"num\">\(Markup.escape(cell))</td>"
                }.joined() + "</tr>\n"
            }
            out += "</tbody>\n</table>\n<p class=\"note\">McNemar: exact two-sided p on entities one detector gets right and the "
                + "other wrong. ΔAP and ΔF1: first minus second, paired bootstrap (same resampled entities for both), "
                + "percentile interval and two-sided p.</p>\n"
        }
        if !run.detectors.isEmpty {
            out += "<h2>Detectors</h2>\n<table>\n<thead><tr><th>detector</th><th>parameters</th><th>method</th></tr></thead>\n<tbody>\n"
            for detector in run.detectors {
                let parameters = detector.parameters.map { "\(Markup.escape($0.name))=\(Markup.escape($0.value))" }
                    .joined(separator: "<br>")
                out += "<tr><td>\(Markup.escape(detector.name))</td><td>\(parameters)</td><td>\(Markup.escape(detector.summary))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        if !run.timings.isEmpty {
            out += "<h2>Timings</h2>\n<table>\n<thead><tr><th>step</th><th>seconds</th><th></th></tr></thead>\n<tbody>\n"
            for timing in run.timings {
                out += "<tr><td>\(Markup.escape(timing.step))</td><td class=\"num\">\(Markup.value(timing.seconds, digits: 2))</td><td>\(Markup.escape(timing.note))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        out += "<p class=\"note\">Every metric of every seed, detector and entity kind is in metrics.csv and metrics.json; "
            + "definitions in docs/evaluation.md.</p>\n</body>\n</html>\n"
        return out
    }

    /// The charts the page shows, in order, with their captions; charts without data are left out.
    public static func figures(_ run: RunSummary) -> [(svg: String, caption: String)] {
        var figures = [(svg: String, caption: String)]()
        if let chart = ReportCharts.precisionRecall(run.curves, seed: run.curveSeed) {
            figures.append((chart.svg(), "Precision against recall as the score threshold falls; tied scores are one step. Legend: average precision."))
        }
        if let activity = run.hourOfWeek {
            figures.append((ReportCharts.hourOfWeek(activity).svg(), "Share of each population's events by hour of the week in \(activity.timeZone): the campaign's shift pattern against organic activity (after Meta's Q2 2023 Adversarial Threat Report)."))
        }
        if let chart = ReportCharts.recallByTactic(run.metrics) {
            figures.append((chart.svg(), "Recall among positives that use each kill-chain tactic (Meta's Online Operations Kill Chain), mean over seeds."))
        }
        if let chart = ReportCharts.recallByDay(run.curves, seed: run.curveSeed) {
            figures.append((chart.svg(), "Time to detection: flagged positives that had become active by each day since the campaign's first event, over all positives."))
        }
        return figures
    }
}
