internal import Foundation

/// Progress of the units phase for the progress lines: a world of 10^8 events spends 12 s (two cores) to 25 s (one)
/// generating its units, and larger ones minutes, between the `planned` and `generated` lines. Whichever worker
/// finishes a unit reports it; at most every `interval`, and never for the last unit (the `generated` line follows), a
/// line says how far the phase is: `units: 212 of 482 done, 44.1 M events, after 5.0 s`. Small worlds finish before the
/// first interval and print nothing more. (No parentheses around the time: scripts read the phases' times from the
/// `(… s)` of the other lines.)
final class UnitProgress: @unchecked Sendable {
    static let defaultInterval: Duration = .seconds(5)

    private let lock = NSLock()
    private let total: Int
    private let interval: Duration
    private let report: @Sendable (String) -> Void
    private let start = ContinuousClock.now
    private var last: ContinuousClock.Instant
    private var units = 0
    private var events = 0

    init(units total: Int, every interval: Duration = defaultInterval, report: @escaping @Sendable (String) -> Void) {
        self.total = total
        self.interval = interval
        self.report = report
        self.last = start
    }

    /// Records a finished unit of `events` events, and reports when the interval has passed since the last report.
    /// (Reports inside the lock, so lines come in order.)
    func finished(events n: Int) {
        lock.lock()
        defer { lock.unlock() }
        units += 1
        events += n
        let now = ContinuousClock.now
        guard units < total, now - last >= interval else { return }
        last = now
        report("units: \(units) of \(total) done, \(PeakMemoryEstimate.count(Double(events))) events, after \(String(format: "%.1f", (now - start).seconds)) s")
    }
}
