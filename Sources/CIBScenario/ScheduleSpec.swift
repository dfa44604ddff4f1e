/// One block of a work shift, in the schedule's local time (`start` inclusive, `end` exclusive).
public struct ShiftBlock: Codable, Sendable, Equatable {
    public var start = TimeOfDay(hour: 9)
    public var end = TimeOfDay(hour: 12)
    /// Relative intensity: events per hour in this block are proportional to `weight`.
    public var weight = 1.0

    public init() {}
    public init(_ start: TimeOfDay, _ end: TimeOfDay, weight: Double = 1) {
        self.start = start
        self.end = end
        self.weight = weight
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&start, .start)
        try c.read(&end, .end)
        try c.readRate(&weight, .weight)
        guard start < end else {
            throw ScenarioIssue(decoder.codingPath, "expected start before end, found \(start)-\(end) (an empty block)")
        }
    }

    /// Length in seconds.
    public var seconds: Int64 { end.seconds - start.seconds }
}

/// A cluster's work schedule (Meta Q2 2023: bursts mid-morning and early afternoon Beijing time,
/// breaks for lunch and supper, a final burst in the evening; Twitter 2019: working weeks, breaks on weekends and
/// holidays). Kill-chain 3.1.1.
public struct ScheduleSpec: Codable, Sendable, Equatable {
    /// The operators' time zone.
    public var timezone = UTCOffset(hours: 8)
    /// Shift blocks, in increasing, non-overlapping order; the gaps are the breaks.
    public var blocks = [ShiftBlock(TimeOfDay(hour: 9), TimeOfDay(hour: 11, minute: 30), weight: 1.0),
                         ShiftBlock(TimeOfDay(hour: 13, minute: 30), TimeOfDay(hour: 17, minute: 30), weight: 0.9),
                         ShiftBlock(TimeOfDay(hour: 19), TimeOfDay(hour: 21, minute: 30), weight: 0.7)]
    /// Working days.
    public var weekdays: [Weekday] = [.mon, .tue, .wed, .thu, .fri]
    /// Activity on a day off (weekend) relative to a working day.
    public var offDayFactor = 0.15
    /// Public holidays the operators observe (default: China's 2023 holidays).
    public var holidays: [DateRange] = StandardWorld.chinaHolidays2023
    /// Weekend days worked to make up for holidays (China's adjusted working days).
    public var extraWorkdays: [DateRange] = StandardWorld.chinaMakeupWorkdays2023
    /// Activity on a holiday relative to a working day.
    public var holidayFactor = 0.1
    /// Each operator's block boundaries move by up to ± this much each day (uniform).
    public var jitter = TimeSpan.minutes(15)
    /// Each cluster's whole schedule is shifted by up to ± this much (fixed per cluster).
    public var clusterOffsetSpread = TimeSpan.minutes(20)
    /// Each operator's habits move the shift by up to ± this much (fixed per operator: early and late starters).
    public var operatorSpread = TimeSpan.minutes(30)
    /// Each operator's schedule drifts by up to ± this much per week over the period (fixed rate per operator).
    public var drift = TimeSpan.minutes(10)

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&timezone, .timezone)
        try c.read(&blocks, .blocks)
        try c.read(&weekdays, .weekdays)
        try c.readRate(&offDayFactor, .offDayFactor, max: 100)
        try c.read(&holidays, .holidays)
        try c.read(&extraWorkdays, .extraWorkdays)
        try c.readRate(&holidayFactor, .holidayFactor, max: 100)
        try c.read(&jitter, .jitter)
        try c.read(&clusterOffsetSpread, .clusterOffsetSpread)
        try c.read(&operatorSpread, .operatorSpread)
        try c.read(&drift, .drift)
        let path = decoder.codingPath + [CodingKeys.blocks]
        guard !blocks.isEmpty else { throw ScenarioIssue(path, "expected at least one shift block (the shift is empty)") }
        for i in 1 ..< blocks.count where blocks[i].start < blocks[i - 1].end {
            throw ScenarioIssue(path + [AnyKey(index: i)],
                "block \(blocks[i].start)-\(blocks[i].end) overlaps or precedes block [\(i - 1)] \(blocks[i - 1].start)-\(blocks[i - 1].end); expected increasing, non-overlapping blocks")
        }
        guard blocks.contains(where: { $0.weight > 0 }) else { throw ScenarioIssue(path, "expected at least one block with weight > 0") }
        guard jitter.seconds <= 4 * 3600 else {
            throw ScenarioIssue(decoder.codingPath + [CodingKeys.jitter], "expected a jitter of at most 4h, found \(jitter)")
        }
    }

    /// Whether `date` is a working day (a weekday or a make-up day, and not a holiday).
    public func isWorkday(_ date: CalendarDate) -> Bool {
        if holidays.contains(where: { $0.contains(date) }) { return false }
        if extraWorkdays.contains(where: { $0.contains(date) }) { return true }
        return weekdays.contains { $0.index == date.weekday }
    }

    /// Relative activity on `date`: 1 on a working day, ``holidayFactor`` on a holiday, ``offDayFactor`` otherwise.
    public func dayFactor(_ date: CalendarDate) -> Double {
        if holidays.contains(where: { $0.contains(date) }) { return holidayFactor }
        return isWorkday(date) ? 1 : offDayFactor
    }
}
