/// How many honest (negative) members of one entity class a detector flagged: which look-alike fooled it.
///
/// Only negatives count: under `this-campaign` every class but the evaluated campaign's assets; under
/// `any-inauthentic` commercial spam and follower farms are positives and so have no row. The counts of all classes
/// of a slice add up to its `fp` and `fp + tn`.
public struct ClassFalsePositives: Sendable, Equatable, Codable {
    /// The class name as in files (`organic`, `newsroom`, … — `EntityClass.name`).
    public var key: String
    /// Negatives of the class in the slice.
    public var negatives: Int
    /// Flagged negatives of the class (false positives).
    public var flagged: Int
    /// `flagged / negatives` with a Wilson interval.
    public var share: MetricValue

    public init(key: String, negatives: Int, flagged: Int, share: MetricValue) {
        self.key = key
        self.negatives = negatives
        self.flagged = flagged
        self.share = share
    }

    init(key: String, negatives: Int, flagged: Int, confidence: Double) {
        self.init(key: key, negatives: negatives, flagged: flagged,
                  share: Intervals.wilson(successes: flagged, trials: negatives, confidence: confidence))
    }
}
