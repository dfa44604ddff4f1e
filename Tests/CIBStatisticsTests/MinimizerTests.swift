import CIBStatistics
import Testing

/// GSL's vector BFGS through the facade.
@Suite struct MinimizerTests {
    /// Rosenbrock's function (H. H. Rosenbrock, The Computer Journal 3, 1960), minimum 0 at (1, 1), from (−1.2, 1).
    @Test func findsTheMinimumOfRosenbrocksFunction() throws {
        let result = try Minimizer.bfgs(start: [-1.2, 1], initialStep: 0.01, gradientTolerance: 1e-8, maxIterations: 500) { x, g in
            let a = 1 - x[0], b = x[1] - x[0] * x[0]
            if let g {
                g[0] = -2 * a - 400 * x[0] * b
                g[1] = 200 * b
            }
            return a * a + 100 * b * b
        }
        #expect(abs(result.x[0] - 1) < 1e-5 && abs(result.x[1] - 1) < 1e-5, "\(result.x)")
        #expect(result.value < 1e-9)
        #expect(result.iterations > 5)
    }

    /// A separable quadratic in many dimensions: minimum at x_i = i / n, reached exactly and deterministically.
    @Test func solvesAHighDimensionalQuadraticDeterministically() throws {
        let n = 2_000
        func run() throws -> Minimizer.Result {
            try Minimizer.bfgs(start: [Double](repeating: 0, count: n), initialStep: 1, gradientTolerance: 1e-9) { x, g in
                var f = 0.0
                for i in 0 ..< n {
                    let d = x[i] - Double(i) / Double(n), w = 1 + Double(i % 7)
                    f += w * d * d
                    g?[i] = 2 * w * d
                }
                return f
            }
        }
        let a = try run(), b = try run()
        #expect(a == b)
        #expect(a.converged)
        #expect((0 ..< n).allSatisfy { abs(a.x[$0] - Double($0) / Double(n)) < 1e-8 })
    }

    @Test func rejectsAnEmptyOrNonFiniteStart() {
        #expect(throws: StatisticsError.self) { try Minimizer.bfgs(start: []) { _, _ in 0 } }
        #expect(throws: StatisticsError.self) { try Minimizer.bfgs(start: [.nan]) { _, _ in 0 } }
    }
}
