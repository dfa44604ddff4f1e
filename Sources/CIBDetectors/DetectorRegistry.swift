/// Every built-in detector, registered once. `ciblab detectors` lists these; `ciblab run` runs them in this order
/// (a detector's ``Detector/dependencies`` come before it).
public enum DetectorRegistry {
    public static let all: [any Detector.Type] = [
        ShiftPatternDetector.self,
        CoActionDetector.self,
        NearDuplicateDetector.self,
        AudienceMismatchDetector.self,
        RepurposedPageDetector.self,
        SharedInfrastructureDetector.self,
        EngagementRingDetector.self,
        FusionDetector.self,
    ]

    public static func named(_ name: String) -> (any Detector.Type)? {
        all.first { $0.name == name }
    }

    public static var names: [String] { all.map { $0.name } }
}
