public import CIBModel

/// One detector evaluated on one world: one ``SliceEvaluation`` for all entities, then one per entity kind present
/// in the dataset.
public struct DetectorEvaluation: Sendable, Equatable, Codable {
    public var detector: String
    /// What counted as positive, and for ``PositiveDefinition/thisCampaign`` which campaign.
    public var positives: PositiveDefinition
    public var campaign: Int
    /// The slices: `all` first, then `account`, `page`, `group` (kinds absent from the dataset are left out).
    public var slices: [SliceEvaluation]

    public init(detector: String, positives: PositiveDefinition, campaign: Int, slices: [SliceEvaluation]) {
        self.detector = detector
        self.positives = positives
        self.campaign = campaign
        self.slices = slices
    }

    /// The slice of one kind (`nil` for all entities), if present.
    public func slice(_ kind: EntityKind?) -> SliceEvaluation? {
        slices.first { $0.kind == kind }
    }

    /// The tidy rows of this evaluation, produced from ``MetricRegistry``: one row per slice × metric (families
    /// such as `recall_by_tactic[6.3]` give one row per key), in slice order then registry order.
    public func rows(seed: UInt64, registry: MetricRegistry = .standard) -> [MetricRow] {
        var rows = [MetricRow]()
        for slice in slices {
            for metric in registry.metrics {
                for (name, value) in metric.values(slice) {
                    rows.append(MetricRow(
                        seed: seed, detector: detector, kind: slice.kindName, metric: name, value: value))
                }
            }
        }
        return rows
    }
}
