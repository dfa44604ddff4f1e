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
