internal import CGSL

/// Process-wide GSL set-up shared by every entry point of this module that calls into GSL.
///
/// GSL's default error handler prints a message and calls `abort()`. This module checks GSL's return codes (and
/// its own preconditions) instead, so the handler is switched off, once per process, by the initialiser of
/// ``handlerDisabled`` (Swift runs a `static let` initialiser exactly once, thread-safely). Every type or function
/// that may reach a GSL error path calls ``prepare()`` first: `RandomStream.init`, `DiscreteSampler.init`,
/// `Histogram.init` and the functions in `Distributions`.
///
/// The switch is global to the process: a program that links GSL through another path and wants GSL to abort
/// on errors would lose that behaviour once this module has been used.
enum GSLRuntime {
    /// `true` once `gsl_set_error_handler_off()` has run.
    private static let handlerDisabled: Bool = {
        _ = gsl_set_error_handler_off()
        return true
    }()

    /// Makes sure GSL's aborting error handler is off. Cheap after the first call (one load and compare).
    @inline(__always)
    static func prepare() {
        _ = handlerDisabled
    }

    /// The GSL success code, as the type GSL functions return.
    static let success: Int32 = 0
}
