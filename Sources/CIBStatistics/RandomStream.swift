internal import CGSL

/// A seeded, reproducible random number stream: GSL's maximally equidistributed combined Tausworthe generator
/// (`gsl_rng_taus2`, P. L'Ecuyer, "Maximally equidistributed combined Tausworthe generators", *Mathematics of
/// Computation* 65, 1996; period 2^88) identified by a `(seed, stream)` pair. It is one of GSL's fastest
/// simulation-quality generators: about 3.5 ns a draw here against 8 ns for GSL's Mersenne Twister, which ciblab
/// used before and which made a fifth of the generator's time (see docs/benchmarks.md).
///
/// The same pair always produces the same sequence, on every platform GSL supports; different pairs produce
/// independent sequences. Give each concurrent task its own stream (for example `RandomStream(seed: runSeed,
/// stream: UInt64(taskIndex))`, or `parent.child(UInt64(taskIndex))`), so that results do not depend on the number
/// of threads. Record `seed` and `stream` with any result drawn from the stream.
///
/// Seeding: GSL's `gsl_rng_set` uses only 32 bits of its seed, so this type writes the three-word state itself,
/// derived from all 64 bits of `seed` and of `stream` by SplitMix64 (see `SeedDerivation` in the source for the
/// exact scheme), through `gsl_rng_state` after checking that its size matches GSL's taus2 layout, and then
/// discards six outputs, as GSL's own seeding does.
///
/// The stream conforms to `RandomNumberGenerator`, so the standard library's random APIs work with it:
/// `var rng = stream; values.shuffle(using: &rng)` (the `var` is a second reference to the same stream).
/// The distribution draws (`normal`, `poisson`, ...) are in `RandomStream+Distributions.swift`.
///
/// A stream is unsynchronised mutable state and deliberately not `Sendable`: use it from one task at a time.
/// Draws do not allocate. Creating a stream does (GSL's generator object): make one per task or block of work, not
/// one per item.
public final class RandomStream: RandomNumberGenerator, CustomStringConvertible {
    /// The seed this stream was created with.
    public let seed: UInt64
    /// The stream number this stream was created with.
    public let stream: UInt64
    /// The GSL generator, owned by this object and freed in `deinit`.
    let generator: UnsafeMutablePointer<gsl_rng>
    /// The generator's taus2 state (`s1, s2, s3`, GSL's layout, checked in `init`), for the draws this module
    /// restates inline (``nextTaus()``): callers in other modules inline them, without a call per draw.
    @usableFromInline let taus: UnsafeMutablePointer<CUnsignedLong>

    /// Creates the stream identified by `(seed, stream)`.
    ///
    /// - Parameters:
    ///   - seed: the run's seed (all 64 bits are used).
    ///   - stream: which of the run's independent streams this is, e.g. a task or replicate index.
    public init(seed: UInt64, stream: UInt64) {
        GSLRuntime.prepare()
        guard let generator = gsl_rng_alloc(cgsl_rng_taus2()) else {
            fatalError("RandomStream: gsl_rng_alloc failed (out of memory)")
        }
        let state = SeedDerivation.taus2State(seed: seed, stream: stream)
        let status = cgsl_taus2_set_state(generator, state.s1, state.s2, state.s3)
        guard status == GSLRuntime.success else {
            gsl_rng_free(generator)
            fatalError(
                "RandomStream: this GSL build's taus2 state does not have the expected layout "
                    + "(\(StatisticsError.GSLStatus(rawValue: status)))")
        }
        for _ in 0 ..< 6 { _ = cgsl_rng_get(generator) }
        self.seed = seed
        self.stream = stream
        self.generator = generator
        self.taus = gsl_rng_state(generator).assumingMemoryBound(to: CUnsignedLong.self)
    }

    /// GSL's taus2 step (`taus_get` in rng/taus.c; L'Ecuyer 1996) on the generator's own state: the output
    /// `gsl_rng_get` would give, without the indirect call through the generator type. GSL's distributions read the
    /// same state, so draws made here and there are one stream (``InlineDrawTests`` compares them output for output).
    @inlinable @inline(__always)
    func nextTaus() -> UInt32 {
        let mask: CUnsignedLong = 0xFFFF_FFFF
        var s1 = taus[0], s2 = taus[1], s3 = taus[2]
        s1 = (((s1 & 4_294_967_294) << 12) & mask) ^ ((((s1 << 13) & mask) ^ s1) >> 19)
        s2 = (((s2 & 4_294_967_288) << 4) & mask) ^ ((((s2 << 2) & mask) ^ s2) >> 25)
        s3 = (((s3 & 4_294_967_280) << 17) & mask) ^ ((((s3 << 3) & mask) ^ s3) >> 11)
        taus[0] = s1
        taus[1] = s2
        taus[2] = s3
        return UInt32(truncatingIfNeeded: s1 ^ s2 ^ s3)
    }

    deinit {
        gsl_rng_free(generator)
    }

    /// The next 64 random bits: two consecutive 32-bit taus2 outputs, the first in the high half.
    @inlinable
    public func next() -> UInt64 {
        let high = UInt64(nextTaus())
        return high << 32 | UInt64(nextTaus())
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
