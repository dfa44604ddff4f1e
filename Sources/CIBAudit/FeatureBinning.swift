internal import CIBStatistics

/// Quantile bins of each feature, learnt on training data, as scikit-learn's `_BinMapper` builds them for
/// `HistGradientBoostingClassifier` (after LightGBM: G. Ke et al., "LightGBM: a highly efficient gradient boosting
/// decision tree", NeurIPS 2017).
///
/// A feature with at most `maxBins` distinct values gets one bin per value, the thresholds being the midpoints between
/// consecutive values; otherwise the thresholds are the `k / maxBins` percentiles (k = 1 … maxBins − 1) with NumPy's
/// "midpoint" interpolation, duplicates removed. Values are binned by counting the thresholds below them (a value
/// equal to a threshold falls in the lower bin), so every bin index is below 255.
public struct FeatureBinning: Sendable, Equatable {
    /// Per feature, the ascending bin thresholds.
    public let thresholds: [[Double]]

    /// Learns thresholds from `columns` (one per feature), reading at most `sampleLimit` rows chosen at random (as
    /// scikit-learn's `subsample=2e5`) from the stream `(seed, 0x62696E73)`.
    public init(columns: [[Double]], maxBins: Int = 255, sampleLimit: Int = 200_000, seed: UInt64) {
        precondition(maxBins >= 2 && maxBins <= 255, "FeatureBinning: maxBins must be in 2...255")
        let n = columns.first?.count ?? 0
        var rows = Array(0 ..< n)
        if n > sampleLimit {
            let rng = RandomStream(seed: seed, stream: 0x6269_6E73)  // "bins"
            for i in 0 ..< sampleLimit {  // a partial Fisher-Yates shuffle: the first sampleLimit rows
                let j = i + rng.uniformInt(n - i)
                rows.swapAt(i, j)
            }
            rows.removeLast(n - sampleLimit)
        }
        self.thresholds = columns.map { column in
            Self.thresholds(rows.map { column[$0] }, maxBins: maxBins)
        }
    }

    public init(thresholds: [[Double]]) {
        self.thresholds = thresholds
    }

    static func thresholds(_ sample: [Double], maxBins: Int) -> [Double] {
        let sorted = sample.sorted()
        var distinct = sorted
        distinct.removeAdjacentDuplicates()
        guard distinct.count > 1 else { return [] }
        if distinct.count <= maxBins {
            return (1 ..< distinct.count).map { (distinct[$0 - 1] + distinct[$0]) / 2 }
        }
        var cuts = [Double]()
        for k in 1 ..< maxBins {
            let position = Double(k) / Double(maxBins) * Double(sorted.count - 1)
            let low = Int(position.rounded(.down)), high = Int(position.rounded(.up))
            cuts.append((sorted[low] + sorted[high]) / 2)
        }
        cuts.removeAdjacentDuplicates()
        return cuts
    }

    /// The bin of each value of `column` for feature `feature`.
    public func bin(_ column: [Double], feature: Int) -> [UInt8] {
        let cuts = thresholds[feature]
        return column.map { value in
            // The number of thresholds strictly below `value` (binary search).
            var low = 0, high = cuts.count
            while low < high {
                let middle = (low + high) / 2
                if cuts[middle] < value { low = middle + 1 } else { high = middle }
            }
            return UInt8(low)
        }
    }
}
