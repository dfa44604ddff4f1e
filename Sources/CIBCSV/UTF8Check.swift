/// Strict UTF-8 validation of byte ranges, as Python's `utf-8` codec decodes (Unicode's Table 3-7 of well-formed byte
/// sequences: no overlong forms, no surrogates, nothing above U+10FFFF), eight ASCII bytes at a time.
public enum UTF8Check {
    /// The offset of the first byte of `from ..< to` that starts an ill-formed sequence, or nil if the range is valid.
    public static func firstInvalid(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        let raw = UnsafeRawPointer(base)
        var i = from
        while i < to {
            // Skip ASCII a word at a time.
            while i + 8 <= to && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
            guard i < to else { break }
            let b0 = base[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            func continuation(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
                i + k < to && base[i + k] >= lo && base[i + k] <= hi
            }
            switch b0 {
            case 0xC2 ... 0xDF:
                guard continuation(1) else { return i }
                i += 2
            case 0xE0:
                guard continuation(1, 0xA0), continuation(2) else { return i }
                i += 3
            case 0xE1 ... 0xEC, 0xEE ... 0xEF:
                guard continuation(1), continuation(2) else { return i }
                i += 3
            case 0xED:
                guard continuation(1, 0x80, 0x9F), continuation(2) else { return i }
                i += 3
            case 0xF0:
                guard continuation(1, 0x90), continuation(2), continuation(3) else { return i }
                i += 4
            case 0xF1 ... 0xF3:
                guard continuation(1), continuation(2), continuation(3) else { return i }
                i += 4
            case 0xF4:
                guard continuation(1, 0x80, 0x8F), continuation(2), continuation(3) else { return i }
                i += 4
            default:
                return i
            }
        }
        return nil
    }

    /// Whether every byte of `bytes` is ASCII.
    @inline(__always)
    public static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let n = bytes.count
        var i = 0
        var bits: UInt64 = 0
        while i + 8 <= n {
            bits |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        var tail: UInt8 = 0
        while i < n {
            tail |= base[i]
            i += 1
        }
        return bits & 0x8080_8080_8080_8080 == 0 && tail < 0x80
    }
}
