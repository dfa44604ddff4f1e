internal import CIBEvaluation
internal import CIBModel
internal import CIBStatistics
internal import CIBTruth

/// The text-only probe (issue 21): a logistic regression on hashed character 2–4-grams (``CharacterNGrams``,
/// ``LogisticRegression``) fitted on the train world's posts — campaign posts against all other posts — and scored
/// on the test world's posts, with the ROC AUC of campaign posts against each population that posts. A classifier
/// that finds the campaign by its wording alone would be useless on a platform, where honest users write about the
/// same stories: the benchmark's honest text must be on the same topics and in the same languages.
public enum TextProbe {
    /// Fits and scores. Training uses the first `textTrainPerSide` campaign posts of the train world's sample, and
    /// as many other posts shared equally among the populations that post (a population with fewer gives its share to
    /// the others), the two sides weighted equally; scoring uses the first `textTestPerGroup` posts of each population.
    static func run(train: AuditWorld, test: AuditWorld, settings: AuditSettings, tasks: Int) throws(StatisticsError) -> AuditReport.TextProbeResult? {
        let campaignKey = EntityClass.campaign.name, topicKey = AuditWorld.TextGroup.organicOnCampaignTopics
        guard let trainCampaign = train.texts.first(where: { $0.key == campaignKey }),
            let testCampaign = test.texts.first(where: { $0.key == campaignKey })
        else { return nil }
        let subgroups = AuditWorld.TextGroup.topicSubgroups
        let trainOthers = train.texts.filter { $0.key != campaignKey && !subgroups.contains($0.key) }
        guard !trainOthers.isEmpty else { return nil }
        let hasher = CharacterNGrams(bits: settings.textHashBits)

        // Training set.
        let positives = min(settings.textTrainPerSide, trainCampaign.texts.count)
        let quotas = shares(settings.textTrainPerSide, available: trainOthers.map(\.texts.count))
        var documents: [(group: Int, index: Int)] = (0 ..< positives).map { (-1, $0) }
        for (g, quota) in quotas.enumerated() { documents += (0 ..< quota).map { (g, $0) } }
        let negatives = documents.count - positives
        let rows = hasher.rows(count: documents.count) { i, body in
            let (g, k) = documents[i]
            (g < 0 ? trainCampaign.texts : trainOthers[g].texts).withUTF8(k, body)
        }
        let labels = documents.map { $0.group < 0 }
        let balance = negatives > 0 ? Double(positives) / Double(negatives) : 1
        let weights = labels.map { $0 ? 1 : balance }
        let model = try LogisticRegression.fit(rows: rows, labels: labels, sampleWeights: weights, lambda: settings.textLambda,
                                               maxIterations: settings.textIterations, tasks: tasks)

        // Scoring.
        func margins(_ group: AuditWorld.TextGroup, count: Int) -> [Double] {
            model.margins(hasher.rows(count: count) { i, body in group.texts.withUTF8(i, body) })
        }
        let campaignCount = min(settings.textTestPerGroup, testCampaign.texts.count)
        let campaignScores = margins(testCampaign, count: campaignCount)
        let testOthers = test.texts.filter { $0.key != campaignKey }
        var otherScores = [[Double]]()
        for group in testOthers { otherScores.append(margins(group, count: min(settings.textTestPerGroup, group.texts.count))) }

        var comparisons = [AuditReport.TextComparison]()
        func compare(_ name: String, _ others: [Double], total: Int, stream: UInt64) {
            let labels = [Bool](repeating: true, count: campaignScores.count) + [Bool](repeating: false, count: others.count)
            let summary = RankingBootstrap.summaries(
                columns: [campaignScores + others], labels: labels, replicates: settings.bootstrapReplicates,
                confidence: settings.confidence, seed: test.seed, stream: stream, tasks: tasks)[0]
            comparisons.append(AuditReport.TextComparison(
                against: name, auc: summary.auc, campaignPosts: campaignScores.count, otherPosts: others.count, otherTotal: total))
        }
        // All other posts: each population in proportion to its size (the same sampling rate for all of them).
        let populations = testOthers.indices.filter { !subgroups.contains(testOthers[$0].key) }
        let rate = populations.map { Double(otherScores[$0].count) / Double(testOthers[$0].total) }.min() ?? 0
        var pooled = [Double](), pooledTotal = 0
        for g in populations {
            pooled += otherScores[g].prefix(Int((Double(testOthers[g].total) * rate).rounded(.down)))
            pooledTotal += testOthers[g].total
        }
        compare("all other posts", pooled, total: pooledTotal, stream: 0x7465_7874)
        for (g, group) in testOthers.enumerated() {
            compare(group.key, otherScores[g], total: group.total, stream: 0x7465_7874 + 1 + UInt64(g))
        }
        var notes = [String]()
        if !test.texts.contains(where: { $0.key == topicKey }) {
            notes.append("organic posts on the topics of the campaign: not measured (the ground truth has no per-event topics)")
        }
        return AuditReport.TextProbeResult(
            trainCampaignPosts: positives, trainOtherPosts: negatives, iterations: model.iterations, converged: model.converged,
            comparisons: comparisons, notes: notes)
    }

    /// Splits `total` among groups with `available` items each: equal shares, a group with fewer items giving the
    /// rest of its share to the others (water filling).
    static func shares(_ total: Int, available: [Int]) -> [Int] {
        var quota = [Int](repeating: 0, count: available.count)
        var remaining = total
        var open = available.indices.filter { available[$0] > 0 }
        while remaining > 0, !open.isEmpty {
            let share = max(1, remaining / open.count)
            var next = [Int]()
            for g in open where remaining > 0 {
                let take = min(share, available[g] - quota[g], remaining)
                quota[g] += take
                remaining -= take
                if quota[g] < available[g] { next.append(g) }
            }
            open = next
        }
        return quota
    }
}
