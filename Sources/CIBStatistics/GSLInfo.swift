internal import CGSL

/// Facts about the GNU Scientific Library this module was linked against.
public enum GSLInfo {
    /// GSL's version string as reported by the library at run time (`gsl_version`), e.g. `"2.7.1"`.
    /// Record it with results: the random variates drawn by `RandomStream` come from GSL's algorithms.
    public static var version: String {
        String(cString: cgsl_version())
    }
}
