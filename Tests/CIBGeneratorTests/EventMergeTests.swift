import CIBModel
import CIBStatistics
import CIBTruth
import Testing

@testable import CIBGenerator

/// `EventMerge` against the definition: rows in (time, run, index-in-run) order, targets and own texts made global.
@Suite struct EventMergeTests {
    /// Random time-sorted runs over 3 days (several 2^16-second buckets, one run empty, many equal times), each
    /// reply targeting an earlier event of its own run; the last run targets global indices, like the cross-world run.
    private func makeRuns(seed: UInt64) -> [EventMerge.Run] {
        let rng = RandomStream(seed: seed, stream: 0)
        var runs: [EventMerge.Run] = []
        var first: Int32 = 0
        for u in 0 ..< 9 {
            let count = u == 3 ? 0 : 200 + rng.uniformInt(3000)
            var times: [Timestamp] = []
            for _ in 0 ..< count {  // a quarter repeat the previous second: ties inside and across runs
                times.append(!times.isEmpty && rng.bernoulli(0.25) ? times.last! : Timestamp(1_000_000 + rng.uniformInt(3 * 86_400)))
            }
            times.sort()
            let globalTargets = u == 8
            var events: [EventBuffer.Record] = []
            for (i, t) in times.enumerated() {
                let target: Int32 = i > 0 && rng.bernoulli(0.5) ? Int32(rng.uniformInt(i)) + (globalTargets ? 5 : 0) : noReference
                let text: Int32 = rng.bernoulli(0.5) ? EventBuffer.localBase + Int32(i) : Int32(rng.uniformInt(50))
                // Truth 1 (this run's campaign and tactics) for two events in three, 0 (none) for the rest.
                events.append(.init(time: t, actor: Int32(u), target: target, context: noReference, text: text, url: noReference,
                                    truth: i % 3 == 0 ? 0 : 1, action: target >= 0 ? .reply : .post, language: UInt8(u)))
            }
            let truths = [EventBuffer.Truth(campaign: -1, tactics: []), .init(campaign: Int16(u), tactics: TacticSet(rawValue: UInt16(u + 1)))]
            runs.append(.init(events: events, targetBase: globalTargets ? 0 : first, textBase: Int32(100 * u) - EventBuffer.localBase, urlBase: 0,
                              truths: truths))
            first += Int32(count)
        }
        return runs
    }

    @Test func mergesRunsInTimeOrderWithTiesInRunOrder() {
        // A unit holds every event as one record until the merge: its size is most of the generator's temporaries.
        #expect(MemoryLayout<EventBuffer.Record>.stride == 32)
        let runs = makeRuns(seed: 7)
        // The definition: every event's (time, global index), sorted.
        var all: [(time: Timestamp, global: Int, run: Int, index: Int)] = []
        for (u, r) in runs.enumerated() {
            for (i, e) in r.events.enumerated() { all.append((e.time, all.count, u, i)) }
        }
        all.sort { ($0.time, $0.global) < ($1.time, $1.global) }
        var row = [Int](repeating: 0, count: all.count)
        for (k, e) in all.enumerated() { row[e.global] = k }

        for tasks in [1, 3] {
            let merged = EventMerge.merge(runs, tasks: tasks)
            let t = merged.table
            #expect(t.count == all.count)
            // First wrong row (nil when all are right), so a failure names a row instead of printing the columns.
            let wrongRow = all.indices.first { k in
                let truth = runs[all[k].run].truths[Int(runs[all[k].run].events[all[k].index].truth)]
                return t.time[k] != all[k].time || t.actor[k] != Int32(all[k].run) || merged.campaign[k] != truth.campaign
                    || merged.tactics[k] != truth.tactics
            }
            #expect(wrongRow == nil, "tasks \(tasks): row \(wrongRow ?? -1) holds the wrong event")
            var remapped = 0
            for (k, e) in all.enumerated() {
                let r = runs[e.run], record = r.events[e.index]
                let wantText = record.text >= EventBuffer.localBase ? record.text + r.textBase : record.text
                #expect(t.text[k] == wantText)
                if record.target >= 0 {
                    let wantTarget = Int32(row[Int(record.target + r.targetBase)])
                    #expect(t.target[k] == wantTarget)
                    remapped += 1
                } else {
                    #expect(t.target[k] == noReference)
                }
            }
            #expect(remapped > 1000)
        }
        // The time span needs several buckets, so bucket boundaries were crossed.
        #expect(all.last!.time - all.first!.time > 3 * 65_536)
    }

    @Test func theFrontierGivesBackWholePagesOfTheRecordsBehindIt() {
        // One run of 400,000 records (12.8 MB), one every 4 seconds: 18.5 days, 98 buckets.
        let events = (0 ..< 400_000).map { i in
            EventBuffer.Record(time: Timestamp(4 * i), actor: Int32(i), target: noReference, context: noReference, text: noReference,
                               url: noReference, truth: 0, action: .post, language: 0)
        }
        let stride = MemoryLayout<EventBuffer.Record>.stride
        let order = TimeBuckets(runs: 1) { _, body in events.withUnsafeBytes { body(.init($0, stride: stride)) } }
        #expect(order.buckets == 98)
        events.withUnsafeBufferPointer { records in
            let frontier = MergeFrontier(order: order, bases: [UInt(bitPattern: records.baseAddress)], stride: stride)
            frontier.finished(bucket: 5)
            #expect(frontier.releasedBytes == 0, "bucket 0 is not written yet: nothing is behind the frontier")
            for b in 0 ..< 20 where b != 5 { frontier.finished(bucket: b) }
            // 20 buckets of 4,096 records: 2.6 MB behind the frontier, given back in whole pages, in steps of at least
            // MergeFrontier.minimumRelease.
            let behind = order.start(run: 0, bucket: 20) * stride, step = MergeFrontier.minimumRelease + 8192
            #expect(frontier.releasedBytes > behind - step && frontier.releasedBytes <= behind, "\(frontier.releasedBytes) of \(behind)")
            // Records ahead of the frontier are untouched.
            #expect((order.start(run: 0, bucket: 20) ..< records.count).allSatisfy { records[$0].actor == Int32($0) })
            for b in 20 ..< order.buckets { frontier.finished(bucket: b) }
            #expect(frontier.releasedBytes > records.count * stride - step)
        }
    }

    /// Runs large enough for the merge to give their records back as it goes (several MB each) still merge by the
    /// definition.
    @Test func runsGivenBackAsTheMergeGoesStillMergeByTheDefinition() {
        let rng = RandomStream(seed: 11, stream: 0)
        var runs: [EventMerge.Run] = []
        var expected: [(time: Timestamp, actor: Int32)] = []
        for u in 0 ..< 3 {
            let times = (0 ..< 150_000).map { _ in Timestamp(rng.uniformInt(30 * 86_400)) }.sorted()
            let events = times.enumerated().map { i, t in
                EventBuffer.Record(time: t, actor: Int32(u * 1_000_000 + i), target: i > 0 ? Int32(i - 1) : noReference, context: noReference,
                                   text: noReference, url: noReference, truth: 0, action: i > 0 ? .reply : .post, language: 0)
            }
            expected += events.map { ($0.time, $0.actor) }
            runs.append(.init(events: events, targetBase: Int32(150_000 * u), textBase: 0, urlBase: 0, truths: [.init(campaign: -1, tactics: [])]))
        }
        let order = expected.indices.sorted { (expected[$0].time, $0) < (expected[$1].time, $1) }
        var row = [Int32](repeating: 0, count: order.count)
        for (k, g) in order.enumerated() { row[g] = Int32(k) }
        let merged = EventMerge.merge(runs, tasks: 2).table
        let wrong = order.indices.first { k in
            let g = order[k]
            return merged.time[k] != expected[g].time || merged.actor[k] != expected[g].actor
                || merged.target[k] != (g % 150_000 == 0 ? noReference : row[g - 1])
        }
        #expect(wrong == nil, "row \(wrong ?? -1)")
    }

    /// Follow tables handed over (their columns given back as they are placed, a few MB each) merge like the rest.
    @Test func followsGivenBackAsTheyAreMergedStillMergeLikeAStableSort() {
        let rng = RandomStream(seed: 5, stream: 0)
        var tables: [FollowTable] = []
        for u in 0 ..< 3 {
            var t = FollowTable()
            for i in 0 ..< 400_000 {
                t.append(follower: Int32(u * 1_000_000 + i), followee: Int32(i % 977), time: Timestamp(rng.uniformInt(60 * 86_400)))
            }
            t.sortByTime()
            tables.append(t)
        }
        var expected = tables.flatMap { t in t.time.indices.map { (t.time[$0], t.follower[$0], t.followee[$0]) } }
        expected = expected.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
        let merged = TimeBuckets.merge(tables, tasks: 2, releasing: 1 ..< 3)
        tables = []
        let wrong = expected.indices.first { k in
            merged.time[k] != expected[k].0 || merged.follower[k] != expected[k].1 || merged.followee[k] != expected[k].2
        }
        #expect(merged.count == expected.count && wrong == nil, "row \(wrong ?? -1)")
    }

    @Test func followsAndLoginsMergeLikeAStableSortOfTheTablesEndToEnd() {
        let rng = RandomStream(seed: 3, stream: 0)
        var tables: [FollowTable] = []
        for u in 0 ..< 7 {
            var t = FollowTable()
            for _ in 0 ..< (u == 2 ? 0 : rng.uniformInt(4000)) {
                // Run 0 spans a year before the others (like the plan's bought followers); run 5 sits in one bucket.
                let time: Timestamp = u == 0 ? Timestamp(rng.uniformInt(40_000_000)) - 30_000_000
                    : u == 5 ? 12_345 : Timestamp(rng.uniformInt(200_000) / 10)
                t.append(follower: Int32(u), followee: Int32(rng.uniformInt(100)), time: time)
            }
            t.sortByTime()
            tables.append(t)
        }
        // A span of over a year in 4.5-hour buckets would be 2,500 buckets of about 8 follows, each visiting all 7
        // runs: the buckets grow instead (at most 64, or one per 2,048 follows).
        let runs = tables
        let buckets = TimeBuckets(runs: runs.count) { u, body in runs[u].time.withUnsafeBytes { body(.init($0)) } }.buckets
        #expect(buckets > 1 && buckets <= 64, "\(buckets) buckets")
        let ends = tables.flatMap { t in t.time.indices.map { (t.time[$0], t.follower[$0], t.followee[$0]) } }
        let expected = ends.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
        for tasks in [1, 2] {
            let merged = TimeBuckets.merge(tables, tasks: tasks)
            #expect(merged.count == expected.count)
            let wrongRow = expected.indices.first { k in
                merged.time[k] != expected[k].0 || merged.follower[k] != expected[k].1 || merged.followee[k] != expected[k].2
            }
            #expect(wrongRow == nil, "tasks \(tasks): row \(wrongRow ?? -1) holds the wrong follow")
        }
        var logins = LoginTable()
        for k in 0 ..< 3000 { logins.append(entity: Int32(k), time: Timestamp(rng.uniformInt(500)), ip: UInt32(k), device: UInt32(k)) }
        var sorted = logins
        sorted.sortByTime()
        #expect(TimeBuckets.merge([LoginTable(), sorted], tasks: 2) == sorted)
        #expect(zip(sorted.time, sorted.time.dropFirst()).allSatisfy { $0 <= $1 })
        // Stable: equal times keep the order they were appended in (entity = append order here).
        #expect(zip(sorted.time.indices, sorted.time.indices.dropFirst()).allSatisfy { sorted.time[$0] < sorted.time[$1] || sorted.entity[$0] < sorted.entity[$1] })
    }

    @Test func textTablesConcatenateInOrderOnAnyThreadCount() {
        let tables = [StringTable(["a", "bc"]), StringTable(), StringTable(["", "郭文贵", "d"]), StringTable(["e"])]
        var sequential = StringTable()
        for t in tables { sequential.append(contentsOf: t) }
        for tasks in [1, 3] {
            let merged = StringTable.joined(tables, tasks: tasks)
            #expect(merged == sequential)
            #expect(merged.strings == ["a", "bc", "", "郭文贵", "d", "e"])
        }
    }

    @Test func emptyInputGivesAnEmptyTable() {
        let merged = EventMerge.merge([.init(events: [], targetBase: 0, textBase: 0, urlBase: 0, truths: [])], tasks: 2)
        #expect(merged.table.count == 0 && merged.campaign.isEmpty)
    }
}
