public import CIBModel
internal import CIBStatistics

/// The computation behind ``ShiftPatternDetector`` (see its documentation for the method): seeds, groups, inferred
/// schedules, likelihood-ratio scores.
public struct ShiftPatternAnalysis: Sendable {
    /// A shift group that passed the gate.
    public struct Group: Sendable, Equatable {
        public var schedule: ShiftSchedule
        /// Entities flagged in this group.
        public var members: Int
        /// Their events.
        public var events: Int
    }

    /// Scores, flags and clusters per entity, plus the shift groups (cluster id = index).
    public struct Result: Sendable, Equatable {
        public var score: [Double]
        public var flag: [Bool]
        public var cluster: [Int32]
        public var groups: [Group]
        public var flagged: Int { flag.lazy.filter { $0 }.count }
    }

    public let settings: ShiftPatternDetector.Settings

    public init(settings: ShiftPatternDetector.Settings) {
        self.settings = settings
    }

    /// Entities per unit of parallel work.
    static let chunkSize = 4096

    /// Runs the analysis on up to `tasks` threads; the result does not depend on `tasks`.
    public func analyse(_ data: ObservableDataset, tasks: Int = 1) -> Result {
        let n = data.entities.count
        let slots = ActorSlots(events: data.events, entityCount: n, windowStart: data.start, windowEnd: data.end)
        let template = ActivityCurve.shiftLogTables(
            dayShape: ActivityCurve.blockShape(blocks: settings.templateBlocks, leak: settings.leak),
            offDayFactor: settings.offDay
        ).week

        // 1. Seeds: best template fit minus best leisure fit, each over all offsets. Entities are cut into chunks of
        // a fixed size (independent of `tasks`), each chunk computed on its own, results concatenated in order.
        let leisureTable = ActivityCurve.leisureLogTable()
        let templateScan = OffsetScan(table: template)
        let chunks = DeterministicParallel.ranges(count: n, chunkSize: Self.chunkSize)
        let seedChunks = DeterministicParallel.map(chunks: chunks.count, tasks: tasks) { c in
            var leisureScan = OffsetScan(table: leisureTable)
            var templateScan = templateScan
            let offsets = OffsetScan.offsets
            var leisureLL = [Double](repeating: 0, count: offsets.count)
            var templateLL = [Double](repeating: 0, count: offsets.count)
            let range = chunks[c]
            var best = [Double](repeating: 0, count: range.count)
            var seed = [Double](repeating: 0, count: range.count)
            var offset = [Int](repeating: 0, count: range.count)
            for a in range where slots.count(a) > 0 {
                leisureScan.scan(slots, actor: a, into: &leisureLL)
                templateScan.scan(slots, actor: a, into: &templateLL)
                var bestJ = 0
                for j in 1 ..< offsets.count where templateLL[j] > templateLL[bestJ] { bestJ = j }
                best[a - range.lowerBound] = leisureLL.max()!
                seed[a - range.lowerBound] = templateLL[bestJ] - best[a - range.lowerBound]
                offset[a - range.lowerBound] = offsets[bestJ]
            }
            return (best, seed, offset)
        }
        let bestLeisure = seedChunks.flatMap(\.0)
        let seedScore = seedChunks.flatMap(\.1)
        let seedOffset = seedChunks.flatMap(\.2)

        // 2. Seed groups by offset.
        var membership = [Int32](repeating: noReference, count: n)
        var groupCount = 0
        do {
            var remaining: [Int] = (0 ..< n).filter { slots.count($0) >= settings.minEvents && seedScore[$0] >= settings.threshold }
            while !remaining.isEmpty, groupCount < settings.maxGroups {
                var countByOffset = [Int: Int]()
                for a in remaining { countByOffset[seedOffset[a], default: 0] += 1 }
                // Most seeds first; ties to the smaller offset (deterministic).
                let centre = countByOffset.max { x, y in x.value != y.value ? x.value < y.value : x.key > y.key }!.key
                let inGroup = remaining.filter { Self.circularDistance(seedOffset[$0], centre) <= 2 }
                remaining = remaining.filter { Self.circularDistance(seedOffset[$0], centre) > 2 }
                guard inGroup.count >= settings.minGroup else { continue }
                for a in inGroup { membership[a] = Int32(groupCount) }
                groupCount += 1
            }
        }

        // 3-4. Infer schedules, gate, score; then refine from the flagged entities.
        var schedules: [ShiftSchedule] = []
        var groupScores: [[Double]] = []
        var round = 0
        while true {
            var inferred = inferSchedules(data, slots: slots, membership: membership, groupCount: groupCount, templateScan: templateScan)
            // Groups whose pooled offsets fall within an hour of an earlier group's are one group seen from two
            // seed offsets: merge them and infer again.
            var root = [Int32](repeating: 0, count: inferred.count)
            var roots: [Int] = []
            for g in inferred.indices {
                if let r = roots.firstIndex(where: { Self.circularDistance(inferred[$0].offsetSlots, inferred[g].offsetSlots) <= 2 }) {
                    root[g] = Int32(r)
                } else {
                    root[g] = Int32(roots.count)
                    roots.append(g)
                }
            }
            if roots.count < inferred.count {
                for a in 0 ..< n where membership[a] >= 0 { membership[a] = root[Int(membership[a])] }
                groupCount = roots.count
                inferred = inferSchedules(data, slots: slots, membership: membership, groupCount: groupCount, templateScan: templateScan)
            }
            schedules = inferred.filter { isShift($0) }
            groupScores = score(slots, schedules: schedules, bestLeisure: bestLeisure, tasks: tasks)
            guard round < settings.refinements, !schedules.isEmpty else { break }
            round += 1
            // New membership: flagged entities by best group.
            membership = [Int32](repeating: noReference, count: n)
            var sizes = [Int](repeating: 0, count: schedules.count)
            for a in 0 ..< n where slots.count(a) >= settings.minEvents {
                if let (g, s) = Self.best(groupScores, a), s >= settings.threshold {
                    membership[a] = Int32(g)
                    sizes[g] += 1
                }
            }
            // Drop groups that became too small, renumbering the rest.
            var renumber = [Int32](repeating: noReference, count: schedules.count)
            groupCount = 0
            for g in 0 ..< schedules.count where sizes[g] >= settings.minGroup {
                renumber[g] = Int32(groupCount)
                groupCount += 1
            }
            for a in 0 ..< n where membership[a] >= 0 { membership[a] = renumber[Int(membership[a])] }
        }

        // Output.
        var score = seedScore
        var flag = [Bool](repeating: false, count: n)
        var cluster = [Int32](repeating: noReference, count: n)
        var groups = schedules.map { Group(schedule: $0, members: 0, events: 0) }
        if !schedules.isEmpty {
            for a in 0 ..< n {
                guard let (g, s) = Self.best(groupScores, a) else { continue }
                score[a] = s
                if s >= settings.threshold, slots.count(a) >= settings.minEvents {
                    flag[a] = true
                    cluster[a] = Int32(g)
                    groups[g].members += 1
                    groups[g].events += slots.count(a)
                }
            }
        }
        // Keep only groups that flagged someone, renumbering clusters to stay dense.
        var renumber = [Int32](repeating: noReference, count: groups.count)
        var kept: [Group] = []
        for (g, group) in groups.enumerated() where group.members > 0 {
            renumber[g] = Int32(kept.count)
            kept.append(group)
        }
        for a in 0 ..< n where cluster[a] >= 0 { cluster[a] = renumber[Int(cluster[a])] }
        return Result(score: score, flag: flag, cluster: cluster, groups: kept)
    }

    // MARK: - Steps

    /// Whether a group's schedule looks like an office shift.
    func isShift(_ schedule: ShiftSchedule) -> Bool {
        !schedule.blocks.isEmpty && schedule.breaks.count >= settings.minBreaks
            && schedule.weekdayShare >= settings.minWeekdayShare && schedule.coverage >= settings.minCoverage
    }

    /// The schedule of each group of `membership` (groups `0 ..< groupCount`).
    func inferSchedules(
        _ data: ObservableDataset, slots: ActorSlots, membership: [Int32], groupCount: Int, templateScan: OffsetScan
    ) -> [ShiftSchedule] {
        guard groupCount > 0 else { return [] }
        let n = membership.count
        // Pooled UTC profiles.
        var pooled = [[Double]](repeating: [Double](repeating: 0, count: WeekClock.slotsPerWeek), count: groupCount)
        for a in 0 ..< n where membership[a] >= 0 { slots.accumulate(a, into: &pooled[Int(membership[a])]) }
        // Offsets: best template fit of the pooled profile.
        var fit = [Double](repeating: 0, count: OffsetScan.offsets.count)
        var offsets = [Int](repeating: 0, count: groupCount)
        for g in 0 ..< groupCount {
            templateScan.scan(histogram: pooled[g], into: &fit)
            var bestJ = 0
            for j in 1 ..< fit.count where fit[j] > fit[bestJ] { bestJ = j }
            offsets[g] = OffsetScan.offsets[bestJ]
        }
        // Volume per local day, from the members' events only.
        var perDay = [[Int]](repeating: [Int](repeating: 0, count: slots.dayCount), count: groupCount)
        var cells = [[Bool]](
            repeating: [Bool](repeating: false, count: slots.dayCount * WeekClock.slotsPerDay), count: groupCount)
        for a in 0 ..< n where membership[a] >= 0 {
            let g = Int(membership[a])
            slots.accumulateDays(a, offsetSlots: offsets[g], into: &perDay[g], cells: &cells[g])
        }

        var schedules: [ShiftSchedule] = []
        for g in 0 ..< groupCount {
            let shift = OffsetScan.shift(offsets[g])
            var weekdayProfile = [Double](repeating: 0, count: WeekClock.slotsPerDay)
            var weekday = 0.0
            var total = 0.0
            for s in 0 ..< WeekClock.slotsPerWeek {
                let local = (s + shift) % WeekClock.slotsPerWeek
                total += pooled[g][s]
                if local / WeekClock.slotsPerDay < 5 {
                    weekdayProfile[local % WeekClock.slotsPerDay] += pooled[g][s]
                    weekday += pooled[g][s]
                }
            }
            let (blocks, breaks) = ShiftSchedule.blocks(
                weekdayProfile: weekdayProfile, fraction: settings.blockFraction, maxFraction: settings.maxBlockFraction,
                minBreaks: settings.minBreaks, minBlockSlots: settings.minBlockSlots, minBreakSlots: settings.minBreakSlots,
                maxBreakSlots: settings.maxBreakSlots)
            // The shift model's two levels fitted to the group (never below the parameters): activity outside the
            // blocks relative to inside on weekdays, and at weekends relative to weekdays.
            let blockSlots = blocks.reduce(0) { $0 + $1.count }
            var inBlocks = 0.0
            for block in blocks { for slot in block { inBlocks += weekdayProfile[slot] } }
            let inDensity = inBlocks / Double(max(1, 5 * blockSlots))
            let outDensity = (weekday - inBlocks) / Double(max(1, 5 * (WeekClock.slotsPerDay - blockSlots)))
            let weekdayDensity = weekday / 5
            let weekendDensity = (total - weekday) / 2
            let leak = inDensity > 0 ? min(1, max(settings.leak, outDensity / inDensity)) : 1
            let days = fullDays(dayCount: slots.dayCount, firstDay: slots.firstDay, offsetSlots: offsets[g], data: data)
            let workdays = days.filter { WeekClock.weekday(ofDay: slots.firstDay + Int64($0)) < 5 }
            let weekendDays = days.filter { WeekClock.weekday(ofDay: slots.firstDay + Int64($0)) >= 5 }
            let calendar = irregularDays(perDay[g], workdays: workdays, weekendDays: weekendDays, firstDay: slots.firstDay)
            let quiet = calendar.quiet
            // The weekend level from ordinary days (holidays and worked weekend days excluded) when there are enough,
            // else from the pooled profile.
            let ordinaryWorkdays = workdays.filter { !quiet.contains(slots.firstDay + Int64($0)) }
            let ordinaryWeekend = weekendDays.filter { !calendar.worked.contains(slots.firstDay + Int64($0)) }
            var weekendRatio = weekdayDensity > 0 ? weekendDensity / weekdayDensity : 1
            if ordinaryWorkdays.count >= 5, ordinaryWeekend.count >= 2 {
                let workdayMean = Double(ordinaryWorkdays.reduce(0) { $0 + perDay[g][$1] }) / Double(ordinaryWorkdays.count)
                let weekendMean = Double(ordinaryWeekend.reduce(0) { $0 + perDay[g][$1] }) / Double(ordinaryWeekend.count)
                if workdayMean > 0 { weekendRatio = weekendMean / workdayMean }
            }
            let offDay = min(1, max(settings.offDay, weekendRatio))
            // The working-day shape: the pooled weekday profile relative to its mean in the blocks, floored at the
            // leak level (so a ramp inside a block is modelled, and no half hour is impossible).
            let meanInBlock = inBlocks / Double(max(1, blockSlots))
            let dayShape = weekdayProfile.map { meanInBlock > 0 ? max($0 / meanInBlock, leak) : 1 }
            // Coverage: the share of (working day, block half hour) cells in which the group was active.
            var covered = 0
            var possible = 0
            for d in ordinaryWorkdays {
                for block in blocks {
                    for slot in block {
                        possible += 1
                        if cells[g][d * WeekClock.slotsPerDay + slot] { covered += 1 }
                    }
                }
            }
            schedules.append(
                ShiftSchedule(
                    offsetSlots: offsets[g], blocks: blocks, breaks: breaks, weekdayShare: total > 0 ? weekday / total : 0,
                    quietWeekdays: quiet, workedWeekendDays: calendar.worked, leak: leak, offDay: offDay,
                    dayShape: dayShape,
                    coverage: possible > 0 ? Double(covered) / Double(possible) : 0))
        }
        return schedules
    }

    /// Indices (local day − `firstDay`) of the days wholly inside the observation window at `offsetSlots`.
    func fullDays(dayCount: Int, firstDay: Int64, offsetSlots: Int, data: ObservableDataset) -> [Int] {
        let offsetSeconds = Int64(offsetSlots) * WeekClock.slotSeconds
        return (0 ..< dayCount).filter { index in
            let startUTC = (firstDay + Int64(index)) * WeekClock.secondsPerDay - offsetSeconds
            return startUTC >= data.start && startUTC + WeekClock.secondsPerDay <= data.end
        }
    }

    /// The group's calendar exceptions, as day numbers: weekdays with volume under `quiet-fraction` of the median
    /// weekday (public holidays), and weekend days with volume at least `worked-fraction` of it (make-up working
    /// days, as China schedules around its holidays).
    func irregularDays(
        _ perDay: [Int], workdays: [Int], weekendDays: [Int], firstDay: Int64
    ) -> (quiet: [Int64], worked: [Int64]) {
        let volumes = workdays.map { perDay[$0] }
        guard volumes.count >= 5 else { return ([], []) }
        let median = Double(volumes.sorted()[volumes.count / 2])
        guard median >= 5 else { return ([], []) }
        let quiet = workdays.filter { Double(perDay[$0]) < settings.quietFraction * median }.map { firstDay + Int64($0) }
        let worked = weekendDays.filter { Double(perDay[$0]) >= settings.workedFraction * median }.map { firstDay + Int64($0) }
        return (quiet, worked)
    }

    /// Per shift group, every entity's log-likelihood ratio of the group's shift model (at its offset) against the
    /// leisure curve (at the entity's best offset). Walks each entity's events once per group.
    func score(_ slots: ActorSlots, schedules: [ShiftSchedule], bestLeisure: [Double], tasks: Int) -> [[Double]] {
        let n = bestLeisure.count
        var result: [[Double]] = []
        for schedule in schedules {
            let tables = ActivityCurve.shiftLogTables(dayShape: schedule.dayShape, offDayFactor: schedule.offDay)
            // Calendar exceptions per local day index: 1 = holiday (a weekday off), 2 = weekend day worked; empty
            // when there are none.
            let exceptional = !schedule.quietWeekdays.isEmpty || !schedule.workedWeekendDays.isEmpty
            var kinds = [UInt8](repeating: 0, count: exceptional ? slots.dayCount : 0)
            for (list, kind) in [(schedule.quietWeekdays, UInt8(1)), (schedule.workedWeekendDays, UInt8(2))] {
                for day in list {
                    let d = Int(day - slots.firstDay)
                    if d >= 0, d < kinds.count { kinds[d] = kind }
                }
            }
            let dayKinds = kinds
            let offsetSlots = schedule.offsetSlots
            let chunks = DeterministicParallel.ranges(count: n, chunkSize: Self.chunkSize)
            let parts = DeterministicParallel.map(chunks: chunks.count, tasks: tasks) { c in
                tables.week.withUnsafeBufferPointer { week in
                    tables.offDay.withUnsafeBufferPointer { offDay in
                        dayKinds.withUnsafeBufferPointer { dayKinds in
                            chunks[c].map { a in
                                slots.logLikelihood(a, offsetSlots: offsetSlots, week: week, offDay: offDay, dayKinds: dayKinds)
                                    - bestLeisure[a]
                            }
                        }
                    }
                }
            }
            let ll = parts.flatMap { $0 }
            result.append(ll)
        }
        return result
    }

    // MARK: - Helpers

    /// The best group score of entity `a` (the first group on ties), or nil without groups.
    static func best(_ groupScores: [[Double]], _ a: Int) -> (Int, Double)? {
        guard !groupScores.isEmpty else { return nil }
        var bestG = 0
        for g in 1 ..< groupScores.count where groupScores[g][a] > groupScores[bestG][a] { bestG = g }
        return (bestG, groupScores[bestG][a])
    }

    /// Distance between two offsets in half hours around the 24-hour clock.
    static func circularDistance(_ x: Int, _ y: Int) -> Int {
        let d = abs(x - y) % WeekClock.slotsPerDay
        return min(d, WeekClock.slotsPerDay - d)
    }
}
