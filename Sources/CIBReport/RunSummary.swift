public import CIBAudit
public import CIBEvaluation

/// Everything a report shows about one run, supplied by the caller (the CLI): provenance, detectors, timings,
/// the tidy metrics and, for the charts, one world's evaluations and hour-of-week histograms.
///
/// Nothing here reads the clock or the machine: the same summary gives the same report bytes.
public struct RunSummary: Sendable {
    /// A detector as run: its name and resolved parameters (name → value as text).
    public struct Detector: Sendable, Equatable {
        public var name: String
        public var parameters: [(name: String, value: String)]
        public var summary: String

        public init(name: String, parameters: [(name: String, value: String)] = [], summary: String = "") {
            self.name = name
            self.parameters = parameters
            self.summary = summary
        }

        public static func == (a: Detector, b: Detector) -> Bool {
            a.name == b.name && a.summary == b.summary && a.parameters.count == b.parameters.count
                && zip(a.parameters, b.parameters).allSatisfy { $0.name == $1.name && $0.value == $1.value }
        }
    }

    /// One timed step of the run (e.g. "generate", "detect shift-pattern", "evaluate").
    public struct Timing: Sendable, Equatable {
        public var step: String
        public var seconds: Double
        /// Optional throughput note, e.g. "2.1 M events/s".
        public var note: String

        public init(step: String, seconds: Double, note: String = "") {
            self.step = step
            self.seconds = seconds
            self.note = note
        }
    }

    /// The campaign's and organic activity per hour of the week (168 bins, Monday 00h first, in `timeZone`), as
    /// counts or shares; the chart normalises each series to shares of its total (Meta's Q2 2023 Adversarial
    /// Threat Report charts Spamouflage's posting times this way, in Beijing time).
    public struct HourOfWeek: Sendable, Equatable {
        public var campaign: [Double]
        public var organic: [Double]
        /// A label such as "Beijing time (UTC+8)".
        public var timeZone: String

        public init(campaign: [Double], organic: [Double], timeZone: String) {
            self.campaign = campaign
            self.organic = organic
            self.timeZone = timeZone
        }
    }

    public var title: String
    public var toolVersion: String
    public var scenarioName: String
    public var scenarioHash: String
    public var seeds: [UInt64]
    public var positives: PositiveDefinition
    public var detectors: [Detector]
    public var timings: [Timing]
    /// Every tidy row of the run (all seeds).
    public var metrics: MetricsTable
    /// Evaluations of one world (normally the first seed), for the PR and time-to-detection curves.
    public var curves: [DetectorEvaluation]
    /// The seed `curves` come from.
    public var curveSeed: UInt64?
    public var hourOfWeek: HourOfWeek?
    /// Paired comparisons between detectors (McNemar, paired bootstrap on AP and F1), if the caller ran any.
    public var comparisons: [PairedComparison]
    /// Free-form provenance lines, e.g. machine, start time, command line.
    public var provenance: [(name: String, value: String)]
    /// The benchmark audit of the run's first world, when it ran (the "Benchmark validity" section).
    public var validity: AuditReport?

    public init(
        title: String = "ciblab report", toolVersion: String, scenarioName: String, scenarioHash: String,
        seeds: [UInt64], positives: PositiveDefinition, detectors: [Detector], timings: [Timing] = [],
        metrics: MetricsTable, curves: [DetectorEvaluation] = [], curveSeed: UInt64? = nil,
        hourOfWeek: HourOfWeek? = nil, comparisons: [PairedComparison] = [],
        provenance: [(name: String, value: String)] = [], validity: AuditReport? = nil
    ) {
        self.title = title
        self.toolVersion = toolVersion
        self.scenarioName = scenarioName
        self.scenarioHash = scenarioHash
        self.seeds = seeds
        self.positives = positives
        self.detectors = detectors
        self.timings = timings
        self.metrics = metrics
        self.curves = curves
        self.curveSeed = curveSeed
        self.hourOfWeek = hourOfWeek
        self.comparisons = comparisons
        self.provenance = provenance
        self.validity = validity
    }
}
