internal import CIBEvaluation
internal import Foundation

extension AuditReport {
    /// The readable report `ciblab audit` prints: the feature table (four comparisons per block), the probes, the
    /// text probe, how things were sampled, and the verdict.
    public func table() -> String {
        var out = "Benchmark audit: test world seed \(test.seed) (\(test.entities) entities, \(test.events) events), train world seed \(train.seed)\n"
        out += "Identity features must have ROC AUC within [\(Self.number(settings.identityLower)), \(Self.number(settings.identityUpper))] for the campaign vs the rest and vs each class with at least \(settings.minimumClassSize) entities.\n"
        let populations = features.first?.comparisons.map(\.against) ?? []
        let nameWidth = max(28, (features.map(\.feature.count).max() ?? 0) + 2)
        for block in stride(from: 0, to: populations.count, by: 4) {
            let columns = Array(populations[block ..< min(block + 4, populations.count)])
            out += "\nROC AUC, campaign vs \(columns.joined(separator: " / ")) (\(Self.percent(settings.confidence)) bootstrap interval; ! outside the identity bounds, interval and all; ? the estimate is outside, its interval reaches in)\n"
            out += Self.pad("feature", nameWidth) + Self.pad("group", 15)
            out += columns.map { name -> String in
                let members = features.first?.comparisons.first { $0.against == name }?.members ?? 0
                return Self.pad("\(name) (\(members))", 23)
            }.joined() + "\n"
            for feature in features {
                out += Self.pad(feature.feature, nameWidth) + Self.pad(feature.group, 15)
                for name in columns {
                    guard let c = feature.comparisons.first(where: { $0.against == name }) else {
                        out += Self.pad("", 23)
                        continue
                    }
                    out += Self.pad(Self.cell(c.auc) + (c.outOfRange ? " !" : c.isUncertain(settings) ? " ?" : ""), 23)
                }
                out += "\n"
            }
        }
        if !probes.isEmpty {
            out += "\nLearned probes: boosted trees fitted on seed \(train.seed)'s entities, scored on seed \(test.seed)'s (campaign prevalence \(Self.percent(probes[0].prevalence, digits: 2)); AP of a random ranking = prevalence)\n"
            out += Self.pad("probe", 20) + Self.pad("average precision", 26) + Self.pad("ROC AUC", 26) + "features\n"
            for p in probes {
                out += Self.pad(p.name, 20) + Self.pad(Self.cell(p.averagePrecision), 26) + Self.pad(Self.cell(p.auc), 26)
                    + "\(p.features.count)\n"
            }
            if let with = probe(LearnedProbe.FeatureSet.withIdentity.rawValue), let without = probe(LearnedProbe.FeatureSet.withoutIdentity.rawValue) {
                out += "AP with identity features minus AP without: \(Self.signed(with.averagePrecision.value - without.averagePrecision.value))\n"
            }
        }
        if let text {
            out += "\nText probe: character 2-4-gram logistic regression fitted on seed \(train.seed)'s posts (\(text.trainCampaignPosts) campaign, \(text.trainOtherPosts) other; \(text.iterations) BFGS iterations\(text.converged ? ", converged" : "")), scored on seed \(test.seed)'s\n"
            out += Self.pad("campaign posts vs", 28) + Self.pad("ROC AUC", 26) + "posts scored (of all)\n"
            for c in text.comparisons {
                out += Self.pad(c.against, 28) + Self.pad(Self.cell(c.auc), 26) + "\(c.campaignPosts) vs \(c.otherPosts) (of \(c.otherTotal))\n"
            }
            for note in text.notes { out += "note: \(note)\n" }
        }
        out += "\n"
        for note in notes { out += "note: \(note)\n" }
        if passed {
            let range = identityRange.map { " (checked identity AUCs \(Self.number($0.lower))–\(Self.number($0.upper)))" } ?? ""
            out += "PASS: every identity feature's ROC AUC lies within [\(Self.number(settings.identityLower)), \(Self.number(settings.identityUpper))]\(range)\n"
        } else {
            out += "FAIL: \(failures.count) identity comparison(s) outside [\(Self.number(settings.identityLower)), \(Self.number(settings.identityUpper))]:\n"
            for failure in failures { out += "  \(failure)\n" }
        }
        return out
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func number(_ value: Double, digits: Int = 3) -> String {
        String(format: "%.\(digits)f", locale: Locale(identifier: "en_US_POSIX"), value)
    }

    static func signed(_ value: Double) -> String { (value >= 0 ? "+" : "") + number(value) }

    static func percent(_ value: Double, digits: Int = 0) -> String { number(100 * value, digits: digits) + "%" }

    /// `0.770 [0.765,0.775]`, `0.770`, or `n/a`.
    static func cell(_ value: MetricValue) -> String {
        guard value.defined else { return "n/a" }
        guard let lower = value.lower, let upper = value.upper else { return number(value.value) }
        return "\(number(value.value)) [\(number(lower)),\(number(upper))]"
    }
}
