internal import CIBModel
internal import CIBScenario
internal import CIBStatistics

/// A cluster's work shift (kill-chain 3.1.1): where in the local day its operators act (blocks weighted by
/// intensity × length, uniform inside a block), how work carries over a break (`advance`), and the UTC base of each
/// working day with the cluster's fixed offset and each operator's daily jitter.
struct ShiftSchedule: Sendable {
    let blocks: [(start: Int64, end: Int64)]
    let cumulative: [Double]
    let timezone: Int64
    let spec: ScheduleSpec

    init(_ spec: ScheduleSpec) {
        self.spec = spec
        blocks = spec.blocks.map { ($0.start.seconds, $0.end.seconds) }
        var total = 0.0
        cumulative = spec.blocks.map { total += $0.weight * Double($0.seconds); return total }
        timezone = spec.timezone.seconds
    }

    /// A local second of the day inside the shift.
    @inline(__always)
    func localSecond(_ rng: RandomStream) -> Int64 {
        let u = rng.uniform() * cumulative[cumulative.count - 1]
        var b = 0
        while b < cumulative.count - 1 && u >= cumulative[b] { b += 1 }
        return blocks[b].start + Int64(rng.uniformInt(Int(max(1, blocks[b].end - blocks[b].start))))
    }

    /// `local + delta` counted in working time: a break is skipped; work that would run past the end of the last
    /// block is folded back into that block (operators do not work overtime, and no spike forms at closing time).
    func advance(_ local: Int64, by delta: Int64) -> Int64 {
        var s = local, d = delta
        var b = blocks.firstIndex { s < $0.end } ?? blocks.count
        while b < blocks.count {
            if s < blocks[b].start { s = blocks[b].start }
            let room = blocks[b].end - s
            if d < room { return s + d }
            d -= room
            b += 1
            if b < blocks.count { s = blocks[b].start }
        }
        let last = blocks[blocks.count - 1]
        return last.end - 1 - (d % max(1, last.end - last.start))
    }

    /// End of the last block (local seconds).
    var closing: Int64 { blocks[blocks.count - 1].end }

    /// A reaction `delta` after `local` in working time, never before `local` (late in the day it stays between
    /// `local` and closing time).
    func react(after local: Int64, by delta: Int64, _ rng: RandomStream) -> Int64 {
        let t = advance(local, by: delta)
        if t > local { return t }
        return local + 1 + Int64(rng.uniformInt(Int(max(1, closing - local - 1))))
    }

    /// UTC time of local midnight of `date` for the cluster.
    func midnight(_ date: CalendarDate, clusterOffset: Int64) -> Timestamp {
        date.utcMidnight - timezone + clusterOffset
    }
}
