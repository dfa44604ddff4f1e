public import CIBModel

/// Accounts sharing IPs or device fingerprints over time, discounting widely shared networks.
///
/// Stub: scores every entity 0 until its implementation lands.
public struct SharedInfrastructureDetector: Detector {
    public static let name = "shared-infrastructure"
    public static let summary = "Accounts sharing IPs or device fingerprints over time, discounting widely shared networks."
    public static let citation = "TODO"
    public static let parameters: [ParameterSpec] = []

    public init(parameters: ParameterValues) throws(DetectorError) {}

    public func run(on data: ObservableDataset, context: DetectorContext) throws(DetectorError) -> DetectorOutput {
        DetectorOutput(scores: EntityScores(detector: Self.name, count: data.entities.count))
    }
}
