@testable import CIBDetectors
import Testing

/// The pooled day of a group that mixes an operation's shift with honest people of its time zone: the breaks are
/// filled from below, and the gate must cut deeper to see them; a leisure curve must not gain a break.
@Suite("Shift blocks: a deeper cut when the breaks are filled")
struct ShiftBlockCutTests {
    /// Half-hour weekday profile: an office shift 09:00-12:00, 13:30-17:30, 19:00-22:00 (level 10) whose breaks are
    /// filled to `breakLevel` by honest activity, and `night` elsewhere.
    private func shiftDay(breakLevel: Double, night: Double = 0.5) -> [Double] {
        (0 ..< 48).map { s in
            if (18 ..< 24).contains(s) || (27 ..< 35).contains(s) || (38 ..< 44).contains(s) { return 10 }
            if (24 ..< 27).contains(s) || (35 ..< 38).contains(s) { return breakLevel }
            return night
        }
    }

    private func cut(_ profile: [Double], maxFraction: Double) -> (blocks: [Range<Int>], breaks: [Range<Int>]) {
        ShiftSchedule.blocks(weekdayProfile: profile, fraction: 0.25, maxFraction: maxFraction, minBreaks: 1,
                             minBlockSlots: 2, minBreakSlots: 2, maxBreakSlots: 6)
    }

    @Test func filledBreaksAreFoundByADeeperCut() {
        let filled = shiftDay(breakLevel: 3.5)  // 0.35 of the peak: above the default 0.25
        #expect(cut(filled, maxFraction: 0.25).breaks.isEmpty)  // the old gate: one block, no break
        let deeper = cut(filled, maxFraction: 0.5)
        #expect(deeper.breaks == [24 ..< 27, 35 ..< 38])
        #expect(deeper.blocks == [18 ..< 24, 27 ..< 35, 38 ..< 44])
    }

    @Test func visibleBreaksKeepTheDefaultCut() {
        let clear = shiftDay(breakLevel: 1)
        let result = cut(clear, maxFraction: 0.5)
        #expect(result.breaks == [24 ..< 27, 35 ..< 38])
        #expect(result == cut(clear, maxFraction: 0.25))
    }

    @Test func aLeisureCurveGainsNoBreak() {
        // Golder & Macy's shape: low at night, rising through the day, an evening peak; no break-sized dip.
        let leisure = (0 ..< 48).map { s -> Double in
            let h = Double(s) / 2
            return h < 7 ? 1 : h < 12 ? 1 + (h - 7) : h < 18 ? 6 + 0.2 * (h - 12) : h < 23 ? 10 : 3
        }
        #expect(cut(leisure, maxFraction: 0.5).breaks.isEmpty)
        #expect(cut(leisure, maxFraction: 0.9).breaks.isEmpty)
    }
}
