internal import CIBScenario
internal import Foundation

/// The generator's peak memory, estimated from a ``WorldEstimate`` before anything is built, so that a world too
/// large for the machine fails at once with a clear message instead of being killed by the system minutes into the
/// run.
///
/// A sum over the estimate's totals: bytes per event (the unit records and their texts, the merged columns and the
/// truth), per follow and per login (unit tables and the merged ones), per entity (the entity columns, names and
/// the plan's per-entity tables), plus what the runtime and the shared plan hold. Calibrated on the peaks measured
/// with `ciblab describe` on the default scenario (docs/benchmarks.md, 2026-12-06): 0.61, 1.51, 3.37 and 18.93 GB at
/// scales 1, 4, 10 and 60, estimated 0-6 % above (0.64, 1.6, 3.4, 19.0 GB: a refusal errs on the safe side).
struct PeakMemoryEstimate {
    static let bytesPerEvent = 90.0
    static let bytesPerFollow = 40.0
    static let bytesPerLogin = 45.0
    static let bytesPerEntity = 150.0
    static let runtimeBytes = 40e6

    let world: WorldEstimate
    let scenario: Scenario
    let scale: Double

    init(scenario: Scenario, scale: Double) {
        self.scenario = scenario
        self.scale = scale
        world = WorldEstimate(scenario: scenario, scale: scale)
    }

    var bytes: Double { Self.bytes(world) }

    static func bytes(_ w: WorldEstimate) -> Double {
        runtimeBytes + bytesPerEvent * w.events + bytesPerFollow * w.follows + bytesPerLogin * w.logins
            + bytesPerEntity * w.entities
    }

    /// The largest scale (two significant digits, rounded down) whose estimate stays under `limit` bytes and
    /// `maxEvents` events; 0 if none does.
    func largestScale(under limit: Double, maxEvents: Double = .infinity) -> Double {
        func fits(_ x: Double) -> Bool {
            let w = WorldEstimate(scenario: scenario, scale: x)
            return Self.bytes(w) <= limit && w.events <= maxEvents
        }
        var lo = 0.0, hi = min(scale, 10_000)
        guard fits(1e-6) else { return 0 }
        if fits(hi) { lo = hi } else {
            for _ in 0 ..< 60 {
                let mid = (lo + hi) / 2
                if fits(mid) { lo = mid } else { hi = mid }
            }
        }
        guard lo > 0 else { return 0 }
        let magnitude = pow(10, floor(log10(lo)) - 1)
        return floor(lo / magnitude) * magnitude
    }

    /// `bytes` for a message: "42 MB", "16.7 GB".
    static func size(_ bytes: Double) -> String {
        bytes < 1e9 ? String(format: "%.0f MB", bytes / 1e6) : String(format: "%.1f GB", bytes / 1e9)
    }

    /// A count for a message: "11,830" below a million, "86.4 M" below 10^10, "2.8 × 10^12" above.
    static func count(_ n: Double) -> String {
        guard n.isFinite else { return "\(n)" }
        if n < 1e6 { return Int(n.rounded()).formatted() }
        if n < 1e10 { return String(format: "%.1f M", n / 1e6) }
        let exponent = floor(log10(n))
        return String(format: "%.1f × 10^%.0f", n / pow(10, exponent), exponent)
    }
}
