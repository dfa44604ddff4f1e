internal import CIBEvaluation
internal import CIBTruth
internal import CIBStatistics

/// The single-feature part of the audit: each feature's ROC AUC for the campaign against the rest and against each
/// class of the test world, with bootstrap intervals; categorical features scored by their campaign rate in the train
/// world (``TargetEncoder``).
enum FeatureComparisons {
    /// The test world's feature columns as scores: numeric features as they are, categorical ones target-encoded
    /// with rates learnt on the train world.
    static func scoreColumns(train: AuditWorld, test: AuditWorld, smoothing: Double) -> [[Double]] {
        let labels = train.campaignLabels
        return AuditFeature.all.indices.map { f in
            guard AuditFeature.all[f].isCategorical else { return test.features.columns[f] }
            let encoder = TargetEncoder(codes: train.features.columns[f], names: train.features.categories[f], labels: labels,
                                        smoothing: smoothing)
            return encoder.encode(codes: test.features.columns[f], names: test.features.categories[f])
        }
    }

    /// The populations the campaign is compared with: `rest`, then every non-campaign class present.
    static func populations(_ test: AuditWorld) -> [(name: String, members: [Int32])] {
        var byClass = [EntityClass: [Int32]]()
        var rest = [Int32]()
        for (i, cls) in test.entityClass.enumerated() where cls != .campaign {
            byClass[cls, default: []].append(Int32(i))
            rest.append(Int32(i))
        }
        return [("rest", rest)] + EntityClass.allCases.compactMap { cls in
            byClass[cls].map { (cls.name, $0) }
        }
    }

    /// A uniform sample of at most `limit` of `members`, in ascending order, drawn from the stream `(seed, stream)`.
    static func sample(_ members: [Int32], limit: Int, seed: UInt64, stream: UInt64) -> [Int32] {
        guard members.count > limit else { return members }
        var pool = members
        let rng = RandomStream(seed: seed, stream: stream)
        for i in 0 ..< limit { pool.swapAt(i, i + rng.uniformInt(pool.count - i)) }
        return pool[..<limit].sorted()
    }

    static func run(
        train: AuditWorld, test: AuditWorld, settings: AuditSettings, tasks: Int
    ) -> (results: [AuditReport.FeatureResult], failures: [String], warnings: [String], sampled: Bool) {
        let scores = scoreColumns(train: train, test: test, smoothing: settings.targetSmoothing)
        let campaign = (0 ..< Int32(test.count)).filter { test.entityClass[Int($0)] == .campaign }
        let positives = sample(campaign, limit: settings.comparisonSampleLimit, seed: test.seed, stream: 0x6175_6469_7400)
        var sampled = positives.count < campaign.count
        let features = AuditFeature.all
        let kindColumn = features.firstIndex { $0.name == "kind" }!
        var comparisons = [[AuditReport.Comparison]](repeating: [], count: features.count)
        var failures = [String](), warnings = [String]()
        for (p, population) in populations(test).enumerated() {
            let negatives = sample(population.members, limit: settings.comparisonSampleLimit, seed: test.seed,
                                   stream: 0x6175_6469_7401 + UInt64(p))
            sampled = sampled || negatives.count < population.members.count
            let rows = positives + negatives
            let labels = rows.indices.map { $0 < positives.count }
            let columns = scores.map { column in rows.map { column[Int($0)] } }
            var summaries = RankingBootstrap.summaries(
                columns: columns, labels: labels, replicates: settings.bootstrapReplicates, confidence: settings.confidence,
                seed: test.seed, stream: 0x6175_6300 + UInt64(p), tasks: tasks)
            // Identity features within entity kind: a Page's name against Pages' names, an account's against
            // accounts' (kind is a feature of its own, reported on its line).
            let kinds = rows.map { Int(test.features.columns[kindColumn][Int($0)]) }
            let strata = Set(kinds).sorted()
            if strata.count > 1 {
                let identity = features.indices.filter { features[$0].isIdentity }
                var combined = [(value: Double, lower: Double, upper: Double, weight: Double)](repeating: (0, 0, 0, 0), count: features.count)
                for (k, kind) in strata.enumerated() {
                    let inStratum = rows.indices.filter { kinds[$0] == kind }
                    let pos = inStratum.filter { labels[$0] }.count, neg = inStratum.count - pos
                    guard pos > 0, neg > 0 else { continue }
                    let part = RankingBootstrap.summaries(
                        columns: identity.map { f in inStratum.map { columns[f][$0] } }, labels: inStratum.map { labels[$0] },
                        replicates: settings.bootstrapReplicates, confidence: settings.confidence, seed: test.seed,
                        stream: 0x6175_6400 + UInt64(p) << 8 + UInt64(k), tasks: tasks)
                    let w = Double(pos) * Double(neg)
                    for (j, f) in identity.enumerated() where part[j].auc.defined {
                        let a = part[j].auc
                        combined[f].value += w * a.value
                        combined[f].lower += w * (a.lower ?? a.value)
                        combined[f].upper += w * (a.upper ?? a.value)
                        combined[f].weight += w
                    }
                }
                for f in identity where combined[f].weight > 0 {
                    let c = combined[f], w = c.weight
                    summaries[f].auc = MetricValue(value: c.value / w, lower: c.lower / w, upper: c.upper / w)
                }
            }
            let large = campaign.count >= settings.minimumClassSize && population.members.count >= settings.minimumClassSize
            for (f, feature) in features.enumerated() {
                let auc = summaries[f].auc
                let branded = feature.name.hasPrefix("name_") && settings.brandedClasses.contains(population.name)
                let checked = feature.isIdentity && large && auc.defined && !branded
                // A point estimate beyond the bounds fails only when its interval lies beyond them too: with a few
                // dozen entities a side, an AUC of 0.5 is 0.1 away by chance one time in twenty, and an audit of
                // ~50 comparisons would then fail most small worlds for nothing (the smoke world: seeds 1 and 3).
                let beyond = checked && settings.outsideIdentityBounds(auc.value)
                let outside = beyond
                    && ((auc.upper ?? auc.value) < settings.identityLower || (auc.lower ?? auc.value) > settings.identityUpper)
                let bounds = "[\(format(settings.identityLower)), \(format(settings.identityUpper))]"
                let described = "\(feature.name): ROC AUC \(format(auc.value)) [\(format(auc.lower ?? auc.value)), \(format(auc.upper ?? auc.value))] for campaign vs \(population.name) (\(positives.count) and \(negatives.count) entities)"
                if outside {
                    failures.append("\(described) is outside \(bounds)")
                } else if beyond {
                    warnings.append("\(described) is outside \(bounds), but its interval reaches into them: too few entities to tell (not a failure)")
                }
                comparisons[f].append(AuditReport.Comparison(
                    against: population.name, auc: auc, positives: positives.count, negatives: negatives.count,
                    members: population.members.count, checked: checked, outOfRange: outside))
            }
        }
        let results = features.enumerated().map { f, feature in
            AuditReport.FeatureResult(feature: feature.name, group: feature.group.rawValue, categorical: feature.isCategorical,
                                      comparisons: comparisons[f])
        }
        return (results, failures, warnings, sampled)
    }

    static func format(_ value: Double) -> String {
        let scaled = (value * 1000).rounded() / 1000
        var text = String(scaled)
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            text += String(repeating: "0", count: max(0, 3 - decimals))
        }
        return text
    }
}
