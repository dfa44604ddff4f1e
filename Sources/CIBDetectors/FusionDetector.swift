public import CIBModel

/// Combines the other detectors' scores without the evaluated world's ground truth.
///
/// Stub: scores every entity 0 until its implementation lands.
public struct FusionDetector: Detector {
    public static let name = "fusion"
    public static let summary = "Combines the other detectors' scores without the evaluated world's ground truth."
    public static let citation = "TODO"
    public static let parameters: [ParameterSpec] = []

    public init(parameters: ParameterValues) throws(DetectorError) {}

    public func run(on data: ObservableDataset, context: DetectorContext) throws(DetectorError) -> DetectorOutput {
        DetectorOutput(scores: EntityScores(detector: Self.name, count: data.entities.count))
    }
}
