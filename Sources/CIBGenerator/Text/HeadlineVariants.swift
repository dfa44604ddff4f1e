internal import CIBStatistics

/// The campaign's copies of its real headlines (Meta Q2 2023: the same headline sprayed with small changes): typos,
/// machine-translation slips and paraphrases, on UTF-8 bytes in place.
extension TextFactory {
    /// A copy with typos: adjacent characters swapped, one dropped or doubled (1-2 edits); works for Chinese too.
    static func typo(_ s: String, _ rng: RandomStream) -> String {
        var bytes = Array(s.utf8)
        typo(&bytes, rng)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``typo(_:_:)`` on UTF-8 bytes, in place: ASCII text is edited byte by byte, other text scalar by scalar.
    static func typo(_ bytes: inout [UInt8], _ rng: RandomStream) {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            guard bytes.count > 4 else { return }
            for _ in 0 ..< 1 + rng.uniformInt(2) {
                let i = 1 + rng.uniformInt(bytes.count - 2)
                switch rng.uniformInt(3) {
                case 0: bytes.swapAt(i, i + 1)
                case 1: bytes.remove(at: i)
                default: bytes.insert(bytes[i], at: i)
                }
            }
            return
        }
        // Scalar by scalar, on the bytes in place (valid UTF-8: a scalar is a lead byte and its continuation bytes).
        var scalars = bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        guard scalars > 4 else { return }
        for _ in 0 ..< 1 + rng.uniformInt(2) {
            let i = 1 + rng.uniformInt(scalars - 2)
            let a = scalarStart(bytes, i), b = scalarStart(bytes, i + 1)
            switch rng.uniformInt(3) {
            case 0:
                let c = scalarStart(bytes, i + 2)
                // Swap the neighbours [a, b) and [b, c): reverse each, then both together.
                bytes[a ..< b].reverse()
                bytes[b ..< c].reverse()
                bytes[a ..< c].reverse()
            case 1:
                bytes.removeSubrange(a ..< b)
                scalars -= 1
            default:
                for k in 0 ..< b - a { bytes.insert(bytes[a + k], at: b + k) }
                scalars += 1
            }
        }
    }

    /// The byte offset of scalar `index` of UTF-8 `bytes` (`bytes.count` for the scalar count).
    private static func scalarStart(_ bytes: [UInt8], _ index: Int) -> Int {
        var seen = 0
        for (at, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 {
            if seen == index { return at }
            seen += 1
        }
        return bytes.count
    }

    private static let translationSlips: [([UInt8], [UInt8])] = [
        (" the ", " "), (" is ", " are "), (" of ", " of the "), (" and ", " and also "), ("'s ", " of "), (" a ", " the "),
        (" to ", " for "), (" in ", " at "), (" was ", " is "),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    /// Replaces the first occurrence of `from` (ASCII) in `bytes`; `false` when absent. Safe on UTF-8: ASCII bytes
    /// never occur inside a multi-byte sequence.
    @discardableResult
    static func replaceFirst(_ bytes: inout [UInt8], _ from: [UInt8], _ to: [UInt8]) -> Bool {
        guard bytes.count >= from.count, !from.isEmpty else { return false }
        let found: Int? = bytes.withUnsafeBufferPointer { b in
            from.withUnsafeBufferPointer { f in
                let first = f[0], last = b.count - f.count
                var i = 0
                while i <= last {
                    if b[i] == first {
                        var j = 1
                        while j < f.count && b[i + j] == f[j] { j += 1 }
                        if j == f.count { return i }
                    }
                    i += 1
                }
                return nil
            }
        }
        guard let i = found else { return false }
        bytes.replaceSubrange(i ..< i + from.count, with: to)
        return true
    }

    /// A copy with machine-translation slips (dropped articles, wrong agreement, literal particles).
    static func translationError(_ s: String, _ rng: RandomStream) -> String {
        var bytes = Array(s.utf8)
        translationError(&bytes, rng)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``translationError(_:_:)`` on UTF-8 bytes, in place.
    static func translationError(_ out: inout [UInt8], _ rng: RandomStream) {
        var applied = 0
        let offset = rng.uniformInt(translationSlips.count)
        for k in 0 ..< translationSlips.count where applied < 2 {
            let (from, to) = translationSlips[(k + offset) % translationSlips.count]
            if replaceFirst(&out, from, to) { applied += 1 }
        }
        if applied == 0 { out.append(contentsOf: rng.bernoulli(0.5) ? slipEndings[0] : slipEndings[1]) }
    }

    private static let slipEndings = [Array(" , is it?".utf8), Array(" (translate)".utf8)]

    private static let synonyms: [([UInt8], [UInt8])] = [
        ("Lies", "Falsehoods"), ("lies", "untruths"), ("truth", "reality"), ("Truth", "Reality"), ("human rights", "rights"),
        ("America", "the US"), ("American", "US"), ("United States", "USA"), ("so-called", "supposed"), ("exposed", "revealed"),
        ("COVID-19", "the pandemic"), ("democracy", "freedom"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }
    private static let prefixes = ["Must read: ", "Breaking: ", "Shocking! ", "Truth: ", "Look: ", "真相：", "重磅："].map { Array($0.utf8) }

    /// A paraphrased copy of UTF-8 bytes, in place: synonyms substituted and a prefix added (the evasion knob
    /// `paraphraseRate`).
    static func paraphrase(_ out: inout [UInt8], _ rng: RandomStream) {
        for (a, b) in synonyms where rng.bernoulli(0.7) { replaceFirst(&out, a, b) }
        out.insert(contentsOf: prefixes[rng.uniformInt(prefixes.count)], at: 0)
    }
}
