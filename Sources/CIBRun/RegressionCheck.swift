public import CIBEvaluation
import CIBStatistics

/// Compares a rerun with a ``RegressionBaseline``, metric by metric (`ciblab check`; rule in `docs/ci.md`).
///
/// Only metrics with a direction are compared (``MetricDirection/higherIsBetter`` or `lowerIsBetter`); counts are
/// neutral, and the `recall_by_day` and `recall_by_cluster` families are skipped (their keys depend on the world's
/// calendar and cluster numbering). A metric *got worse* when both hold:
/// 1. the mean change in the bad direction exceeds ``Rule/minimumDifference`` (a practical threshold, absolute), and
/// 2. it is significant: a one-sided paired t-test over the seeds both runs share (Student, 1908), or Welch's
///    unpaired t-test when the seed sets differ (Welch, 1947), gives p < ``Rule/alpha``. When the differences have no
///    spread (deterministic code, same seeds) or there are too few seeds for a test, the practical threshold alone
///    decides.
/// Identical reruns therefore always pass; a metric that was defined and now is not (or is missing) fails.
public enum RegressionCheck {
    /// The decision rule's thresholds.
    public struct Rule: Sendable, Equatable {
        public var alpha: Double
        public var minimumDifference: Double
        public init(alpha: Double = 0.05, minimumDifference: Double = 0.02) {
            self.alpha = alpha
            self.minimumDifference = minimumDifference
        }
    }

    public enum Verdict: String, Sendable, Codable {
        case unchanged, better, worse
        /// Defined in the baseline, undefined (or absent) now.
        case missing
        /// Not in the baseline, or not comparable (neutral, undefined in the baseline).
        case skipped
        public var isFailure: Bool { self == .worse || self == .missing }
    }

    /// One compared metric.
    public struct Comparison: Sendable, Equatable {
        public var detector: String
        public var kind: String
        public var metric: String
        public var before: Double?
        public var after: Double?
        /// Mean change (after − before) and its 95% t interval (paired when seeds are shared).
        public var difference: Double?
        public var lower: Double?
        public var upper: Double?
        /// One-sided p-value for "got worse" (`nil` when no test applies).
        public var pValue: Double?
        /// `paired`, `welch` or `exact` (no spread / too few seeds).
        public var test: String
        public var verdict: Verdict
    }

    /// The result of a check.
    public struct Report: Sendable {
        public var comparisons: [Comparison]
        public var rule: Rule
        public var notes: [String]
        public var regressions: [Comparison] { comparisons.filter { $0.verdict.isFailure } }
        public var passed: Bool { regressions.isEmpty }
    }

    /// Whether a metric is compared at all.
    public static func isCompared(_ metric: String, registry: MetricRegistry = .standard) -> Bool {
        guard let definition = registry.definition(of: metric), definition.direction != .neutral else { return false }
        return definition.name != "recall_by_day" && definition.name != "recall_by_cluster"
    }

    /// Compares `current` (rows for `seeds`) with `baseline`.
    public static func compare(
        baseline: RegressionBaseline, current: MetricsTable, seeds: [UInt64], rule: Rule = Rule(),
        registry: MetricRegistry = .standard
    ) -> Report {
        let now = RegressionBaseline.metrics(of: current, seeds: seeds, registry: registry)
        var nowByKey: [MetricKey: RegressionBaseline.Metric] = [:]
        for m in now { nowByKey[MetricKey(detector: m.detector, kind: m.kind, metric: m.metric)] = m }
        var comparisons: [Comparison] = []
        var seen = Set<MetricKey>()
        for old in baseline.metrics where isCompared(old.metric, registry: registry) {
            let key = MetricKey(detector: old.detector, kind: old.kind, metric: old.metric)
            seen.insert(key)
            let sign: Double = registry.definition(of: old.metric)?.direction == .lowerIsBetter ? -1 : 1
            comparisons.append(compareOne(old: old, oldSeeds: baseline.seeds, new: nowByKey[key], newSeeds: seeds,
                                          sign: sign, rule: rule))
        }
        for m in now where isCompared(m.metric, registry: registry) {
            let key = MetricKey(detector: m.detector, kind: m.kind, metric: m.metric)
            guard !seen.contains(key) else { continue }
            comparisons.append(Comparison(detector: m.detector, kind: m.kind, metric: m.metric, before: nil, after: m.mean,
                                          difference: nil, lower: nil, upper: nil, pValue: nil, test: "new", verdict: .skipped))
        }
        var notes: [String] = []
        if seeds != baseline.seeds {
            notes.append("seeds differ from the baseline (\(baseline.seeds.map(String.init).joined(separator: ",")) → \(seeds.map(String.init).joined(separator: ","))): shared seeds are paired, otherwise Welch's test")
        }
        return Report(comparisons: comparisons, rule: rule, notes: notes)
    }

    static func compareOne(
        old: RegressionBaseline.Metric, oldSeeds: [UInt64], new: RegressionBaseline.Metric?, newSeeds: [UInt64],
        sign: Double, rule: Rule
    ) -> Comparison {
        var c = Comparison(detector: old.detector, kind: old.kind, metric: old.metric, before: old.mean, after: new?.mean,
                           difference: nil, lower: nil, upper: nil, pValue: nil, test: "exact", verdict: .unchanged)
        guard old.mean != nil else {
            c.verdict = .skipped
            c.test = "undefined in baseline"
            return c
        }
        guard let new, new.mean != nil else {
            c.verdict = .missing
            c.test = "undefined now"
            return c
        }
        // Paired differences over shared seeds where both are defined.
        let newIndex = Dictionary(uniqueKeysWithValues: newSeeds.enumerated().map { ($1, $0) })
        var pairs: [Double] = []
        for (i, seed) in oldSeeds.enumerated() {
            if let j = newIndex[seed], let a = old.values[i], let b = new.values[j] { pairs.append(b - a) }
        }
        let oldDefined = old.values.compactMap { $0 }, newDefined = new.values.compactMap { $0 }
        let difference: Double
        var standardError: Double?
        var degreesOfFreedom: Double?
        if pairs.count >= 2 || (pairs.count == 1 && (oldDefined.count < 2 || newDefined.count < 2)) {
            difference = Descriptive.mean(pairs)!
            c.test = "paired"
            if let sd = Descriptive.standardDeviation(pairs), sd > 0 {
                standardError = sd / Double(pairs.count).squareRoot()
                degreesOfFreedom = Double(pairs.count - 1)
            }
        } else {
            difference = new.mean! - old.mean!
            c.test = "welch"
            if let s1 = Descriptive.standardDeviation(oldDefined), let s2 = Descriptive.standardDeviation(newDefined) {
                let v1 = s1 * s1 / Double(oldDefined.count), v2 = s2 * s2 / Double(newDefined.count)
                if v1 + v2 > 0 {
                    standardError = (v1 + v2).squareRoot()
                    // Welch–Satterthwaite degrees of freedom.
                    degreesOfFreedom = (v1 + v2) * (v1 + v2)
                        / (v1 * v1 / Double(oldDefined.count - 1) + v2 * v2 / Double(newDefined.count - 1))
                }
            }
        }
        c.difference = difference
        let improvement = sign * difference
        var significant = true
        if let se = standardError, let df = degreesOfFreedom {
            let t = improvement / se
            let pWorse = Distributions.studentTCDF(t, degreesOfFreedom: df)
            let pBetter = Distributions.studentTSurvival(t, degreesOfFreedom: df)
            c.pValue = pWorse
            let q = Distributions.studentTQuantile(0.975, degreesOfFreedom: df)
            c.lower = difference - q * se
            c.upper = difference + q * se
            significant = (improvement < 0 ? pWorse : pBetter) < rule.alpha
        } else {
            c.test = c.test == "paired" ? "exact" : "exact (too few seeds)"
            c.lower = difference
            c.upper = difference
        }
        if abs(improvement) > rule.minimumDifference, significant {
            c.verdict = improvement < 0 ? .worse : .better
        }
        return c
    }
}
