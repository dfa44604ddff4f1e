/// The co-tweet text normalisation of coordination-network-toolkit 1.5.2, reproduced code point for code point.
///
/// The toolkit's `similarity.message_preprocessor` (used by `compute_co_tweet_network`) is
///
///     " ".join(social_media_cleaner.sub("", text.lower()).split())
///     social_media_cleaner = regex.compile(r"@.*?(?=(?:\s|$))")
///
/// that is: (1) Python `str.lower()` — full Unicode lowercase mapping, with U+03A3 becoming final sigma U+03C2 in the
/// `Final_Sigma` context; (2) every `@` and everything after it up to (not including) the next `\s` character or the
/// end of the text is removed — `\s` of the `regex` module is the Unicode `White_Space` property; note that this also
/// cuts e-mail addresses (`a@b.c` → `a`) and does not require a word boundary; (3) Python `str.split()` splits on
/// `str.isspace()` characters — `White_Space` plus U+001C…U+001F — drops empty pieces and the result is joined with
/// single spaces. URLs and hashtags are kept; nothing else is stripped. Two messages co-tweet when their normalised
/// texts are equal code point for code point (the toolkit compares length, adler32 and the text itself, which is
/// plain equality; no Unicode normalisation, so `é` and `e` + U+0301 differ).
///
/// Lower-casing uses Python's own case tables (``PythonCaseTable``, generated from the Python the toolkit runs on by
/// `scripts/gen-python-case-table.py`), not Swift's: Swift follows a newer Unicode version, whose new capital letters
/// (e.g. U+A7CB, U+1C89, the Garay script) Python 3.11 leaves as they are.
public enum ToolkitText {
    /// Normalises `text` exactly as the toolkit's `message_preprocessor`.
    public static func normalise(_ text: String) -> String {
        var text = text
        var out: [UInt8] = []
        var scratch = ToolkitTextScratch()
        text.withUTF8 { normalise(utf8: $0, into: &out, scratch: &scratch) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the normalised form of the valid UTF-8 `text` to `out`. `scratch` is reused between calls so that a
    /// loop over many texts allocates nothing per text.
    static func normalise(utf8 text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], scratch: inout ToolkitTextScratch) {
        var isASCII = true
        for b in text where b >= 0x80 {
            isASCII = false
            break
        }
        if isASCII { normaliseASCII(text, into: &out) } else { normaliseUnicode(text, into: &out, scratch: &scratch) }
    }

    static func isRegexSpace(_ c: UInt32) -> Bool {
        switch c {
        case 0x09 ... 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000 ... 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Python `str.isspace()`.
    static func isPythonSpace(_ c: UInt32) -> Bool {
        isRegexSpace(c) || (0x1C ... 0x1F).contains(c)
    }

    private static func normaliseASCII(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let base = out.count
        var inMention = false
        var pendingSpace = false
        for b in text {
            let c = UInt32(b)
            if inMention {
                if isRegexSpace(c) { inMention = false } else { continue }
            }
            if b == UInt8(ascii: "@") {
                inMention = true
                continue
            }
            if isPythonSpace(c) {
                pendingSpace = out.count > base
                continue
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        }
    }

    private static func normaliseUnicode(
        _ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], scratch: inout ToolkitTextScratch
    ) {
        scratch.scalars.removeAll(keepingCapacity: true)
        decodeValidUTF8(text, into: &scratch.scalars)
        // 1. str.lower(), with the Final_Sigma context evaluated on the original text.
        scratch.lowered.removeAll(keepingCapacity: true)
        let scalars = scratch.scalars
        for i in scalars.indices {
            let c = scalars[i]
            if c == 0x03A3 {
                scratch.lowered.append(finalSigma(scalars, i) ? 0x03C2 : 0x03C3)
            } else if c < 0x80 {
                scratch.lowered.append(c >= 0x41 && c <= 0x5A ? c | 0x20 : c)
            } else {
                PythonCaseTable.appendLowercase(of: c, to: &scratch.lowered)
            }
        }
        // 2. mention removal, 3. whitespace split and join.
        let base = out.count
        var inMention = false
        var pendingSpace = false
        for c in scratch.lowered {
            if inMention {
                if isRegexSpace(c) { inMention = false } else { continue }
            }
            if c == 0x40 {
                inMention = true
                continue
            }
            if isPythonSpace(c) {
                pendingSpace = out.count > base
                continue
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            appendUTF8(c, to: &out)
        }
    }

    @inline(__always)
    static func appendUTF8(_ c: UInt32, to out: inout [UInt8]) {
        switch c {
        case 0 ..< 0x80:
            out.append(UInt8(c))
        case 0x80 ..< 0x800:
            out.append(UInt8(0xC0 | c >> 6))
            out.append(UInt8(0x80 | c & 0x3F))
        case 0x800 ..< 0x10000:
            out.append(UInt8(0xE0 | c >> 12))
            out.append(UInt8(0x80 | c >> 6 & 0x3F))
            out.append(UInt8(0x80 | c & 0x3F))
        default:
            out.append(UInt8(0xF0 | c >> 18))
            out.append(UInt8(0x80 | c >> 12 & 0x3F))
            out.append(UInt8(0x80 | c >> 6 & 0x3F))
            out.append(UInt8(0x80 | c & 0x3F))
        }
    }

    /// CPython's `handle_capital_sigma`: `\p{cased}\p{case-ignorable}* Σ !(\p{case-ignorable}* \p{cased})`, with
    /// Python's properties.
    private static func finalSigma(_ s: [UInt32], _ i: Int) -> Bool {
        var j = i - 1
        while j >= 0 && PythonCaseTable.caseClass(s[j]) == .ignorable { j -= 1 }
        guard j >= 0 && PythonCaseTable.caseClass(s[j]) == .cased else { return false }
        j = i + 1
        while j < s.count && PythonCaseTable.caseClass(s[j]) == .ignorable { j += 1 }
        return j == s.count || PythonCaseTable.caseClass(s[j]) != .cased
    }
}

/// Reusable buffers for ``ToolkitText/normalise(utf8:into:scratch:)``.
struct ToolkitTextScratch {
    var scalars: [UInt32] = []
    var lowered: [UInt32] = []
}

/// Appends the scalar values of `bytes`, which must be valid UTF-8 (every caller's bytes were validated).
private func decodeValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt32]) {
    let n = bytes.count
    var i = 0
    while i < n {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 {
            out.append(b0)
            i += 1
        } else if b0 < 0xE0, i + 1 < n {
            out.append((b0 & 0x1F) << 6 | UInt32(bytes[i + 1]) & 0x3F)
            i += 2
        } else if b0 < 0xF0, i + 2 < n {
            out.append((b0 & 0x0F) << 12 | (UInt32(bytes[i + 1]) & 0x3F) << 6 | UInt32(bytes[i + 2]) & 0x3F)
            i += 3
        } else if i + 3 < n {
            out.append((b0 & 0x07) << 18 | (UInt32(bytes[i + 1]) & 0x3F) << 12 | (UInt32(bytes[i + 2]) & 0x3F) << 6
                | UInt32(bytes[i + 3]) & 0x3F)
            i += 4
        } else {
            out.append(0xFFFD)
            i += 1
        }
    }
}

extension PythonCaseTable {
    /// The case class CPython's Final_Sigma rule reads.
    enum CaseClass: UInt32 {
        case neither = 0, cased = 1, ignorable = 2
    }

    /// Python's class of code point `c`.
    static func caseClass(_ c: UInt32) -> CaseClass {
        let table = caseClassRanges
        var lo = 0, hi = table.count / 3
        // The last range whose start is <= c.
        while lo < hi {
            let mid = (lo + hi) / 2
            if table[3 * mid] <= c { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0, c <= table[3 * (lo - 1) + 1] else { return .neither }
        return CaseClass(rawValue: table[3 * (lo - 1) + 2]) ?? .neither
    }

    /// Appends Python's `chr(c).lower()` to `out`.
    static func appendLowercase(of c: UInt32, to out: inout [UInt32]) {
        let runs = lowerRuns
        var lo = 0, hi = runs.count / 4
        while lo < hi {
            let mid = (lo + hi) / 2
            if runs[4 * mid] <= c { lo = mid + 1 } else { hi = mid }
        }
        if lo > 0 {
            let r = 4 * (lo - 1)
            let start = runs[r], end = runs[r + 1], stride = runs[r + 2]
            if c <= end && (c - start) % stride == 0 {
                out.append(c &+ runs[r + 3])
                return
            }
        }
        var i = 0
        let multi = lowerMulti
        while i < multi.count {
            let n = Int(multi[i + 1])
            if multi[i] == c {
                out.append(contentsOf: multi[i + 2 ..< i + 2 + n])
                return
            }
            i += 2 + n
        }
        out.append(c)
    }
}

/// The Python whose case tables ``ToolkitText`` carries (for `--help` and docs).
public enum PythonCaseTableInfo {
    public static let pythonVersion = PythonCaseTable.pythonVersion
    public static let unicodeVersion = PythonCaseTable.unicodeVersion
}
