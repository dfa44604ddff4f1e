public import CIBModel

/// Half-hour slots of the week and calendar days, in UTC or at a fixed offset from it.
///
/// Slot 0 is Monday 00:00-00:30; there are 48 slots a day and 336 a week. Half-hour resolution is what the lunch
/// (about 12:00-13:30) and supper (about 17:30-19:00) breaks of an office shift need, and it lets the offset search
/// cover half-hour time zones.
public enum WeekClock {
    public static let slotSeconds: Int64 = 1800
    public static let slotsPerDay = 48
    public static let slotsPerWeek = 336
    public static let secondsPerDay: Int64 = 86_400

    /// `a / b` rounded towards minus infinity (times before 1970 have negative seconds).
    @inline(__always)
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// The slot of the week (0 ..< 336, Monday 00:00 = 0) of `time` shifted by `offsetSlots` half hours.
    @inline(__always)
    public static func weekSlot(_ time: Timestamp, offsetSlots: Int = 0) -> Int {
        let slot = floorDivide(time, slotSeconds) + Int64(offsetSlots)
        // 1970-01-01 00:00 UTC was a Thursday: Monday-based day 3, slot 3 * 48.
        let week = Int64(slotsPerWeek)
        return Int(((slot + 3 * Int64(slotsPerDay)) % week + week) % week)
    }

    /// The day number (days since 1970-01-01) of `time` shifted by `offsetSlots` half hours.
    @inline(__always)
    public static func day(_ time: Timestamp, offsetSlots: Int = 0) -> Int64 {
        floorDivide(time + Int64(offsetSlots) * slotSeconds, secondsPerDay)
    }

    /// Monday = 0 ... Sunday = 6 of a day number.
    @inline(__always)
    public static func weekday(ofDay day: Int64) -> Int {
        Int(((day + 3) % 7 + 7) % 7)
    }

    /// `HH:MM` of a slot of the day (0 ... 48).
    public static func clock(slotOfDay: Int) -> String {
        let minutes = slotOfDay * 30
        return pad(minutes / 60) + ":" + pad(minutes % 60)
    }

    /// `UTC+08:00`, `UTC-05:30`, `UTC+00:00`.
    public static func offsetName(slots: Int) -> String {
        let minutes = abs(slots) * 30
        return "UTC" + (slots < 0 ? "-" : "+") + pad(minutes / 60) + ":" + pad(minutes % 60)
    }

    /// `YYYY-MM-DD` of a day number (the proleptic Gregorian calendar; H. Hinnant's `civil_from_days`).
    public static func date(ofDay day: Int64) -> String { CivilDate.format(day: day) }

    private static func pad(_ value: Int) -> String { value < 10 ? "0" + String(value) : String(value) }
}
