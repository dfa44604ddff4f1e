internal import CIBModel

/// Every entity's events as UTC half-hour slots of the week and UTC days, grouped by actor (compressed sparse rows):
/// built in two linear passes over the event table (a counting sort), 4 bytes per event, no per-event allocation.
/// Later steps walk one actor's events sequentially instead of the whole event table.
struct ActorSlots {
    /// Events of actor `a` are at `start[a] ..< start[a + 1]`, in time order.
    let start: [Int]
    /// UTC slot of the week (0 ..< 336).
    let slots: [UInt16]
    /// UTC day number minus ``firstDay``.
    let days: [UInt16]
    /// The day number that ``days`` counts from: one day before the earliest event or the window's start, so a
    /// local day at a negative offset is never below 0.
    let firstDay: Int64
    /// Day indices run `0 ..< dayCount` (one more on each side for offsets).
    let dayCount: Int

    init(events: EventTable, entityCount: Int, windowStart: Timestamp, windowEnd: Timestamp) {
        let earliest = min(windowStart, events.time.first ?? windowStart)
        let latest = max(windowEnd, (events.time.last ?? windowEnd) + 1)
        let firstDay = WeekClock.day(earliest) - 1
        let maxIndex = Int64(UInt16.max) - 1
        var start = [Int](repeating: 0, count: entityCount + 1)
        for actor in events.actor { start[Int(actor) + 1] += 1 }
        for a in 0 ..< entityCount { start[a + 1] += start[a] }
        var cursor = Array(start.dropLast())
        var slots = [UInt16](repeating: 0, count: events.count)
        var days = [UInt16](repeating: 0, count: events.count)
        events.time.withUnsafeBufferPointer { time in
            events.actor.withUnsafeBufferPointer { actor in
                for i in 0 ..< time.count {
                    let a = Int(actor[i])
                    slots[cursor[a]] = UInt16(WeekClock.weekSlot(time[i]))
                    days[cursor[a]] = UInt16(min(max(WeekClock.day(time[i]) - firstDay, 0), maxIndex))
                    cursor[a] += 1
                }
            }
        }
        self.start = start
        self.slots = slots
        self.days = days
        self.firstDay = firstDay
        dayCount = Int(min(WeekClock.day(latest - 1) - firstDay + 2, maxIndex + 1))
    }

    func count(_ actor: Int) -> Int { start[actor + 1] - start[actor] }

    /// Adds actor `a`'s events to a 336-slot UTC histogram.
    func accumulate(_ actor: Int, into histogram: inout [Double]) {
        for i in start[actor] ..< start[actor + 1] { histogram[Int(slots[i])] += 1 }
    }

    /// Adds actor `a`'s events to a per-local-day volume (index = local day number − ``firstDay``) at `offsetSlots`,
    /// and marks the (local day, half hour) cells it was active in (`cells[day * 48 + slot]`).
    func accumulateDays(_ actor: Int, offsetSlots: Int, into perDay: inout [Int], cells: inout [Bool]) {
        let shift = OffsetScan.shift(offsetSlots)
        for i in start[actor] ..< start[actor + 1] {
            let d = Int(days[i]) + Self.carry(slot: slots[i], offsetSlots: offsetSlots)
            guard d >= 0, d < perDay.count else { continue }
            perDay[d] += 1
            cells[d * WeekClock.slotsPerDay + (Int(slots[i]) + shift) % WeekClock.slotsPerDay] = true
        }
    }

    /// The day change (-1, 0 or +1) from UTC to local time for an event in UTC week slot `slot`.
    @inline(__always)
    static func carry(slot: UInt16, offsetSlots: Int) -> Int {
        let local = Int(slot) % WeekClock.slotsPerDay + offsetSlots
        return local >= WeekClock.slotsPerDay ? 1 : (local < 0 ? -1 : 0)
    }

    /// Log-likelihood of actor `a`'s events under a shift model at `offsetSlots`: `week` (336 local slots) on
    /// ordinary days, `offDay` (48 slots) on the weekdays marked in `quiet` (index = local day − ``firstDay``).
    func logLikelihood(
        _ actor: Int, offsetSlots: Int, week: UnsafeBufferPointer<Double>, offDay: UnsafeBufferPointer<Double>,
        quiet: UnsafeBufferPointer<Bool>
    ) -> Double {
        let shift = OffsetScan.shift(offsetSlots)
        let weekdaySlots = 5 * WeekClock.slotsPerDay
        var sum = 0.0
        for i in start[actor] ..< start[actor + 1] {
            var local = Int(slots[i]) + shift
            if local >= WeekClock.slotsPerWeek { local -= WeekClock.slotsPerWeek }
            if !quiet.isEmpty, local < weekdaySlots {
                let d = Int(days[i]) + Self.carry(slot: slots[i], offsetSlots: offsetSlots)
                if d >= 0, d < quiet.count, quiet[d] {
                    sum += offDay[local % WeekClock.slotsPerDay]
                    continue
                }
            }
            sum += week[local]
        }
        return sum
    }
}

/// Log-likelihoods of an actor's events under a 336-slot local-week table at every candidate UTC offset.
struct OffsetScan {
    /// Candidate offsets in half hours: UTC-12:00 ... UTC+14:00.
    static let offsets = Array(-24 ... 28)

    /// `table` laid out twice so `doubled[s + shift]` needs no modulo (`shift` in 0 ..< 336).
    private let doubled: [Double]
    /// Reused histogram for actors with many events.
    private var histogram = [Int32](repeating: 0, count: WeekClock.slotsPerWeek)

    init(table: [Double]) {
        doubled = table + table
    }

    /// The shift that turns a UTC slot into a local slot for `offset` half hours.
    @inline(__always)
    static func shift(_ offset: Int) -> Int { (offset % WeekClock.slotsPerWeek + WeekClock.slotsPerWeek) % WeekClock.slotsPerWeek }

    /// Fills `result[j]` with the log-likelihood at ``offsets``[j]. Cost: events x offsets, or 336 x offsets when the
    /// actor has more events than slots.
    mutating func scan(_ slots: ActorSlots, actor: Int, into result: inout [Double]) {
        let range = slots.start[actor] ..< slots.start[actor + 1]
        let offsets = Self.offsets
        if range.count <= WeekClock.slotsPerWeek {
            for (j, offset) in offsets.enumerated() {
                let shift = Self.shift(offset)
                var sum = 0.0
                for i in range { sum += doubled[Int(slots.slots[i]) + shift] }
                result[j] = sum
            }
        } else {
            for s in 0 ..< WeekClock.slotsPerWeek { histogram[s] = 0 }
            for i in range { histogram[Int(slots.slots[i])] += 1 }
            for (j, offset) in offsets.enumerated() {
                let shift = Self.shift(offset)
                var sum = 0.0
                for s in 0 ..< WeekClock.slotsPerWeek where histogram[s] != 0 {
                    sum += Double(histogram[s]) * doubled[s + shift]
                }
                result[j] = sum
            }
        }
    }

    /// The log-likelihood of a UTC histogram at each offset.
    func scan(histogram: [Double], into result: inout [Double]) {
        for (j, offset) in Self.offsets.enumerated() {
            let shift = Self.shift(offset)
            var sum = 0.0
            for s in 0 ..< WeekClock.slotsPerWeek where histogram[s] != 0 { sum += histogram[s] * doubled[s + shift] }
            result[j] = sum
        }
    }
}
