internal import CIBScenario
internal import Foundation

/// The generator's peak memory, estimated from the scenario before anything is built, so that a world too large for
/// the machine fails at once with a clear message instead of being killed by the system minutes into the run.
///
/// Calibrated on the measured peaks (`docs/benchmarks.md`): about 120 bytes per expected event of the organic
/// accounts (accounts × mean events per day × days — the events, their texts, follows and logins, the rest of the
/// organic world that grows with them, and what is left of the units' tables while they are merged), plus about 330
/// bytes per bought follower of campaign and spam Pages (the fixed part that dominates what does not scale: farm
/// accounts, their follows, the campaign's activity), plus 40 MB. Default scenario: measured 0.38, 0.81, 1.68 and
/// 10.57 GB at scales 1, 4, 10 and 73, estimated 0.39, 0.81, 1.66 and 10.61 GB; smoke scenario: measured 35 MB,
/// estimated 41 MB. (190 bytes and 16.7 GB at scale 73 before the texts were joined without a copy, the units'
/// records shrank to 32 bytes and the merges gave the units' tables back as they went.)
struct PeakMemoryEstimate {
    static let bytesPerAccountEvent = 120.0
    static let bytesPerBoughtFollower = 330.0
    static let runtimeBytes = 40e6

    /// Expected events of the organic accounts.
    let accountEvents: Double
    /// What does not grow with `scale`.
    let fixedBytes: Double
    let scale: Double

    init(scenario: Scenario, scale: Double) {
        let o = scenario.organic
        accountEvents = o.enabled ? Double(o.accounts) * scale * o.meanEventsPerDay * Double(scenario.period.days) : 0
        let spam = scenario.hardNegatives.spamPages
        let followers = scenario.campaigns.filter(\.enabled).reduce(0.0) { $0 + Double($1.boughtPages.followers) }
            + (spam.enabled ? Double(spam.count) * spam.meanFollowers : 0)
        fixedBytes = Self.runtimeBytes + Self.bytesPerBoughtFollower * followers
        self.scale = scale
    }

    var bytes: Double { fixedBytes + Self.bytesPerAccountEvent * accountEvents }

    /// The largest scale (two significant digits, rounded down) whose estimate stays under `limit` bytes; 0 if none does.
    func largestScale(under limit: Double) -> Double {
        guard accountEvents > 0, limit > fixedBytes else { return 0 }
        let exact = scale * (limit - fixedBytes) / (Self.bytesPerAccountEvent * accountEvents)
        let magnitude = pow(10, floor(log10(exact)) - 1)
        return floor(exact / magnitude) * magnitude
    }

    /// `bytes` for a message: "42 MB", "16.7 GB".
    static func size(_ bytes: Double) -> String {
        bytes < 1e9 ? String(format: "%.0f MB", bytes / 1e6) : String(format: "%.1f GB", bytes / 1e9)
    }

    /// A count for a message: "11,830" below a million, "86.4 M" above.
    static func count(_ n: Double) -> String {
        n < 1e6 ? Int(n.rounded()).formatted() : String(format: "%.1f M", n / 1e6)
    }
}
