internal import CIBStatistics

/// One metric of one detector and entity kind summarised across seeds (independent worlds): mean, sample standard
/// deviation and a Student t interval for the mean (`MeanInterval.t`).
///
/// Only defined values enter the summary (undefined ones are counted in ``undefined``). With one defined value the
/// standard deviation and interval are absent; with none, the mean is absent too. The t interval is clipped to the
/// metric's range from the registry (a recall interval never leaves [0, 1]).
public struct SeedSummaryRow: Sendable, Equatable, Codable {
    public var detector: String
    public var kind: String
    public var metric: String
    /// Seeds with a defined value.
    public var seeds: Int
    /// Seeds where the metric was undefined.
    public var undefined: Int
    public var mean: Double?
    public var standardDeviation: Double?
    public var lower: Double?
    public var upper: Double?

    public init(
        detector: String, kind: String, metric: String, seeds: Int, undefined: Int, mean: Double?,
        standardDeviation: Double?, lower: Double?, upper: Double?
    ) {
        self.detector = detector
        self.kind = kind
        self.metric = metric
        self.seeds = seeds
        self.undefined = undefined
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.lower = lower
        self.upper = upper
    }
}

extension MetricsTable {
    /// Summaries across seeds, one per (detector, kind, metric) in order of first appearance.
    public func summaryAcrossSeeds(confidence: Double = 0.95, registry: MetricRegistry = .standard) -> [SeedSummaryRow] {
        struct Key: Hashable {
            var detector: String, kind: String, metric: String
        }
        var order = [Key]()
        var values = [Key: (defined: [Double], undefined: Int)]()
        for row in rows {
            let key = Key(detector: row.detector, kind: row.kind, metric: row.metric)
            if values[key] == nil {
                order.append(key)
                values[key] = ([], 0)
            }
            if row.defined { values[key]!.defined.append(row.value) } else { values[key]!.undefined += 1 }
        }
        return order.map { key in
            let (sample, undefined) = values[key]!
            let sd = Descriptive.standardDeviation(sample)
            let interval = sample.count >= 2 ? MeanInterval.t(values: sample, confidence: confidence) : nil
            let range = registry.definition(of: key.metric)?.range ?? -Double.infinity ... .infinity
            func clip(_ x: Double?) -> Double? { x.map { min(range.upperBound, max(range.lowerBound, $0)) } }
            return SeedSummaryRow(
                detector: key.detector, kind: key.kind, metric: key.metric, seeds: sample.count,
                undefined: undefined, mean: Descriptive.mean(sample), standardDeviation: sd,
                lower: clip(interval?.lower), upper: clip(interval?.upper))
        }
    }

    /// ``summaryAcrossSeeds(confidence:)`` as CSV: `detector,kind,metric,seeds,undefined,mean,sd,lower,upper`.
    public func summaryCSV(confidence: Double = 0.95) -> String {
        var out = "detector,kind,metric,seeds,undefined,mean,sd,lower,upper\n"
        for row in summaryAcrossSeeds(confidence: confidence) {
            let fields = [
                CSV.escape(row.detector), CSV.escape(row.kind), CSV.escape(row.metric), String(row.seeds),
                String(row.undefined), row.mean.map(CSV.number) ?? "", row.standardDeviation.map(CSV.number) ?? "",
                row.lower.map(CSV.number) ?? "", row.upper.map(CSV.number) ?? "",
            ]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }
}
