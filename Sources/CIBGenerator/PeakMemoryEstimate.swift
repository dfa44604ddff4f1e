internal import CIBScenario
internal import Foundation

/// The generator's peak memory, estimated from the scenario before anything is built, so that a world too large for
/// the machine fails at once with a clear message instead of being killed by the system minutes into the run.
///
/// Calibrated on the default scenario (`docs/benchmarks.md`): the peak grows by about 190 bytes per expected event of
/// the organic accounts (accounts × mean events per day × days) — the events, their texts, follows and logins, the rest
/// of the organic world that grows with them, and the units' records while they are merged — over about 0.25 GB for
/// everything else. Measured peaks 0.44, 1.04, 2.25 and 16.4 GB at scales 1, 4, 10 and 73; estimates 0.47, 1.15, 2.49
/// and 16.7 GB.
struct PeakMemoryEstimate {
    static let bytesPerAccountEvent = 190.0
    static let baseBytes = 0.25e9

    /// Expected events of the organic accounts.
    let accountEvents: Double
    let scale: Double

    init(scenario: Scenario, scale: Double) {
        let o = scenario.organic
        accountEvents = o.enabled ? Double(o.accounts) * scale * o.meanEventsPerDay * Double(scenario.period.days) : 0
        self.scale = scale
    }

    var bytes: Double { Self.baseBytes + Self.bytesPerAccountEvent * accountEvents }

    /// The largest scale (two significant digits, rounded down) whose estimate stays under `limit` bytes; 0 if none does.
    func largestScale(under limit: Double) -> Double {
        guard accountEvents > 0, limit > Self.baseBytes else { return 0 }
        let exact = scale * (limit - Self.baseBytes) / (Self.bytesPerAccountEvent * accountEvents)
        let magnitude = pow(10, floor(log10(exact)) - 1)
        return floor(exact / magnitude) * magnitude
    }

    /// `bytes` in GB, one decimal.
    static func gigabytes(_ bytes: Double) -> String { String(format: "%.1f", bytes / 1e9) }
}
