internal import CGSL

/// Descriptive statistics of a sample of `Double`s, computed by GSL (`gsl_stats_*`).
///
/// Undefined cases have a documented answer instead of NaN or a crash: statistics of an empty sample (and the
/// variance of fewer than two values) are `nil`. NaN values propagate into the mean, variance and extremes, and
/// make quantiles unspecified: filter them first when the data may contain them.
///
/// Each function has an `UnsafeBufferPointer` form, which does not allocate, and an `Array` convenience form.
public enum Descriptive {
    /// The arithmetic mean (`gsl_stats_mean`, a running mean that avoids overflow), or `nil` when empty.
    public static func mean(_ values: UnsafeBufferPointer<Double>) -> Double? {
        guard let base = values.baseAddress, !values.isEmpty else { return nil }
        return gsl_stats_mean(base, 1, values.count)
    }

    /// The arithmetic mean, or `nil` when empty.
    public static func mean(_ values: [Double]) -> Double? {
        values.withUnsafeBufferPointer { mean($0) }
    }

    /// The sample variance, with the `n − 1` denominator (`gsl_stats_variance`), or `nil` for fewer than two
    /// values.
    public static func variance(_ values: UnsafeBufferPointer<Double>) -> Double? {
        guard let base = values.baseAddress, values.count >= 2 else { return nil }
        return gsl_stats_variance(base, 1, values.count)
    }

    /// The sample variance (`n − 1` denominator), or `nil` for fewer than two values.
    public static func variance(_ values: [Double]) -> Double? {
        values.withUnsafeBufferPointer { variance($0) }
    }

    /// The sample standard deviation, the square root of ``variance(_:)-(UnsafeBufferPointer<Double>)``
    /// (`gsl_stats_sd`), or `nil` for fewer than two values.
    public static func standardDeviation(_ values: UnsafeBufferPointer<Double>) -> Double? {
        guard let base = values.baseAddress, values.count >= 2 else { return nil }
        return gsl_stats_sd(base, 1, values.count)
    }

    /// The sample standard deviation (`n − 1` denominator), or `nil` for fewer than two values.
    public static func standardDeviation(_ values: [Double]) -> Double? {
        values.withUnsafeBufferPointer { standardDeviation($0) }
    }

    /// The smallest and largest values (`gsl_stats_minmax`), or `nil` when empty. A NaN anywhere makes both NaN.
    public static func extremes(_ values: UnsafeBufferPointer<Double>) -> (min: Double, max: Double)? {
        guard let base = values.baseAddress, !values.isEmpty else { return nil }
        var low = 0.0
        var high = 0.0
        gsl_stats_minmax(&low, &high, base, 1, values.count)
        return (low, high)
    }

    /// The smallest and largest values, or `nil` when empty.
    public static func extremes(_ values: [Double]) -> (min: Double, max: Double)? {
        values.withUnsafeBufferPointer { extremes($0) }
    }

    /// The smallest value (`gsl_stats_min`), or `nil` when empty.
    public static func minimum(_ values: [Double]) -> Double? {
        extremes(values)?.min
    }

    /// The largest value (`gsl_stats_max`), or `nil` when empty.
    public static func maximum(_ values: [Double]) -> Double? {
        extremes(values)?.max
    }

    /// The `p`-quantile of data already sorted in ascending order (`gsl_stats_quantile_from_sorted_data`), or
    /// `nil` when empty.
    ///
    /// GSL interpolates linearly between order statistics: with `n` values and `δ = (n − 1) p`, the result is
    /// `(1 − (δ − ⌊δ⌋)) x[⌊δ⌋] + (δ − ⌊δ⌋) x[⌊δ⌋ + 1]` (Hyndman & Fan's type 7, the default of R and NumPy).
    /// Sorting is checked in debug builds only.
    /// - Precondition: `0 <= p <= 1`.
    public static func quantile(sorted values: UnsafeBufferPointer<Double>, _ p: Double) -> Double? {
        precondition(p >= 0 && p <= 1, "quantile: p must be in [0, 1] (got \(p))")
        guard let base = values.baseAddress, !values.isEmpty else { return nil }
        assert(isSortedAscending(values), "quantile(sorted:): data are not sorted in ascending order")
        return gsl_stats_quantile_from_sorted_data(base, 1, values.count, p)
    }

    /// The `p`-quantile of data already sorted in ascending order, or `nil` when empty (see the buffer form).
    public static func quantile(sorted values: [Double], _ p: Double) -> Double? {
        values.withUnsafeBufferPointer { quantile(sorted: $0, p) }
    }

    /// The `p`-quantile of unsorted data: sorts a copy (O(n log n), allocates), then as
    /// ``quantile(sorted:_:)-([Double],_)``. `nil` when empty.
    public static func quantile(_ values: [Double], _ p: Double) -> Double? {
        quantile(sorted: values.sorted(), p)
    }

    /// The median of data already sorted in ascending order (`gsl_stats_median_from_sorted_data`; the mean of
    /// the two middle values for an even count), or `nil` when empty.
    public static func median(sorted values: UnsafeBufferPointer<Double>) -> Double? {
        guard let base = values.baseAddress, !values.isEmpty else { return nil }
        assert(isSortedAscending(values), "median(sorted:): data are not sorted in ascending order")
        return gsl_stats_median_from_sorted_data(base, 1, values.count)
    }

    /// The median of data already sorted in ascending order, or `nil` when empty.
    public static func median(sorted values: [Double]) -> Double? {
        values.withUnsafeBufferPointer { median(sorted: $0) }
    }

    /// The median of unsorted data (sorts a copy), or `nil` when empty.
    public static func median(_ values: [Double]) -> Double? {
        median(sorted: values.sorted())
    }

    private static func isSortedAscending(_ values: UnsafeBufferPointer<Double>) -> Bool {
        var index = 1
        while index < values.count {
            if values[index] < values[index - 1] { return false }
            index += 1
        }
        return true
    }
}
