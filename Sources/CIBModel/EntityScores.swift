/// A detector's verdict on every entity of a dataset: a score (higher is more suspicious), a flag at the detector's
/// own threshold, and optionally a cluster id. Built-in and external detectors produce the same type, so both are
/// evaluated the same way.
public struct EntityScores: Sendable, Equatable {
    /// The detector's name, e.g. `shift-pattern` or `external:mine`.
    public var detector: String
    /// One score per entity, indexed by ``EntityID``. Always finite.
    public var score: [Double]
    /// One flag per entity.
    public var flag: [Bool]
    /// One cluster id per entity, ``noReference`` when the entity is in no cluster; `nil` when the detector gives
    /// no clusters at all.
    public var cluster: [Int32]?

    public init(detector: String, score: [Double], flag: [Bool], cluster: [Int32]? = nil) {
        precondition(score.count == flag.count, "score and flag columns differ in length")
        precondition(cluster.map { $0.count == score.count } ?? true, "cluster column differs in length")
        self.detector = detector
        self.score = score
        self.flag = flag
        self.cluster = cluster
    }

    /// All-zero scores for `count` entities.
    public init(detector: String, count: Int) {
        self.init(detector: detector, score: .init(repeating: 0, count: count), flag: .init(repeating: false, count: count))
    }

    public var count: Int { score.count }
}
