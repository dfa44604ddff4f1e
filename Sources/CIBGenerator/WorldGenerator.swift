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
/// clusters — draws from its own `RandomStream(seed:, stream: 1000 + unit)` and runs on up to `tasks` threads;
/// cross-world engagement (off-topic replies, organic reach) follows from stream 1, reading the units' question and
/// campaign posts in (time, unit) order. All events are then put in time order by one stable radix sort of
/// (time, global index) keys — ties in unit order, cross-world events last — and scattered into the columns on all
/// threads, so a reply, repost or like always comes after its target.
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

    /// Merges the unit buffers and the cross-world engagement that follows from them into one time-ordered event
    /// table (a stable radix sort by time: ties in unit order, cross-world events last), and assembles the dataset
    /// and its truth.
    private func assemble(_ plan: WorldPlan, _ units: consuming [EventBuffer]) -> LabelledWorld {
        var buffers = consume units
        // Every event has a global index: units back to back (in unit order), then the cross-world events.
        var runStart: [Int32] = []
        var unitTotal = 0
        for b in buffers {
            runStart.append(Int32(unitTotal))
            unitTotal += b.count
        }
        precondition(unitTotal <= Int(Int32.max), "WorldGenerator: too many events for 32-bit event ids")

        // Cross-world engagement needs the question posts and campaign posts in merged order: by time, ties in unit
        // order, i.e. by (time, global index).
        var questions = Array(repeating: [(time: Timestamp, index: Int32)](), count: plan.platforms.count)
        var campaignPosts: [CrossWorldEngagement.Post] = []
        for (u, b) in buffers.enumerated() {
            for q in b.questions {
                let r = b.events[Int(q)]
                questions[Int(plan.entities.platform[Int(r.actor)])].append((r.time, runStart[u] + q))
            }
            for e in b.campaignPosts {
                let r = b.events[Int(e)]
                campaignPosts.append(.init(time: r.time, actor: r.actor, index: runStart[u] + e))
            }
        }
        for p in questions.indices { questions[p].sort { ($0.time, $0.index) < ($1.time, $1.index) } }
        campaignPosts.sort { ($0.time, $0.index) < ($1.time, $1.index) }
        var cross = CrossWorldEngagement.generate(plan, questions: questions, campaignPosts: campaignPosts, RandomStream(seed: seed, stream: 1))
        questions = []
        campaignPosts = []
        cross.events.removeAll { $0.time < plan.start || $0.time >= plan.end }
        // The cross-world buffer's targets are global indices already.
        runStart.append(Int32(unitTotal))
        let targetBase = runStart.indices.map { $0 < buffers.count ? runStart[$0] : 0 }
        buffers.append(cross)
        cross = EventBuffer()

        // Texts and URLs: the shared pools, then each buffer's own.
        var texts = plan.sharedTexts, urls = plan.sharedURLs
        texts.reserveCapacity(strings: texts.count + buffers.reduce(0) { $0 + $1.texts.count },
                              bytes: texts.bytes.count + buffers.reduce(0) { $0 + $1.texts.bytes.count })
        urls.reserveCapacity(strings: urls.count + buffers.reduce(0) { $0 + $1.urls.count },
                             bytes: urls.bytes.count + buffers.reduce(0) { $0 + $1.urls.bytes.count })
        var textBase: [Int32] = [], urlBase: [Int32] = []
        for u in buffers.indices {
            textBase.append(Int32(texts.count) - EventBuffer.localBase)
            urlBase.append(Int32(urls.count) - EventBuffer.localBase)
            texts.append(contentsOf: buffers[u].texts)
            urls.append(contentsOf: buffers[u].urls)
            buffers[u].texts = StringTable()
            buffers[u].urls = StringTable()
        }

        // The merge: sort (time, global index) keys, invert the order, then scatter every buffer's records (read
        // sequentially) into their final rows, one pass writing all columns.
        let n = buffers.reduce(0) { $0 + $1.count }
        precondition(n <= Int(Int32.max), "WorldGenerator: too many events for 32-bit event ids")
        var lo = Timestamp.max, hi = Timestamp.min
        for b in buffers { for r in b.events { lo = min(lo, r.time); hi = max(hi, r.time) } }
        let span = n == 0 ? 0 : UInt64(hi - lo)
        precondition(span < 1 << 32, "WorldGenerator: the period spans more than 2^32 seconds")
        var keys = [UInt64](unsafeUninitializedCapacity: n) { out, count in
            var g = 0
            for b in buffers {
                for r in b.events {
                    out[g] = UInt64(r.time - lo) << 32 | UInt64(g)
                    g += 1
                }
            }
            count = g
        }
        RadixSort.sort(&keys, bits: span == 0 ? 1 : 64 - span.leadingZeroBitCount, shift: 32)
        var position = [Int32](repeating: 0, count: n)
        position.withUnsafeMutableBufferPointer { position in
            for (i, k) in keys.enumerated() { position[Int(k & 0xFFFF_FFFF)] = Int32(i) }
        }
        var table = EventTable()
        table.time = keys.map { lo + Timestamp($0 >> 32) }
        keys = []
        // Every row is written exactly once by the scatter (position is a permutation), so the columns start
        // uninitialised; the element types are trivial.
        var eventCampaign: [Int16] = [], eventTactics: [TacticSet] = []
        let runs = buffers
        let starts = runStart, textBases = textBase, urlBases = urlBase
        position.withUnsafeBufferPointer { position in
        table.actor = [EntityID](unsafeUninitializedCapacity: n) { actor, c1 in
        table.action = [ActionKind](unsafeUninitializedCapacity: n) { action, c2 in
        table.target = [EventID](unsafeUninitializedCapacity: n) { target, c3 in
        table.context = [EntityID](unsafeUninitializedCapacity: n) { context, c4 in
        table.text = [Int32](unsafeUninitializedCapacity: n) { text, c5 in
        table.url = [Int32](unsafeUninitializedCapacity: n) { url, c6 in
        table.language = [UInt8](unsafeUninitializedCapacity: n) { language, c7 in
        eventCampaign = [Int16](unsafeUninitializedCapacity: n) { campaign, c8 in
        eventTactics = [TacticSet](unsafeUninitializedCapacity: n) { tactics, c9 in
            let rows = EventRows(position: position, actor: actor, action: action, target: target, context: context, text: text,
                                 url: url, language: language, campaign: campaign, tactics: tactics)
            _ = DeterministicParallel.map(chunks: runs.count, tasks: tasks) { u in
                rows.scatter(runs[u].events, first: Int(starts[u]), targetBase: targetBase[u], textBase: textBases[u], urlBase: urlBases[u])
            }
            c9 = n
        }; c8 = n }; c7 = n }; c6 = n }; c5 = n }; c4 = n }; c3 = n }; c2 = n }; c1 = n }
        }
        position = []
        for u in buffers.indices { buffers[u].events = [] }

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

        // Follows and logins, each put in time order (ties in buffer order), one on each of two threads.
        let planFollows = plan.follows
        let tables = DeterministicParallel.map(chunks: 2, tasks: tasks) { k -> (FollowTable?, LoginTable?) in
            if k == 0 {
                var time = planFollows.time, follower = planFollows.follower, followee = planFollows.followee
                let count = time.count + runs.reduce(0) { $0 + $1.follows.count }
                time.reserveCapacity(count); follower.reserveCapacity(count); followee.reserveCapacity(count)
                for b in runs {
                    time.append(contentsOf: b.follows.time); follower.append(contentsOf: b.follows.follower)
                    followee.append(contentsOf: b.follows.followee)
                }
                let order = StableOrder.byTime(time)
                var follows = FollowTable()
                follows.follower = gather(follower, order)
                follows.followee = gather(followee, order)
                follows.time = gather(time, order)
                return (follows, nil)
            }
            var time: [Timestamp] = [], entity: [EntityID] = [], ip: [UInt32] = [], device: [UInt32] = []
            let count = runs.reduce(0) { $0 + $1.logins.count }
            time.reserveCapacity(count); entity.reserveCapacity(count); ip.reserveCapacity(count); device.reserveCapacity(count)
            for b in runs {
                time.append(contentsOf: b.logins.time); entity.append(contentsOf: b.logins.entity)
                ip.append(contentsOf: b.logins.ip); device.append(contentsOf: b.logins.device)
            }
            let order = StableOrder.byTime(time)
            var logins = LoginTable()
            logins.entity = gather(entity, order)
            logins.time = gather(time, order)
            logins.ip = gather(ip, order)
            logins.device = gather(device, order)
            return (nil, logins)
        }
        let follows = tables[0].0!, logins = tables[1].1!
        data.follows = follows
        data.logins = logins
        progress("assembled \(data.events.count) events, \(follows.count) follows, \(logins.count) logins")
        return LabelledWorld(observable: data, truth: truth)
    }
}

/// The merged event columns, written by several threads at once: each record goes to its own row (`position` is a
/// permutation), so no element is written twice and the result does not depend on the thread count.
private struct EventRows: @unchecked Sendable {
    let position: UnsafeBufferPointer<Int32>
    let actor: UnsafeMutableBufferPointer<EntityID>
    let action: UnsafeMutableBufferPointer<ActionKind>
    let target: UnsafeMutableBufferPointer<EventID>
    let context: UnsafeMutableBufferPointer<EntityID>
    let text: UnsafeMutableBufferPointer<Int32>
    let url: UnsafeMutableBufferPointer<Int32>
    let language: UnsafeMutableBufferPointer<UInt8>
    let campaign: UnsafeMutableBufferPointer<Int16>
    let tactics: UnsafeMutableBufferPointer<TacticSet>

    /// Writes one buffer's records (global indices `first...`) to their rows, making references global: targets
    /// (buffer-local plus `targetBase`) through `position`, own texts and URLs by their bases.
    func scatter(_ records: [EventBuffer.Record], first: Int, targetBase: Int32, textBase: Int32, urlBase: Int32) {
        records.withUnsafeBufferPointer { run in
            var g = first
            for r in run {
                let i = Int(position[g])
                actor[i] = r.actor
                action[i] = r.action
                target[i] = r.target >= 0 ? position[Int(r.target + targetBase)] : r.target
                context[i] = r.context
                text[i] = r.text >= EventBuffer.localBase ? r.text + textBase : r.text
                url[i] = r.url >= EventBuffer.localBase ? r.url + urlBase : r.url
                language[i] = r.language
                campaign[i] = r.campaign
                tactics[i] = r.tactics
                g += 1
            }
        }
    }
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

