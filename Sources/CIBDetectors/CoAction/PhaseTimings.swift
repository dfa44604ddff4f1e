/// Wall-clock seconds of the named phases of one long computation (read, merge, join, write, ...), in the order they
/// ran: what `ciblab coordination-network --timings` prints, to see where the time of a large file goes. Marked from
/// one thread (the caller's); parallel work inside a phase counts once, as wall time.
public final class PhaseTimings {
    /// The phases so far: name and seconds.
    public private(set) var phases: [(name: String, seconds: Double)] = []
    private var last = ContinuousClock.now

    public init() {}

    /// Ends the phase `name`: the time since the previous mark (or since `init`).
    public func mark(_ name: String) {
        let now = ContinuousClock.now
        let elapsed = now - last
        phases.append((name, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
        last = now
    }
}

extension Optional where Wrapped == PhaseTimings {
    /// Marks the phase when timings are being kept.
    @inline(__always)
    func mark(_ name: String) { self?.mark(name) }
}
