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
/// texts are equal (the toolkit compares length, adler32 and the text itself, which is plain equality).
///
/// Differences: the lowercase tables are Swift's Unicode version rather than Python's (they differ only for code
/// points added in newer Unicode versions).
public enum ToolkitText {
    /// Normalises `text` exactly as the toolkit's `message_preprocessor`.
    public static func normalise(_ text: String) -> String {
        let utf8 = text.utf8
        let isASCII = utf8.withContiguousStorageIfAvailable { buffer in buffer.allSatisfy { $0 < 0x80 } }
            ?? utf8.allSatisfy { $0 < 0x80 }
        return isASCII ? normaliseASCII(text) : normaliseUnicode(text)
    }

    private static func isRegexSpace(_ c: UInt32) -> Bool {
        switch c {
        case 0x09 ... 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000 ... 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    private static func isPythonSpace(_ c: UInt32) -> Bool {
        isRegexSpace(c) || (0x1C ... 0x1F).contains(c)
    }

    private static func normaliseASCII(_ text: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        var inMention = false
        var pendingSpace = false
        for b in text.utf8 {
            let c = UInt32(b)
            if inMention {
                if isRegexSpace(c) { inMention = false } else { continue }
            }
            if b == UInt8(ascii: "@") {
                inMention = true
                continue
            }
            if isPythonSpace(c) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func normaliseUnicode(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        // 1. str.lower(), with the Final_Sigma context evaluated on the original text.
        var lowered = [Unicode.Scalar]()
        lowered.reserveCapacity(scalars.count)
        for (i, s) in scalars.enumerated() {
            if s.value == 0x03A3 {
                lowered.append(finalSigma(scalars, i) ? "\u{03C2}" : "\u{03C3}")
            } else if s.value < 0x80 {
                let v = s.value
                lowered.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(v | 0x20)! : s)
            } else if (0x3000 ... 0x9FFF).contains(s.value) || (0xAC00 ... 0xD7A3).contains(s.value)
                || !s.properties.changesWhenLowercased {
                // CJK punctuation, kana, ideographs and Hangul have no case: skip the mapping's String.
                lowered.append(s)
            } else {
                lowered.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
            }
        }
        // 2. mention removal, 3. whitespace split and join.
        var out = String.UnicodeScalarView()
        var inMention = false
        var pendingSpace = false
        for s in lowered {
            if inMention {
                if isRegexSpace(s.value) { inMention = false } else { continue }
            }
            if s == "@" {
                inMention = true
                continue
            }
            if isPythonSpace(s.value) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(s)
        }
        return String(out)
    }

    /// CPython's `handle_capital_sigma`: `\p{cased}\p{case-ignorable}* Σ !(\p{case-ignorable}* \p{cased})`.
    private static func finalSigma(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        var j = i - 1
        while j >= 0 && s[j].properties.isCaseIgnorable { j -= 1 }
        guard j >= 0 && s[j].properties.isCased else { return false }
        j = i + 1
        while j < s.count && s[j].properties.isCaseIgnorable { j += 1 }
        return j == s.count || !s[j].properties.isCased
    }
}
