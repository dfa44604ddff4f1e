import CIBModel
import CIBScenario
import Testing

@testable import CIBGenerator

/// ``RegionClock/relativeActivity(at:)``: how active a region's people are at an instant, relative to their busiest
/// hour — what link-burst sharers are drawn by.
@Suite("region clock")
struct RegionClockTests {
    @Test("relative activity follows the local daily and weekly curves, 1 at the busiest hour, 0 outside the period")
    func relativeActivityFollowsTheCurves() throws {
        var period = Period()
        period.start = try #require(CalendarDate(year: 2023, month: 1, day: 2))  // a Monday
        period.days = 14
        // Busiest at local 20:00, asleep 00:00-06:00; weekends half as busy.
        var daily = [Double](repeating: 1, count: 24)
        for h in 0 ..< 6 { daily[h] = 0 }
        daily[20] = 4
        let weekly: [Double] = [1, 1, 1, 1, 1, 0.5, 0.5]
        let offset = UTCOffset(minutes: 8 * 60)  // UTC+8
        let clock = RegionClock(daily: daily, weekly: weekly, offset: { _ in offset }, holiday: { _ in 1 }, period: period)
        let monday = period.startTime - 8 * 3600  // local midnight of Monday in UTC
        #expect(clock.relativeActivity(at: monday + 20 * 3600 + 1800) == 1)  // Monday 20:30 local
        #expect(clock.relativeActivity(at: monday + 3 * 3600) == 0)  // asleep (before the period in UTC too: 0)
        #expect(clock.relativeActivity(at: monday + 24 * 3600 + 3 * 3600) == 0)  // Tuesday 03:00 local
        #expect(clock.relativeActivity(at: monday + 24 * 3600 + 10 * 3600) == 0.25)  // Tuesday 10:00: 1 of 4
        #expect(clock.relativeActivity(at: monday + 5 * 86_400 + 20 * 3600) == 0.5)  // Saturday 20:00
        #expect(clock.relativeActivity(at: period.endTime) == 0)
        #expect(clock.relativeActivity(at: period.startTime - 1) == 0)
    }
}
