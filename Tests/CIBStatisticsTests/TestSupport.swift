/// `|actual − expected| <= tolerance`.
func isClose(_ actual: Double, _ expected: Double, within tolerance: Double) -> Bool {
    abs(actual - expected) <= tolerance
}

/// Whether an observed frequency `count / draws` is within `standardErrors` binomial standard errors of `p`.
func frequencyMatches(_ count: Int, of draws: Int, probability p: Double, standardErrors: Double = 4) -> Bool {
    let observed = Double(count) / Double(draws)
    let se = (p * (1 - p) / Double(draws)).squareRoot()
    return abs(observed - p) <= standardErrors * se
}
