internal import CGSL

/// Counts of values in equal-width bins over a half-open range, backed by GSL's `gsl_histogram`.
///
/// Bin `i` of `binCount` covers `[lower + i w, lower + (i + 1) w)` with `w = (upper − lower) / binCount`, as
/// `gsl_histogram_set_ranges_uniform` sets it up. Values below `lower` are added to ``underflow``, values at or
/// above `upper` to ``overflow``, and NaNs are skipped and counted in ``missing`` (GSL would index out of bounds
/// on a NaN). Counts are weights (`Double`), so ``add(_:weight:)`` can add weighted observations.
///
/// `Histogram` is a value type: copies share the GSL histogram until one of them is modified (copy-on-write,
/// using `gsl_histogram_clone`).
public struct Histogram: Sendable, Equatable, CustomStringConvertible {
    /// Owns one `gsl_histogram`. Mutated only through a uniquely referenced `Histogram`, which makes sharing
    /// immutable copies across tasks safe.
    private final class Storage: @unchecked Sendable {
        let histogram: UnsafeMutablePointer<gsl_histogram>
        var underflow = 0.0
        var overflow = 0.0
        var missing = 0

        init(histogram: UnsafeMutablePointer<gsl_histogram>) {
            self.histogram = histogram
        }

        deinit {
            gsl_histogram_free(histogram)
        }

        func copy() -> Storage {
            guard let clone = gsl_histogram_clone(histogram) else {
                fatalError("Histogram: gsl_histogram_clone failed (out of memory)")
            }
            let storage = Storage(histogram: clone)
            storage.underflow = underflow
            storage.overflow = overflow
            storage.missing = missing
            return storage
        }

        var bins: UnsafeMutableBufferPointer<Double> {
            UnsafeMutableBufferPointer(start: histogram.pointee.bin, count: histogram.pointee.n)
        }
    }

    private var storage: Storage

    /// The range covered by the bins, `lower ..< upper`.
    public let range: Range<Double>

    /// Creates an empty histogram with `binCount` equal-width bins over `range`.
    /// - Throws: `StatisticsError` if `binCount < 1`, the range is empty or not finite, or GSL fails to allocate
    ///   or set up the bins.
    public init(binCount: Int, range: Range<Double>) throws(StatisticsError) {
        GSLRuntime.prepare()
        let operation = "Histogram.init"
        guard binCount >= 1 else {
            throw StatisticsError(operation: operation, message: "binCount must be at least 1 (got \(binCount))")
        }
        guard range.lowerBound.isFinite, range.upperBound.isFinite, !range.isEmpty else {
            throw StatisticsError(
                operation: operation, message: "range must be finite and non-empty (got \(range))")
        }
        guard let histogram = gsl_histogram_alloc(binCount) else {
            throw StatisticsError(
                operation: operation, message: "gsl_histogram_alloc failed for \(binCount) bins", status: .noMemory)
        }
        let status = gsl_histogram_set_ranges_uniform(histogram, range.lowerBound, range.upperBound)
        guard status == GSLRuntime.success else {
            gsl_histogram_free(histogram)
            throw StatisticsError(
                operation: operation, message: "gsl_histogram_set_ranges_uniform failed for \(range)",
                status: StatisticsError.GSLStatus(rawValue: status))
        }
        self.storage = Storage(histogram: histogram)
        self.range = range
    }

    /// The number of bins.
    public var binCount: Int {
        storage.histogram.pointee.n
    }

    /// The count (total weight) in each bin, in bin order.
    public var counts: [Double] {
        Array(storage.bins)
    }

    /// The count (total weight) in bin `bin`.
    /// - Precondition: `0 <= bin < binCount`.
    public subscript(bin: Int) -> Double {
        precondition(bin >= 0 && bin < binCount, "Histogram: bin \(bin) is outside 0..<\(binCount)")
        return storage.bins[bin]
    }

    /// The half-open interval covered by bin `bin` (`gsl_histogram_get_range`).
    /// - Precondition: `0 <= bin < binCount`.
    public func binRange(_ bin: Int) -> Range<Double> {
        precondition(bin >= 0 && bin < binCount, "Histogram: bin \(bin) is outside 0..<\(binCount)")
        var lower = 0.0
        var upper = 0.0
        _ = gsl_histogram_get_range(storage.histogram, bin, &lower, &upper)
        return lower..<upper
    }

    /// The bin that contains `x` (`gsl_histogram_find`), or `nil` if `x` is outside ``range`` or NaN.
    public func bin(for x: Double) -> Int? {
        guard range.contains(x) else { return nil }
        var index = 0
        guard gsl_histogram_find(storage.histogram, x, &index) == GSLRuntime.success else { return nil }
        return index
    }

    /// Total weight of the values that fell below the range.
    public var underflow: Double { storage.underflow }
    /// Total weight of the values that fell at or above the upper bound.
    public var overflow: Double { storage.overflow }
    /// Number of NaN values skipped.
    public var missing: Int { storage.missing }

    /// Total weight inside the range (`gsl_histogram_sum`).
    public var total: Double {
        gsl_histogram_sum(storage.histogram)
    }

    /// The mean of the binned values, taking each bin's centre as its value (`gsl_histogram_mean`), or `nil`
    /// when no weight is inside the range.
    public var mean: Double? {
        guard total > 0 else { return nil }
        return gsl_histogram_mean(storage.histogram)
    }

    /// Adds one value with the given weight (`gsl_histogram_accumulate`); out-of-range values go to
    /// ``underflow`` / ``overflow`` and NaNs to ``missing``.
    /// - Precondition: `weight` is finite.
    public mutating func add(_ x: Double, weight: Double = 1) {
        precondition(weight.isFinite, "Histogram.add: weight must be finite (got \(weight))")
        makeUnique()
        Self.add(x, weight: weight, to: storage, range: range)
    }

    /// Adds every value of `values` with weight 1.
    public mutating func fill<S: Sequence>(_ values: S) where S.Element == Double {
        makeUnique()
        let storage = self.storage
        for value in values {
            Self.add(value, weight: 1, to: storage, range: range)
        }
    }

    /// Sets every count, ``underflow``, ``overflow`` and ``missing`` back to zero.
    public mutating func reset() {
        makeUnique()
        gsl_histogram_reset(storage.histogram)
        storage.underflow = 0
        storage.overflow = 0
        storage.missing = 0
    }

    /// Two histograms are equal when they have the same bins and the same counts, underflow, overflow and missing.
    public static func == (lhs: Histogram, rhs: Histogram) -> Bool {
        if lhs.storage === rhs.storage { return true }
        return lhs.range == rhs.range && lhs.binCount == rhs.binCount && lhs.underflow == rhs.underflow
            && lhs.overflow == rhs.overflow && lhs.missing == rhs.missing
            && lhs.storage.bins.elementsEqual(rhs.storage.bins)
    }

    /// A one-line summary: bins, range, total and out-of-range counts.
    public var description: String {
        "Histogram(\(binCount) bins over \(range), total \(total), underflow \(underflow), overflow \(overflow), "
            + "missing \(missing))"
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy()
        }
    }

    private static func add(_ x: Double, weight: Double, to storage: Storage, range: Range<Double>) {
        if x.isNaN {
            storage.missing += 1
        } else if x < range.lowerBound {
            storage.underflow += weight
        } else if x >= range.upperBound {
            storage.overflow += weight
        } else if gsl_histogram_accumulate(storage.histogram, x, weight) != GSLRuntime.success {
            // Rounding can put a value just inside `range` on GSL's last boundary; count it as overflow.
            storage.overflow += weight
        }
    }
}
