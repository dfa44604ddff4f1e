/// How a `(seed, stream)` pair becomes a taus2 state, and how child streams get their seeds.
///
/// Two SplitMix64 sequences (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014)
/// are run side by side, for `i = 1, 2, ...`:
/// - `A_i = mix13(seed + i × 0x9E3779B97F4A7C15)`: SplitMix64 itself (golden-ratio increment, Stafford's Mix13
///   finaliser), started at `seed`;
/// - `B_i = fmix64(stream + i × 0xBB67AE8584CAA73B)`: another increment and MurmurHash3's finaliser, started at
///   `stream`;
///
/// and 64-bit word `i` is `mix13(A_i ^ B_i)`. Word 1 gives the taus2 components `s1` (low half) and `s2` (high
/// half), word 2's low half gives `s3`. Every step is a bijection of `UInt64`, so pairs that differ only in the
/// seed, or only in the stream, give different words, and pairs that differ in both agree with probability about
/// 2^-64 per word: all 64 bits of both numbers are used, unlike `gsl_rng_set`, which keeps only 32 bits of its seed.
///
/// Each component's recurrence ignores its lowest 1, 3 and 4 bits, so the state proper is 88 bits; a component whose
/// remaining bits are all zero would stay zero, so `s1 < 2`, `s2 < 8`, `s3 < 16` are raised by 2, 8 and 16 as GSL's
/// own `taus2_set` does (P. L'Ecuyer, "Maximally equidistributed combined Tausworthe generators", *Mathematics of
/// Computation* 65, 1996).
enum SeedDerivation {
    static let seedIncrement: UInt64 = 0x9E37_79B9_7F4A_7C15
    static let streamIncrement: UInt64 = 0xBB67_AE85_84CA_A73B

    /// SplitMix64's output function (Stafford's Mix13).
    @inline(__always)
    static func mix13(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// MurmurHash3's 64-bit finaliser.
    @inline(__always)
    static func fmix64(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        z = (z ^ (z >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return z ^ (z >> 33)
    }

    /// The taus2 state `(s1, s2, s3)` for `(seed, stream)`.
    static func taus2State(seed: UInt64, stream: UInt64) -> (s1: UInt32, s2: UInt32, s3: UInt32) {
        var a = seed, b = stream
        func nextWord() -> UInt64 {
            a &+= seedIncrement
            b &+= streamIncrement
            return mix13(mix13(a) ^ fmix64(b))
        }
        let first = nextWord(), second = nextWord()
        var s1 = UInt32(truncatingIfNeeded: first), s2 = UInt32(truncatingIfNeeded: first >> 32)
        var s3 = UInt32(truncatingIfNeeded: second)
        if s1 < 2 { s1 += 2 }
        if s2 < 8 { s2 += 8 }
        if s3 < 16 { s3 += 16 }
        return (s1, s2, s3)
    }

    /// The seed of every child of the stream `(seed, stream)`: a 64-bit hash of the pair, domain-separated from
    /// the state derivation above. Child `id` is then the stream `(childSeed, id)`.
    static func childSeed(seed: UInt64, stream: UInt64) -> UInt64 {
        let left = mix13(seed ^ 0x243F_6A88_85A3_08D3)  // digits of pi, a domain separator
        let right = fmix64(stream &+ 0x1319_8A2E_0370_7344)
        return mix13(left &+ (right << 29 | right >> 35))
    }
}
