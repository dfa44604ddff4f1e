/// Recall within one group of positives: a kill-chain tactic, a platform, a truth cluster, or the positives active
/// by a given day of the campaign.
public struct BreakdownRecall: Sendable, Equatable, Codable {
    /// The group: a tactic code (`6.3`), a platform name, a cluster id, or a number of days since the campaign
    /// began (`1` = its first 24 hours).
    public var key: String
    /// Positives in the group (for days: all positives of the slice, the fixed denominator).
    public var positives: Int
    /// Flagged positives in the group (for days: flagged positives active by the end of that day).
    public var detected: Int
    /// `detected / positives` with a Wilson interval; undefined when the group has no positives.
    public var recall: MetricValue

    public init(key: String, positives: Int, detected: Int, recall: MetricValue) {
        self.key = key
        self.positives = positives
        self.detected = detected
        self.recall = recall
    }

    init(key: String, positives: Int, detected: Int, confidence: Double) {
        self.init(
            key: key, positives: positives, detected: detected,
            recall: Intervals.wilson(successes: detected, trials: positives, confidence: confidence))
    }
}
