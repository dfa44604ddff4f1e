internal import CIBModel

/// UTC calendar dates for findings, without Foundation: days since 1970-01-01 to year, month, day by Howard Hinnant's
/// `civil_from_days` algorithm ("chrono-Compatible Low-Level Date Algorithms", 2013).
enum CivilDate {
    /// `YYYY-MM-DD` of the UTC day containing `time`.
    static func format(_ time: Timestamp) -> String {
        let days = time >= 0 ? time / 86_400 : (time - 86_399) / 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(year)-\(pad(month))-\(pad(day))"
    }
}
