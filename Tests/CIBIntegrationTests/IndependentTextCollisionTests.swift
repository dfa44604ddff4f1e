import CIBDetectors
import CIBGenerator
import CIBModel
import Testing

/// Independently written honest texts must rarely be near-duplicates of each other as the near-duplicate detector
/// sees them (Jaccard of 4-byte shingles >= 0.7 after its normalisation, texts of >= 24 normalised bytes): when they
/// are, organic users who share different stories look like sprayers (docs/text-model.md, "Specifics").
/// scripts/text-model/collisions.py measures the same on 50,000 texts per language and kind.
@Suite struct IndependentTextCollisionTests {
    /// The detector's normalisation (MinHashLSH.normalise): ASCII letters lower-cased, other ASCII runs one space,
    /// non-ASCII bytes kept.
    static func normalisedLength(_ text: String) -> Int {
        var n = 0, pending = false
        for b in text.utf8 {
            let letterOrDigit = (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
            if b < 0x80 && !letterOrDigit {
                pending = n > 0
                continue
            }
            if pending { n += 1; pending = false }
            n += 1
        }
        return n
    }

    /// The share of `texts` (of at least 24 normalised bytes) that have a near-duplicate among the others.
    static func nearDuplicateShare(_ texts: [String]) -> (share: Double, considered: Int) {
        let long = texts.filter { normalisedLength($0) >= 24 }
        var table = StringTable()
        for t in long { _ = table.append(t) }
        var flagged = Set<Int32>()
        for (a, b, _) in nearDuplicatePairs(texts: table, threshold: 0.7, seed: 7, tasks: 2) {
            flagged.insert(a)
            flagged.insert(b)
        }
        return (Double(flagged.count) / Double(max(1, long.count)), long.count)
    }

    @Test func theMeasureFindsRepeatedTexts() {
        // The measure can fail: the same headlines written twice are all near-duplicates.
        let rows = TextSamples.collisionRows(seed: 3, count: 200, languages: ["en"], kinds: ["headline"]).map(\.text)
        #expect(Self.nearDuplicateShare(rows + rows).share == 1)
        let edited = rows.map { $0 + "!" }
        #expect(Self.nearDuplicateShare(rows + edited).share == 1, "one character more is still a near-duplicate")
    }

    @Test(arguments: TextSamples.languages)
    func independentHeadlinesRarelyCollide(_ language: String) {
        let rows = TextSamples.collisionRows(seed: 11, count: 3000, languages: [language], kinds: ["headline"])
        let (share, considered) = Self.nearDuplicateShare(rows.map(\.text))
        #expect(considered >= 2900, "\(language): \(considered) headlines of at least 24 normalised bytes")
        #expect(share <= 0.005, "\(language): \(share) of 3,000 independent headlines have a near-duplicate")
    }

    @Test(arguments: TextSamples.languages)
    func independentOrdinaryPostsRarelyCollide(_ language: String) {
        for kind in ["topic-post", "everyday"] {
            let rows = TextSamples.collisionRows(seed: 12, count: 2000, languages: [language], kinds: [kind])
            let (share, _) = Self.nearDuplicateShare(rows.map(\.text))
            #expect(share <= 0.005, "\(language) \(kind): \(share) of 2,000 independent posts have a near-duplicate")
        }
    }
}
