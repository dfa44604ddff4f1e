internal import CGSL

/// Unconstrained minimisation of a smooth function of many variables with GSL's BFGS method
/// (`gsl_multimin_fdfminimizer_vector_bfgs2`: the Broyden–Fletcher–Goldfarb–Shanno quasi-Newton update with the
/// line search of R. Fletcher, *Practical Methods of Optimization*, 2nd ed., Wiley 1987, algorithms 2.6.2 and 2.6.4).
///
/// GSL's vector BFGS keeps only a few vectors of the problem's dimension (it updates the search direction from the
/// last step, not a dense inverse Hessian), so it suits problems with hundreds of thousands of variables, such as a
/// logistic regression on hashed n-grams.
///
/// The result is deterministic: GSL's iteration is serial, so the same objective (which must itself be
/// deterministic) gives the same point.
public enum Minimizer {
    /// Where a minimisation stopped.
    public struct Result: Sendable, Equatable {
        /// The best point found.
        public var x: [Double]
        /// The objective at ``x``.
        public var value: Double
        /// Euclidean norm of the gradient at ``x``.
        public var gradientNorm: Double
        /// BFGS iterations done (each runs a line search, so the objective is evaluated more often).
        public var iterations: Int
        /// `true` when the gradient norm fell below the tolerance; `false` when the iteration limit was reached or
        /// GSL could make no further progress (`GSL_ENOPROG`, usual near a minimum in floating point).
        public var converged: Bool
    }

    /// Minimises `objective` from `start` with GSL's vector BFGS.
    ///
    /// - Parameters:
    ///   - start: the starting point; its length is the dimension (at least 1).
    ///   - initialStep: the size of the first trial step (GSL's `step_size`).
    ///   - lineSearchTolerance: GSL's `tol`, the accuracy of each line search (0.1 is GSL's recommendation).
    ///   - gradientTolerance: stop when the gradient's norm is below this (`gsl_multimin_test_gradient`).
    ///   - maxIterations: stop after this many iterations.
    ///   - objective: the function's value at `x`; when `gradient` is not `nil` it must also write the gradient
    ///     there (same length as `x`). Called on the calling thread only; it may use threads inside.
    /// - Throws: ``StatisticsError`` when GSL cannot allocate the minimiser, the start is empty or not finite, or the
    ///   objective returns a non-finite value at the start.
    public static func bfgs(
        start: [Double], initialStep: Double = 0.01, lineSearchTolerance: Double = 0.1,
        gradientTolerance: Double = 1e-5, maxIterations: Int = 200,
        objective: (_ x: UnsafeBufferPointer<Double>, _ gradient: UnsafeMutableBufferPointer<Double>?) -> Double
    ) throws(StatisticsError) -> Result {
        GSLRuntime.prepare()
        let n = start.count
        guard n >= 1 else { throw StatisticsError(operation: "Minimizer.bfgs", message: "the start point is empty") }
        if let bad = start.firstIndex(where: { !$0.isFinite }) {
            throw StatisticsError(operation: "Minimizer.bfgs", message: "start[\(bad)] is \(start[bad]), expected a finite number")
        }
        precondition(initialStep > 0 && lineSearchTolerance > 0 && gradientTolerance >= 0 && maxIterations >= 0,
                     "Minimizer.bfgs: step, tolerances and iteration limit must be positive")
        return try withoutActuallyEscaping(objective) { (escapable) throws(StatisticsError) -> Result in
            let context = ObjectiveContext(escapable)
            let unmanaged = Unmanaged.passRetained(context)
            defer { unmanaged.release() }
            var function = gsl_multimin_function_fdf()
            function.n = n
            function.params = unmanaged.toOpaque()
            function.f = { x, params in
                ObjectiveContext.from(params).evaluate(x, gradient: nil)
            }
            function.df = { x, params, gradient in
                _ = ObjectiveContext.from(params).evaluate(x, gradient: gradient)
            }
            function.fdf = { x, params, value, gradient in
                value?.pointee = ObjectiveContext.from(params).evaluate(x, gradient: gradient)
            }
            guard let minimizer = gsl_multimin_fdfminimizer_alloc(cgsl_multimin_vector_bfgs2(), n) else {
                throw StatisticsError(operation: "Minimizer.bfgs", message: "cannot allocate a minimiser of dimension \(n)", status: .noMemory)
            }
            defer { gsl_multimin_fdfminimizer_free(minimizer) }
            guard let x0 = gsl_vector_alloc(n) else {
                throw StatisticsError(operation: "Minimizer.bfgs", message: "cannot allocate a vector of dimension \(n)", status: .noMemory)
            }
            defer { gsl_vector_free(x0) }
            for i in 0 ..< n { gsl_vector_set(x0, i, start[i]) }
            let status = gsl_multimin_fdfminimizer_set(minimizer, &function, x0, initialStep, lineSearchTolerance)
            guard status == GSLRuntime.success else {
                throw StatisticsError(operation: "Minimizer.bfgs", message: "cannot start the minimiser", status: .init(rawValue: status))
            }
            guard gsl_multimin_fdfminimizer_minimum(minimizer).isFinite else {
                throw StatisticsError(operation: "Minimizer.bfgs", message: "the objective is not finite at the start point")
            }
            var iterations = 0
            var converged = gsl_multimin_test_gradient(gsl_multimin_fdfminimizer_gradient(minimizer), gradientTolerance) == GSLRuntime.success
            while !converged, iterations < maxIterations {
                iterations += 1
                let step = gsl_multimin_fdfminimizer_iterate(minimizer)
                if step != GSLRuntime.success { break }  // GSL_ENOPROG: no further decrease can be found.
                converged = gsl_multimin_test_gradient(gsl_multimin_fdfminimizer_gradient(minimizer), gradientTolerance) == GSLRuntime.success
            }
            let best = gsl_multimin_fdfminimizer_x(minimizer)!
            let gradient = gsl_multimin_fdfminimizer_gradient(minimizer)!
            var squares = 0.0
            for i in 0 ..< n { squares += gsl_vector_get(gradient, i) * gsl_vector_get(gradient, i) }
            return Result(
                x: (0 ..< n).map { gsl_vector_get(best, $0) }, value: gsl_multimin_fdfminimizer_minimum(minimizer),
                gradientNorm: squares.squareRoot(), iterations: iterations, converged: converged)
        }
    }
}

/// Carries the Swift objective through GSL's `void *params`.
private final class ObjectiveContext {
    let objective: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>?) -> Double
    /// Copies of `x` and the gradient when GSL hands over vectors with a stride other than 1.
    var xScratch: [Double] = []
    var gradientScratch: [Double] = []

    init(_ objective: @escaping (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>?) -> Double) {
        self.objective = objective
    }

    static func from(_ params: UnsafeMutableRawPointer?) -> ObjectiveContext {
        Unmanaged<ObjectiveContext>.fromOpaque(params!).takeUnretainedValue()
    }

    func evaluate(_ x: UnsafePointer<gsl_vector>?, gradient: UnsafeMutablePointer<gsl_vector>?) -> Double {
        let xv = x!.pointee
        let n = xv.size
        let value: Double
        if xv.stride == 1 {
            value = evaluate(UnsafeBufferPointer(start: xv.data, count: n), gradient: gradient, n: n)
        } else {
            if xScratch.count != n { xScratch = [Double](repeating: 0, count: n) }
            for i in 0 ..< n { xScratch[i] = xv.data[i * xv.stride] }
            value = xScratch.withUnsafeBufferPointer { evaluate($0, gradient: gradient, n: n) }
        }
        return value.isFinite ? value : .infinity
    }

    private func evaluate(_ x: UnsafeBufferPointer<Double>, gradient: UnsafeMutablePointer<gsl_vector>?, n: Int) -> Double {
        guard let gradient else { return objective(x, nil) }
        let gv = gradient.pointee
        if gv.stride == 1 {
            return objective(x, UnsafeMutableBufferPointer(start: gv.data, count: n))
        }
        if gradientScratch.count != n { gradientScratch = [Double](repeating: 0, count: n) }
        let value = gradientScratch.withUnsafeMutableBufferPointer { objective(x, $0) }
        for i in 0 ..< n { gv.data[i * gv.stride] = gradientScratch[i] }
        return value
    }
}
