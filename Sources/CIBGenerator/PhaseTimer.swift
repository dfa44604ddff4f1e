internal import Foundation

/// Wall-clock time of successive generation phases, for the progress lines (`"0.35 s"`): a long run says where its
/// time goes without a profiler.
struct PhaseTimer {
    private var last = ContinuousClock.now

    /// The time since the previous lap (or since the timer was made), formatted, and starts the next lap.
    mutating func lap() -> String {
        let now = ContinuousClock.now
        let d = now - last
        last = now
        return String(format: "%.2f s", d.seconds)
    }
}

extension Duration {
    /// The duration in seconds, for progress lines.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
