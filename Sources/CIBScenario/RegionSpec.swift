/// Daylight-saving rules (transition dates computed per year).
public enum DSTRule: String, Codable, Sendable, CaseIterable {
    /// No daylight saving.
    case none
    /// United States: +1h from the second Sunday of March to the first Sunday of November (02:00 local).
    case us
    /// European Union / UK: +1h from the last Sunday of March to the last Sunday of October (01:00 UTC).
    case eu
    /// South-eastern Australia: +1h from the first Sunday of October to the first Sunday of April (02:00 local).
    case au
}

/// A region of the organic population (docs/scenario.md): a country, its time zone, languages, a human daily and
/// weekly activity curve in local time, and public holidays.
public struct RegionSpec: Codable, Sendable, Equatable {
    /// Unique name, referenced elsewhere (hard-negative home regions).
    public var name = ""
    /// ISO 3166-1 alpha-2 country code. Default: the name.
    public var country = ""
    /// Standard-time offset from UTC.
    public var utcOffset = UTCOffset(minutes: 0)
    /// Daylight-saving rule.
    public var dst = DSTRule.none
    /// Languages of posts, as shares (ISO 639-1 codes).
    public var languages: Shares = ["en": 1]
    /// Share of organic accounts living here; shares of all regions sum to 1.
    public var share = 0.0
    /// Relative activity per local hour 0-23 (24 non-negative weights). Default: ``StandardWorld/humanDaily``.
    public var daily = StandardWorld.humanDaily
    /// Relative activity per weekday Monday-Sunday (7 weights). Default: ``StandardWorld/humanWeekly``.
    public var weekly = StandardWorld.humanWeekly
    /// Public holidays (dates or ranges `YYYY-MM-DD..YYYY-MM-DD`).
    public var holidays: [DateRange] = []
    /// Activity on a public holiday relative to an ordinary day of the same weekday.
    public var holidayFactor = 0.8

    public init() {}

    public init(name: String, country: String? = nil, utcOffset: UTCOffset, dst: DSTRule = .none, languages: Shares, share: Double, holidays: [DateRange] = []) {
        self.name = name
        self.country = country ?? name
        self.utcOffset = utcOffset
        self.dst = dst
        self.languages = languages
        self.share = share
        self.holidays = holidays
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&name, .name)
        country = name
        try c.read(&country, .country)
        try c.read(&utcOffset, .utcOffset)
        try c.read(&dst, .dst)
        try c.read(&languages, .languages)
        try c.readFraction(&share, .share)
        try c.read(&daily, .daily)
        try c.read(&weekly, .weekly)
        try c.read(&holidays, .holidays)
        try c.readRate(&holidayFactor, .holidayFactor, max: 100)
        let path = decoder.codingPath
        guard !name.isEmpty else { throw ScenarioIssue(path + [CodingKeys.name], "expected a non-empty region name") }
        guard country.count == 2, country.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw ScenarioIssue(path + [CodingKeys.country], "expected an ISO 3166-1 alpha-2 code like TW, found '\(country)'")
        }
        try Self.checkCurve(daily, count: 24, path: path + [CodingKeys.daily])
        try Self.checkCurve(weekly, count: 7, path: path + [CodingKeys.weekly])
    }

    static func checkCurve(_ curve: [Double], count: Int, path: [any CodingKey]) throws {
        guard curve.count == count else { throw ScenarioIssue(path, "expected \(count) weights, found \(curve.count)") }
        if let i = curve.firstIndex(where: { !(0 ... ScenarioRanges.maxRate).contains($0) }) {
            throw ScenarioIssue(path + [AnyKey(index: i)], "expected a weight between 0 and 10^6, found \(curve[i])")
        }
        guard curve.contains(where: { $0 > 0 }) else { throw ScenarioIssue(path, "expected at least one positive weight") }
    }

    /// Whether `date` is a public holiday here.
    public func isHoliday(_ date: CalendarDate) -> Bool { holidays.contains { $0.contains(date) } }

    /// The UTC offset in force at local date `date` (noon), daylight saving included.
    public func offset(on date: CalendarDate) -> UTCOffset {
        dst.isActive(on: date) ? UTCOffset(minutes: utcOffset.minutes + 60) : utcOffset
    }
}

extension DSTRule {
    /// Whether daylight saving is in force at local noon on `date`.
    public func isActive(on date: CalendarDate) -> Bool {
        func nthSunday(_ n: Int, month: Int) -> CalendarDate {
            let first = CalendarDate(year: date.year, month: month, day: 1)!
            let delta = (6 - first.weekday + 7) % 7
            return first.adding(days: Int64(delta + 7 * (n - 1)))
        }
        func lastSunday(month: Int) -> CalendarDate {
            let last = CalendarDate(year: date.year, month: month, day: CalendarDate.daysIn(year: date.year, month: month))!
            return last.adding(days: -Int64((last.weekday - 6 + 7) % 7))
        }
        switch self {
        case .none: return false
        case .us: return date >= nthSunday(2, month: 3) && date < nthSunday(1, month: 11)
        case .eu: return date >= lastSunday(month: 3) && date < lastSunday(month: 10)
        case .au: return date < nthSunday(1, month: 4) || date >= nthSunday(1, month: 10)
        }
    }
}
