internal import CIBModel
public import CIBScenario
internal import CIBStatistics
public import CIBTruth

/// Why a world cannot be generated from a (valid) scenario.
public struct GeneratorError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Generates a labelled world from a scenario (MISSION §2): what platforms observe, and the ground truth kept
/// apart.
///
/// Deterministic: the same scenario, seed and scale give an identical ``LabelledWorld`` for any `tasks`. The plan
/// (entities, follows bought with Pages, newsroom feed, campaign assets and directions) is built serially from
/// stream 0; then every independent unit — a chunk of ≤ 20,000 organic accounts of one platform, a chunk of organic
/// Pages, newsrooms, marketing, fan communities, spam Pages, each campaign's bought-Page history and each of its
/// clusters — draws from its own `RandomStream(seed:, stream: 1000 + unit)`, runs on up to `tasks` threads, and is
/// merged in unit order; cross-world engagement (off-topic replies, organic reach) follows from stream 1; events
/// are finally put in time order by a stable radix sort (ties keep merge order), so a reply, repost or like always
/// comes after its target.
public struct WorldGenerator: Sendable {
    public let scenario: Scenario
    /// The seed used (the scenario's unless one was given).
    public let seed: UInt64
    /// Multiplies the organic world (accounts, Pages, Groups, bursts, newsroom followers); the campaign and the
    /// other hard negatives keep their counts.
    public let scale: Double
    public let tasks: Int
    let progress: @Sendable (String) -> Void

    public init(
        scenario: Scenario, seed: UInt64? = nil, scale: Double = 1, tasks: Int = 2,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.scenario = scenario
        self.seed = seed ?? scenario.seed
        self.scale = scale
        self.tasks = max(1, tasks)
        self.progress = progress
    }

    private enum Unit: Sendable {
        case organic(Int)
        case pages(Range<Int32>)
        case newsrooms, marketing, fans, spamPages
        case history(Int)
        case cluster(Int, Int)
    }

    public func generate() throws(GeneratorError) -> LabelledWorld {
        guard scale.isFinite, scale > 0, scale <= 10_000 else { throw GeneratorError("scale must be in (0, 10000], got \(scale)") }
        let plan = WorldPlan(scenario: scenario, seed: seed, scale: scale)
        progress("planned \(plan.entities.count) entities on \(plan.platforms.count) platforms")

        var units: [Unit] = plan.organicChunks.indices.map { .organic($0) }
        var lo = plan.organicPages.lowerBound
        while lo < plan.organicPages.upperBound {
            let hi = min(lo + 5000, plan.organicPages.upperBound)
            units.append(.pages(lo ..< hi))
            lo = hi
        }
        units += [.newsrooms, .marketing, .fans, .spamPages]
        for (i, cp) in plan.campaigns.enumerated() {
            units.append(.history(i))
            for k in cp.clusters.indices { units.append(.cluster(i, k)) }
        }
        let seed = self.seed
        let unitList = units
        let buffers = DeterministicParallel.map(chunks: units.count, tasks: tasks) { i -> EventBuffer in
            let rng = RandomStream(seed: seed, stream: 1000 + UInt64(i))
            switch unitList[i] {
            case .organic(let c):
                let chunk = plan.organicChunks[c]
                return OrganicActivity.generate(plan, platform: chunk.platform, accounts: chunk.range, sharedNetwork: chunk.sharedNetwork, rng)
            case .pages(let r): return OrganicPages.generate(plan, pages: r, rng)
            case .newsrooms: return Newsrooms.generate(plan, rng)
            case .marketing: return Marketing.generate(plan, rng)
            case .fans: return FanCommunities.generate(plan, rng)
            case .spamPages: return SpamPages.generate(plan, rng)
            case .history(let c): return BoughtPageHistory.generate(plan, campaign: plan.campaigns[c], rng)
            case .cluster(let c, let k): return CampaignActivity.generate(plan, campaign: plan.campaigns[c], cluster: plan.campaigns[c].clusters[k], rng)
            }
        }
        progress("generated \(buffers.reduce(0) { $0 + $1.count }) events in \(units.count) units")
        return assemble(plan, buffers)
    }

    /// Merges unit buffers in order, adds cross-world engagement, filters to the period and sorts by time.
    private func assemble(_ plan: WorldPlan, _ buffers: [EventBuffer]) -> LabelledWorld {
        var m = EventBuffer(reserve: buffers.reduce(0) { $0 + $1.count } + 1024)
        m.texts = plan.sharedTexts
        m.urls = plan.sharedURLs
        m.follows = plan.follows
        var questions = Array(repeating: [(time: Timestamp, index: Int32)](), count: plan.platforms.count)
        for b in buffers { Self.append(b, to: &m, targetsAreGlobal: false) }
        for q in m.questions {
            questions[Int(plan.entities.platform[Int(m.actor[Int(q)])])].append((m.time[Int(q)], q))
        }
        for p in questions.indices { questions[p].sort { ($0.time, $0.index) < ($1.time, $1.index) } }
        let cross = CrossWorldEngagement.generate(plan, times: m.time, actors: m.actor, questions: questions, campaignPosts: m.campaignPosts, RandomStream(seed: seed, stream: 1))
        Self.append(cross, to: &m, targetsAreGlobal: true)

        // Keep [start, end), then stable time order; remap targets.
        var kept: [Int32] = []
        kept.reserveCapacity(m.count)
        var keptTimes: [Timestamp] = []
        keptTimes.reserveCapacity(m.count)
        for i in 0 ..< m.count where m.time[i] >= plan.start && m.time[i] < plan.end {
            if m.target[i] >= 0 && (m.time[Int(m.target[i])] < plan.start || m.time[Int(m.target[i])] >= plan.end) { continue }
            kept.append(Int32(i))
            keptTimes.append(m.time[i])
        }
        let order = StableOrder.byTime(keptTimes).map { Int(kept[Int($0)]) }
        var newIndex = [EventID](repeating: noReference, count: m.count)
        for (new, old) in order.enumerated() { newIndex[old] = EventID(new) }

        var data = ObservableDataset()
        data.platforms = plan.platforms
        data.countries = plan.countries
        data.languages = plan.languages
        data.start = plan.start
        data.end = plan.end
        data.entities = plan.entities
        data.texts = m.texts
        data.urls = m.urls
        var ev = EventTable()
        ev.time = order.map { m.time[$0] }
        ev.actor = order.map { m.actor[$0] }
        ev.action = order.map { m.action[$0] }
        ev.target = order.map { m.target[$0] < 0 ? noReference : newIndex[Int(m.target[$0])] }
        ev.context = order.map { m.context[$0] }
        ev.text = order.map { m.text[$0] }
        ev.url = order.map { m.url[$0] }
        ev.language = order.map { m.language[$0] }
        data.events = ev
        let followOrder = StableOrder.byTime(m.follows.time).map(Int.init)
        var follows = FollowTable()
        follows.follower = followOrder.map { m.follows.follower[$0] }
        follows.followee = followOrder.map { m.follows.followee[$0] }
        follows.time = followOrder.map { m.follows.time[$0] }
        data.follows = follows
        let loginOrder = StableOrder.byTime(m.logins.time).map(Int.init)
        var logins = LoginTable()
        logins.entity = loginOrder.map { m.logins.entity[$0] }
        logins.time = loginOrder.map { m.logins.time[$0] }
        logins.ip = loginOrder.map { m.logins.ip[$0] }
        logins.device = loginOrder.map { m.logins.device[$0] }
        data.logins = logins

        var truth = plan.truth
        truth.eventCampaign = order.map { m.campaign[$0] }
        truth.eventTactics = order.map { m.tactics[$0] }
        progress("assembled \(ev.count) events, \(follows.count) follows, \(logins.count) logins")
        return LabelledWorld(observable: data, truth: truth)
    }

    /// Appends a unit buffer, rebasing its local targets, texts and URLs.
    private static func append(_ b: EventBuffer, to m: inout EventBuffer, targetsAreGlobal: Bool) {
        let eventBase = Int32(m.count)
        let textBase = Int32(m.texts.count), urlBase = Int32(m.urls.count)
        let local = EventBuffer.localBase
        m.time.append(contentsOf: b.time)
        m.actor.append(contentsOf: b.actor)
        m.action.append(contentsOf: b.action)
        m.target.append(contentsOf: targetsAreGlobal ? b.target : b.target.map { $0 < 0 ? $0 : $0 + eventBase })
        m.context.append(contentsOf: b.context)
        m.text.append(contentsOf: b.text.map { $0 >= local ? $0 - local + textBase : $0 })
        m.url.append(contentsOf: b.url.map { $0 >= local ? $0 - local + urlBase : $0 })
        m.language.append(contentsOf: b.language)
        m.campaign.append(contentsOf: b.campaign)
        m.tactics.append(contentsOf: b.tactics)
        m.texts.append(contentsOf: b.texts)
        m.urls.append(contentsOf: b.urls)
        m.follows.follower.append(contentsOf: b.follows.follower)
        m.follows.followee.append(contentsOf: b.follows.followee)
        m.follows.time.append(contentsOf: b.follows.time)
        m.logins.entity.append(contentsOf: b.logins.entity)
        m.logins.time.append(contentsOf: b.logins.time)
        m.logins.ip.append(contentsOf: b.logins.ip)
        m.logins.device.append(contentsOf: b.logins.device)
        m.questions.append(contentsOf: b.questions.map { $0 + eventBase })
        m.campaignPosts.append(contentsOf: b.campaignPosts.map { $0 + eventBase })
    }
}
