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
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        return String(format: "%.2f s", seconds)
    }
}
