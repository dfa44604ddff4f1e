import CIBStatistics
import Testing

@testable import CIBGenerator

@Suite struct HeadlineVariantTests {
    /// The scalar-level typo as first written (on an array of Unicode scalars): the oracle for the in-place byte
    /// version, which must draw the same numbers and make the same edits.
    private static func scalarTypo(_ s: String, _ rng: RandomStream) -> String {
        var chars = Array(s.unicodeScalars)
        guard chars.count > 4 else { return s }
        for _ in 0 ..< 1 + rng.uniformInt(2) {
            let i = 1 + rng.uniformInt(chars.count - 2)
            switch rng.uniformInt(3) {
            case 0: chars.swapAt(i, i + 1)
            case 1: chars.remove(at: i)
            default: chars.insert(chars[i], at: i)
            }
        }
        var out = ""
        out.unicodeScalars.append(contentsOf: chars)
        return out
    }

    @Test(arguments: ["美国的谎言被揭穿了，真相就在眼前", "Ελλάδα και 中国: 真相 über alles", "台湾选举 2024 🇹🇼 真相"])
    func typoOnNonASCIITextEditsScalarsLikeTheScalarVersion(_ headline: String) {
        var changed = 0
        for seed in 0 ..< 400 as Range<UInt64> {
            var bytes = Array(headline.utf8)
            TextFactory.typo(&bytes, RandomStream(seed: seed, stream: 9))
            let expected = Self.scalarTypo(headline, RandomStream(seed: seed, stream: 9))
            #expect(String(validating: bytes, as: UTF8.self) == expected, "seed \(seed)")
            let scalars = headline.unicodeScalars.count, after = expected.unicodeScalars.count
            #expect(abs(after - scalars) <= 2, "seed \(seed): one or two edits change the length by at most 2")
            if expected != headline { changed += 1 }
        }
        // Swapping two equal neighbours is the only edit that changes nothing; these headlines have few of them.
        #expect(changed >= 380, "\(changed) of 400 variants differ from the headline")
    }

    @Test func shortNonASCIITextIsLeftAlone() {
        var bytes = Array("真相大白".utf8)
        TextFactory.typo(&bytes, RandomStream(seed: 1, stream: 9))
        #expect(bytes == Array("真相大白".utf8), "four scalars: too short to edit")
    }
}
