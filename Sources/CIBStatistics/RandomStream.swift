internal import CGSL

/// A seeded, reproducible random number stream: GSL's Mersenne Twister (`gsl_rng_mt19937`, Matsumoto & Nishimura
/// 1998) identified by a `(seed, stream)` pair.
///
/// The same pair always produces the same sequence, on every platform GSL supports; different pairs produce
/// independent sequences. Give each concurrent task its own stream (for example `RandomStream(seed: runSeed,
/// stream: UInt64(taskIndex))`, or `parent.child(UInt64(taskIndex))`), so that results do not depend on the number
/// of threads. Record `seed` and `stream` with any result drawn from the stream.
///
/// Seeding: GSL's `gsl_rng_set` uses only 32 bits of its seed, so this type writes the whole 624-word state itself,
/// derived from all 64 bits of `seed` and of `stream` by SplitMix64 (see `SeedDerivation` in the source for the
/// exact scheme). The state is written through `gsl_rng_state`, after checking that its size matches GSL's
/// mt19937 layout.
///
/// The stream conforms to `RandomNumberGenerator`, so the standard library's random APIs work with it:
/// `var rng = stream; values.shuffle(using: &rng)` (the `var` is a second reference to the same stream).
/// The distribution draws (`normal`, `poisson`, ...) are in `RandomStream+Distributions.swift`.
///
/// A stream is unsynchronised mutable state and deliberately not `Sendable`: use it from one task at a time.
/// Draws do not allocate. Creating a stream does (GSL's 5 KB state) and costs a few microseconds, mostly seeding:
/// make one per task or block of work, not one per item.
public final class RandomStream: RandomNumberGenerator, CustomStringConvertible {
    /// The seed this stream was created with.
    public let seed: UInt64
    /// The stream number this stream was created with.
    public let stream: UInt64
    /// The GSL generator, owned by this object and freed in `deinit`.
    let generator: UnsafeMutablePointer<gsl_rng>

    /// Creates the stream identified by `(seed, stream)`.
    ///
    /// - Parameters:
    ///   - seed: the run's seed (all 64 bits are used).
    ///   - stream: which of the run's independent streams this is, e.g. a task or replicate index.
    public init(seed: UInt64, stream: UInt64) {
        GSLRuntime.prepare()
        guard let generator = gsl_rng_alloc(cgsl_rng_mt19937()) else {
            fatalError("RandomStream: gsl_rng_alloc failed (out of memory)")
        }
        let status = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: SeedDerivation.mt19937Words) {
            words in
            SeedDerivation.fillMT19937State(seed: seed, stream: stream, into: words)
            return cgsl_mt19937_set_state(generator, words.baseAddress)
        }
        guard status == GSLRuntime.success else {
            gsl_rng_free(generator)
            fatalError(
                "RandomStream: this GSL build's mt19937 state does not have the expected layout "
                    + "(\(StatisticsError.GSLStatus(rawValue: status)))")
        }
        self.seed = seed
        self.stream = stream
        self.generator = generator
    }

    deinit {
        gsl_rng_free(generator)
    }

    /// The next 64 random bits: two consecutive 32-bit mt19937 outputs, the first in the high half.
    public func next() -> UInt64 {
        let high = UInt64(truncatingIfNeeded: cgsl_rng_get(generator))
        let low = UInt64(truncatingIfNeeded: cgsl_rng_get(generator))
        return high << 32 | low
    }

    /// A derived stream, independent of this one and of its other children, and fully determined by
    /// `(seed, stream, id)`: it does not depend on how many values have been drawn from this stream.
    ///
    /// The child is the stream `(H(seed, stream), id)`, where `H` is a 64-bit hash, so its own `seed` and
    /// `stream` properties are those values. Use children to give each block of work its own stream, e.g.
    /// `stream.child(UInt64(blockIndex))`.
    public func child(_ id: UInt64) -> RandomStream {
        RandomStream(seed: SeedDerivation.childSeed(seed: seed, stream: stream), stream: id)
    }

    /// `"RandomStream(seed: S, stream: N)"`: enough to recreate the stream at its start.
    public var description: String {
        "RandomStream(seed: \(seed), stream: \(stream))"
    }
}
