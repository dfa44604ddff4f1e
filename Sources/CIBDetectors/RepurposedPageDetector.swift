public import CIBModel

/// A change point in a Page's language or topic mix (commercial to political).
///
/// Stub: scores every entity 0 until its implementation lands.
public struct RepurposedPageDetector: Detector {
    public static let name = "repurposed-page"
    public static let summary = "A change point in a Page's language or topic mix (commercial to political)."
    public static let citation = "TODO"
    public static let parameters: [ParameterSpec] = []

    public init(parameters: ParameterValues) throws(DetectorError) {}

    public func run(on data: ObservableDataset, context: DetectorContext) throws(DetectorError) -> DetectorOutput {
        DetectorOutput(scores: EntityScores(detector: Self.name, count: data.entities.count))
    }
}
