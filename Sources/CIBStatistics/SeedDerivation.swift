/// How a `(seed, stream)` pair becomes an mt19937 state, and how child streams get their seeds.
///
/// Two SplitMix64 sequences (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014)
/// are run side by side, for `i = 1, 2, ...`:
/// - `A_i = mix13(seed + i × 0x9E3779B97F4A7C15)`: SplitMix64 itself (golden-ratio increment, Stafford's Mix13
///   finaliser), started at `seed`;
/// - `B_i = fmix64(stream + i × 0xBB67AE8584CAA73B)`: another increment and MurmurHash3's finaliser, started at
///   `stream`;
///
/// and 64-bit word `i` is `mix13(A_i ^ B_i)`, whose low and high halves fill mt19937 words `2i − 1` and `2i`
/// (the last word uses only a low half). Every step is a bijection of `UInt64`, so:
/// - pairs that differ only in the seed, or only in the stream, give different values for every 64-bit word;
/// - pairs that differ in both agree on any one 64-bit word with probability about 2^-64, and on the whole
///   19,937-bit state with negligible probability: all 64 bits of both numbers are used, unlike `gsl_rng_set`,
///   which keeps only 32 bits of its seed.
///
/// Word 0 of the mt19937 array is set to `0x8000_0000`: only its top bit is part of the generator's state, and
/// setting it guarantees a non-zero state, as the reference `init_by_array` of Matsumoto & Nishimura does.
enum SeedDerivation {
    /// Number of 32-bit words in the mt19937 state array.
    static let mt19937Words = 624

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

    /// Fills `words` (exactly ``mt19937Words`` entries) with the mt19937 state for `(seed, stream)`.
    static func fillMT19937State(seed: UInt64, stream: UInt64, into words: UnsafeMutableBufferPointer<UInt32>) {
        precondition(words.count == mt19937Words, "mt19937 state needs \(mt19937Words) words")
        var a = seed
        var b = stream
        words[0] = 0x8000_0000
        var index = 1
        while index < mt19937Words {
            a &+= seedIncrement
            b &+= streamIncrement
            let word = mix13(mix13(a) ^ fmix64(b))
            words[index] = UInt32(truncatingIfNeeded: word)
            if index + 1 < mt19937Words {
                words[index + 1] = UInt32(truncatingIfNeeded: word >> 32)
            }
            index += 2
        }
    }

    /// The seed of every child of the stream `(seed, stream)`: a 64-bit hash of the pair, domain-separated from
    /// the state derivation above. Child `id` is then the stream `(childSeed, id)`.
    static func childSeed(seed: UInt64, stream: UInt64) -> UInt64 {
        let left = mix13(seed ^ 0x243F_6A88_85A3_08D3)  // digits of pi, a domain separator
        let right = fmix64(stream &+ 0x1319_8A2E_0370_7344)
        return mix13(left &+ (right << 29 | right >> 35))
    }
}
