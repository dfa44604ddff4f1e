internal import CIBEvaluation
internal import CIBStatistics

/// The learned probes: boosted trees (``BoostedTrees``) fitted on the train world's per-entity features and truth
/// (campaign vs rest) and scored on every entity of the test world. If a model of marginal counts finds the campaign
/// on another seed's world, so can any detector that learns — without looking at coordination at all.
public enum LearnedProbe {
    /// Which features a probe sees.
    public enum FeatureSet: String, Sendable, CaseIterable, Codable {
        /// Every audit feature.
        case withIdentity = "with-identity"
        /// Every feature but the identity ones (ids, creation time, name statistics).
        case withoutIdentity = "without-identity"
        /// Issue 16's marginal list: counts per table and action, distinct IPs and devices, follow counts,
        /// created_at, name statistics, country and kind (no ids, no timing, nothing pairwise).
        case marginalOnly = "marginal-only"

        public func includes(_ feature: AuditFeature) -> Bool {
            switch self {
            case .withIdentity: true
            case .withoutIdentity: !feature.isIdentity
            case .marginalOnly: feature.isMarginal
            }
        }

        public var features: [AuditFeature] { AuditFeature.all.filter(includes) }
    }

    /// The training rows: every campaign entity of the train world and a uniform sample of at most `limit` others,
    /// each sampled negative weighted by the inverse sampling rate (so the weighted prevalence is the world's).
    static func trainingRows(_ train: AuditWorld, limit: Int) -> (rows: [Int32], weights: [Double], positives: Int) {
        var positives = [Int32](), negatives = [Int32]()
        for (i, cls) in train.entityClass.enumerated() {
            if cls == .campaign { positives.append(Int32(i)) } else { negatives.append(Int32(i)) }
        }
        let sampled = FeatureComparisons.sample(negatives, limit: limit, seed: train.seed, stream: 0x7072_6F62_6500)
        let weight = sampled.isEmpty ? 1 : Double(negatives.count) / Double(sampled.count)
        return (positives + sampled, [Double](repeating: 1, count: positives.count) + [Double](repeating: weight, count: sampled.count),
                positives.count)
    }

    /// The train world's feature matrix for the probes: categorical features target-encoded out of fold.
    static func trainColumns(_ train: AuditWorld, smoothing: Double) -> [[Double]] {
        let labels = train.campaignLabels
        return AuditFeature.all.indices.map { f in
            guard AuditFeature.all[f].isCategorical else { return train.features.columns[f] }
            return TargetEncoder.crossFitted(codes: train.features.columns[f], names: train.features.categories[f],
                                             labels: labels, smoothing: smoothing, seed: train.seed &+ UInt64(f))
        }
    }

    /// Fits one model per feature set and scores the test world; `testScores` are the test world's columns as
    /// ``FeatureComparisons/scoreColumns(train:test:smoothing:)`` gives them.
    static func run(
        train: AuditWorld, test: AuditWorld, testScores: [[Double]], settings: AuditSettings, tasks: Int,
        export: ((FeatureSet, _ train: [[Double]], _ labels: [Bool], _ weights: [Double], _ test: [[Double]], _ probabilities: [Double]) -> Void)? = nil
    ) -> [AuditReport.ProbeResult] {
        let (rows, weights, positives) = trainingRows(train, limit: settings.probeNegativeLimit)
        let allTrain = trainColumns(train, smoothing: settings.targetSmoothing)
        let trainLabels = rows.map { train.entityClass[Int($0)] == .campaign }
        let testLabels = test.campaignLabels
        // One binning of every feature for all probes: each probe fits on its subset of the columns.
        let sampledColumns = allTrain.map { column in rows.map { column[Int($0)] } }
        let binning = FeatureBinning(columns: sampledColumns, maxBins: settings.boosting.maxBins, seed: train.seed)
        let trainBinned = BinnedMatrix(columns: sampledColumns, binning: binning)
        let testBinned = BinnedMatrix(columns: testScores, binning: binning)
        var scores = [[Double]]()
        for set in FeatureSet.allCases {
            let chosen = AuditFeature.all.indices.filter { set.includes(AuditFeature.all[$0]) }
            let model = BoostedTrees.fit(binned: trainBinned, binning: binning, features: chosen, labels: trainLabels,
                                         weights: weights, parameters: settings.boosting, tasks: tasks)
            let probabilities = model.probabilities(binned: testBinned, tasks: tasks)
            export?(set, chosen.map { sampledColumns[$0] }, trainLabels, weights, chosen.map { testScores[$0] }, probabilities)
            scores.append(probabilities)
        }
        let summaries = RankingBootstrap.summaries(
            columns: scores, labels: testLabels, replicates: settings.bootstrapReplicates, confidence: settings.confidence,
            seed: test.seed, stream: 0x7072_6F62, tasks: tasks)
        let prevalence = Double(testLabels.filter { $0 }.count) / Double(max(1, testLabels.count))
        return FeatureSet.allCases.enumerated().map { k, set in
            AuditReport.ProbeResult(
                name: set.rawValue, features: set.features.map(\.name), averagePrecision: summaries[k].averagePrecision,
                auc: summaries[k].auc, prevalence: prevalence, trainPositives: positives, trainNegatives: rows.count - positives)
        }
    }
}
