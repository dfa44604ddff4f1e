import CIBModel
import CIBStatistics

/// Small hand-built worlds for the shift-pattern tests: an office-shift operation, honest users with a leisure
/// curve, newsrooms working all week; all drawn from a seeded `RandomStream`.
struct ShiftWorld {
    /// Monday 2023-09-04 00:00 UTC; eight weeks, which include China's National Day holidays (Mon 2 - Fri 6 Oct 2023).
    static let start: Timestamp = 1_693_785_600
    static let weeks = 8
    static var end: Timestamp { start + Timestamp(weeks * 7 * 86_400) }
    /// Local day numbers (days since 1970-01-01) of 2023-10-02 ... 2023-10-06.
    static let nationalDay: Set<Int64> = Set((0 ..< 5).map { 19_632 + Int64($0) })
    /// Saturday 7 and Sunday 8 October 2023: China's make-up working days after National Day.
    static let makeupWorkdays: Set<Int64> = [19_637, 19_638]

    private(set) var dataset = ObservableDataset()
    private var pending: [(time: Timestamp, actor: EntityID)] = []
    /// Entity ids by population name.
    private(set) var populations: [String: [EntityID]] = [:]
    private let rng: RandomStream

    init(seed: UInt64) {
        rng = RandomStream(seed: seed, stream: 0)
        dataset.platforms = [PlatformInfo(name: "facebook", kind: .social)]
        dataset.countries = ["CN", "TW", "US"]
        dataset.start = Self.start
        dataset.end = Self.end
    }

    /// The finished dataset: events sorted by time (ties by actor), validated.
    func build() throws -> ObservableDataset {
        var data = dataset
        let sorted = pending.sorted { $0.time != $1.time ? $0.time < $1.time : $0.actor < $1.actor }
        for event in sorted { data.events.append(time: event.time, actor: event.actor, action: .post) }
        try data.validate()
        return data
    }

    private mutating func newAccount(_ population: String) -> EntityID {
        let id = dataset.entities.append(
            platform: 0, kind: .account, platformLocalID: UInt64(dataset.entities.count), createdAt: Self.start,
            country: 0, name: "\(population)-\(dataset.entities.count)")
        populations[population, default: []].append(id)
        return id
    }

    /// An operation working office shifts at `offsetHours`: blocks 09:00-12:00, 13:30-17:30, 19:00-22:00 local on
    /// working days (no weekends, no National Day holidays, but the make-up Saturday and Sunday), each operator's day jittered by up to 15 minutes; each
    /// account posts about `meanEvents` times; `leak` of events fall at random times of the week.
    mutating func addOperation(
        _ population: String = "operation", accounts: Int, meanEvents: Double, offsetHours: Double = 8, leak: Double = 0.03
    ) {
        let offset = Timestamp(offsetHours * 3600)
        let blocks: [(Double, Double)] = [(9, 12), (13.5, 17.5), (19, 22)]
        let blockHours = blocks.reduce(0) { $0 + $1.1 - $1.0 }
        let workDays = (0 ..< Self.weeks * 7).filter { d in
            let day = (Self.start + Timestamp(d) * 86_400) / 86_400
            return (d % 7 < 5 && !Self.nationalDay.contains(day)) || Self.makeupWorkdays.contains(day)
        }
        for _ in 0 ..< accounts {
            let id = newAccount(population)
            for _ in 0 ..< max(1, rng.poisson(mean: meanEvents)) {
                if rng.uniform() < leak {
                    pending.append((Self.start + Timestamp(rng.uniform() * Double(Self.end - Self.start)), id))
                    continue
                }
                let day = workDays[rng.uniformInt(workDays.count)]
                var u = rng.uniform() * blockHours
                var hour = 0.0
                for block in blocks {
                    let length = block.1 - block.0
                    if u < length {
                        hour = block.0 + u
                        break
                    }
                    u -= length
                }
                let jitter = (rng.uniform() - 0.5) * 0.5
                let local = Self.start + Timestamp(day) * 86_400 + Timestamp((hour + jitter) * 3600)
                pending.append((local - offset, id))
            }
        }
    }

    /// Honest users with a leisure curve at `offsetHours` (a shape different from the detector's own): quiet at
    /// night, a lunchtime bump, an evening peak, weekends a little busier than weekdays.
    mutating func addLeisureUsers(_ population: String = "leisure", accounts: Int, meanEvents: Double, offsetHours: Double = 8) {
        let hourly: [Double] = [
            0.5, 0.3, 0.15, 0.08, 0.05, 0.05, 0.1, 0.3, 0.5, 0.5, 0.55, 0.6,
            0.9, 0.8, 0.55, 0.5, 0.55, 0.6, 0.75, 0.9, 1.0, 1.0, 0.95, 0.75,
        ]
        let sampler = try! DiscreteSampler(weights: hourly)
        let days = try! DiscreteSampler(weights: (0 ..< Self.weeks * 7).map { $0 % 7 < 5 ? 1.0 : 1.2 })
        addAccounts(population, accounts: accounts, meanEvents: meanEvents, offsetHours: offsetHours) {
            (days.sample($0), Double(sampler.sample($0)) + $0.uniform())
        }
    }

    /// Newsrooms at `offsetHours`: posting 08:00-20:00 local every day of the week (no lunch or supper gap), with
    /// news-driven day-to-day volume (each day's weight drawn at random).
    mutating func addNewsrooms(_ population: String = "newsroom", accounts: Int, meanEvents: Double, offsetHours: Double = 8) {
        let weights = (0 ..< Self.weeks * 7).map { _ in rng.exponential(mean: 1) }
        let days = try! DiscreteSampler(weights: weights)
        addAccounts(population, accounts: accounts, meanEvents: meanEvents, offsetHours: offsetHours) {
            (days.sample($0), 8 + 12 * $0.uniform())
        }
    }

    /// A marketing agency at `offsetHours`: `pushes` promotions at random weekday times 09:00-18:00 local, each
    /// posted by every account within 10 minutes (coordinated bursts in office hours, but not a daily shift).
    mutating func addAgency(_ population: String = "agency", accounts: Int, pushes: Int, offsetHours: Double = 1) {
        let offset = Timestamp(offsetHours * 3600)
        let ids = (0 ..< accounts).map { _ in newAccount(population) }
        let weekdays = (0 ..< Self.weeks * 7).filter { $0 % 7 < 5 }
        for _ in 0 ..< pushes {
            let day = weekdays[rng.uniformInt(weekdays.count)]
            let local = Self.start + Timestamp(day) * 86_400 + 9 * 3600 + Timestamp(rng.uniformInt(9 * 3600))
            for id in ids { pending.append((local - offset + Timestamp(rng.uniformInt(600)), id)) }
        }
    }

    /// Accounts whose events fall on day `draw().0` (0-based from the start) at local hour `draw().1`.
    private mutating func addAccounts(
        _ population: String, accounts: Int, meanEvents: Double, offsetHours: Double,
        draw: (RandomStream) -> (Int, Double)
    ) {
        let offset = Timestamp(offsetHours * 3600)
        for _ in 0 ..< accounts {
            let id = newAccount(population)
            for _ in 0 ..< max(1, rng.poisson(mean: meanEvents)) {
                let (day, hour) = draw(rng)
                let local = Self.start + Timestamp(day) * 86_400 + Timestamp(hour * 3600)
                pending.append((min(max(local - offset, Self.start), Self.end - 1), id))
            }
        }
    }
}
