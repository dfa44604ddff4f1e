public import CIBModel

/// Engagement from inside a dense group: dense-subgraph peeling in the style of FRAUDAR.
///
/// Stub: scores every entity 0 until its implementation lands.
public struct EngagementRingDetector: Detector {
    public static let name = "engagement-ring"
    public static let summary = "Engagement from inside a dense group: dense-subgraph peeling in the style of FRAUDAR."
    public static let citation = "TODO"
    public static let parameters: [ParameterSpec] = []

    public init(parameters: ParameterValues) throws(DetectorError) {}

    public func run(on data: ObservableDataset, context: DetectorContext) throws(DetectorError) -> DetectorOutput {
        DetectorOutput(scores: EntityScores(detector: Self.name, count: data.entities.count))
    }
}
