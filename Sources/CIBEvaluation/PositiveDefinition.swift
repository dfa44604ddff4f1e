public import CIBTruth

/// Which entities count as positives when a detector is scored (docs/evaluation.md: "this campaign, any campaign, any
/// inauthentic").
public enum PositiveDefinition: String, CaseIterable, Codable, Sendable {
    /// Assets of one campaign (index 0, the scenario's first campaign, unless another is named).
    case thisCampaign = "this-campaign"
    /// Assets of any campaign.
    case anyCampaign = "any-campaign"
    /// Any inauthentic entity: campaign assets, commercial spam Pages and follower-farm accounts
    /// (``EntityClass/isInauthentic``).
    case anyInauthentic = "any-inauthentic"

    /// One label per entity of `truth`: `true` for a positive under this definition.
    /// - Parameter campaign: the campaign index used by ``thisCampaign``.
    public func labels(_ truth: GroundTruth, campaign: Int = 0) -> [Bool] {
        let count = truth.entityClass.count
        var labels = [Bool](repeating: false, count: count)
        for i in 0 ..< count {
            let cls = truth.entityClass[i]
            switch self {
            case .thisCampaign:
                labels[i] = cls == .campaign && Int(truth.entityCampaign[i]) == campaign
            case .anyCampaign:
                labels[i] = cls == .campaign
            case .anyInauthentic:
                labels[i] = cls.isInauthentic
            }
        }
        return labels
    }
}
