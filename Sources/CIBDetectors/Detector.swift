public import CIBModel

/// A detection algorithm that reads only what a platform observes (``ObservableDataset``) and scores every entity.
///
/// The module that defines this protocol does not depend on `CIBTruth`, so no detector can read ground truth: the
/// boundary is the module graph, not a convention. Implementations must be deterministic: the same data and
/// parameters give the same output whatever ``DetectorContext/tasks`` is.
public protocol Detector: Sendable {
    /// The registry name, e.g. `shift-pattern`.
    static var name: String { get }
    /// One line for `ciblab detectors`.
    static var summary: String { get }
    /// Where the method comes from (paper, report, tool).
    static var citation: String { get }
    /// The parameters with their defaults and documentation.
    static var parameters: [ParameterSpec] { get }
    /// Names of detectors whose output this one needs in ``DetectorContext/upstream`` (e.g. fusion).
    static var dependencies: [String] { get }

    /// Builds the detector from resolved parameters (every spec has a value).
    init(parameters: ParameterValues) throws(DetectorError)

    /// Scores every entity of `data`.
    func run(on data: ObservableDataset, context: DetectorContext) throws(DetectorError) -> DetectorOutput
}

extension Detector {
    public static var dependencies: [String] { [] }
}

/// How a detector is run: threads it may use, a seed for randomised algorithms (e.g. MinHash permutations), the
/// outputs of the detectors it depends on, and a progress sink.
public struct DetectorContext: Sendable {
    public var tasks: Int
    public var seed: UInt64
    public var upstream: [String: EntityScores]
    /// Receives human-readable progress lines (written to stderr by the CLI).
    public var progress: @Sendable (String) -> Void

    public init(
        tasks: Int = 1, seed: UInt64 = 0, upstream: [String: EntityScores] = [:],
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.tasks = max(1, tasks)
        self.seed = seed
        self.upstream = upstream
        self.progress = progress
    }
}

/// A detector's scores plus what it found, in words a person can check (e.g. the inferred UTC offset and shift blocks
/// of a flagged group).
public struct DetectorOutput: Sendable {
    public var scores: EntityScores
    public var findings: [Finding]

    public init(scores: EntityScores, findings: [Finding] = []) {
        self.scores = scores
        self.findings = findings
    }
}

/// One thing a detector reports about a group of entities.
public struct Finding: Sendable, Codable, Equatable {
    /// The cluster id in ``EntityScores/cluster`` it describes, if any.
    public var cluster: Int32?
    /// How many entities it covers.
    public var size: Int
    public var summary: String

    public init(cluster: Int32?, size: Int, summary: String) {
        self.cluster = cluster
        self.size = size
        self.summary = summary
    }
}

/// A detector failed or was misconfigured; the message names the detector and what was wrong.
public struct DetectorError: Error, CustomStringConvertible, Sendable, Equatable {
    public var detector: String
    public var message: String

    public init(detector: String, message: String) {
        self.detector = detector
        self.message = message
    }

    /// One printable line (see ``PrintableText``).
    public var description: String { PrintableText.clean("detector \(detector): \(message)") }
}
