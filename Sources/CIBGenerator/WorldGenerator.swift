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
    /// Worker threads (`nil`: one per available core). The world does not depend on it.
    public let tasks: Int
    let progress: @Sendable (String) -> Void

    public init(
        scenario: Scenario, seed: UInt64? = nil, scale: Double = 1, tasks: Int? = nil,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.scenario = scenario
        self.seed = seed ?? scenario.seed
        self.scale = scale
        self.tasks = max(1, tasks ?? DeterministicParallel.defaultTaskCount)
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
            var buffer = Self.run(unitList[i], plan, RandomStream(seed: seed, stream: 1000 + UInt64(i)))
            buffer.finish(start: plan.start, end: plan.end)
            return buffer
        }
        progress("generated \(buffers.reduce(0) { $0 + $1.count }) events in \(units.count) units")
        return assemble(plan, consume buffers)
    }

    private static func run(_ unit: Unit, _ plan: WorldPlan, _ rng: RandomStream) -> EventBuffer {
            switch unit {
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

    /// Merges the time-ordered unit buffers (a stable radix sort by time, ties in unit order), adds cross-world
    /// engagement (a second, two-way merge), and assembles the dataset and its truth.
    private func assemble(_ plan: WorldPlan, _ units: consuming [EventBuffer]) -> LabelledWorld {
        var buffers = consume units
        let total = buffers.reduce(0) { $0 + $1.count }
        var texts = plan.sharedTexts, urls = plan.sharedURLs
        texts.reserveCapacity(strings: texts.count + buffers.reduce(0) { $0 + $1.texts.count } + 4096,
                              bytes: texts.bytes.count + buffers.reduce(0) { $0 + $1.texts.bytes.count } + 262_144)
        urls.reserveCapacity(strings: urls.count + buffers.reduce(0) { $0 + $1.urls.count } + 16,
                             bytes: urls.bytes.count + buffers.reduce(0) { $0 + $1.urls.bytes.count } + 4096)
        var textBase: [Int32] = [], urlBase: [Int32] = []
        for b in buffers {
            textBase.append(Int32(texts.count) - EventBuffer.localBase)
            urlBase.append(Int32(urls.count) - EventBuffer.localBase)
            texts.append(contentsOf: b.texts)
            urls.append(contentsOf: b.urls)
        }

        // Merge by (time, unit, position in unit): the units' records back to back, references made global, then a
        // stable radix sort by time (linear in the events; ties keep concatenation order, i.e. unit order).
        var runStart: [Int] = []
        var records: [EventBuffer.Record] = []
        records.reserveCapacity(total)
        for u in buffers.indices {
            let base = Int32(records.count), tb = textBase[u], ub = urlBase[u]
            runStart.append(records.count)
            buffers[u].events.withUnsafeBufferPointer { run in
                for var r in run {
                    if r.target >= 0 { r.target += base }
                    if r.text >= EventBuffer.localBase { r.text += tb }
                    if r.url >= EventBuffer.localBase { r.url += ub }
                    records.append(r)
                }
            }
            buffers[u].events = []
        }
        let order = StableOrder.byTime(records.map(\.time))
        var position = [Int32](repeating: -1, count: total)
        for (i, j) in order.enumerated() { position[Int(j)] = Int32(i) }
        var main = MergedEvents(records, order: order, position: position)
        records = []

        // Cross-world engagement targets the merged events.
        var questions = Array(repeating: [(time: Timestamp, index: Int32)](), count: plan.platforms.count)
        var campaignPosts: [Int32] = []
        for (u, b) in buffers.enumerated() {
            for q in b.questions {
                let g = position[runStart[u] + Int(q)]
                questions[Int(plan.entities.platform[Int(main.table.actor[Int(g)])])].append((main.table.time[Int(g)], g))
            }
            for e in b.campaignPosts { campaignPosts.append(position[runStart[u] + Int(e)]) }
        }
        position = []
        for p in questions.indices { questions[p].sort { ($0.time, $0.index) < ($1.time, $1.index) } }
        campaignPosts.sort()
        var cross = CrossWorldEngagement.generate(plan, events: main, questions: questions, campaignPosts: campaignPosts, RandomStream(seed: seed, stream: 1))
        cross.events.removeAll { $0.time < plan.start || $0.time >= plan.end }
        StableOrder.sortByTime(&cross.events) { $0.time }
        let crossTextBase = Int32(texts.count) - EventBuffer.localBase
        texts.append(contentsOf: cross.texts)

        // Interleave the cross-world events into the main stream (main first on ties): cross event j lands at
        // j + (main events at or before its time); main event i moves up by the cross events placed before it.
        let n = main.count
        let mainTimes = main.table.time
        var slots: [Int] = []
        slots.reserveCapacity(cross.count)
        for (j, r) in cross.events.enumerated() { slots.append(j + upperBound(mainTimes, r.time)) }
        var mainPosition = [Int32](repeating: 0, count: n)
        var k = 0
        for i in 0 ..< n {
            while k < slots.count && slots[k] - k <= i { k += 1 }
            mainPosition[i] = Int32(i + k)
        }
        // Column by column, each source column freed as soon as its merged copy exists.
        var table = EventTable()
        let c = cross.events
        table.time = interleave(main.table.time, c.map(\.time), slots); main.table.time = []
        table.actor = interleave(main.table.actor, c.map(\.actor), slots); main.table.actor = []
        table.action = interleave(main.table.action, c.map(\.action), slots); main.table.action = []
        for i in main.table.target.indices where main.table.target[i] >= 0 { main.table.target[i] = mainPosition[Int(main.table.target[i])] }
        table.target = interleave(main.table.target, c.map { $0.target < 0 ? noReference : mainPosition[Int($0.target)] }, slots)
        main.table.target = []
        table.context = interleave(main.table.context, c.map(\.context), slots); main.table.context = []
        table.text = interleave(main.table.text, c.map { $0.text >= EventBuffer.localBase ? $0.text + crossTextBase : $0.text }, slots)
        main.table.text = []
        table.url = interleave(main.table.url, c.map(\.url), slots); main.table.url = []
        table.language = interleave(main.table.language, c.map(\.language), slots); main.table.language = []
        let eventCampaign = interleave(main.campaign, c.map(\.campaign), slots); main.campaign = []
        let eventTactics = interleave(main.tactics, c.map(\.tactics), slots); main.tactics = []

        var data = ObservableDataset()
        data.platforms = plan.platforms
        data.countries = plan.countries
        data.languages = plan.languages
        data.start = plan.start
        data.end = plan.end
        data.entities = plan.entities
        data.texts = texts
        data.urls = urls
        var truth = plan.truth
        truth.eventCampaign = eventCampaign
        truth.eventTactics = eventTactics
        data.events = table

        var followTime = plan.follows.time, follower = plan.follows.follower, followee = plan.follows.followee
        var loginTime: [Timestamp] = [], loginEntity: [EntityID] = [], loginIP: [UInt32] = [], loginDevice: [UInt32] = []
        let followCount = followTime.count + buffers.reduce(0) { $0 + $1.follows.count }
        let loginCount = buffers.reduce(0) { $0 + $1.logins.count }
        followTime.reserveCapacity(followCount); follower.reserveCapacity(followCount); followee.reserveCapacity(followCount)
        loginTime.reserveCapacity(loginCount); loginEntity.reserveCapacity(loginCount); loginIP.reserveCapacity(loginCount); loginDevice.reserveCapacity(loginCount)
        for b in buffers {
            followTime.append(contentsOf: b.follows.time); follower.append(contentsOf: b.follows.follower); followee.append(contentsOf: b.follows.followee)
            loginTime.append(contentsOf: b.logins.time); loginEntity.append(contentsOf: b.logins.entity)
            loginIP.append(contentsOf: b.logins.ip); loginDevice.append(contentsOf: b.logins.device)
        }
        let followOrder = StableOrder.byTime(followTime)
        var follows = FollowTable()
        follows.follower = gather(follower, followOrder)
        follows.followee = gather(followee, followOrder)
        follows.time = gather(followTime, followOrder)
        data.follows = follows
        let loginOrder = StableOrder.byTime(loginTime)
        var logins = LoginTable()
        logins.entity = gather(loginEntity, loginOrder)
        logins.time = gather(loginTime, loginOrder)
        logins.ip = gather(loginIP, loginOrder)
        logins.device = gather(loginDevice, loginOrder)
        data.logins = logins
        progress("assembled \(data.events.count) events, \(follows.count) follows, \(logins.count) logins")
        return LabelledWorld(observable: data, truth: truth)
    }
}

/// Event columns being assembled, with the truth columns beside them.
struct MergedEvents {
    var table = EventTable()
    var campaign: [Int16] = []
    var tactics: [TacticSet] = []

    /// `records` in `order`, with each target (an index into `records`) mapped through `position`.
    init(_ records: [EventBuffer.Record], order: [Int32], position: [Int32]) {
        let n = order.count
        table.time = gather(records, order) { $0.time }
        table.actor = gather(records, order) { $0.actor }
        table.action = gather(records, order) { $0.action }
        table.target = gather(records, order) { $0.target >= 0 ? position[Int($0.target)] : $0.target }
        table.context = gather(records, order) { $0.context }
        table.text = gather(records, order) { $0.text }
        table.url = gather(records, order) { $0.url }
        table.language = gather(records, order) { $0.language }
        campaign = gather(records, order) { $0.campaign }
        tactics = gather(records, order) { $0.tactics }
        assert(table.time.count == n)
    }

    var count: Int { table.time.count }
}

/// `main` with `extra[j]` inserted so that it ends up at index `slots[j]` (slots increasing).
func interleave<T>(_ main: [T], _ extra: [T], _ slots: [Int]) -> [T] {
    if extra.isEmpty { return main }
    var out: [T] = []
    out.reserveCapacity(main.count + extra.count)
    var m = 0
    for (j, slot) in slots.enumerated() {
        let take = slot - out.count
        out.append(contentsOf: main[m ..< m + take])
        m += take
        out.append(extra[j])
    }
    out.append(contentsOf: main[m...])
    return out
}

/// `source[order[i]]` for every `i`.
func gather<T>(_ source: [T], _ order: [Int32]) -> [T] {
    gather(source, order) { $0 }
}

/// `field(source[order[i]])` for every `i`: one column of records put in a new order.
@inline(__always)
func gather<S, T>(_ source: [S], _ order: [Int32], _ field: (S) -> T) -> [T] {
    source.withUnsafeBufferPointer { src in
        order.withUnsafeBufferPointer { order in
            [T](unsafeUninitializedCapacity: order.count) { out, count in
                for i in 0 ..< order.count { (out.baseAddress! + i).initialize(to: field(src[Int(order[i])])) }
                count = order.count
            }
        }
    }
}

