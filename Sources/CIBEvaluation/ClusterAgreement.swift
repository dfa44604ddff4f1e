internal import Foundation

/// How well a detector's clusters recover the operation's real clusters: adjusted Rand index (Hubert & Arabie
/// 1985) and normalized mutual information with arithmetic-mean normalisation (Strehl & Ghosh 2002; scikit-learn's
/// default `average_method="arithmetic"`), computed from the contingency table of two labelings.
///
/// Conventions (scikit-learn's `adjusted_rand_score` and `normalized_mutual_info_score`): when both labelings put
/// everything in one cluster, or both put every item in its own cluster, they agree perfectly and both scores are
/// 1; NMI is 0 when the mutual information is 0. Fewer than two items make both scores undefined (value 0,
/// `defined == false`).
public struct ClusterAgreement: Sendable, Equatable, Codable {
    /// Adjusted Rand index, in [-1, 1] (0 for chance agreement, 1 for identical partitions).
    public var adjustedRandIndex: MetricValue
    /// Normalized mutual information, in [0, 1].
    public var normalizedMutualInformation: MetricValue
    /// Number of items compared.
    public var items: Int

    public init(adjustedRandIndex: MetricValue, normalizedMutualInformation: MetricValue, items: Int) {
        self.adjustedRandIndex = adjustedRandIndex
        self.normalizedMutualInformation = normalizedMutualInformation
        self.items = items
    }

    /// Compares two labelings of the same items (equal length). Labels are arbitrary integers; negative labels
    /// mean "in no cluster" and are treated as singletons, each item its own cluster.
    public init(truth: [Int64], predicted: [Int64]) {
        precondition(truth.count == predicted.count, "labelings differ in length")
        let n = truth.count
        items = n
        guard n >= 2 else {
            adjustedRandIndex = .undefined
            normalizedMutualInformation = .undefined
            return
        }
        func dense(_ labels: [Int64]) -> (codes: [Int], classes: Int) {
            var map = [Int64: Int]()
            var codes = [Int](repeating: 0, count: labels.count)
            var next = 0
            for (i, label) in labels.enumerated() {
                if label < 0 {
                    codes[i] = next
                    next += 1
                } else if let code = map[label] {
                    codes[i] = code
                } else {
                    map[label] = next
                    codes[i] = next
                    next += 1
                }
            }
            return (codes, next)
        }
        let (a, classesA) = dense(truth)
        let (b, classesB) = dense(predicted)
        var rowSums = [Int](repeating: 0, count: classesA)
        var columnSums = [Int](repeating: 0, count: classesB)
        var cells = [Int: Int]()
        for i in 0 ..< n {
            rowSums[a[i]] += 1
            columnSums[b[i]] += 1
            cells[a[i] * classesB + b[i], default: 0] += 1
        }
        func pairs(_ x: Int) -> Double { Double(x) * Double(x - 1) / 2 }
        // Adjusted Rand index.
        if (classesA == 1 && classesB == 1) || (classesA == n && classesB == n) {
            adjustedRandIndex = MetricValue(value: 1)
        } else {
            let index = cells.values.reduce(0.0) { $0 + pairs($1) }
            let sumA = rowSums.reduce(0.0) { $0 + pairs($1) }
            let sumB = columnSums.reduce(0.0) { $0 + pairs($1) }
            let expected = sumA * sumB / pairs(n)
            let maximum = (sumA + sumB) / 2
            adjustedRandIndex = maximum == expected
                ? MetricValue(value: 1) : MetricValue(value: (index - expected) / (maximum - expected))
        }
        // Normalized mutual information.
        if classesA == 1 && classesB == 1 {
            normalizedMutualInformation = MetricValue(value: 1)
        } else {
            let total = Double(n)
            var mutual = 0.0
            for (key, count) in cells.sorted(by: { $0.key < $1.key }) {
                let nij = Double(count)
                let ai = Double(rowSums[key / classesB]), bj = Double(columnSums[key % classesB])
                mutual += nij / total * log(nij * total / (ai * bj))
            }
            func entropy(_ sums: [Int]) -> Double {
                sums.reduce(0.0) { h, c in c == 0 ? h : h - Double(c) / total * log(Double(c) / total) }
            }
            mutual = max(0, mutual)
            if mutual <= 1e-15 {
                normalizedMutualInformation = MetricValue(value: 0)
            } else {
                let normaliser = (entropy(rowSums) + entropy(columnSums)) / 2
                normalizedMutualInformation = MetricValue(value: min(1, mutual / normaliser))
            }
        }
    }
}
