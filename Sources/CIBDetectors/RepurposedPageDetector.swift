public import CIBModel
internal import Foundation

/// A change point in a Page's language or topic mix: the bought-and-repurposed Page that switched abruptly from
/// Chinese commercial posts to English political content (Meta Q2 2023; kill-chain 0.9.9, acquiring and repurposing
/// accounts).
///
/// Each post of a Page or Group (as actor, or posted in its context) becomes one symbol: its language (or "none")
/// crossed with a topic from a small keyword lexicon (``TopicLexicon``): commercial or not (default), or
/// commercial / political / other. Political vocabulary is open-ended and fragile, commercial vocabulary (prices,
/// shipping, products) is not, so the default splits on commerce only. In time order, the detector finds the
/// single split that maximises the multinomial likelihood-ratio statistic
/// `G(τ) = 2 [ℓ(x₁…x_τ) + ℓ(x_τ₊₁…x_n) − ℓ(x₁…x_n)]`, with at least `min-segment` posts on each side — the
/// at-most-one-change test of Page (1954) and Hinkley (1970) for a categorical sequence, i.e. one step of binary
/// segmentation (Scott & Knott 1974; see Killick, Fearnhead & Eckley 2012 for PELT, its exact multi-change
/// counterpart). The whole scan costs O(n) per Page: moving one post across the split changes two terms of each
/// log-likelihood.
///
/// The score is the share of the Page's symbol entropy that the split explains, `U = I(segment; symbol) / H(symbol)`
/// in [0, 1] (1 = two pure, different segments; 0 = no change), damped by `min(1, G / min-statistic)` so short
/// noisy histories rank low. Flag: `U ≥ flag-threshold` and `G ≥ min-statistic`. Findings give the change date and
/// the dominant language/topic before and after; clusters group flagged Pages by that (before, after) pair.
public struct RepurposedPageDetector: Detector {
    public static let name = "repurposed-page"
    public static let summary = "A change point in a Page's language or topic mix (commercial to political)."
    public static let citation = """
        E. S. Page, "Continuous inspection schemes", Biometrika 41 (1954); D. V. Hinkley, "Inference about the \
        change-point in a sequence of random variables", Biometrika 57 (1970); R. Killick, P. Fearnhead, I. Eckley, \
        "Optimal detection of changepoints with a linear computational cost", JASA 107 (2012); Meta, Adversarial \
        Threat Report Q2 2023 (repurposed Pages).
        """
    public static let parameters: [ParameterSpec] = [
        ParameterSpec(
            "min-segment", "Fewest posts on each side of a change", default: 3, unit: .count, range: 1 ... 1e9,
            integer: true),
        ParameterSpec(
            "min-statistic", "Likelihood-ratio statistic G a change needs to be flagged (also the damping scale)",
            default: 10, range: 0.001 ... 1e12),
        ParameterSpec(
            "flag-threshold", "Flag when the split explains at least this share of the symbol entropy",
            default: 0.5, unit: .fraction, range: 0 ... 1),
        ParameterSpec(
            "use-topics",
            "0: symbols are languages only; 1: language × commercial or not; 2: language × commercial/political/other",
            default: 1, range: 0 ... 2, integer: true),
    ]

    let minSegment: Int
    let minStatistic: Double
    let flagThreshold: Double
    /// 1 (languages only), 2 (commercial or not) or 3 (commercial, political, other) topics per language.
    let topicCount: Int

    public init(parameters: ParameterValues) throws(DetectorError) {
        minSegment = parameters.int("min-segment")
        minStatistic = parameters["min-statistic"]
        flagThreshold = parameters["flag-threshold"]
        topicCount = parameters.int("use-topics") + 1
    }

    /// The best single change of one Page.
    struct Change {
        var index: Int
        var statistic: Double
        var explained: Double
    }

    public func run(on data: ObservableDataset, context: DetectorContext) throws(DetectorError) -> DetectorOutput {
        let n = data.entities.count
        var scores = EntityScores(detector: Self.name, count: n)
        let kinds = data.entities.kind
        var pageIndex = [Int32](repeating: -1, count: n)
        var pages: [Int32] = []
        for e in 0 ..< n where kinds[e] != .account {
            pageIndex[e] = Int32(pages.count)
            pages.append(Int32(e))
        }
        guard !pages.isEmpty else { return DetectorOutput(scores: scores) }

        // Posts grouped by Page, in time order (the counting sort keeps event order).
        let events = data.events
        var sources: [Int32] = []
        var postIDs: [Int32] = []
        for i in 0 ..< events.count where events.action[i] == .post {
            var page = pageIndex[Int(events.actor[i])]
            if page < 0, events.context[i] >= 0 { page = pageIndex[Int(events.context[i])] }
            if page >= 0 {
                sources.append(page)
                postIDs.append(Int32(i))
            }
        }
        let posts = CSRGraph(rowCount: pages.count, sources: sources, targets: postIDs)

        // Symbols: language (languages.count = none) × topic.
        let languageSlots = data.languages.count + 1
        let symbolCount = languageSlots * topicCount
        let lexicon = TopicLexicon()
        var topicOfText = [Int8](repeating: -1, count: topicCount > 1 ? data.texts.count : 0)
        var symbols = [Int32](repeating: 0, count: posts.edgeCount)
        for e in 0 ..< posts.edgeCount {
            let event = Int(posts.targets[e])
            let language = events.language[event]
            let slot = language == EventTable.noLanguage || Int(language) >= data.languages.count ? data.languages.count : Int(language)
            var topic = 0
            if topicCount > 1, events.text[event] >= 0 {
                let text = Int(events.text[event])
                if topicOfText[text] < 0 { topicOfText[text] = Int8(lexicon.topic(of: data.texts, text).rawValue) }
                // Topic codes: 0 other, 1 commercial, 2 political; with two topics political folds into other.
                topic = Int(topicOfText[text])
                if topicCount == 2, topic == 2 { topic = 0 }
            }
            symbols[e] = Int32(slot * topicCount + topic)
        }

        var total = [Int](repeating: 0, count: symbolCount)
        var left = [Int](repeating: 0, count: symbolCount)
        var flagged: [(page: Int32, before: Int, after: Int, time: Timestamp, summary: String)] = []
        for p in 0 ..< pages.count {
            let range = posts.range(of: p)
            guard range.count >= 2 * minSegment else { continue }
            guard let change = Self.bestChange(
                symbols: symbols[range], minSegment: minSegment, total: &total, left: &left)
            else { continue }
            let damping = min(1, change.statistic / minStatistic)
            let score = change.explained * damping
            let entity = pages[p]
            scores.score[Int(entity)] = score
            if change.explained >= flagThreshold, change.statistic >= minStatistic {
                let split = range.lowerBound + change.index
                let before = Self.dominant(symbols[range.lowerBound ..< split], count: symbolCount, scratch: &left)
                let after = Self.dominant(symbols[split ..< range.upperBound], count: symbolCount, scratch: &left)
                let time = events.time[Int(posts.targets[split])]
                flagged.append((
                    entity, before.symbol, after.symbol, time,
                    "entity \(entity): \(change.index) posts mostly \(describe(before.symbol, data: data, topics: topicCount)) "
                        + "(\(AudienceMismatchDetector.percent(before.share))) then \(range.count - change.index) mostly "
                        + "\(describe(after.symbol, data: data, topics: topicCount)) (\(AudienceMismatchDetector.percent(after.share))) "
                        + "from \(CivilDate.format(time)); G = \(Int(change.statistic.rounded()))"
                ))
            }
        }

        var cluster = [Int32](repeating: noReference, count: n)
        var keys: [[Int]] = []
        var groups: [[Int]] = []
        for (i, f) in flagged.enumerated() {
            scores.flag[Int(f.page)] = true
            let key = [f.before, f.after]
            var id = keys.firstIndex(of: key) ?? -1
            if id < 0 {
                id = keys.count
                keys.append(key)
                groups.append([])
            }
            cluster[Int(f.page)] = Int32(id)
            groups[id].append(i)
        }
        scores.cluster = cluster
        var findings: [Finding] = []
        for id in keys.indices {
            let times = groups[id].map { flagged[$0].time }
            let examples = groups[id].prefix(3).map { flagged[$0].summary }.joined(separator: "; ")
            findings.append(Finding(
                cluster: Int32(id), size: groups[id].count,
                summary: "\(groups[id].count) Pages switched from \(describe(keys[id][0], data: data, topics: topicCount)) to "
                    + "\(describe(keys[id][1], data: data, topics: topicCount)) between \(CivilDate.format(times.min() ?? 0)) and "
                    + "\(CivilDate.format(times.max() ?? 0)): \(examples)"))
        }
        context.progress("\(Self.name): \(flagged.count) of \(pages.count) Pages and Groups flagged")
        return DetectorOutput(scores: scores, findings: findings)
    }

    /// The split maximising the likelihood-ratio statistic, or `nil` when the sequence has a single symbol.
    /// `total` and `left` are zeroed scratch buffers of the symbol count; they are zero again on return.
    static func bestChange(symbols: ArraySlice<Int32>, minSegment: Int, total: inout [Int], left: inout [Int]) -> Change? {
        let n = symbols.count
        for s in symbols { total[Int(s)] += 1 }
        var sumTotal = 0.0
        for c in total where c > 0 { sumTotal += xlogx(c) }
        let loglik0 = sumTotal - xlogx(n)
        var best: Change?
        var bestGain = -Double.infinity
        if loglik0 < -1e-12 {
            var sumLeft = 0.0
            var sumRight = sumTotal
            var tau = 0
            for s in symbols {
                let k = Int(s)
                let a = left[k]
                let b = total[k] - a
                sumLeft += xlogx(a + 1) - xlogx(a)
                sumRight += xlogx(b - 1) - xlogx(b)
                left[k] = a + 1
                tau += 1
                guard tau >= minSegment, n - tau >= minSegment else { continue }
                let gain = sumLeft - xlogx(tau) + sumRight - xlogx(n - tau) - loglik0
                if gain > bestGain + 1e-12 {
                    bestGain = gain
                    best = Change(index: tau, statistic: 2 * gain, explained: min(1, max(0, gain / -loglik0)))
                }
            }
        }
        for s in symbols {
            total[Int(s)] = 0
            left[Int(s)] = 0
        }
        return best
    }

    /// The most frequent symbol of a segment and its share; `scratch` is zeroed on entry and on return.
    static func dominant(_ symbols: ArraySlice<Int32>, count: Int, scratch: inout [Int]) -> (symbol: Int, share: Double) {
        var best = 0
        for s in symbols {
            scratch[Int(s)] += 1
            let k = Int(s)
            if scratch[k] > scratch[best] || (scratch[k] == scratch[best] && k < best) { best = k }
        }
        let share = symbols.isEmpty ? 0 : Double(scratch[best]) / Double(symbols.count)
        for s in symbols { scratch[Int(s)] = 0 }
        return (best, share)
    }

    @inline(__always)
    static func xlogx(_ x: Int) -> Double { x > 0 ? Double(x) * log(Double(x)) : 0 }

    private func describe(_ symbol: Int, data: ObservableDataset, topics: Int) -> String {
        let slot = symbol / topics
        let language = slot < data.languages.count ? data.languages[slot] : "no language"
        switch (topics, symbol % topics) {
        case (1, _): return language
        case (_, 1): return "\(language)/commercial"
        case (3, 2): return "\(language)/political"
        case (2, _): return "\(language)/non-commercial"
        default: return "\(language)/other"
        }
    }
}
