internal import CIBAudit
internal import Foundation

/// The "Benchmark validity" section of the reports: the audit's numbers in a few lines (docs/audit.md).
enum ValiditySection {
    /// One paragraph of context, then one line per finding (plain text; the writers escape it).
    static func lines(_ audit: AuditReport) -> (intro: String, items: [String], note: String) {
        let bounds = "[\(number(audit.settings.identityLower)), \(number(audit.settings.identityUpper))]"
        let intro = "Can the campaign be found without looking at coordination? The audit (ciblab audit) scores public per-entity features, a model of them and a model of the wording of posts on the world of seed \(audit.test.seed), with the world of seed \(audit.train.seed) as the one the encodings and models are fitted on."
        var items = [String]()
        if let range = audit.identityRange {
            let uncertain = audit.features.flatMap(\.comparisons).filter { $0.isUncertain(audit.settings) }.count
            let verdict = audit.passed
                ? (uncertain == 0 ? "all within \(bounds)"
                    : "none outside \(bounds) with its interval (\(uncertain) estimate(s) outside whose interval reaches in: too few entities to tell)")
                : "\(audit.failures.count) outside \(bounds), e.g. \(worst(audit).joined(separator: "; "))"
            items.append("Identity features (ids, created_at, name statistics): ROC AUC \(number(range.lower))–\(number(range.upper)) over the checked comparisons (campaign vs rest and vs each class); \(verdict).")
        }
        if !audit.probes.isEmpty {
            let aps = audit.probes.map { "\($0.name) \(number($0.averagePrecision.value))" }.joined(separator: ", ")
            items.append("Learned probes (boosted trees on per-entity features): average precision \(aps); prevalence \(number(100 * audit.probes[0].prevalence, digits: 2))% (the AP of a random ranking).")
        }
        if let text = audit.text, !text.comparisons.isEmpty {
            let aucs = text.comparisons.map { "\($0.against) \(number($0.auc.value))" }.joined(separator: ", ")
            items.append("Text probe (character 2–4-gram logistic regression): ROC AUC of campaign posts vs \(aucs).")
            items.append(contentsOf: text.notes.map { "Text probe: \($0)." })
        }
        let note = "A valid benchmark keeps every identity AUC within \(bounds), and the probes well below an AP of 1: a detector must win by coordination, not by artefacts. Every number with its bootstrap interval is in audit.json and audit.csv."
        return (intro, items, note)
    }

    /// The three checked identity comparisons furthest from 0.5.
    static func worst(_ audit: AuditReport) -> [String] {
        var all = [(feature: String, against: String, auc: Double)]()
        for f in audit.features {
            for c in f.comparisons where c.outOfRange { all.append((f.feature, c.against, c.auc.value)) }
        }
        return all.sorted { (abs($0.auc - 0.5), $1.feature) > (abs($1.auc - 0.5), $0.feature) }.prefix(3)
            .map { "\($0.feature) vs \($0.against) \(number($0.auc))" }
    }

    static func number(_ value: Double, digits: Int = 3) -> String {
        String(format: "%.\(digits)f", locale: Locale(identifier: "en_US_POSIX"), value)
    }

    static func markdown(_ audit: AuditReport) -> String {
        let (intro, items, note) = lines(audit)
        return "\n## Benchmark validity\n\n\(Markup.escape(intro))\n\n" + items.map { "- \(Markup.escape($0))\n" }.joined()
            + "\n\(Markup.escape(note))\n"
    }

    static func html(_ audit: AuditReport) -> String {
        let (intro, items, note) = lines(audit)
        return "<h2>Benchmark validity</h2>\n<p>\(Markup.escape(intro))</p>\n<ul>\n"
            + items.map { "<li>\(Markup.escape($0))</li>\n" }.joined() + "</ul>\n<p class=\"note\">\(Markup.escape(note))</p>\n"
    }
}
