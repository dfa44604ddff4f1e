/// Proleptic Gregorian calendar dates from day numbers, without Foundation (Howard Hinnant, "chrono-Compatible
/// Low-Level Date Algorithms", 2013: `civil_from_days`). The one implementation every module uses.
public enum CivilDate {
    /// Year, month (1-12) and day (1-31) of the day `days` days after 1970-01-01 (negative before).
    public static func components(ofDay days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (month <= 2 ? 1 : 0)), Int(month), Int(day))
    }

    /// The UTC day number containing `time` (floor division, so times before 1970 work too).
    public static func day(of time: Timestamp) -> Int64 {
        time >= 0 ? time / 86_400 : (time - 86_399) / 86_400
    }

    /// `YYYY-MM-DD` of a day number.
    public static func format(day: Int64) -> String {
        let (y, m, d) = components(ofDay: day)
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    /// `YYYY-MM-DD` of the UTC day containing `time`.
    public static func format(_ time: Timestamp) -> String { format(day: day(of: time)) }
}
