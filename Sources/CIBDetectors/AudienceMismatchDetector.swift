public import CIBModel

/// Page follower countries against the Page's posting languages and the regions those languages address, plus the
/// marks of a follower farm.
///
/// Meta's Q2 2023 Adversarial Threat Report says Spamouflage's Pages were likely bought from spam operators with
/// built-in inauthentic followers, primarily from Vietnam, Bangladesh and Brazil — outside the regions the Pages
/// addressed (kill-chain code 7.2.2, acquiring Page followers). This detector measures that mismatch:
///
/// 1. **Which countries a language addresses** is learned from the data, smoothed by a built-in prior: for each
///    language `L`, `P(c | L) = (w(L, c) + α · prior_L(c)) / (w(L) + α)`, where `w(L, c)` counts the distinct
///    *accounts* of country `c` writing in `L` (posts and replies), `α` is `prior-writers`, and `prior_L` is uniform
///    over the countries where `L` is mainly spoken (``LanguageRegions``; uniform over all countries for a language
///    it does not know). A language hardly anyone writes in (a spam Page's Vietnamese ads) thus still addresses
///    Vietnam, not the whole world.
/// 2. **A Page's addressed regions**: its language mix `π(L)` (share of its posts — as actor or in its context — in
///    each language) gives each country an affinity `a(c) = Σ_L π(L) P(c | L)`. A Page that never posted with a
///    language is not scored (nothing says whom it addresses).
/// 3. A follower is **mismatched** when `a(country) < min-affinity`. The mismatch share is
///    `m = mismatched / (followers + prior-followers)` (the prior shrinks small Pages towards 0).
/// 4. **Farm evidence** among the mismatched followers, each in [0, 1]: the share held by their three largest
///    countries (farms are concentrated), the share that never acted, and the share created on a UTC day on which at
///    least `batch-minimum` of this Page's mismatched followers were created (batch creation).
///    `farm = mean of the three`.
/// 5. `score = m · (0.5 + 0.5 · farm)` for Pages and Groups; accounts score 0 (the data has no Page-admin links).
///    Flag: `score ≥ flag-threshold` and at least `min-followers` followers.
///
/// Clusters group flagged Pages by the set of their top mismatched countries (the same farm market).
///
/// Known behaviour, by design: commercial spam Pages with bought foreign followers that never join a campaign are
/// flagged too — they have exactly the audience this detector looks for. Evaluation reports them as false positives
/// of this detector; fusion with the other signals is what separates them.
public struct AudienceMismatchDetector: Detector {
    public static let name = "audience-mismatch"
    public static let summary = "Page follower countries against the Page's language and addressed regions."
    public static let citation = """
        Meta, Adversarial Threat Report Q2 2023 (Spamouflage: bought Pages with followers from Vietnam, Bangladesh \
        and Brazil; kill-chain 7.2.2); follower-farm signals after Cresci et al., "Fame for sale: efficient detection \
        of fake Twitter followers", Decision Support Systems 80 (2015).
        """
    public static let parameters: [ParameterSpec] = [
        ParameterSpec(
            "min-affinity", "A follower country addressed by less than this share of the Page's language writers is a mismatch",
            default: 0.01, unit: .fraction, range: 0 ... 1),
        ParameterSpec(
            "prior-writers", "Pseudo-count of writers spread over a language's built-in home countries",
            default: 20, unit: .count, range: 0 ... 1e9),
        ParameterSpec(
            "prior-followers", "Pseudo-count of matched followers added to every Page (shrinks small Pages to 0)",
            default: 10, unit: .count, range: 0 ... 1e9),
        ParameterSpec(
            "batch-minimum", "Mismatched followers created on one UTC day that make a creation batch",
            default: 5, unit: .count, range: 2 ... 1e9, integer: true),
        ParameterSpec(
            "min-followers", "Pages with fewer followers are never flagged",
            default: 20, unit: .count, range: 0 ... 1e9, integer: true),
        ParameterSpec("flag-threshold", "Flag Pages scoring at least this", default: 0.3, unit: .fraction, range: 0 ... 1),
    ]

    let minAffinity: Double
    let priorWriters: Double
    let priorFollowers: Double
    let batchMinimum: Int
    let minFollowers: Int
    let flagThreshold: Double

    public init(parameters: ParameterValues) throws(DetectorError) {
        minAffinity = parameters["min-affinity"]
        priorWriters = parameters["prior-writers"]
        priorFollowers = parameters["prior-followers"]
        batchMinimum = parameters.int("batch-minimum")
        minFollowers = parameters.int("min-followers")
        flagThreshold = parameters["flag-threshold"]
    }

    public func run(on data: ObservableDataset, context: DetectorContext) throws(DetectorError) -> DetectorOutput {
        let n = data.entities.count
        let countryCount = data.countries.count
        let languageCount = data.languages.count
        var scores = EntityScores(detector: Self.name, count: n)
        guard n > 0, countryCount > 0 else { return DetectorOutput(scores: scores) }
        let kinds = data.entities.kind
        let entityCountry = data.entities.country

        // Compact index of the Pages and Groups.
        var pageIndex = [Int32](repeating: -1, count: n)
        var pages: [Int32] = []
        for e in 0 ..< n where kinds[e] != .account {
            pageIndex[e] = Int32(pages.count)
            pages.append(Int32(e))
        }
        guard !pages.isEmpty else { return DetectorOutput(scores: scores) }

        // 1. P(c | L) from distinct account writers, and who ever acted; 2. each Page's language counts.
        let languageAffinity = Self.languageAffinity(
            data: data, priorWriters: priorWriters, countryCount: countryCount, languageCount: languageCount)
        var acted = [Bool](repeating: false, count: n)
        var pageLanguageCounts = [Int32](repeating: 0, count: pages.count * max(languageCount, 1))
        let events = data.events
        for i in 0 ..< events.count {
            let actor = Int(events.actor[i])
            acted[actor] = true
            guard events.action[i] == .post else { continue }
            let language = events.language[i]
            guard language != EventTable.noLanguage, Int(language) < languageCount else { continue }
            var page = pageIndex[actor]
            if page < 0, events.context[i] >= 0 { page = pageIndex[Int(events.context[i])] }
            if page >= 0 { pageLanguageCounts[Int(page) * languageCount + Int(language)] += 1 }
        }

        // Followers grouped by followed Page.
        var followSources: [Int32] = []
        var followTargets: [Int32] = []
        for i in 0 ..< data.follows.count {
            let page = pageIndex[Int(data.follows.followee[i])]
            if page >= 0 {
                followSources.append(page)
                followTargets.append(data.follows.follower[i])
            }
        }
        let followers = CSRGraph(rowCount: pages.count, sources: followSources, targets: followTargets)

        // Per Page scratch, reset after use.
        var affinity = [Double](repeating: 0, count: countryCount)
        var mismatchedByCountry = [Int](repeating: 0, count: countryCount)
        var touchedCountries: [Int] = []
        var creationDays: [Int64] = []
        var flagged: [(page: Int32, signature: [Int], summary: String)] = []

        for (p, entity) in pages.enumerated() {
            let range = followers.range(of: p)
            let followerCount = range.count
            if followerCount == 0 { continue }
            // Addressed regions.
            var posts = 0
            if languageCount > 0 {
                for l in 0 ..< languageCount { posts += Int(pageLanguageCounts[p * languageCount + l]) }
            }
            if posts == 0 { continue }
            for c in 0 ..< countryCount { affinity[c] = 0 }
            for l in 0 ..< languageCount {
                let share = Double(pageLanguageCounts[p * languageCount + l]) / Double(posts)
                if share == 0 { continue }
                let base = l * countryCount
                for c in 0 ..< countryCount { affinity[c] += share * languageAffinity[base + c] }
            }
            // Followers.
            var mismatched = 0
            var inactive = 0
            creationDays.removeAll(keepingCapacity: true)
            for e in range {
                let follower = Int(followers.targets[e])
                let c = Int(entityCountry[follower])
                guard affinity[c] < minAffinity else { continue }
                mismatched += 1
                if mismatchedByCountry[c] == 0 { touchedCountries.append(c) }
                mismatchedByCountry[c] += 1
                if !acted[follower] { inactive += 1 }
                let created = data.entities.createdAt[follower]
                creationDays.append(created >= 0 ? created / 86_400 : (created - 86_399) / 86_400)
            }
            var score = 0.0
            var top: [(country: Int, count: Int)] = []
            if mismatched > 0 {
                // Three largest mismatched countries (ties: smaller country index).
                for c in touchedCountries {
                    top.append((c, mismatchedByCountry[c]))
                    top.sort { $0.count > $1.count || ($0.count == $1.count && $0.country < $1.country) }
                    if top.count > 3 { top.removeLast() }
                }
                let concentration = Double(top.reduce(0) { $0 + $1.count }) / Double(mismatched)
                let inactiveShare = Double(inactive) / Double(mismatched)
                creationDays.sort()
                var batched = 0
                var runStart = 0
                for i in 1 ... creationDays.count where i == creationDays.count || creationDays[i] != creationDays[runStart] {
                    if i - runStart >= batchMinimum { batched += i - runStart }
                    runStart = i
                }
                let batchShare = Double(batched) / Double(mismatched)
                let farm = (concentration + inactiveShare + batchShare) / 3
                let share = Double(mismatched) / (Double(followerCount) + priorFollowers)
                score = share * (0.5 + 0.5 * farm)
                if score >= flagThreshold, followerCount >= minFollowers {
                    let countries = top.map { "\(data.countries[$0.country]) \(Self.percent(Double($0.count) / Double(followerCount)))" }
                    let languages = Self.languageSummary(
                        counts: pageLanguageCounts, page: p, languageCount: languageCount, names: data.languages)
                    flagged.append((
                        entity, top.map(\.country).sorted(),
                        "\(followerCount) followers, \(Self.percent(Double(mismatched) / Double(followerCount))) outside the addressed regions "
                            + "(\(countries.joined(separator: ", "))); posts in \(languages); "
                            + "\(Self.percent(inactiveShare)) never acted, \(Self.percent(batchShare)) created in batches"
                    ))
                }
            }
            for c in touchedCountries { mismatchedByCountry[c] = 0 }
            touchedCountries.removeAll(keepingCapacity: true)
            scores.score[Int(entity)] = score
        }

        // Clusters: flagged Pages with the same top mismatched countries.
        var cluster = [Int32](repeating: noReference, count: n)
        var signatures: [[Int]] = []
        var members: [[Int32]] = []
        var summaries: [[String]] = []
        for f in flagged {
            scores.flag[Int(f.page)] = true
            var id = signatures.firstIndex(of: f.signature) ?? -1
            if id < 0 {
                id = signatures.count
                signatures.append(f.signature)
                members.append([])
                summaries.append([])
            }
            cluster[Int(f.page)] = Int32(id)
            members[id].append(f.page)
            summaries[id].append("entity \(f.page): \(f.summary)")
        }
        scores.cluster = cluster
        var findings: [Finding] = []
        for id in signatures.indices {
            let market = signatures[id].map { data.countries[$0] }.joined(separator: "/")
            let examples = summaries[id].prefix(3).joined(separator: "; ")
            findings.append(Finding(
                cluster: Int32(id), size: members[id].count,
                summary: "\(members[id].count) Pages with follower-farm market \(market): \(examples)"))
        }
        context.progress("\(Self.name): \(flagged.count) of \(pages.count) Pages and Groups flagged")
        return DetectorOutput(scores: scores, findings: findings)
    }

    /// `P(c | L)` flattened as `[L * countryCount + c]`.
    static func languageAffinity(data: ObservableDataset, priorWriters: Double, countryCount: Int, languageCount: Int) -> [Double] {
        guard languageCount > 0 else { return [] }
        let n = data.entities.count
        var seen = [UInt64](repeating: 0, count: (n * languageCount + 63) / 64)
        var counts = [Int](repeating: 0, count: languageCount * countryCount)
        var totals = [Int](repeating: 0, count: languageCount)
        let events = data.events
        for i in 0 ..< events.count {
            let action = events.action[i]
            guard action == .post || action == .reply else { continue }
            let language = events.language[i]
            guard language != EventTable.noLanguage, Int(language) < languageCount else { continue }
            let actor = Int(events.actor[i])
            guard data.entities.kind[actor] == .account else { continue }
            let bit = actor * languageCount + Int(language)
            let mask: UInt64 = 1 << UInt64(bit & 63)
            if seen[bit >> 6] & mask != 0 { continue }
            seen[bit >> 6] |= mask
            counts[Int(language) * countryCount + Int(data.entities.country[actor])] += 1
            totals[Int(language)] += 1
        }
        var affinity = [Double](repeating: 0, count: languageCount * countryCount)
        for l in 0 ..< languageCount {
            let prior = LanguageRegions.prior(language: data.languages[l], countries: data.countries)
            let denominator = Double(totals[l]) + priorWriters
            guard denominator > 0 else {
                for c in 0 ..< countryCount { affinity[l * countryCount + c] = prior[c] }
                continue
            }
            for c in 0 ..< countryCount {
                affinity[l * countryCount + c] = (Double(counts[l * countryCount + c]) + priorWriters * prior[c]) / denominator
            }
        }
        return affinity
    }

    static func languageSummary(counts: [Int32], page: Int, languageCount: Int, names: [String]) -> String {
        guard languageCount > 0 else { return "no language" }
        var slice: [(language: Int, count: Int)] = []
        var total = 0
        for l in 0 ..< languageCount {
            let c = Int(counts[page * languageCount + l])
            if c > 0 { slice.append((l, c)) }
            total += c
        }
        slice.sort { $0.count > $1.count || ($0.count == $1.count && $0.language < $1.language) }
        if total == 0 { return "no language" }
        return slice.prefix(3).map { "\(names[$0.language]) \(percent(Double($0.count) / Double(total)))" }
            .joined(separator: ", ")
    }

    static func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }
}
