internal import CGSL

/// Draws indices `0..<count` with probability proportional to fixed weights, in O(1) per draw.
///
/// Wraps GSL's preprocessed discrete sampler (`gsl_ran_discrete_preproc` / `gsl_ran_discrete`: Walker's alias
/// method as improved by Knuth, O(count) set-up). The weights need not sum to 1.
///
/// Thread safety: the alias table is built once in `init` and only read afterwards (`gsl_ran_discrete` takes a
/// `const` table and writes nothing), so one sampler may be shared by many tasks, each drawing from its own
/// `RandomStream`. That is why the class is `@unchecked Sendable`.
public final class DiscreteSampler: @unchecked Sendable {
    /// The preprocessed table, owned by this object and freed in `deinit`. Read-only after `init`.
    private let table: UnsafeMutablePointer<gsl_ran_discrete_t>

    /// The number of outcomes (the number of weights given to `init`).
    public let count: Int
    /// The table's columns (GSL's `F` and `A`), for the draw inlined in callers (``Handle/sample(_:)``).
    @usableFromInline let cutoffs: UnsafePointer<Double>
    @usableFromInline let aliases: UnsafePointer<Int>

    /// Builds the sampler.
    ///
    /// - Parameter weights: one non-negative, finite weight per outcome; at least one must be positive.
    /// - Throws: `StatisticsError` naming the first offending weight (empty list, negative, NaN or infinite
    ///   weight, all weights zero) or GSL's status if preprocessing fails.
    public init(weights: [Double]) throws(StatisticsError) {
        GSLRuntime.prepare()
        let operation = "DiscreteSampler.init"
        guard !weights.isEmpty else {
            throw StatisticsError(operation: operation, message: "weights are empty: need at least one outcome")
        }
        var total = 0.0
        for (index, weight) in weights.enumerated() {
            guard weight.isFinite else {
                throw StatisticsError(operation: operation, message: "weight \(index) is not finite (\(weight))")
            }
            guard weight >= 0 else {
                throw StatisticsError(operation: operation, message: "weight \(index) is negative (\(weight))")
            }
            total += weight
        }
        guard total > 0 else {
            throw StatisticsError(
                operation: operation, message: "all \(weights.count) weights are zero: no outcome can be drawn")
        }
        guard total.isFinite else {
            throw StatisticsError(operation: operation, message: "the weights sum to infinity (\(total))")
        }
        let table = weights.withUnsafeBufferPointer { buffer in
            gsl_ran_discrete_preproc(buffer.count, buffer.baseAddress)
        }
        guard let table else {
            throw StatisticsError(
                operation: operation, message: "gsl_ran_discrete_preproc failed for \(weights.count) weights",
                status: .noMemory)
        }
        self.table = table
        self.count = weights.count
        self.cutoffs = UnsafePointer(table.pointee.F)
        self.aliases = UnsafeRawPointer(table.pointee.A).assumingMemoryBound(to: Int.self)
    }

    deinit {
        gsl_ran_discrete_free(table)
    }

    /// Draws an outcome index in `0..<count` using `rng`.
    @inlinable
    public func sample(_ rng: RandomStream) -> Int { Handle.draw(rng, count: count, cutoffs: cutoffs, aliases: aliases) }

    /// The sampler's table without the object, for hot loops on several threads: drawing through a sampler read out of
    /// a shared array costs an atomic reference-count update per draw, on a cache line every thread touches. The
    /// handle draws exactly as ``sample(_:)`` and is valid only while the sampler lives.
    public var handle: Handle { Handle(table: UnsafeRawPointer(table), count: count, cutoffs: cutoffs, aliases: aliases) }

    /// See ``handle``.
    public struct Handle: @unchecked Sendable {
        /// GSL's table (a `gsl_ran_discrete_t`), for the reference draw in tests.
        @usableFromInline let table: UnsafeRawPointer
        @usableFromInline let count: Int
        @usableFromInline let cutoffs: UnsafePointer<Double>
        @usableFromInline let aliases: UnsafePointer<Int>

        init(table: UnsafeRawPointer, count: Int, cutoffs: UnsafePointer<Double>, aliases: UnsafePointer<Int>) {
            self.table = table
            self.count = count
            self.cutoffs = cutoffs
            self.aliases = aliases
        }

        /// Draws an outcome index, as ``DiscreteSampler/sample(_:)`` does: `gsl_ran_discrete` on the stream's taus2
        /// state (GSL's table uses its Knuth convention: `F[k]` is `(k + F'[k]) / K`, compared with the variate
        /// unscaled).
        @inlinable @inline(__always)
        public func sample(_ rng: RandomStream) -> Int { Self.draw(rng, count: count, cutoffs: cutoffs, aliases: aliases) }

        @inlinable @inline(__always)
        static func draw(_ rng: RandomStream, count: Int, cutoffs: UnsafePointer<Double>, aliases: UnsafePointer<Int>) -> Int {
            let u = rng.uniform()
            let c = Int(u * Double(count))
            let f = cutoffs[c]
            return f == 1.0 || u < f ? c : aliases[c]
        }
    }

    /// The probability of outcome `index` (its weight divided by the total), or 0 outside `0..<count`.
    public func probability(of index: Int) -> Double {
        guard index >= 0 && index < count else { return 0 }
        return gsl_ran_discrete_pdf(index, table)
    }
}
