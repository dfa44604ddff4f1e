import ArgumentParser

/// Bounds on numeric flags, checked in each command's `validate()` so that a huge or negative value is a one-line
/// error and exit code 2 (like every bad flag, see `CIBLab.main`), not hours of work or a trap.
enum FlagLimits {
    /// Bootstrap resamples: 200 by default; 100,000 is far past where the intervals stop moving.
    static let bootstrap = 0 ... 100_000
    /// Seeds of one run, baseline or check.
    static let seeds = 1 ... 10_000
    /// Worker threads and parallel sweep points.
    static let tasks = 1 ... 1024
    /// The organic scale factor (the generator's own limit).
    static let maxScale = 10_000.0
    /// Seconds an external detector may run: up to a week.
    static let maxTimeout = 7 * 86_400.0

    static func check(_ value: Int, _ range: ClosedRange<Int>, _ flag: String) throws {
        guard range.contains(value) else {
            throw ValidationError("\(flag) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
    }

    static func checkScale(_ scale: Double) throws {
        guard scale.isFinite, scale > 0, scale <= maxScale else {
            throw ValidationError("--scale must be a number greater than 0 and at most \(Int(maxScale)), got \(scale)")
        }
    }

    static func checkTimeout(_ seconds: Double) throws {
        guard seconds.isFinite, seconds > 0, seconds <= maxTimeout else {
            throw ValidationError("--timeout must be a number of seconds greater than 0 and at most \(Int(maxTimeout)) (a week), got \(seconds)")
        }
    }
}
