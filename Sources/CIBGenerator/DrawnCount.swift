extension Int {
    /// A count drawn as a `Double` (a rounded lognormal draw: followers of a Page, sharers of a burst), clamped to
    /// `0 ... Int32.max` instead of trapping when a heavy-tailed draw lands past `Int`'s range. With the scenario's
    /// ranges (docs/scenario.md) such a draw is all but impossible; the clamp makes it impossible.
    init(drawnCount x: Double) {
        self = x.isNaN ? 0 : Int(Swift.max(0, Swift.min(x.rounded(), Double(Int32.max))))
    }
}
