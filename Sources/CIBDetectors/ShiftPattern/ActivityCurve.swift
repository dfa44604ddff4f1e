internal import Foundation

/// Hour-of-week activity models as log-probability tables over the 336 half-hour slots of a local week.
///
/// Two models are compared (a likelihood ratio per account):
/// - the **human leisure curve**: the diurnal rhythm of ordinary users' posting, low from 02:00 to 07:00, rising
///   through the day, peaking from 20:00 to 23:00, about as active at weekends as on weekdays (Golder & Macy,
///   "Diurnal and seasonal mood vary with work, sleep, and daylength across diverse cultures", Science 333, 2011,
///   hourly Twitter activity), mixed with a little uniform mass;
/// - the **shift-work model**: activity inside office shift blocks on working days (flat for the template, the
///   group's own pooled profile once inferred), a small leak outside the blocks and a small fraction at weekends and
///   on holidays (Meta, Adversarial Threat Report Q2 2023, Spamouflage: bursts
///   mid-morning and early afternoon Beijing time, breaks for lunch and supper, a final evening burst; Keller et al.,
///   "Political astroturfing on Twitter", Political Communication 37(2), 2020: agents tweet mostly in office hours on
///   workdays).
enum ActivityCurve {
    /// Relative activity by local hour 00 ... 23 of ordinary users (shape after Golder & Macy 2011).
    static let leisureHourly: [Double] = [
        0.62, 0.42, 0.26, 0.16, 0.11, 0.10, 0.14, 0.24, 0.38, 0.50, 0.58, 0.63,
        0.68, 0.66, 0.63, 0.63, 0.66, 0.72, 0.80, 0.90, 0.97, 1.00, 0.94, 0.80,
    ]

    /// Log-probabilities of the leisure curve over the 336 local slots of the week, with `uniform` of the mass spread
    /// evenly (so no slot is impossible).
    static func leisureLogTable(uniform: Double = 0.05) -> [Double] {
        var density = [Double](repeating: 0, count: WeekClock.slotsPerWeek)
        for slot in 0 ..< WeekClock.slotsPerWeek {
            density[slot] = leisureHourly[(slot % WeekClock.slotsPerDay) / 2]
        }
        return logNormalised(density, uniform: uniform)
    }

    /// The day shape of a block shift: 1 in `blocks` (local half hours of the day), `leak` elsewhere.
    static func blockShape(blocks: [Range<Int>], leak: Double) -> [Double] {
        var day = [Double](repeating: leak, count: WeekClock.slotsPerDay)
        for block in blocks {
            for slot in block { day[slot] = 1 }
        }
        return day
    }

    /// Log-probabilities of a shift-work model whose working days follow `dayShape` (relative activity by local half
    /// hour, 48 values) and whose weekends are `offDayFactor` times as active. Returns the table for the 336 slots of
    /// the week and the off-day table for the 48 slots of a day (used at weekends and on holidays).
    static func shiftLogTables(dayShape day: [Double], offDayFactor: Double) -> (week: [Double], offDay: [Double]) {
        var density = [Double](repeating: 0, count: WeekClock.slotsPerWeek)
        for slot in 0 ..< WeekClock.slotsPerWeek {
            let weekday = slot / WeekClock.slotsPerDay
            density[slot] = day[slot % WeekClock.slotsPerDay] * (weekday < 5 ? 1 : offDayFactor)
        }
        let total = density.reduce(0, +)
        let week = density.map { Foundation.log($0 / total) }
        let offDay = day.map { Foundation.log($0 * offDayFactor / total) }
        return (week, offDay)
    }

    private static func logNormalised(_ density: [Double], uniform: Double) -> [Double] {
        let total = density.reduce(0, +)
        let even = 1 / Double(density.count)
        return density.map { Foundation.log((1 - uniform) * $0 / total + uniform * even) }
    }
}
