public import CIBModel
public import CIBTruth
internal import CIBStatistics

/// What the audit keeps of one generated world: every entity's public features and class, and a seeded sample of its
/// posts' texts by population. A few tens of megabytes, so `ciblab run` can keep it after the world itself is gone.
public struct AuditWorld: Sendable {
    /// The seed the world was generated from (it also seeds the audit's samples of this world).
    public var seed: UInt64
    public var features: EntityFeatureTable
    /// Per entity, its class in the truth.
    public var entityClass: [EntityClass]
    /// Events in the world (for the report).
    public var eventCount: Int
    /// Sampled texts of the world's posts, per population.
    public var texts: [TextGroup]

    /// The texts of one population of posts (events with a text): the campaign's, or one class's.
    public struct TextGroup: Sendable {
        /// `campaign`, a class name (`organic`, `newsroom`, …), or ``TextGroup/organicOnCampaignTopics``.
        public var key: String
        /// Events of the population in the world.
        public var total: Int
        /// A uniform sample of the population's events' texts without replacement, in random order (so any prefix
        /// is a uniform sample too).
        public var texts: StringTable

        /// The key of organic posts on the topics the campaign posts about (needs per-event topics, see
        /// ``EventTopics``).
        public static let organicOnCampaignTopics = "organic on campaign topics"
        /// The key of newsroom posts on the topics the campaign posts about: the outlets' stories on its narratives.
        public static let newsroomOnCampaignTopics = "newsroom on campaign topics"
        /// Sub-populations of a class's posts, scored but not fitted on nor pooled (their posts are in their class's).
        public static let topicSubgroups: Set<String> = [organicOnCampaignTopics, newsroomOnCampaignTopics]
    }

    /// Per-event topic labels of the ground truth (``GroundTruth/eventTopic``), for the text probe's "organic posts
    /// on the campaign's topics".
    public struct EventTopics: Sendable {
        /// One topic per event; 0 is everyday chatter.
        public var topic: [UInt8]
        public init(topic: [UInt8]) { self.topic = topic }
    }

    public init(seed: UInt64, features: EntityFeatureTable, entityClass: [EntityClass], eventCount: Int, texts: [TextGroup]) {
        self.seed = seed
        self.features = features
        self.entityClass = entityClass
        self.eventCount = eventCount
        self.texts = texts
    }

    /// Summarises `world`, sampling at most `textsPerGroup` texts per population of posts.
    /// - Parameter topics: per-event topics; by default the truth's, when it has them (see ``EventTopics``).
    public init(world: LabelledWorld, seed: UInt64, textsPerGroup: Int = 8_000, topics: EventTopics? = nil) {
        let data = world.observable, truth = world.truth
        let topics = topics ?? (truth.eventTopic.count == data.events.count ? EventTopics(topic: truth.eventTopic) : nil)
        self.seed = seed
        self.features = EntityFeatureTable(data)
        self.entityClass = truth.entityClass
        self.eventCount = data.events.count
        self.texts = Self.sampleTexts(world, seed: seed, perGroup: textsPerGroup, topics: topics)
    }

    /// Posts (events with a text) by population: campaign-attributed events, then the other events by their actor's
    /// class, in `EntityClass` order, then organic and newsroom posts on the campaign's topics when `topics` is given.
    static func sampleTexts(_ world: LabelledWorld, seed: UInt64, perGroup: Int, topics: EventTopics?) -> [TextGroup] {
        let data = world.observable, truth = world.truth
        let classes = EntityClass.allCases
        var members = [[Int32]](repeating: [], count: classes.count + 3)
        let campaignGroup = classes.count, topicGroup = classes.count + 1, newsroomTopicGroup = classes.count + 2
        // The campaign's topics: those it over-represents — a larger share of the topic's posts are the campaign's
        // than of all posts on any topic (its personas' everyday posts on the weather do not make the weather one).
        var campaignTopics = Set<UInt8>()
        if let topics {
            var campaign = [Int](repeating: 0, count: 256), all = [Int](repeating: 0, count: 256)
            for e in 0 ..< data.events.count where data.events.text[e] != noReference && topics.topic[e] != 0 {
                let t = Int(topics.topic[e])
                all[t] += 1
                if truth.eventCampaign[e] >= 0 { campaign[t] += 1 }
            }
            let share = Double(campaign.reduce(0, +)) / Double(max(1, all.reduce(0, +)))
            for t in 1 ..< 256 where all[t] > 0 && Double(campaign[t]) > share * Double(all[t]) { campaignTopics.insert(UInt8(t)) }
        }
        for e in 0 ..< data.events.count where data.events.text[e] != noReference {
            if truth.eventCampaign[e] >= 0 {
                members[campaignGroup].append(Int32(e))
                continue
            }
            let cls = truth.entityClass[Int(data.events.actor[e])]
            members[classes.firstIndex(of: cls)!].append(Int32(e))
            if let topics, campaignTopics.contains(topics.topic[e]) {
                if cls == .organic { members[topicGroup].append(Int32(e)) }
                if cls == .newsroom { members[newsroomTopicGroup].append(Int32(e)) }
            }
        }
        var order = [campaignGroup] + classes.indices.filter { classes[$0] != .campaign }
        if topics != nil { order += [topicGroup, newsroomTopicGroup] }
        return order.compactMap { g -> TextGroup? in
            var events = members[g]
            guard !events.isEmpty else { return nil }
            let rng = RandomStream(seed: seed, stream: 0x7465_7874_0000 | UInt64(g))  // "text" + group
            let k = min(perGroup, events.count)
            for i in 0 ..< k { events.swapAt(i, i + rng.uniformInt(events.count - i)) }
            var texts = StringTable()
            for e in events[..<k] { data.texts.withUTF8(Int(data.events.text[Int(e)])) { _ = texts.append(utf8: $0) } }
            let key = g == campaignGroup ? EntityClass.campaign.name
                : g == topicGroup ? TextGroup.organicOnCampaignTopics
                : g == newsroomTopicGroup ? TextGroup.newsroomOnCampaignTopics : classes[g].name
            return TextGroup(key: key, total: members[g].count, texts: texts)
        }
    }

    public var count: Int { entityClass.count }

    /// `true` for campaign assets.
    public var campaignLabels: [Bool] { entityClass.map { $0 == .campaign } }
}
