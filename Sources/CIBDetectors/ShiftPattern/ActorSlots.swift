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
    /// ordinary days; on days marked in `dayKinds` (index = local day − ``firstDay``), `offDay` (48 slots) for a
    /// weekday off (kind 1) and the working-day row of `week` for a weekend day worked (kind 2).
    func logLikelihood(
        _ actor: Int, offsetSlots: Int, week: UnsafeBufferPointer<Double>, offDay: UnsafeBufferPointer<Double>,
        dayKinds: UnsafeBufferPointer<UInt8>
    ) -> Double {
        let shift = OffsetScan.shift(offsetSlots)
        let weekdaySlots = 5 * WeekClock.slotsPerDay
        var sum = 0.0
        for i in start[actor] ..< start[actor + 1] {
            var local = Int(slots[i]) + shift
            if local >= WeekClock.slotsPerWeek { local -= WeekClock.slotsPerWeek }
            if !dayKinds.isEmpty {
                let d = Int(days[i]) + Self.carry(slot: slots[i], offsetSlots: offsetSlots)
                let kind = d >= 0 && d < dayKinds.count ? dayKinds[d] : 0
                if kind == 1, local < weekdaySlots {
                    sum += offDay[local % WeekClock.slotsPerDay]
                    continue
                }
                if kind == 2, local >= weekdaySlots {
                    sum += week[local % WeekClock.slotsPerDay]
                    continue
                }
            }
            sum += week[local]
        }
        return sum
    }
}
