public import CIBModel

/// Typo-tolerant near-duplicate text sprayed across many platforms within hours.
///
/// Stub: scores every entity 0 until its implementation lands.
public struct NearDuplicateDetector: Detector {
    public static let name = "near-duplicate"
    public static let summary = "Typo-tolerant near-duplicate text sprayed across many platforms within hours."
    public static let citation = "TODO"
    public static let parameters: [ParameterSpec] = []

    public init(parameters: ParameterValues) throws(DetectorError) {}

    public func run(on data: ObservableDataset, context: DetectorContext) throws(DetectorError) -> DetectorOutput {
        DetectorOutput(scores: EntityScores(detector: Self.name, count: data.entities.count))
    }
}
