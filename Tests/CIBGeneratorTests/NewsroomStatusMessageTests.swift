import CIBModel
import CIBScenario
import CIBStatistics
import CIBTruth
import Foundation
import Testing

@testable import CIBGenerator

/// Outlets' status messages (`hardNegatives.newsrooms.statusMessageShare`, TextFactory+Status.swift): a share of the
/// newsroom posts carry the desk's own message — teaser, question, quote, call to action — before or instead of the
/// headline, in the outlet's language, always with the story's link; the headline stays the story's (link card,
/// sharers, the campaign's amplification). On the smoke world with more outlets, in en, zh, ja and es.
@Suite struct NewsroomStatusMessageTests {
    /// The smoke scenario with 40 outlets in Taiwan, the US (half of them writing Spanish), Japan and Hong Kong.
    static func scenario(share: Double) -> Scenario {
        var s = smokeScenario
        s.hardNegatives.newsrooms.count = 40
        s.hardNegatives.newsrooms.headlinesPerDay = 4
        s.hardNegatives.newsrooms.regions = ["TW": 0.3, "US": 0.3, "JP": 0.2, "HK": 0.2]
        s.hardNegatives.newsrooms.statusMessageShare = share
        if let us = s.regions.firstIndex(where: { $0.name == "US" }) { s.regions[us].languages = ["en": 0.5, "es": 0.5] }
        return s
    }

    static func plan(_ s: Scenario) -> WorldPlan { WorldPlan(scenario: s, seed: s.seed, scale: 1, tasks: 2) }

    static func text(_ p: WorldPlan, _ id: Int32) -> String { p.sharedTexts.withUTF8(Int(id)) { String(decoding: $0, as: UTF8.self) } }

    @Test func aboutTheConfiguredShareOfPostsInEachLanguageCarryAStatusMessage() throws {
        let share = 0.25
        let p = Self.plan(Self.scenario(share: share))
        var posts: [String: (status: Int, all: Int)] = [:]
        for item in p.newsFeed {
            let code = p.vocab.codes[Int(p.outlets[Int(item.outlet)].language)]
            posts[code, default: (0, 0)].all += 1
            if item.post != item.text { posts[code, default: (0, 0)].status += 1 }
        }
        for code in ["en", "zh", "ja", "es"] {
            let (status, all) = try #require(posts[code], "no outlet writes \(code)")
            #expect(all >= 150, "\(code): \(all) posts")
            let rate = Double(status) / Double(all)
            // Binomial: 4.5 standard deviations at 150 posts.
            #expect(abs(rate - share) < 0.16, "\(code): \(status) of \(all) posts carry a status message")
        }
        let all = posts.values.reduce(0) { $0 + $1.all }, status = posts.values.reduce(0) { $0 + $1.status }
        #expect(abs(Double(status) / Double(all) - share) < 0.05, "\(status) of \(all) posts")
    }

    @Test func statusMessagesAreInTheOutletsLanguageAndVoiceWithTheHeadlineKeptForTheLinkCard() throws {
        let p = Self.plan(Self.scenario(share: 0.5))
        var forms = (alone: 0, withHeadline: 0), emoji = 0, questions = 0
        for item in p.newsFeed where item.post != item.text {
            let post = Self.text(p, item.post), headline = Self.text(p, item.text)
            #expect(!post.isEmpty && post != headline)
            if post.contains(headline) { forms.withHeadline += 1 } else { forms.alone += 1 }
            if post.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation }) { emoji += 1 }
            if post.contains("?") || post.contains("？") { questions += 1 }
            let code = p.vocab.codes[Int(p.outlets[Int(item.outlet)].language)]
            // A message that stands alone is in the outlet's script (with the headline, the lead may be a call to
            // action such as "👉" or "【LIVE】", and the headline may be in another script: some state-media
            // headlines the campaign amplified were Japanese).
            guard !post.contains(headline) else { continue }
            let cjk = post.unicodeScalars.contains { (0x3040 ... 0x9FFF).contains($0.value) }
            let kana = post.unicodeScalars.contains { (0x3040 ... 0x30FF).contains($0.value) }
            switch code {
            case "zh": #expect(cjk && !kana, "zh: \(post)")
            case "ja": #expect(cjk, "ja: \(post)")
            case "en", "es": #expect(!cjk, "\(code): \(post)")
            default: break
            }
        }
        let total = forms.alone + forms.withHeadline
        #expect(total > 500)
        // StatusLayout: half alone (the headline on the link card), half with the headline after a lead or message.
        #expect(abs(Double(forms.alone) / Double(total) - TextFactory.StatusLayout.alone) < 0.08, "\(forms)")
        #expect(Double(emoji) > 0.2 * Double(total), "emoji in \(emoji) of \(total)")
        #expect(Double(questions) > 0.05 * Double(total), "questions in \(questions) of \(total)")
    }

    @Test func everyNewsroomPostKeepsItsLinkAndTheOutletsPostIsWhatTheWorldShows() throws {
        let s = Self.scenario(share: 0.25)
        let w = try WorldGenerator(scenario: s, tasks: 2).generate()
        let d = w.observable
        let p = Self.plan(s)
        let posts = Set(p.newsFeed.map { Self.text(p, $0.post) })
        var n = 0, status = 0
        let headlines = Set(p.newsFeed.map { Self.text(p, $0.text) })
        for e in 0 ..< d.events.count where w.truth.entityClass[Int(d.events.actor[e])] == .newsroom && d.events.action[e] == .post {
            n += 1
            #expect(d.events.url[e] != noReference, "newsroom post \(e) without its link")
            let text = d.texts[Int(d.events.text[e])]
            #expect(posts.contains(text), "newsroom post \(e): \(text)")
            if !headlines.contains(text) { status += 1 }
        }
        #expect(n > 1000)
        #expect(Double(status) > 0.15 * Double(n) && Double(status) < 0.35 * Double(n), "\(status) of \(n) posts are status messages")
    }

    @Test func atZeroOutletsPostTheBareHeadline() throws {
        let p = Self.plan(Self.scenario(share: 0))
        #expect(!p.newsFeed.isEmpty)
        #expect(p.newsFeed.allSatisfy { $0.post == $0.text })
        // The share touches nothing but the posts: the same stories, links and times.
        let q = Self.plan(Self.scenario(share: 0.25))
        #expect(p.newsFeed.count == q.newsFeed.count)
        #expect(zip(p.newsFeed, q.newsFeed).allSatisfy { $0.time == $1.time && $0.outlet == $1.outlet && $0.topic == $1.topic && Self.text(p, $0.text) == Self.text(q, $1.text) })
    }

    /// Verbs of saying per language; a real headline has at most one speaker ("…, Mariah Mistry says, Shirley Brandt
    /// says" and "…、東京で田中が発表（…）" after "…を発表" were possible before).
    @Test(arguments: [
        ("en", #"\b(says|said|say)\b"#),
        ("es", #"\b(dice|afirma|asegura|informa|explica|advierte|critica)\b"#),
        // A speaker and its verb (が発表, と表明) or its quote (氏「…」); 【解説】 is a label, 図書館を発表 the story's own verb.
        ("ja", #"が(明らかに|発表|説明|指摘|報告|解説)|と(発言|表明)|(記者|氏|さん)「"#),
    ])
    func headlinesCarryAtMostOneAttribution(language: String, pattern: String) {
        let v = TextFactory.Vocabulary(languages: [language])
        let rng = RandomStream(seed: 21, stream: 0)
        var table = StringTable()
        let says = try! NSRegularExpression(pattern: pattern)
        var doubled: [String] = []
        for k in 0 ..< 20_000 {
            let topic = 1 + k % (TextTopics.count - 1)
            let i = TextFactory.newsHeadline(v, language: 0, topic: topic, rng, into: &table)
            let h = table.withUTF8(Int(i)) { String(decoding: $0, as: UTF8.self) }
            if says.numberOfMatches(in: h, range: NSRange(h.startIndex..., in: h)) > 1 { doubled.append(h) }
        }
        #expect(doubled.isEmpty, "\(language): \(doubled.count) headlines with two attributions, e.g. \(doubled.prefix(3))")
    }
}

@Test func textSamplesIncludeOutletsStatusMessages() {
    let rows = TextSamples.rows(seed: 11, count: 400)
    let status = rows.filter { $0.writer == "newsroom" && $0.kind == "status" }
    // Four of the eight sample languages have status templates: about half of 400.
    #expect(status.count > 120 && status.count < 280, "\(status.count) status messages")
    #expect(Set(status.map(\.language)) == ["en", "zh", "ja", "es"])
    #expect(status.allSatisfy { !$0.text.isEmpty })
}
