import CIBReport
import Foundation

extension RegressionCheck.Report {
    /// A plain-text table of the comparisons (all of them, or only those not `unchanged`/`skipped`).
    public func table(all: Bool = false) -> String {
        let shown = comparisons.filter { all || ($0.verdict != .unchanged && $0.verdict != .skipped) }
        var rows: [[String]] = [["detector", "kind", "metric", "before", "after", "change [95% CI]", "p(worse)", "test", "verdict"]]
        for c in shown {
            let change = c.difference.map { d in
                let interval = (c.lower != nil && c.upper != nil && c.lower != c.upper)
                    ? " [\(Self.number(c.lower!, signed: true)), \(Self.number(c.upper!, signed: true))]" : ""
                return Self.number(d, signed: true) + interval
            } ?? "-"
            rows.append([c.detector, c.kind, c.metric, c.before.map { Self.number($0) } ?? "-",
                         c.after.map { Self.number($0) } ?? "-", change,
                         c.pValue.map { String(format: "%.3g", $0) } ?? "-", c.test, c.verdict.rawValue.uppercased()])
        }
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        if shown.isEmpty {
            out += "no metric changed beyond the tolerance\n"
        } else {
            for row in rows {
                out += row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
            }
        }
        let counts = Dictionary(grouping: comparisons, by: \.verdict).mapValues(\.count)
        out += "compared \(comparisons.filter { $0.verdict != .skipped }.count) metrics (α = \(rule.alpha), minimum difference \(rule.minimumDifference)): "
        out += [RegressionCheck.Verdict.worse, .missing, .better, .unchanged, .skipped].map { "\(counts[$0] ?? 0) \($0.rawValue)" }
            .joined(separator: ", ")
        out += "\n" + (passed ? "PASS: nothing got worse" : "FAIL: \(regressions.count) metric(s) got worse") + "\n"
        return out
    }

    /// JUnit XML: one `<testcase>` per compared detector × kind × metric (class `detector.kind`, name the metric), a
    /// `<failure>` for each regression, `<skipped/>` for metrics not compared.
    public func junitXML(suiteName: String = "ciblab check") -> String {
        let failures = regressions.count
        let skipped = comparisons.filter { $0.verdict == .skipped }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(Markup.escape(suiteName))\" tests=\"\(comparisons.count)\" failures=\"\(failures)\">\n"
        out += "  <testsuite name=\"\(Markup.escape(suiteName))\" tests=\"\(comparisons.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">\n"
        if !notes.isEmpty {
            out += "    <properties>\n"
            for (i, note) in notes.enumerated() { out += "      <property name=\"note\(i + 1)\" value=\"\(Markup.escape(note))\"/>\n" }
            out += "    </properties>\n"
        }
        for c in comparisons {
            let head = "    <testcase classname=\"\(Markup.escape("\(c.detector).\(c.kind)"))\" name=\"\(Markup.escape(c.metric))\""
            let detail = "before \(c.before.map { Self.number($0) } ?? "-"), after \(c.after.map { Self.number($0) } ?? "-"), change \(c.difference.map { Self.number($0, signed: true) } ?? "-")\(c.lower.flatMap { l in c.upper.map { " [\(Self.number(l, signed: true)), \(Self.number($0, signed: true))]" } } ?? ""), p(worse) \(c.pValue.map { String(format: "%.3g", $0) } ?? "-"), \(c.test)"
            switch c.verdict {
            case .worse, .missing:
                out += head + ">\n      <failure message=\"\(Markup.escape("\(c.metric) got worse: \(detail)"))\" type=\"\(c.verdict.rawValue)\">\(Markup.escape(detail))</failure>\n    </testcase>\n"
            case .skipped:
                out += head + ">\n      <skipped message=\"\(Markup.escape(c.test))\"/>\n    </testcase>\n"
            case .unchanged, .better:
                out += head + ">\n      <system-out>\(Markup.escape(c.verdict.rawValue + ": " + detail))</system-out>\n    </testcase>\n"
            }
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    static func number(_ v: Double, signed: Bool = false) -> String {
        let s = String(format: "%.4f", v)
        return signed && v >= 0 ? "+" + s : s
    }
}
