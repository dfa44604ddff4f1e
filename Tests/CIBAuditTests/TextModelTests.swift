@testable import CIBAudit
import CIBEvaluation
import CIBStatistics
import Testing

@Suite struct TextModelTests {
    /// Random lower-case strings; positives carry the planted trigram "qzx" somewhere.
    static func texts(_ count: Int, seed: UInt64) -> (texts: [String], labels: [Bool]) {
        let rng = RandomStream(seed: seed, stream: 4)
        let letters = Array("abcdefghijklmnopqrstuvwy ")  // no 'x': the plant is the only source of "qzx"
        var texts = [String](), labels = [Bool]()
        for i in 0 ..< count {
            var text = String((0 ..< (30 + rng.uniformInt(30))).map { _ in letters[rng.uniformInt(letters.count)] })
            let positive = i % 2 == 0
            if positive {
                let at = text.index(text.startIndex, offsetBy: rng.uniformInt(text.count))
                text.insert(contentsOf: "QZX", at: at)  // upper case: the hasher lower-cases ASCII
            }
            texts.append(text)
            labels.append(positive)
        }
        return (texts, labels)
    }

    static func rows(_ texts: [String], _ hasher: CharacterNGrams) -> SparseRows {
        hasher.rows(count: texts.count) { i, body in
            var s = texts[i]
            s.withUTF8 { body($0) }
        }
    }

    @Test func hashedNGramsAreCountedAndNormalised() {
        let hasher = CharacterNGrams(minLength: 2, maxLength: 4, bits: 16)
        let rows = Self.rows(["abab", "李华李华", "a"], hasher)
        // "abab": ab, ba, ab | aba, bab | abab: 5 distinct n-grams, "ab" twice → norm √(4+1+1+1+1) = √8.
        let first = rows.offsets[0] ..< rows.offsets[1]
        #expect(first.count == 5)
        let values = rows.values[first].map { Double($0) }
        let squares: Double = values.map { $0 * $0 }.reduce(0, +)
        #expect(abs(squares - 1) < 1e-6)
        let twice: Double = 2 / 8.0.squareRoot()
        #expect(values.contains { abs($0 - twice) < 1e-6 })
        // Chinese characters are scalars like letters: the same 5-gram pattern.
        #expect(rows.offsets[2] - rows.offsets[1] == 5)
        // Too short for a 2-gram: an empty row.
        #expect(rows.offsets[3] == rows.offsets[2])
    }

    @Test func logisticRegressionRecoversAPlantedNGram() throws {
        let hasher = CharacterNGrams(bits: 14)
        let train = Self.texts(600, seed: 1), test = Self.texts(400, seed: 2)
        let one = try LogisticRegression.fit(rows: Self.rows(train.texts, hasher), labels: train.labels, lambda: 1e-3, tasks: 1)
        let two = try LogisticRegression.fit(rows: Self.rows(train.texts, hasher), labels: train.labels, lambda: 1e-3, tasks: 2)
        #expect(one == two)  // the same fit for any task count
        let auc = RankingCurves(scores: one.margins(Self.rows(test.texts, hasher)), labels: test.labels).auc.value
        #expect(auc > 0.97, "AUC \(auc)")
        // The planted trigram's column carries the largest weight.
        let planted = Self.rows(["qzx"], hasher)
        let column = Int(planted.indices[planted.offsets[0] ..< planted.offsets[1]].max { one.weights[Int($0)] < one.weights[Int($1)] }!)
        #expect(one.weights[column] == one.weights.max())
    }

    @Test func sharesFillEveryGroupUpToItsSize() {
        #expect(TextProbe.shares(10, available: [1, 5, 5]) == [1, 5, 4])
        #expect(TextProbe.shares(9, available: [3, 3, 3]) == [3, 3, 3])
        #expect(TextProbe.shares(100, available: [3, 0, 2]) == [3, 0, 2])
        #expect(TextProbe.shares(4, available: [10, 10]) == [2, 2])
    }
}
