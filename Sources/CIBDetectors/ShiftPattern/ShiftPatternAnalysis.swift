public import CIBModel

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

    public func analyse(_ data: ObservableDataset) -> Result {
        let n = data.entities.count
        let slots = ActorSlots(events: data.events, entityCount: n)
        let template = ActivityCurve.shiftLogTables(
            blocks: settings.templateBlocks, leak: settings.leak, offDayFactor: settings.offDay
        ).week

        // 1. Seeds: best template fit minus best leisure fit, each over all offsets.
        var leisureScan = OffsetScan(table: ActivityCurve.leisureLogTable())
        var templateScan = OffsetScan(table: template)
        let offsets = OffsetScan.offsets
        var leisureLL = [Double](repeating: 0, count: offsets.count)
        var templateLL = [Double](repeating: 0, count: offsets.count)
        var bestLeisure = [Double](repeating: 0, count: n)
        var seedScore = [Double](repeating: 0, count: n)
        var seedOffset = [Int](repeating: 0, count: n)
        for a in 0 ..< n where slots.count(a) > 0 {
            leisureScan.scan(slots, actor: a, into: &leisureLL)
            templateScan.scan(slots, actor: a, into: &templateLL)
            var bestJ = 0
            for j in 1 ..< offsets.count where templateLL[j] > templateLL[bestJ] { bestJ = j }
            bestLeisure[a] = leisureLL.max()!
            seedScore[a] = templateLL[bestJ] - bestLeisure[a]
            seedOffset[a] = offsets[bestJ]
        }

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
            schedules = inferSchedules(data, slots: slots, membership: membership, groupCount: groupCount, templateScan: templateScan)
                .filter { isShift($0) }
            groupScores = score(data, schedules: schedules, bestLeisure: bestLeisure)
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
            && schedule.weekdayShare >= settings.minWeekdayShare
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
        // Volume per local day, one pass over the events.
        let firstDay = (0 ..< groupCount).map { WeekClock.day(data.start, offsetSlots: offsets[$0]) }
        let dayCount = (0 ..< groupCount).map { g in
            max(0, Int(WeekClock.day(max(data.start, data.end - 1), offsetSlots: offsets[g]) - firstDay[g]) + 1)
        }
        var perDay = (0 ..< groupCount).map { [Int](repeating: 0, count: dayCount[$0]) }
        data.events.time.withUnsafeBufferPointer { time in
            data.events.actor.withUnsafeBufferPointer { actor in
                for i in 0 ..< time.count {
                    let g = Int(membership[Int(actor[i])])
                    guard g >= 0 else { continue }
                    let d = Int(WeekClock.day(time[i], offsetSlots: offsets[g]) - firstDay[g])
                    if d >= 0, d < dayCount[g] { perDay[g][d] += 1 }
                }
            }
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
                weekdayProfile: weekdayProfile, fraction: settings.blockFraction, minBlockSlots: settings.minBlockSlots,
                minBreakSlots: settings.minBreakSlots, maxBreakSlots: settings.maxBreakSlots)
            schedules.append(
                ShiftSchedule(
                    offsetSlots: offsets[g], blocks: blocks, breaks: breaks, weekdayShare: total > 0 ? weekday / total : 0,
                    quietWeekdays: quietWeekdays(perDay[g], firstDay: firstDay[g], offsetSlots: offsets[g], data: data)))
        }
        return schedules
    }

    /// Weekdays (wholly inside the observation window) whose volume is under `quiet-fraction` of the median weekday.
    func quietWeekdays(_ perDay: [Int], firstDay: Int64, offsetSlots: Int, data: ObservableDataset) -> [Int64] {
        var days: [Int64] = []
        var volumes: [Int] = []
        let offsetSeconds = Int64(offsetSlots) * WeekClock.slotSeconds
        for (index, volume) in perDay.enumerated() {
            let day = firstDay + Int64(index)
            let startUTC = day * WeekClock.secondsPerDay - offsetSeconds
            guard startUTC >= data.start, startUTC + WeekClock.secondsPerDay <= data.end,
                WeekClock.weekday(ofDay: day) < 5
            else { continue }
            days.append(day)
            volumes.append(volume)
        }
        guard volumes.count >= 5 else { return [] }
        let median = Double(volumes.sorted()[volumes.count / 2])
        guard median >= 5 else { return [] }
        return zip(days, volumes).filter { Double($0.1) < settings.quietFraction * median }.map(\.0)
    }

    /// Per shift group, every entity's log-likelihood ratio of the group's shift model (at its offset) against the
    /// leisure curve (at the entity's best offset). One pass over the events per group.
    func score(_ data: ObservableDataset, schedules: [ShiftSchedule], bestLeisure: [Double]) -> [[Double]] {
        let n = bestLeisure.count
        var result: [[Double]] = []
        for schedule in schedules {
            let tables = ActivityCurve.shiftLogTables(blocks: schedule.blocks, leak: settings.leak, offDayFactor: settings.offDay)
            let quiet = Set(schedule.quietWeekdays)
            var ll = [Double](repeating: 0, count: n)
            let offsetSeconds = Int64(schedule.offsetSlots) * WeekClock.slotSeconds
            tables.week.withUnsafeBufferPointer { week in
                tables.offDay.withUnsafeBufferPointer { offDay in
                    data.events.time.withUnsafeBufferPointer { time in
                        data.events.actor.withUnsafeBufferPointer { actor in
                            for i in 0 ..< time.count {
                                let local = time[i] + offsetSeconds
                                let day = WeekClock.floorDivide(local, WeekClock.secondsPerDay)
                                let slotOfDay = Int((local - day * WeekClock.secondsPerDay) / WeekClock.slotSeconds)
                                let weekday = WeekClock.weekday(ofDay: day)
                                let a = Int(actor[i])
                                if weekday < 5, !quiet.isEmpty, quiet.contains(day) {
                                    ll[a] += offDay[slotOfDay]
                                } else {
                                    ll[a] += week[weekday * WeekClock.slotsPerDay + slotOfDay]
                                }
                            }
                        }
                    }
                }
            }
            for a in 0 ..< n { ll[a] -= bestLeisure[a] }
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
