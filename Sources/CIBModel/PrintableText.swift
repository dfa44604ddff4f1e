/// Text from an input file made safe for a one-line error message: whatever bytes a damaged or hostile file holds,
/// what reaches the terminal is printable UTF-8 on one line, and short.
///
/// Bytes that are not valid UTF-8 become `\xNN`; control characters (NUL, tab, line and paragraph breaks, escape
/// sequences, DEL and the C1 controls) become `\n`, `\r`, `\t` or `\u{NN}`; text longer than `limit` characters is
/// cut, with `…` and how much was left out. Backslashes are kept as they are, so cleaning a cleaned text
/// changes nothing.
public enum PrintableText {
    /// `bytes` (any bytes, e.g. a CSV field) as printable text of at most about `limit` characters.
    public static func quote<C: Collection>(_ bytes: C, limit: Int = 60) -> String where C.Element == UInt8 {
        let a = Array(bytes)
        var out = ""
        var kept = 0
        var i = 0
        while i < a.count, kept < limit {
            if let (scalar, length) = scalar(in: a, at: i) {
                out += escaped(scalar)
                i += length
            } else {
                out += "\\x" + hex(a[i])
                i += 1
            }
            kept += 1
        }
        if i < a.count { out += "… (\(a.count - i) more bytes)" }
        return out
    }

    /// The UTF-8 scalar starting at `a[i]` and its length in bytes, or nil when the bytes there are not valid UTF-8
    /// (a stray continuation byte, a truncated or overlong sequence, a surrogate, a value past U+10FFFF).
    private static func scalar(in a: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
        let b = a[i]
        let length: Int, minimum: UInt32
        var value: UInt32
        switch b {
        case 0x00 ..< 0x80: return (Unicode.Scalar(b), 1)
        case 0xC0 ..< 0xE0: length = 2; minimum = 0x80; value = UInt32(b & 0x1F)
        case 0xE0 ..< 0xF0: length = 3; minimum = 0x800; value = UInt32(b & 0x0F)
        case 0xF0 ..< 0xF8: length = 4; minimum = 0x10000; value = UInt32(b & 0x07)
        default: return nil
        }
        guard i + length <= a.count else { return nil }
        for k in 1 ..< length {
            let c = a[i + k]
            guard c & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(c & 0x3F)
        }
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    /// `text` on one line, printable, at most about `limit` characters.
    public static func clean(_ text: String, limit: Int = 2000) -> String {
        if text.utf8.count <= limit, !text.unicodeScalars.contains(where: needsEscape) { return text }
        var out = ""
        var kept = 0
        var total = 0
        for scalar in text.unicodeScalars {
            total += 1
            if kept < limit { out += escaped(scalar); kept += 1 }
        }
        if total > kept { out += "… (\(total - kept) more)" }
        return out
    }

    /// Whether `scalar` cannot be shown as itself on one line of a terminal.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00 ..< 0x20, 0x7F ..< 0xA0, 0x2028, 0x2029, 0xFEFF, 0xFFFD: true
        case 0x200B ... 0x200F, 0x202A ... 0x202E, 0x2066 ... 0x2069: true  // zero-width and bidirectional controls
        default: false
        }
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        guard needsEscape(scalar) else { return String(scalar) }
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default: return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }

    private static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String(digits[Int(b >> 4)]) + String(digits[Int(b & 15)])
    }
}
