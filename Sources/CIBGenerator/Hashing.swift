/// Stateless 64-bit mixing (SplitMix64's finaliser, Steele, Lea & Flood 2014) for values that must be stable per
/// entity without drawing from a stream: home IP addresses, device fingerprints, platform-local ids.
enum Mix {
    @inline(__always)
    static func hash(_ a: UInt64, _ b: UInt64 = 0, _ c: UInt64 = 0) -> UInt64 {
        var z = a &* 0x9E37_79B9_7F4A_7C15 &+ b &* 0xBF58_476D_1CE4_E5B9 &+ c &* 0x94D0_49BB_1331_11EB &+ 0x2545_F491
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A stable first octet for a country's address space (1-223, never 10 or 127), so addresses geolocate
    /// consistently.
    static func countryOctet(_ country: String) -> UInt32 {
        var h: UInt64 = 1469598103934665603
        for b in country.utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
        var o = UInt32(1 + hash(h) % 222)
        if o == 10 || o == 127 { o += 1 }
        return o
    }

    /// An address in `country`'s space, fixed by `key`.
    static func address(countryOctet: UInt32, key: UInt64) -> UInt32 {
        countryOctet << 24 | UInt32(truncatingIfNeeded: hash(key, 0xADD7) & 0xFF_FFFF)
    }
}
