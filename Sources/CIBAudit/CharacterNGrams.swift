/// Rows of a sparse matrix in compressed sparse row form: row `r` has the column indices
/// `indices[offsets[r] ..< offsets[r + 1]]` (ascending, distinct) with `values` alongside.
public struct SparseRows: Sendable, Equatable {
    public var offsets: [Int] = [0]
    public var indices: [UInt32] = []
    public var values: [Float] = []
    /// The number of columns.
    public var width: Int

    public init(width: Int) { self.width = width }

    public var count: Int { offsets.count - 1 }
}

/// Hashed character n-grams of texts, the "hashing trick" of K. Weinberger et al., "Feature hashing for large scale
/// multitask learning", ICML 2009, with character n-grams as in scikit-learn's
/// `HashingVectorizer(analyzer="char", ngram_range=(2, 4), alternate_sign=False, norm="l2")`.
///
/// A text is read as Unicode scalars, ASCII letters lower-cased; every run of `n` consecutive scalars
/// (`minLength ≤ n ≤ maxLength`) is hashed (64-bit FNV-1a over the scalars, then Stafford's Mix13 finaliser) into one
/// of `2^bits` columns; a row holds the counts of its columns divided by their Euclidean norm, so long and short texts
/// weigh the same. Works on any script: Chinese characters are scalars like Latin letters.
public struct CharacterNGrams: Sendable, Equatable {
    public let minLength: Int
    public let maxLength: Int
    public let bits: Int

    public init(minLength: Int = 2, maxLength: Int = 4, bits: Int = 18) {
        precondition(minLength >= 1 && maxLength >= minLength && maxLength <= 8, "CharacterNGrams: lengths must satisfy 1 ≤ min ≤ max ≤ 8")
        precondition(bits >= 4 && bits <= 30, "CharacterNGrams: bits must be in 4...30")
        self.minLength = minLength
        self.maxLength = maxLength
        self.bits = bits
    }

    public var width: Int { 1 << bits }

    /// The rows of `texts` (each text's UTF-8 bytes given by `text(i)` for `i` in `0 ..< count`).
    public func rows(count: Int, _ text: (Int, (UnsafeBufferPointer<UInt8>) -> Void) -> Void) -> SparseRows {
        var rows = SparseRows(width: width)
        var scalars = [UInt32]()
        var columns = [UInt32]()
        let mask = UInt64(width - 1)
        for i in 0 ..< count {
            scalars.removeAll(keepingCapacity: true)
            text(i) { bytes in Self.decode(bytes, into: &scalars) }
            columns.removeAll(keepingCapacity: true)
            if scalars.count >= minLength {
                for start in 0 ..< scalars.count {
                    var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a offset basis
                    for length in 1 ... maxLength {
                        let end = start + length
                        guard end <= scalars.count else { break }
                        hash = (hash ^ UInt64(scalars[end - 1])) &* 0x0000_0100_0000_01B3
                        if length >= minLength { columns.append(UInt32(truncatingIfNeeded: Self.mix(hash ^ UInt64(length)) & mask)) }
                    }
                }
            }
            columns.sort()
            var squares = 0.0
            var k = 0
            let first = rows.indices.count
            while k < columns.count {
                var end = k + 1
                while end < columns.count, columns[end] == columns[k] { end += 1 }
                let c = Double(end - k)
                rows.indices.append(columns[k])
                rows.values.append(Float(c))
                squares += c * c
                k = end
            }
            if squares > 0 {
                let scale = Float(1 / squares.squareRoot())
                for j in first ..< rows.values.count { rows.values[j] *= scale }
            }
            rows.offsets.append(rows.indices.count)
        }
        return rows
    }

    /// Unicode scalars of UTF-8 `bytes` (malformed sequences become U+FFFD), ASCII letters lower-cased.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into scalars: inout [UInt32]) {
        var i = 0
        while i < bytes.count {
            let b = UInt32(bytes[i])
            var scalar: UInt32 = 0xFFFD, length = 1
            if b < 0x80 {
                scalar = b >= 0x41 && b <= 0x5A ? b + 0x20 : b
            } else if b >> 5 == 0x6, i + 1 < bytes.count {
                scalar = (b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                length = 2
            } else if b >> 4 == 0xE, i + 2 < bytes.count {
                scalar = (b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                length = 3
            } else if b >> 3 == 0x1E, i + 3 < bytes.count {
                scalar = (b & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                    | UInt32(bytes[i + 3] & 0x3F)
                length = 4
            }
            scalars.append(scalar)
            i += length
        }
    }

    /// Stafford's Mix13 (SplitMix64's finaliser): spreads FNV's low bits over the whole word.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
