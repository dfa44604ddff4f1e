import CIBModel
import CIBStatistics
import CIBTruth
import Testing

@testable import CIBGenerator

@Suite struct OrganicTextTests {
    @Test func zipfQuantilesFollowTheDistribution() {
        let n = TextFactory.lexiconSize
        let table = TextFactory.zipfQuantiles(count: n, exponent: 1)
        #expect(table.count == 65_536)
        #expect(zip(table, table.dropFirst()).allSatisfy { $0 <= $1 }, "ranks must not decrease with the quantile")
        #expect(Set(table).count == n, "every rank above 1/65,536 probability must get at least one slot")
        let harmonic = (1 ... n).reduce(0.0) { $0 + 1 / Double($1) }
        for rank in [0, 1, 9, 99] {
            let share = Double(table.filter { Int($0) == rank }.count) / 65_536
            #expect(abs(share - 1 / (Double(rank + 1) * harmonic)) <= 1.0 / 65_536 + 1e-12, "rank \(rank)")
        }
    }

    @Test func everyLanguageHasAFullLexiconOfDistinctWords() {
        let v = TextFactory().vocabulary(for: ["en", "zh", "ja", "vi"])
        for (language, lexicon) in v.lexicons.enumerated() {
            #expect(lexicon.count == TextFactory.lexiconSize)
            let words = Set((0 ..< lexicon.count).map { Array(lexicon.word($0)) })
            #expect(words.count == TextFactory.lexiconSize, "language \(language): \(words.count) distinct words")
            #expect(lexicon.maxWordBytes == words.map(\.count).max())
        }
    }

    @Test func lexiconsHoldTheLanguagesRepliesAndWriteTheVocabularysPosts() {
        let v = TextFactory().vocabulary(for: ["en", "zh", "ja", "vi"])
        #expect(v.lexicons.count == 4)
        for (code, lexicon) in zip(["en", "zh", "ja", "vi"], v.lexicons) {
            let replies = (TextFactory.replies[code] ?? TextFactory.replies["en"]!).map { Array($0.utf8) }
            #expect(lexicon.replyCount == replies.count && (0 ..< lexicon.replyCount).allSatisfy { Array(lexicon.reply($0)) == replies[$0] }, "\(code)")
            #expect(lexicon.spaced == (code == "en" || code == "vi"), "\(code)")
        }
        // A post written through the lexicon is the one written through the vocabulary.
        var viaVocabulary = StringTable(), viaLexicon = StringTable()
        _ = TextFactory.post(v, language: 1, words: 9, RandomStream(seed: 4, stream: 0), into: &viaVocabulary)
        _ = TextFactory.post(v.lexicons[1], words: 9, RandomStream(seed: 4, stream: 0), into: &viaLexicon)
        #expect(viaLexicon == viaVocabulary && viaLexicon.utf8Count(0) > 9)
    }

    @Test func organicPostsAndQuestionsAreVaried() {
        let w = smokeWorld
        let e = w.observable.events
        var posts = 0, questions = 0
        var distinctPosts = Set<String>(), distinctQuestions = Set<String>()
        for i in 0 ..< e.count where e.action[i] == .post && e.text[i] >= 0 && e.url[i] < 0
            && w.truth.entityClass[Int(e.actor[i])] == .organic {
            let text = w.observable.texts[Int(e.text[i])]
            if text.hasSuffix("?") || text.hasSuffix("？") {
                questions += 1
                distinctQuestions.insert(text)
            } else {
                posts += 1
                distinctPosts.insert(text)
            }
        }
        #expect(posts > 200 && questions > 5, "posts \(posts), questions \(questions)")
        #expect(Double(distinctPosts.count) >= 0.98 * Double(posts), "\(distinctPosts.count) distinct of \(posts) posts")
        #expect(Double(distinctQuestions.count) >= 0.9 * Double(questions), "\(distinctQuestions.count) distinct of \(questions) questions")
    }
}
