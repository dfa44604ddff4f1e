public import CIBModel

/// Hour-of-week activity against human daily curves; infers the operators' UTC offset and shift blocks.
///
/// Stub: scores every entity 0 until its implementation lands.
public struct ShiftPatternDetector: Detector {
    public static let name = "shift-pattern"
    public static let summary = "Hour-of-week activity against human daily curves; infers the operators' UTC offset and shift blocks."
    public static let citation = "TODO"
    public static let parameters: [ParameterSpec] = []

    public init(parameters: ParameterValues) throws(DetectorError) {}

    public func run(on data: ObservableDataset, context: DetectorContext) throws(DetectorError) -> DetectorOutput {
        DetectorOutput(scores: EntityScores(detector: Self.name, count: data.entities.count))
    }
}
