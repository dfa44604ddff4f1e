internal import CIBModel

/// Small value types for the quantities a scenario file writes as text: durations (`90m`), times of day
/// (`09:00`), UTC offsets (`+08:00`) and calendar dates (`2023-01-01`). Each parses its text form, encodes back to
/// the same canonical text, and rejects anything else with a message saying what was expected.

/// A length of time in whole seconds, written `45s`, `90m`, `2h`, `1d` or combined (`1h30m`).
public struct TimeSpan: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The length in seconds (never negative).
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }
    public static func minutes(_ m: Int64) -> TimeSpan { TimeSpan(seconds: m * 60) }
    public static func hours(_ h: Int64) -> TimeSpan { TimeSpan(seconds: h * 3600) }
    public static func days(_ d: Int64) -> TimeSpan { TimeSpan(seconds: d * 86_400) }

    /// The longest duration a scenario may write: 100 years (36,500 days).
    public static let maximum = TimeSpan.days(36_500)

    /// Parses `<n><unit>` groups, units `d`, `h`, `m`, `s`, each at most once and the larger first (`1h30m`, not
    /// `30m1h` or `1m1m`); `0` alone is zero. At most ``maximum``.
    public init?(parsing text: String) {
        let t = text.trimmingSpaces
        if t == "0" { self.seconds = 0; return }
        var total: Int64 = 0
        var digits: Int64 = 0
        var haveDigits = false
        var groups = 0
        var lastUnit = Int64.max
        for ch in t {
            if let d = ch.wholeNumberValue, ch.isASCII {
                digits = digits * 10 + Int64(d)
                guard digits < 1_000_000_000 else { return nil }
                haveDigits = true
                continue
            }
            guard haveDigits else { return nil }
            let unit: Int64
            switch ch {
            case "d": unit = 86_400
            case "h": unit = 3600
            case "m": unit = 60
            case "s": unit = 1
            default: return nil
            }
            guard unit < lastUnit else { return nil }
            lastUnit = unit
            total += digits * unit
            digits = 0
            haveDigits = false
            groups += 1
        }
        guard !haveDigits, groups > 0, total <= Self.maximum.seconds else { return nil }
        self.seconds = total
    }

    /// Canonical text: the largest units first, e.g. `1h30m`, `45s`, `0s`.
    public var description: String {
        if seconds == 0 { return "0s" }
        var rest = seconds
        var out = ""
        for (unit, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }

    public static func < (a: TimeSpan, b: TimeSpan) -> Bool { a.seconds < b.seconds }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = TimeSpan(parsing: text) else {
            throw ScenarioIssue(
                decoder.codingPath,
                "expected a duration like 45s, 90m, 2h, 1d or 1h30m (each unit once, larger units first, at most 36500d), found '\(text)'")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A local wall-clock time, written `HH:MM` (`24:00` allowed as the end of a day).
public struct TimeOfDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Minutes since local midnight, `0...1440`.
    public var minutes: Int

    public init(minutes: Int) { self.minutes = minutes }
    public init(hour: Int, minute: Int = 0) { self.minutes = hour * 60 + minute }

    public init?(parsing text: String) {
        let parts = text.trimmingSpaces.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, (1 ... 2).contains(parts[0].count),
            let h = Int(parts[0]), let m = Int(parts[1]), (0 ... 24).contains(h), (0 ..< 60).contains(m),
            h * 60 + m <= 1440
        else { return nil }
        self.minutes = h * 60 + m
    }

    /// Seconds since local midnight.
    public var seconds: Int64 { Int64(minutes) * 60 }

    public var description: String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
    }

    public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.minutes < b.minutes }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = TimeOfDay(parsing: text) else {
            throw ScenarioIssue(decoder.codingPath, "expected a time of day HH:MM between 00:00 and 24:00, found '\(text)'")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// An offset from UTC, written `+08:00`, `-05:00` or `Z`.
public struct UTCOffset: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Minutes east of UTC, `-720...840`.
    public var minutes: Int

    public init(minutes: Int) { self.minutes = minutes }
    public init(hours: Int) { self.minutes = hours * 60 }

    public init?(parsing text: String) {
        let t = text.trimmingSpaces
        if t == "Z" || t == "UTC" { self.minutes = 0; return }
        guard let sign = t.first, sign == "+" || sign == "-" else { return nil }
        let parts = t.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
            m < 60
        else { return nil }
        let value = (h * 60 + m) * (sign == "-" ? -1 : 1)
        guard (-720 ... 840).contains(value) else { return nil }
        self.minutes = value
    }

    /// Seconds east of UTC.
    public var seconds: Int64 { Int64(minutes) * 60 }

    public var description: String {
        let a = abs(minutes)
        let h = a / 60, m = a % 60
        return (minutes < 0 ? "-" : "+") + (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = UTCOffset(parsing: text) else {
            throw ScenarioIssue(decoder.codingPath, "expected a UTC offset like +08:00 or -05:00, found '\(text)'")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A proleptic Gregorian calendar date, written `YYYY-MM-DD`.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// The years a scenario's dates may fall in: the generated times (accounts created up to decades before the
    /// period, the period itself) stay inside what a dataset may hold (1900-2199, see docs/dataset.md).
    public static let years = 1970 ... 2100

    public init?(year: Int, month: Int, day: Int) {
        guard (1 ... 12).contains(month), day >= 1, day <= CalendarDate.daysIn(year: year, month: month) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `days` days after 1970-01-01 (negative before).
    public init(daysSinceEpoch days: Int64) {
        (year, month, day) = CivilDate.components(ofDay: days)
    }

    public init?(parsing text: String) {
        let parts = text.trimmingSpaces.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        guard Self.years.contains(y), let date = CalendarDate(year: y, month: m, day: d) else { return nil }
        self = date
    }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    public var daysSinceEpoch: Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64(month > 2 ? month - 3 : month + 9)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Midnight UTC at the start of this date, in seconds since the epoch.
    public var utcMidnight: Int64 { daysSinceEpoch * 86_400 }

    /// Day of the week, 0 = Monday ... 6 = Sunday.
    public var weekday: Int { Int(((daysSinceEpoch % 7) + 7 + 3) % 7) }

    public func adding(days: Int64) -> CalendarDate { CalendarDate(daysSinceEpoch: daysSinceEpoch + days) }

    public var description: String {
        let y = String(year), m = month < 10 ? "0\(month)" : "\(month)", d = day < 10 ? "0\(day)" : "\(day)"
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + m + "-" + d
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = CalendarDate(parsing: text) else {
            throw ScenarioIssue(decoder.codingPath, "expected a date YYYY-MM-DD between 1970-01-01 and 2100-12-31, found '\(text)'")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// One date or an inclusive range of dates, written `2023-01-21` or `2023-01-21..2023-01-27` (holiday lists).
public struct DateRange: Sendable, Hashable, Codable, CustomStringConvertible {
    public var first: CalendarDate
    public var last: CalendarDate

    public init(first: CalendarDate, last: CalendarDate) {
        self.first = first
        self.last = last
    }

    public init?(parsing text: String) {
        let t = text.trimmingSpaces
        if let r = t.range(of: "..") {
            guard let a = CalendarDate(parsing: String(t[..<r.lowerBound])),
                let b = CalendarDate(parsing: String(t[r.upperBound...])), a <= b
            else { return nil }
            self.init(first: a, last: b)
        } else {
            guard let a = CalendarDate(parsing: t) else { return nil }
            self.init(first: a, last: a)
        }
    }

    public func contains(_ date: CalendarDate) -> Bool { first <= date && date <= last }

    public var description: String { first == last ? first.description : "\(first)..\(last)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = DateRange(parsing: text) else {
            throw ScenarioIssue(
                decoder.codingPath, "expected a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD (years 1970-2100), found '\(text)'")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// Days of the week, written `mon` ... `sun`.
public enum Weekday: String, Sendable, Hashable, Codable, CaseIterable {
    case mon, tue, wed, thu, fri, sat, sun
    /// 0 = Monday ... 6 = Sunday, as ``CalendarDate/weekday``.
    public var index: Int { Weekday.allCases.firstIndex(of: self)! }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
