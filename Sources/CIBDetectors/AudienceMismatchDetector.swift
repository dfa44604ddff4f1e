public import CIBModel

/// Page follower countries against the Page's language and addressed regions.
///
/// Stub: scores every entity 0 until its implementation lands.
public struct AudienceMismatchDetector: Detector {
    public static let name = "audience-mismatch"
    public static let summary = "Page follower countries against the Page's language and addressed regions."
    public static let citation = "TODO"
    public static let parameters: [ParameterSpec] = []

    public init(parameters: ParameterValues) throws(DetectorError) {}

    public func run(on data: ObservableDataset, context: DetectorContext) throws(DetectorError) -> DetectorOutput {
        DetectorOutput(scores: EntityScores(detector: Self.name, count: data.entities.count))
    }
}
