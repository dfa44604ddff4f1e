#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Wall-clock seconds of the named phases of one long computation (read, merge, join, write, ...), in the order they
/// ran, with the process's peak resident memory so far: what `ciblab coordination-network --timings` prints, to see
/// where the time and memory of a large file go. Marked from one thread (the caller's); parallel work inside a phase
/// counts once, as wall time.
public final class PhaseTimings {
    /// One phase: its name, wall seconds, CPU seconds of the whole process (user + system, all threads), and the
    /// peak resident set size of the process when it ended (bytes).
    public struct Phase: Sendable {
        public var name: String
        public var seconds: Double
        public var cpuSeconds: Double
        /// The part of ``cpuSeconds`` spent in the kernel (page faults, file reads and writes).
        public var systemSeconds: Double
        public var peakBytes: Int
    }

    /// The phases so far.
    public private(set) var phases: [Phase] = []
    private var last = ContinuousClock.now
    private var lastCPU = PhaseTimings.usage().cpu
    private var lastSystem = PhaseTimings.usage().system

    public init() {}

    /// Ends the phase `name`: the time since the previous mark (or since `init`).
    public func mark(_ name: String) {
        let now = ContinuousClock.now
        let elapsed = now - last
        let (cpu, system, peak) = Self.usage()
        phases.append(Phase(
            name: name, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            cpuSeconds: cpu - lastCPU, systemSeconds: system - lastSystem, peakBytes: peak))
        last = now
        lastCPU = cpu
        lastSystem = system
    }

    /// `getrusage`: user + system seconds, system seconds, and the maximum resident set size in bytes (Linux reports
    /// KiB, macOS bytes).
    static func usage() -> (cpu: Double, system: Double, peak: Int) {
        var usage = rusage()
        #if canImport(Darwin)
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return (0, 0, 0) }
        let peak = Int(usage.ru_maxrss)
        #else
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return (0, 0, 0) }
        let peak = Int(usage.ru_maxrss) * 1024
        #endif
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6 + system
        return (cpu, system, peak)
    }
}

extension Optional where Wrapped == PhaseTimings {
    /// Marks the phase when timings are being kept.
    @inline(__always)
    func mark(_ name: String) { self?.mark(name) }
}
