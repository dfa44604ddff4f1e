public import CIBModel

/// Accounts acting on the same link, text, repost or reply target within a time window.
///
/// Stub: scores every entity 0 until its implementation lands.
public struct CoActionDetector: Detector {
    public static let name = "co-action"
    public static let summary = "Accounts acting on the same link, text, repost or reply target within a time window."
    public static let citation = "TODO"
    public static let parameters: [ParameterSpec] = []

    public init(parameters: ParameterValues) throws(DetectorError) {}

    public func run(on data: ObservableDataset, context: DetectorContext) throws(DetectorError) -> DetectorOutput {
        DetectorOutput(scores: EntityScores(detector: Self.name, count: data.entities.count))
    }
}
