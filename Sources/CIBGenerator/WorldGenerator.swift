internal import CIBModel
public import CIBScenario
internal import CIBStatistics
internal import Foundation
public import CIBTruth

/// Why a world cannot be generated from a (valid) scenario.
public struct GeneratorError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Generates a labelled world from a scenario (docs/scenario.md): what platforms observe, and the ground truth kept
/// apart.
///
/// Deterministic: the same scenario, seed and scale give an identical ``LabelledWorld`` for any `tasks`. The plan
/// (entities, follows bought with Pages, newsroom feed, campaign assets and directions) draws from children of
/// stream 0: everything but the campaigns is built first, serially; the campaigns (whose entities come last) are then
/// added to a copy of it as the first job of the pool of units. Every independent unit — a chunk of ≤ 20,000
/// organic accounts of one platform, a chunk of organic Pages, newsrooms, marketing, fan communities, spam Pages,
/// then each campaign's bought-Page history and each of its clusters (which wait for the campaigns' plan) — draws
/// from its own `RandomStream(seed:, stream: 1000 + unit)` and runs on up to `tasks` threads;
/// cross-world engagement (off-topic replies, organic reach) follows from stream 1, reading the units' question and
/// campaign posts in (time, unit) order. All events are then merged into time order (``EventMerge``, time buckets
/// on all threads) — ties in unit order, cross-world events last — so a reply, repost or like always comes after
/// its target.
public struct WorldGenerator: Sendable {
    public let scenario: Scenario
    /// The seed used (the scenario's unless one was given).
    public let seed: UInt64
    /// Multiplies the organic world (accounts, Pages, Groups, bursts, newsroom followers); the campaign and the
    /// other hard negatives keep their counts.
    public let scale: Double
    /// Worker threads (`nil`: one per available core). The world does not depend on it.
    public let tasks: Int
    /// Bytes of memory the world may need at its peak (`nil`: 90% of the machine's physical memory, leaving room for
    /// the system). A world estimated to need more is refused before anything is built (see `PeakMemoryEstimate`).
    public let memoryLimit: UInt64
    /// The most events a world may have (`nil`: no limit but the 32-bit event ids'); a scenario expected to give
    /// more is refused before anything is built.
    public let maxEvents: Int?
    /// Generate even when the estimate exceeds ``memoryLimit`` or ``maxEvents`` (the CLI's `--allow-large-world`);
    /// the 32-bit limits on entity and event ids still hold.
    public let allowLarge: Bool
    let progress: @Sendable (String) -> Void

    /// 90% of the machine's physical memory: what one world may use at its peak unless told otherwise.
    public static var defaultMemoryLimit: UInt64 { ProcessInfo.processInfo.physicalMemory / 10 * 9 }

    public init(
        scenario: Scenario, seed: UInt64? = nil, scale: Double = 1, tasks: Int? = nil, memoryLimit: UInt64? = nil,
        maxEvents: Int? = nil, allowLarge: Bool = false, progress: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.maxEvents = maxEvents
        self.allowLarge = allowLarge
        self.scenario = scenario
        self.seed = seed ?? scenario.seed
        self.scale = scale
        self.tasks = max(1, tasks ?? DeterministicParallel.defaultTaskCount)
        self.memoryLimit = memoryLimit ?? Self.defaultMemoryLimit
        self.progress = progress
    }

    private enum Unit: Sendable {
        case organic(Int)
        case pages(Range<Int32>)
        case newsrooms, marketing, fans, pods, spamPages
        case farms(Range<Int32>)
        case history(Int)
        case cluster(Int, Int)
        /// Part `k` of campaign `c`'s follower-farm accounts.
        case campaignFarms(Int, Int)
    }

    public func generate() throws(GeneratorError) -> LabelledWorld {
        guard scale.isFinite, scale > 0, scale <= 10_000 else { throw GeneratorError("scale must be in (0, 10000], got \(scale)") }
        let estimate = PeakMemoryEstimate(scenario: scenario, scale: scale)
        try checkResources(estimate)
        let size = PeakMemoryEstimate.size, count = PeakMemoryEstimate.count
        progress("expecting about \(count(estimate.world.events)) events, \(count(estimate.world.entities)) entities and a peak of about "
                 + "\(size(estimate.bytes)) (\(size(Double(memoryLimit))) may be used)")
        var phase = PhaseTimer()
        let base = WorldPlan(scenario: scenario, seed: seed, scale: scale, campaigns: false, tasks: tasks)
        progress("planned \(base.entities.count) entities on \(base.platforms.count) platforms (\(phase.lap()))")

        var baseUnits: [Unit] = base.organicChunks.indices.map { .organic($0) }
        var lo = base.organicPages.lowerBound
        while lo < base.organicPages.upperBound {
            let hi = min(lo + 5000, base.organicPages.upperBound)
            baseUnits.append(.pages(lo ..< hi))
            lo = hi
        }
        baseUnits += [.newsrooms, .marketing, .fans, .pods, .spamPages]
        if let first = base.spamFarmAccounts.first, let last = base.spamFarmAccounts.last {
            var lo = first
            while lo <= last {
                let hi = min(lo + 50_000, last + 1)
                baseUnits.append(.farms(lo ..< hi))
                lo = hi
            }
        }
        let seed = self.seed
        let firstUnits = baseUnits
        // The campaigns' own units (bought-Page history, clusters) need the campaigns' plan; their number is known
        // from the scenario.
        var campaignUnits: [Unit] = []
        for (i, spec) in scenario.campaigns.filter(\.enabled).enumerated() {
            campaignUnits.append(.history(i))
            for k in 0 ..< spec.clusters { campaignUnits.append(.cluster(i, k)) }
            for k in 0 ..< CampaignPlan.farmUnits(spec) { campaignUnits.append(.campaignFarms(i, k)) }
        }
        // One pool of jobs: first the campaigns' plan (the longest job), then every unit that needs only the rest of
        // the plan, then the campaigns' units, which wait for their plan — by the time a worker reaches them it is
        // usually done, so no worker idles at a barrier between the two kinds. Unit i draws from stream 1000 + i
        // whenever it runs, so the order of the jobs is free: the newsrooms go first, as the one unit whose work (its
        // outlets' followers) grows with the whole organic world rather than with a chunk of it — taken last, as its
        // place in the unit order would have it, it ran alone for seconds at 10^8 events while the other workers idled.
        let secondUnits = campaignUnits, firstCount = firstUnits.count
        let units = firstUnits + secondUnits
        let jobs = Self.jobOrder(units)
        let handoff = PlanHandoff()
        let unitProgress = UnitProgress(units: jobs.count, report: progress)
        var results = DeterministicParallel.map(chunks: 1 + jobs.count, tasks: tasks) { j -> RoundResult in
            if j == 0 {
                var full = base
                full.addCampaigns()
                full.follows.sortByTime()  // the plan's part of the follows merge, done here while units run
                handoff.publish(full)
                return .plan(full)
            }
            let i = jobs[j - 1]
            let plan = i < firstCount ? base : handoff.plan
            let buffer = Self.buffer(units[i], plan, seed: seed, stream: 1000 + UInt64(i))
            unitProgress.finished(events: buffer.count)
            return .buffer(buffer)
        }
        guard case .plan(let plan) = results[0] else { preconditionFailure("WorldGenerator: the campaigns' plan is missing") }
        precondition(plan.campaigns.map { $0.clusters.count + 1 + CampaignPlan.farmUnits($0.spec) }.reduce(0, +) == secondUnits.count,
                     "WorldGenerator: campaign units do not match the plan")
        // Back in unit order.
        var byUnit = [EventBuffer?](repeating: nil, count: units.count)
        for (j, r) in results.dropFirst().enumerated() { if case .buffer(let b) = r { byUnit[jobs[j]] = b } }
        // The buffers are the only references to the units' tables from here on, so the merges can free (and give
        // back) what they are done with.
        results = []
        let buffers = byUnit.map { $0! }
        byUnit = []
        progress("generated \(buffers.reduce(0) { $0 + $1.count }) events in \(buffers.count) units, and planned \(plan.entities.count - base.entities.count) campaign entities (\(phase.lap()))")
        return assemble(plan, consume buffers, &phase)
    }

    /// Refuses a world whose estimate (``WorldEstimate``, ``PeakMemoryEstimate``) does not fit: more entities or
    /// events than 32-bit ids can number (always), more memory than ``memoryLimit`` or more events than
    /// ``maxEvents`` (unless ``allowLarge``). The message says what was expected, what may be used, and the scale
    /// that would fit.
    public func checkResources() throws(GeneratorError) {
        try checkResources(PeakMemoryEstimate(scenario: scenario, scale: scale))
    }

    private func checkResources(_ estimate: PeakMemoryEstimate) throws(GeneratorError) {
        let size = PeakMemoryEstimate.size, count = PeakMemoryEstimate.count
        let world = estimate.world
        let scaleText = "scale \(String(format: "%g", scale))"
        if !allowLarge, let maxEvents, world.events > Double(maxEvents) {
            let fits = estimate.largestScale(under: .infinity, maxEvents: Double(maxEvents))
            throw GeneratorError(
                "the scenario at \(scaleText) would give about \(count(world.events)) events, more than --max-events \(maxEvents)"
                    + (fits > 0 && fits < scale ? "; scale \(String(format: "%g", fits)) or less would fit" : "")
                    + " (--allow-large-world generates it anyway)")
        }
        guard allowLarge || estimate.bytes <= Double(memoryLimit) else {
            let fits = estimate.largestScale(under: Double(memoryLimit))
            throw GeneratorError(
                "\(scaleText) needs about \(size(estimate.bytes)) of memory at its peak "
                    + "(about \(count(world.events)) events and \(count(world.entities)) entities), more than the "
                    + "\(size(Double(memoryLimit))) it may use" + (fits > 0 && fits < scale ? "; scale \(String(format: "%g", fits)) or less would fit" : "")
                    + " (--allow-large-world generates it anyway)")
        }
        // Ids are 32-bit; the margin covers the estimate's error, so that the generator's own checks never trap.
        let idLimit = Double(Int32.max) * 0.7
        guard world.events <= idLimit, world.entities <= idLimit, world.follows <= idLimit, world.logins <= idLimit else {
            throw GeneratorError(
                "the scenario at \(scaleText) would give about \(count(world.events)) events, \(count(world.entities)) entities and "
                    + "\(count(world.follows)) follows; at most \(count(idLimit)) events or entities can be generated (32-bit ids)")
        }
    }

    /// The order in which the pool takes the units (indices into `units`): the newsrooms first, then the others in
    /// unit order (so the campaigns' units, which come last, are taken last).
    private static func jobOrder(_ units: [Unit]) -> [Int] {
        let first = units.firstIndex { if case .newsrooms = $0 { true } else { false } }
        return (first.map { [$0] } ?? []) + units.indices.filter { $0 != first }
    }

    /// What a job gives.
    private enum RoundResult: Sendable {
        case plan(WorldPlan)
        case buffer(EventBuffer)
    }

    /// The campaigns' plan, handed from the job that makes it to the jobs that need it (which block until it is
    /// published; it is the first job taken, so some worker is always making it).
    private final class PlanHandoff: @unchecked Sendable {
        private let ready = NSCondition()
        private var value: WorldPlan?

        func publish(_ plan: WorldPlan) {
            ready.lock()
            value = plan
            ready.broadcast()
            ready.unlock()
        }

        var plan: WorldPlan {
            ready.lock()
            defer { ready.unlock() }
            while value == nil { ready.wait() }
            return value!
        }
    }

    /// A unit's events, in time order.
    private static func buffer(_ unit: Unit, _ plan: WorldPlan, seed: UInt64, stream: UInt64) -> EventBuffer {
        var buffer = run(unit, plan, RandomStream(seed: seed, stream: stream))
        buffer.finish(start: plan.start, end: plan.end)
        return buffer
    }

    private static func run(_ unit: Unit, _ plan: WorldPlan, _ rng: RandomStream) -> EventBuffer {
            switch unit {
            case .organic(let c): return OrganicActivity.generate(plan, chunk: plan.organicChunks[c], rng)
            case .pages(let r): return OrganicPages.generate(plan, pages: r, rng)
            case .newsrooms: return Newsrooms.generate(plan, rng)
            case .marketing: return Marketing.generate(plan, rng)
            case .fans: return FanCommunities.generate(plan, rng)
            case .pods: return EngagementPods.generate(plan, rng)
            case .spamPages: return SpamPages.generate(plan, rng)
            case .farms(let r): return FollowerFarms.generate(plan, accounts: r, rng)
            case .campaignFarms(let c, let k):
                let all = plan.campaigns[c].farmAccounts, parts = CampaignPlan.farmUnits(plan.campaigns[c].spec)
                let lo = all.lowerBound + Int32(all.count * k / parts), hi = all.lowerBound + Int32(all.count * (k + 1) / parts)
                return FollowerFarms.generate(plan, accounts: lo ..< hi, rng)
            case .history(let c): return BoughtPageHistory.generate(plan, campaign: plan.campaigns[c], rng)
            case .cluster(let c, let k): return CampaignActivity.generate(plan, campaign: plan.campaigns[c], cluster: plan.campaigns[c].clusters[k], rng)
            }
    }

    /// Merges the unit buffers and the cross-world engagement that follows from them into one time-ordered event
    /// table (``EventMerge``: ties in unit order, cross-world events last), and assembles the dataset and its truth.
    private func assemble(_ plan: WorldPlan, _ units: consuming [EventBuffer], _ phase: inout PhaseTimer) -> LabelledWorld {
        var buffers = consume units
        // Every event has a global index: units back to back (in unit order), then the cross-world events.
        var runStart: [Int32] = []
        var unitTotal = 0
        for b in buffers {
            runStart.append(Int32(unitTotal))
            unitTotal += b.count
        }
        precondition(unitTotal <= Int(Int32.max), "WorldGenerator: too many events for 32-bit event ids")

        // Cross-world engagement (serial, from stream 1) needs only the plan and the units' question and campaign
        // posts, and nothing but the events needs it: it runs beside the follows and logins merge.
        // (The job holds the only other reference to the units' records, and lets it go when it returns: the event
        // merge gives their memory back as it goes, which no one else may be reading. It takes no follows or logins,
        // which the merge beside it gives back.)
        let seed = self.seed
        // Ordinary interactions pick their targets among all of their platform's posts (``PlatformEngagement``).
        var resolutions = PlatformEngagement.resolve(plan, units: buffers, runStart: runStart, seed: seed, tasks: tasks)
        let posts = buffers.map { CrossWorldInput(events: $0.events, questions: $0.questions, campaignPosts: $0.campaignPosts) }
        let crossWorld = BackgroundJob(inBackground: tasks > 1) { [posts, runStart] () -> EventBuffer in
            let units = posts, starts = runStart
            // The question and campaign posts in merged order: by time, ties in unit order, i.e. by (time, global
            // index). Gathered unit by unit, each unit's in index order (see `EventBuffer.finish`), the lists are in
            // global-index order, so a stable sort by time puts them in (time, global index) order.
            var questions = Array(repeating: [(time: Timestamp, index: Int32)](), count: plan.platforms.count)
            var campaignPosts: [CrossWorldEngagement.Post] = []
            for (u, b) in units.enumerated() {
                for q in b.questions {
                    let r = b.events[Int(q)]
                    questions[Int(plan.entities.platform[Int(r.actor)])].append((r.time, starts[u] + q))
                }
                for e in b.campaignPosts {
                    let r = b.events[Int(e)]
                    campaignPosts.append(.init(time: r.time, actor: r.actor, index: starts[u] + e))
                }
            }
            for p in questions.indices { StableOrder.sortByTime(&questions[p]) { $0.time } }
            StableOrder.sortByTime(&campaignPosts) { $0.time }
            var cross = CrossWorldEngagement.generate(plan, questions: questions, campaignPosts: campaignPosts, RandomStream(seed: seed, stream: 1))
            cross.events.removeAll { $0.time < plan.start || $0.time >= plan.end }
            // In time order: nothing targets these events, so sorting them renumbers nothing.
            StableOrder.sortByTime(&cross.events) { $0.time }
            return cross
        }

        // Follows and logins in time order (ties in unit order, the plan's follows first): every unit's are sorted
        // already, so they merge like the events. (The cross-world engagement adds none.)
        // The units' tables are handed over (the merge gives their memory back as it goes); the plan's are not.
        var planFollows = plan.follows
        planFollows.sortByTime()
        var unitFollows = buffers.map(\.follows), unitLogins = buffers.map(\.logins)
        for u in buffers.indices {
            buffers[u].follows = FollowTable()
            buffers[u].logins = LoginTable()
        }
        let follows = TimeBuckets.merge([planFollows] + unitFollows, tasks: tasks, releasing: 1 ..< 1 + unitFollows.count)
        let logins = TimeBuckets.merge(unitLogins, tasks: tasks, releasing: 0 ..< unitLogins.count)
        unitFollows = []
        unitLogins = []
        progress("ordered \(follows.count) follows and \(logins.count) logins (\(phase.lap()))")

        // The cross-world events' targets are global indices already.
        runStart.append(Int32(unitTotal))
        let targetBase = runStart.indices.map { $0 < buffers.count ? runStart[$0] : 0 }
        buffers.append(crossWorld.wait())

        // Texts and URLs: the shared pools, then each buffer's own.
        var textBase: [Int32] = [], urlBase: [Int32] = []
        var textCount = Int32(plan.sharedTexts.count), urlCount = Int32(plan.sharedURLs.count)
        for b in buffers {
            textBase.append(textCount - EventBuffer.localBase)
            urlBase.append(urlCount - EventBuffer.localBase)
            textCount += Int32(b.texts.count)
            urlCount += Int32(b.urls.count)
        }
        let texts = StringTable.joined([plan.sharedTexts] + buffers.map(\.texts), tasks: tasks)
        let urls = StringTable.joined([plan.sharedURLs] + buffers.map(\.urls), tasks: tasks)
        for u in buffers.indices {
            buffers[u].texts = StringTable()
            buffers[u].urls = StringTable()
        }

        // The merge: every buffer is in time order.
        let eventRuns = buffers.indices.map { u in
            EventMerge.Run(events: buffers[u].events, targetBase: targetBase[u], textBase: textBase[u], urlBase: urlBase[u], truths: buffers[u].truths,
                           resolution: u < resolutions.count ? resolutions[u] : PlatformEngagement.Resolution())
        }
        resolutions = []
        for u in buffers.indices { buffers[u].events = [] }
        let merged = EventMerge.merge(consume eventRuns, tasks: tasks)
        progress("merged \(merged.table.count) events into time order (\(phase.lap()))")

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
        truth.eventCampaign = merged.campaign
        truth.eventTactics = merged.tactics
        truth.eventTopic = merged.topic
        truth.topicNames = TextTopics.names
        truth.compactTopics()  // the form a dataset reads back
        data.events = merged.table
        data.follows = follows
        data.logins = logins
        // Identifiers a platform would give: creation order across every population.
        PublicIdentifiers.apply(to: &data, truth: &truth, seed: seed, tasks: tasks)
        progress("numbered \(data.entities.count) entities in creation order (\(phase.lap()))")
        return LabelledWorld(observable: data, truth: truth)
    }
}

/// What cross-world engagement reads of a unit: its events (for the times and actors of the posts) and its question
/// and campaign posts.
private struct CrossWorldInput: Sendable {
    var events: [EventBuffer.Record]
    var questions: [Int32]
    var campaignPosts: [Int32]
}
