public import CIBModel

/// What really happened in a generated world: kept apart from ``ObservableDataset`` and joined with detector output
/// only by evaluation.
public struct GroundTruth: Sendable, Equatable {
    /// Per entity (indexed by ``EntityID``).
    public var entityClass: [EntityClass] = []
    /// Campaign index (into ``campaignNames``) or -1.
    public var entityCampaign: [Int16] = []
    /// Cluster id, unique across campaigns, or -1.
    public var entityCluster: [Int32] = []
    /// Operator id, unique across campaigns, or -1.
    public var entityOperator: [Int32] = []
    /// Tactics that describe how the entity was obtained or is used (e.g. 0.9.9 for a repurposed Page).
    public var entityTactics: [TacticSet] = []

    /// Per event (indexed by ``EventID``): campaign index or -1, and the tactics that produced it.
    public var eventCampaign: [Int16] = []
    public var eventTactics: [TacticSet] = []
    /// Per event: what its text is about, an index into ``topicNames`` (0, the first name, is everyday chatter and
    /// any event without text). Empty when the world does not record topics (datasets written before it did).
    public var eventTopic: [UInt8] = []
    /// The topic inventory ``eventTopic`` indexes (the generator's, e.g. `everyday`, `covid-origins`, ...).
    public var topicNames: [String] = []

    /// Names of the campaigns, in scenario order.
    public var campaignNames: [String] = []

    public init() {}

    /// Makes room for `n` entities in all, so that appending many does not copy the columns as they grow.
    public mutating func reserveEntityCapacity(_ n: Int) {
        entityClass.reserveCapacity(n)
        entityCampaign.reserveCapacity(n)
        entityCluster.reserveCapacity(n)
        entityOperator.reserveCapacity(n)
        entityTactics.reserveCapacity(n)
    }

    public mutating func appendEntity(
        _ cls: EntityClass, campaign: Int16 = -1, cluster: Int32 = -1, operator op: Int32 = -1,
        tactics: TacticSet = []
    ) {
        entityClass.append(cls)
        entityCampaign.append(campaign)
        entityCluster.append(cluster)
        entityOperator.append(op)
        entityTactics.append(tactics)
    }

    public mutating func appendEvent(campaign: Int16 = -1, tactics: TacticSet = []) {
        eventCampaign.append(campaign)
        eventTactics.append(tactics)
    }

    /// The topic of event `e` (0 when topics are not recorded).
    public func topic(of e: Int) -> Int { e < eventTopic.count ? Int(eventTopic[e]) : 0 }

    /// Renumbers the topics in order of first appearance among the events (index 0, everyday chatter, stays first) and
    /// drops names no event uses: the form a dataset's `truth/events.csv` reads back as, so that a written and read
    /// world equals the generated one.
    public mutating func compactTopics() {
        guard !eventTopic.isEmpty, !topicNames.isEmpty else { return }
        var map = [Int](repeating: -1, count: topicNames.count)
        map[0] = 0
        var names = [topicNames[0]]
        for i in eventTopic.indices {
            let t = Int(eventTopic[i])
            if map[t] < 0 {
                map[t] = names.count
                names.append(topicNames[t])
            }
            eventTopic[i] = UInt8(map[t])
        }
        topicNames = names
    }

    /// Reorders the event columns by the same permutation as ``EventTable/permute(by:)``.
    public mutating func permuteEvents(by order: [Int]) {
        eventCampaign = order.map { eventCampaign[$0] }
        eventTactics = order.map { eventTactics[$0] }
        if !eventTopic.isEmpty { eventTopic = order.map { eventTopic[$0] } }
    }
}

/// A generated world: what detectors may see, and the truth kept apart.
public struct LabelledWorld: Sendable {
    public var observable: ObservableDataset
    public var truth: GroundTruth

    public init(observable: ObservableDataset, truth: GroundTruth) {
        self.observable = observable
        self.truth = truth
    }
}
