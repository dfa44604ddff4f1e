/// The valid ranges of a scenario's numbers (docs/scenario.md, "Valid ranges"): every count and rate has an upper
/// bound, so that no value can overflow the generator's arithmetic (a trapping `Int(_:)` of a huge product, a
/// Poisson mean of infinity). What a scenario asks for in total — events, entities, memory — is checked separately,
/// before generating, against the machine (`WorldEstimate` in CIBGenerator).
public enum ScenarioRanges {
    /// Counts (accounts, Pages, agencies, networks, ...) unless a key says otherwise: at most 10^9.
    public static let maxCount = 1_000_000_000
    /// Rates and means (per day, per week, per account, per post, relative sizes and factors) unless a key says
    /// otherwise: at most 10^6.
    public static let maxRate = 1_000_000.0

    /// `1000000000` as "10^9", other values as written.
    static func format(_ x: Double) -> String {
        if x >= 1e6, x == x.rounded() {
            var e = 0, r = x
            while r >= 10, (r / 10).rounded() == r / 10 { r /= 10; e += 1 }
            if r == 1 { return "10^\(e)" }
        }
        return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}
