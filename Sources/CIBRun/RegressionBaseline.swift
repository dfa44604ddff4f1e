import CIBStatistics
public import CIBEvaluation
public import Foundation

/// A recorded experiment that later runs are checked against (`ciblab baseline`, `ciblab check`).
///
/// It holds everything needed to rerun the experiment — the scenario file, its presets and `--set` overrides, the
/// SHA-256 of the resolved scenario, seeds, detectors and their `--param` overrides, bootstrap replicates, positive
/// definition — and, per detector × entity kind × metric, the value on every seed with mean and sample standard
/// deviation. The JSON encoding is deterministic (sorted keys, rows in table order) so a re-recorded baseline diffs
/// cleanly in version control.
public struct RegressionBaseline: Codable, Sendable, Equatable {
    /// The file format; bumped when a field changes meaning.
    public static let currentFormat = 1

    /// How the scenario was resolved.
    public struct ScenarioReference: Codable, Sendable, Equatable {
        public var path: String
        public var name: String
        /// SHA-256 of the resolved scenario's canonical JSON.
        public var sha256: String
        public var presets: [String]
        public var overrides: [String]

        public init(path: String, name: String, sha256: String, presets: [String], overrides: [String]) {
            self.path = path
            self.name = name
            self.sha256 = sha256
            self.presets = presets
            self.overrides = overrides
        }
    }

    /// A detector with its resolved parameters.
    public struct DetectorRecord: Codable, Sendable, Equatable {
        public var name: String
        public var parameters: [String: Double]

        public init(name: String, parameters: [String: Double]) {
            self.name = name
            self.parameters = parameters
        }
    }

    /// One detector × kind × metric: values aligned with ``RegressionBaseline/seeds`` (`nil` where undefined).
    public struct Metric: Codable, Sendable, Equatable {
        public var detector: String
        public var kind: String
        public var metric: String
        /// `higher`, `lower` or `neutral` (``MetricDirection``).
        public var direction: String
        public var values: [Double?]
        /// Mean over the seeds where the metric is defined (`nil` when it is defined on none).
        public var mean: Double?
        /// Sample standard deviation over the defined seeds (`nil` with fewer than two).
        public var sd: Double?

        public init(detector: String, kind: String, metric: String, direction: String, values: [Double?]) {
            self.detector = detector
            self.kind = kind
            self.metric = metric
            self.direction = direction
            self.values = values
            let defined = values.compactMap { $0 }
            self.mean = Descriptive.mean(defined)
            self.sd = Descriptive.standardDeviation(defined)
        }

        enum CodingKeys: String, CodingKey { case detector, kind, metric, direction, values, mean, sd }

        /// Writes absent values as `null` so every row has the same keys.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(detector, forKey: .detector)
            try c.encode(kind, forKey: .kind)
            try c.encode(metric, forKey: .metric)
            try c.encode(direction, forKey: .direction)
            try c.encode(values, forKey: .values)
            try c.encode(mean, forKey: .mean)
            try c.encode(sd, forKey: .sd)
        }
    }

    public var format: Int
    public var toolVersion: String
    public var scenario: ScenarioReference
    public var seeds: [UInt64]
    public var scale: Double
    /// The detectors as run (resolved parameters).
    public var detectors: [DetectorRecord]
    /// The names asked for (`[]` = every registered built-in).
    public var requestedDetectors: [String]
    /// `detector.key=value` overrides given when recording.
    public var parameters: [String]
    public var bootstrapReplicates: Int
    /// ``PositiveDefinition`` raw value.
    public var positives: String
    public var metrics: [Metric]

    public init(
        toolVersion: String, scenario: ScenarioReference, seeds: [UInt64], scale: Double, detectors: [DetectorRecord],
        requestedDetectors: [String], parameters: [String], bootstrapReplicates: Int, positives: String, metrics: [Metric]
    ) {
        self.format = Self.currentFormat
        self.toolVersion = toolVersion
        self.scenario = scenario
        self.seeds = seeds
        self.scale = scale
        self.detectors = detectors
        self.requestedDetectors = requestedDetectors
        self.parameters = parameters
        self.bootstrapReplicates = bootstrapReplicates
        self.positives = positives
        self.metrics = metrics
    }

    /// Records a baseline from an experiment's configuration and result.
    public init(
        configuration: ExperimentConfiguration, result: ExperimentResult, scenario: ScenarioReference,
        registry: MetricRegistry = .standard
    ) {
        self.init(
            toolVersion: configuration.toolVersion, scenario: scenario, seeds: configuration.seeds,
            scale: configuration.scale,
            detectors: result.detectors.map { DetectorRecord(name: $0.name, parameters: $0.parameters) },
            requestedDetectors: configuration.detectors, parameters: configuration.parameters,
            bootstrapReplicates: configuration.bootstrapReplicates, positives: configuration.positives.rawValue,
            metrics: Self.metrics(of: result.metrics, seeds: configuration.seeds, registry: registry))
    }

    /// Groups a tidy table into one ``Metric`` per detector × kind × metric, in first-appearance order.
    public static func metrics(of table: MetricsTable, seeds: [UInt64], registry: MetricRegistry = .standard) -> [Metric] {
        let seedIndex = Dictionary(uniqueKeysWithValues: seeds.enumerated().map { ($1, $0) })
        var order: [MetricKey] = []
        var values: [MetricKey: [Double?]] = [:]
        for row in table.rows {
            guard let s = seedIndex[row.seed] else { continue }
            let key = MetricKey(detector: row.detector, kind: row.kind, metric: row.metric)
            if values[key] == nil {
                order.append(key)
                values[key] = [Double?](repeating: nil, count: seeds.count)
            }
            values[key]![s] = row.defined ? row.value : nil
        }
        return order.map { key in
            Metric(detector: key.detector, kind: key.kind, metric: key.metric,
                   direction: registry.definition(of: key.metric)?.direction.rawValue ?? MetricDirection.neutral.rawValue,
                   values: values[key]!)
        }
    }

    /// Deterministic JSON (sorted keys, pretty-printed, trailing newline).
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Only strings, integers, finite doubles and optionals: encoding cannot fail.
        var data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }

    /// Reads a baseline file.
    /// - Throws: ``ExperimentError`` naming the file and what is wrong with it.
    public static func load(path: String) throws(ExperimentError) -> RegressionBaseline {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ExperimentError("\(path): cannot read the baseline file (\(error.localizedDescription))")
        }
        let baseline: RegressionBaseline
        do { baseline = try JSONDecoder().decode(RegressionBaseline.self, from: data) } catch let error as DecodingError {
            throw ExperimentError("\(path): not a ciblab baseline file: \(describe(error))")
        } catch {
            throw ExperimentError("\(path): not a ciblab baseline file: \(error)")
        }
        guard baseline.format == currentFormat else {
            throw ExperimentError("\(path): baseline format \(baseline.format) is not supported (expected \(currentFormat)); re-record it with `ciblab baseline`")
        }
        guard !baseline.seeds.isEmpty else { throw ExperimentError("\(path): seeds: expected at least one seed") }
        guard Set(baseline.seeds).count == baseline.seeds.count else { throw ExperimentError("\(path): seeds: a seed is listed twice") }
        for (i, m) in baseline.metrics.enumerated() where m.values.count != baseline.seeds.count {
            throw ExperimentError("\(path): metrics[\(i)] (\(m.detector) \(m.kind) \(m.metric)): expected \(baseline.seeds.count) values (one per seed), found \(m.values.count)")
        }
        guard PositiveDefinition(rawValue: baseline.positives) != nil else {
            throw ExperimentError("\(path): positives: expected one of \(PositiveDefinition.allCases.map(\.rawValue).joined(separator: ", ")), found '\(baseline.positives)'")
        }
        return baseline
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "top level" : String(p.drop(while: { $0 == "." }))
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)): missing key '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// Detector × kind × metric.
struct MetricKey: Hashable, Sendable {
    var detector: String
    var kind: String
    var metric: String
}
