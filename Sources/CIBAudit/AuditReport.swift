public import CIBEvaluation
public import Foundation

/// What `ciblab audit` found: the ROC AUC of every public feature for the campaign against the rest and against each
/// class, the learned probes' average precision, the text probe's AUCs, and the verdict on the identity features.
public struct AuditReport: Sendable, Codable, Equatable {
    /// A world the audit read.
    public struct World: Sendable, Codable, Equatable {
        public var seed: UInt64
        public var entities: Int
        public var events: Int
        /// Entities per class (classes present only), in `EntityClass` order.
        public var classes: [ClassCount]
    }

    public struct ClassCount: Sendable, Codable, Equatable {
        public var name: String
        public var entities: Int
    }

    /// One feature's AUC for the campaign against one population.
    public struct Comparison: Sendable, Codable, Equatable {
        /// `rest` (every non-campaign entity) or a class name.
        public var against: String
        /// ROC AUC of the feature (higher values → campaign) with its bootstrap interval.
        public var auc: MetricValue
        /// Campaign and other entities the AUC was computed on (after sampling).
        public var positives: Int
        public var negatives: Int
        /// Entities of the other side in the test world (before sampling).
        public var members: Int
        /// Whether the comparison counts for the verdict (identity feature, both sides large enough).
        public var checked: Bool
        /// Whether a checked AUC fails: its estimate and its whole interval lie outside the identity bounds.
        public var outOfRange: Bool

        /// A checked comparison whose estimate lies outside the bounds while its interval reaches into them: too few
        /// entities to tell (a warning, not a failure).
        public func isUncertain(_ settings: AuditSettings) -> Bool {
            checked && !outOfRange && settings.outsideIdentityBounds(auc.value)
        }
    }

    public struct FeatureResult: Sendable, Codable, Equatable {
        public var feature: String
        public var group: String
        public var categorical: Bool
        public var comparisons: [Comparison]
    }

    /// A learned probe: boosted trees fitted on the train world, scored on every entity of the test world.
    public struct ProbeResult: Sendable, Codable, Equatable {
        /// `with-identity`, `without-identity`, `marginal-only`.
        public var name: String
        public var features: [String]
        public var averagePrecision: MetricValue
        public var auc: MetricValue
        /// Campaign share of the test world: the AP of a random ranking.
        public var prevalence: Double
        public var trainPositives: Int
        public var trainNegatives: Int
    }

    /// The text probe's AUC for campaign posts against one population's posts.
    public struct TextComparison: Sendable, Codable, Equatable {
        /// `all other posts`, a class name, `organic on campaign topics` or `newsroom on campaign topics`.
        public var against: String
        public var auc: MetricValue
        public var campaignPosts: Int
        public var otherPosts: Int
        /// Posts of that population in the test world.
        public var otherTotal: Int
    }

    public struct TextProbeResult: Sendable, Codable, Equatable {
        public var trainCampaignPosts: Int
        public var trainOtherPosts: Int
        public var iterations: Int
        public var converged: Bool
        public var comparisons: [TextComparison]
        /// Why a comparison is missing (e.g. no per-event topics in the truth yet).
        public var notes: [String]
    }

    public struct Timing: Sendable, Codable, Equatable {
        public var step: String
        public var seconds: Double
    }

    public var settings: AuditSettings
    public var train: World
    public var test: World
    public var features: [FeatureResult]
    public var probes: [ProbeResult]
    public var text: TextProbeResult?
    /// One line per checked identity comparison outside the bounds.
    public var failures: [String]
    /// How the numbers were sampled (printed with the table).
    public var notes: [String]
    public var timings: [Timing]

    public var passed: Bool { failures.isEmpty }

    /// The lowest and highest AUC among the checked identity comparisons.
    public var identityRange: (lower: Double, upper: Double)? {
        let values = features.flatMap { $0.comparisons }.filter(\.checked).map(\.auc.value)
        guard let lower = values.min(), let upper = values.max() else { return nil }
        return (lower, upper)
    }

    /// The probe called `name`, if it ran.
    public func probe(_ name: String) -> ProbeResult? { probes.first { $0.name == name } }
}

extension AuditReport {
    /// Deterministic JSON (sorted keys, pretty-printed, trailing newline).
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }

    /// The CSV header of ``csv()``.
    public static let csvHeader = [
        "test_seed", "train_seed", "section", "name", "group", "against", "metric", "value", "lower", "upper",
        "positives", "negatives", "checked", "in_range",
    ]

    /// Tidy CSV: one row per feature × comparison (`section = feature`), per probe × metric (`probe`), per text
    /// comparison (`text`).
    public func csv() -> String {
        var out = Self.csvHeader.joined(separator: ",") + "\n"
        func number(_ v: Double?) -> String { v.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int64($0)) : "\($0)" } ?? "" }
        func row(_ fields: [String]) { out += fields.map(csvEscape).joined(separator: ",") + "\n" }
        let seeds = [String(test.seed), String(train.seed)]
        for f in features {
            for c in f.comparisons {
                row(seeds + ["feature", f.feature, f.group, c.against, "roc_auc", number(c.auc.defined ? c.auc.value : nil),
                             number(c.auc.lower), number(c.auc.upper), String(c.positives), String(c.negatives),
                             c.checked ? "true" : "false", c.checked ? (c.outOfRange ? "false" : "true") : ""])
            }
        }
        for p in probes {
            for (metric, value) in [("average_precision", p.averagePrecision), ("roc_auc", p.auc)] {
                row(seeds + ["probe", p.name, "", "rest", metric, number(value.defined ? value.value : nil), number(value.lower),
                             number(value.upper), String(p.trainPositives), String(p.trainNegatives), "", ""])
            }
            row(seeds + ["probe", p.name, "", "rest", "prevalence", number(p.prevalence), "", "", "", "", "", ""])
        }
        for c in text?.comparisons ?? [] {
            row(seeds + ["text", "char-2-4-gram-logistic", "", c.against, "roc_auc", number(c.auc.defined ? c.auc.value : nil),
                         number(c.auc.lower), number(c.auc.upper), String(c.campaignPosts), String(c.otherPosts), "", ""])
        }
        return out
    }

    private func csvEscape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
