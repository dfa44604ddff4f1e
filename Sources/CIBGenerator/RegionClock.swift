internal import CIBModel
internal import CIBScenario
internal import CIBStatistics

/// When a person in a region acts: a sampler over the (local day, local hour) cells of the period, weighted by the
/// region's daily and weekly curves and holidays, each cell mapped to its UTC start with the offset (daylight
/// saving included) in force that day. One draw is an O(1) alias lookup plus a uniform second within the hour.
struct RegionClock: Sendable {
    let sampler: DiscreteSampler
    /// UTC start of each cell (non-decreasing: a day's cells follow the previous day's, daylight saving included).
    let cellStart: [Timestamp]
    /// Each cell's weight over the largest: how active the region's people are in that hour, 1 at their busiest.
    let relative: [Double]
    /// For each quarter hour of the period from ``start``, the last cell starting at or before it: a lookup of
    /// ``relativeActivity(at:)`` starts there and steps forward at most a cell or two (offsets are not always whole
    /// hours), instead of searching all the cells.
    let quarterCell: [Int32]
    let start: Timestamp
    let end: Timestamp

    init(daily: [Double], weekly: [Double], offset: (CalendarDate) -> UTCOffset, holiday: (CalendarDate) -> Double, period: Period) {
        var weights: [Double] = []
        var starts: [Timestamp] = []
        weights.reserveCapacity(period.days * 24)
        for d in 0 ..< period.days {
            let date = period.date(d)
            let dayWeight = weekly[date.weekday] * holiday(date)
            let localMidnight = date.utcMidnight - offset(date).seconds
            for h in 0 ..< 24 {
                weights.append(daily[h] * dayWeight)
                starts.append(localMidnight + Timestamp(h) * 3600)
            }
        }
        if !weights.contains(where: { $0 > 0 }) { weights = weights.map { _ in 1 } }
        // Weights are finite and non-negative (checked when the scenario was loaded).
        self.sampler = try! DiscreteSampler(weights: weights)
        self.cellStart = starts
        let most = weights.max()!
        self.relative = weights.map { $0 / most }
        let quarters = Int((period.endTime - period.startTime + 899) / 900)
        var quarterCell = [Int32](repeating: -1, count: quarters)
        var cell = -1
        for q in 0 ..< quarters {
            let t = period.startTime + Timestamp(q) * 900
            while cell + 1 < starts.count && starts[cell + 1] <= t { cell += 1 }
            quarterCell[q] = Int32(cell)
        }
        self.quarterCell = quarterCell
        self.start = period.startTime
        self.end = period.endTime
    }

    init(region: RegionSpec, period: Period) {
        self.init(daily: region.daily, weekly: region.weekly, offset: { region.offset(on: $0) },
                  holiday: { region.isHoliday($0) ? region.holidayFactor : 1 }, period: period)
    }

    /// A UTC time inside the period.
    @inline(__always)
    func sample(_ rng: RandomStream) -> Timestamp {
        while true {
            let t = cellStart[sampler.sample(rng)] + Timestamp(rng.uniformInt(3600))
            if t >= start && t < end { return t }
        }
    }

    /// How active the region's people are at `t` relative to their busiest hour (0 outside the period).
    @inline(__always)
    func relativeActivity(at t: Timestamp) -> Double {
        guard t >= start, t < end else { return 0 }
        var cell = Int(quarterCell[Int((t - start) / 900)])
        while cell + 1 < cellStart.count && cellStart[cell + 1] <= t { cell += 1 }
        return cell < 0 ? 0 : relative[cell]
    }

    /// A time at or after `limit` (falls back to a uniform time in `[limit, end)` after a few rejections): the
    /// actions of an account created during the period.
    @inline(__always)
    func sample(_ rng: RandomStream, after limit: Timestamp) -> Timestamp {
        if limit <= start { return sample(rng) }
        for _ in 0 ..< 16 {
            let t = sample(rng)
            if t >= limit { return t }
        }
        return limit + Timestamp(rng.uniformInt(max(1, Int(end - limit))))
    }

    /// A time before `limit` (falls back to a uniform time in `[start, limit)` after a few rejections).
    func sample(_ rng: RandomStream, before limit: Timestamp) -> Timestamp {
        for _ in 0 ..< 16 {
            let t = sample(rng)
            if t < limit { return t }
        }
        return start + Timestamp(rng.uniformInt(max(1, Int(limit - start))))
    }
}
