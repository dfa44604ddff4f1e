/// An office shift inferred from a group's activity: the UTC offset, the shift blocks (local time), the breaks
/// between them, and the working-day regularity (weekday share, quiet weekdays that look like holidays).
public struct ShiftSchedule: Sendable, Equatable {
    /// The inferred offset from UTC in half hours (+16 is UTC+08:00).
    public var offsetSlots: Int
    /// Shift blocks as ranges of local half-hour slots of the day (0 ..< 48), in order.
    public var blocks: [Range<Int>]
    /// Gaps between consecutive blocks that are break-sized (see ``ShiftPatternDetector``'s `min-break` and
    /// `max-break`), e.g. lunch and supper.
    public var breaks: [Range<Int>]
    /// The share of the group's events on Monday-Friday, local time.
    public var weekdayShare: Double
    /// Local day numbers (days since 1970-01-01) of weekdays on which the group was nearly silent: public holidays.
    public var quietWeekdays: [Int64]
    /// Local day numbers of weekend days on which the group worked as on a weekday (make-up working days).
    public var workedWeekendDays: [Int64]
    /// The group's activity density outside its blocks relative to inside, on weekdays (at least the `leak`
    /// parameter).
    public var leak: Double
    /// The group's activity density at weekends relative to weekdays (at least the `off-day` parameter).
    public var offDay: Double
    /// The share of (working day, block half hour) cells in which the group was active: an operation works its
    /// shift every working day; a group that posts in occasional bursts (a marketing agency's pushes) covers few.
    public var coverage: Double
    /// Relative activity by local half hour on working days (48 values, mean 1 inside the blocks, at least ``leak``
    /// outside): the shape of the group's shift model.
    public var dayShape: [Double]

    public init(
        offsetSlots: Int, blocks: [Range<Int>], breaks: [Range<Int>], weekdayShare: Double, quietWeekdays: [Int64],
        workedWeekendDays: [Int64] = [], leak: Double, offDay: Double, dayShape: [Double], coverage: Double
    ) {
        self.offsetSlots = offsetSlots
        self.blocks = blocks
        self.breaks = breaks
        self.weekdayShare = weekdayShare
        self.quietWeekdays = quietWeekdays
        self.workedWeekendDays = workedWeekendDays
        self.leak = leak
        self.offDay = offDay
        self.coverage = coverage
        self.dayShape = dayShape
    }

    /// The offset in hours (8.0 for UTC+08:00).
    public var offsetHours: Double { Double(offsetSlots) / 2 }

    /// E.g. `UTC+08:00, blocks 09:00-12:00, 13:30-17:30, 19:00-22:00; breaks 12:00-13:30, 17:30-19:00; weekday share
    /// 0.93; quiet weekdays 2 (2023-10-02, 2023-10-03); coverage 0.8; weekend level 0.1, off-block level 0.05`.
    public var summary: String {
        func ranges(_ list: [Range<Int>]) -> String {
            list.isEmpty ? "none" : list.map { WeekClock.clock(slotOfDay: $0.lowerBound) + "-" + WeekClock.clock(slotOfDay: $0.upperBound) }
                .joined(separator: ", ")
        }
        var text = WeekClock.offsetName(slots: offsetSlots)
        text += ", blocks " + ranges(blocks) + "; breaks " + ranges(breaks)
        let share = (weekdayShare * 100).rounded() / 100
        text += "; weekday share " + String(share)
        text += "; quiet weekdays \(quietWeekdays.count)"
        if !quietWeekdays.isEmpty {
            let shown = quietWeekdays.prefix(5).map(WeekClock.date(ofDay:)).joined(separator: ", ")
            text += " (" + shown + (quietWeekdays.count > 5 ? ", ..." : "") + ")"
        }
        if !workedWeekendDays.isEmpty {
            let shown = workedWeekendDays.prefix(5).map(WeekClock.date(ofDay:)).joined(separator: ", ")
            text += "; weekend days worked \(workedWeekendDays.count) (" + shown + (workedWeekendDays.count > 5 ? ", ..." : "") + ")"
        }
        text += "; coverage " + String((coverage * 100).rounded() / 100)
        text += "; weekend level " + String((offDay * 100).rounded() / 100)
        text += ", off-block level " + String((leak * 100).rounded() / 100)
        return text
    }

    /// ``blocks(weekdayProfile:fraction:minBlockSlots:minBreakSlots:maxBreakSlots:)`` at `fraction`, or, when that
    /// shows fewer than `minBreaks` breaks, at the first higher fraction (steps of 0.05, up to `maxFraction`) that
    /// shows them: a group that pools an operation's accounts with honest people of its time zone has the
    /// operation's breaks filled from below by the honest leisure curve, and a deeper cut finds them again. A leisure
    /// curve on its own gains no break-sized gap (its quiet hours are longer than `maxBreakSlots`), and the gate's
    /// weekday share and coverage still apply. Unchanged blocks when no fraction shows enough breaks.
    static func blocks(
        weekdayProfile profile: [Double], fraction: Double, maxFraction: Double, minBreaks: Int, minBlockSlots: Int,
        minBreakSlots: Int, maxBreakSlots: Int
    ) -> (blocks: [Range<Int>], breaks: [Range<Int>]) {
        let first = blocks(
            weekdayProfile: profile, fraction: fraction, minBlockSlots: minBlockSlots, minBreakSlots: minBreakSlots,
            maxBreakSlots: maxBreakSlots)
        guard first.breaks.count < minBreaks else { return first }
        var step = 1
        while fraction + 0.05 * Double(step) <= maxFraction + 1e-9 {
            let deeper = blocks(
                weekdayProfile: profile, fraction: fraction + 0.05 * Double(step), minBlockSlots: minBlockSlots,
                minBreakSlots: minBreakSlots, maxBreakSlots: maxBreakSlots)
            if deeper.breaks.count >= minBreaks { return deeper }
            step += 1
        }
        return first
    }

    /// Shift blocks from a group's weekday activity by local half hour of the day (48 values): a slot is "on" when its
    /// activity is at least `fraction` of the busiest slot's; gaps shorter than `minBreakSlots` are closed (jitter,
    /// not a break), and runs shorter than `minBlockSlots` are dropped. Breaks are the gaps between consecutive blocks
    /// no longer than `maxBreakSlots`.
    static func blocks(
        weekdayProfile profile: [Double], fraction: Double, minBlockSlots: Int, minBreakSlots: Int, maxBreakSlots: Int
    ) -> (blocks: [Range<Int>], breaks: [Range<Int>]) {
        precondition(profile.count == WeekClock.slotsPerDay)
        let peak = profile.max() ?? 0
        guard peak > 0 else { return ([], []) }
        var runs: [Range<Int>] = []
        var slot = 0
        while slot < profile.count {
            guard profile[slot] >= fraction * peak else {
                slot += 1
                continue
            }
            let start = slot
            while slot < profile.count, profile[slot] >= fraction * peak { slot += 1 }
            runs.append(start ..< slot)
        }
        // Close short gaps.
        var merged: [Range<Int>] = []
        for run in runs {
            if let last = merged.last, run.lowerBound - last.upperBound < minBreakSlots {
                merged[merged.count - 1] = last.lowerBound ..< run.upperBound
            } else {
                merged.append(run)
            }
        }
        let blocks = merged.filter { $0.count >= minBlockSlots }
        var breaks: [Range<Int>] = []
        for (a, b) in zip(blocks, blocks.dropFirst()) where b.lowerBound - a.upperBound <= maxBreakSlots {
            breaks.append(a.upperBound ..< b.lowerBound)
        }
        return (blocks, breaks)
    }
}
