internal import CIBStatistics

/// Scores a categorical feature by the campaign rate of its category in a *training* world (target encoding, the
/// m-estimate of B. Cestnik, "Estimating probabilities: a crucial task in machine learning", ECAI 1990; as in
/// scikit-learn's `TargetEncoder` and Micci-Barreca, "A preprocessing scheme for high-cardinality categorical
/// attributes", SIGKDD Explorations 3(1), 2001).
///
/// The score of category `c` is `(positives_c + m · p) / (members_c + m)`, where `p` is the training world's campaign
/// share and `m` the smoothing weight: a category seen a few times is pulled towards `p`, one never seen gets `p`.
/// Categories are matched between worlds by name (a country code, a kind, a name shape), never by index. Scoring the
/// test world with rates learnt on another seed's world measures how much a category *generalises* as a label, which
/// is what a detector trained on one world and used on another could exploit.
public struct TargetEncoder: Sendable, Equatable {
    /// The training world's campaign share.
    public let prior: Double
    /// The smoothing weight `m`.
    public let smoothing: Double
    /// Smoothed campaign rate per category name.
    public let rates: [String: Double]

    /// Learns the rates of `codes` (indices into `names`) against `labels`.
    public init(codes: [Double], names: [String], labels: [Bool], smoothing: Double = 20) {
        precondition(codes.count == labels.count, "TargetEncoder: codes and labels differ in length")
        var members = [Int](repeating: 0, count: names.count), positives = members
        var allPositives = 0
        for (i, code) in codes.enumerated() {
            let c = Int(code)
            members[c] += 1
            if labels[i] {
                positives[c] += 1
                allPositives += 1
            }
        }
        let prior = labels.isEmpty ? 0 : Double(allPositives) / Double(labels.count)
        var rates = [String: Double]()
        for (c, name) in names.enumerated() where members[c] > 0 {
            rates[name] = (Double(positives[c]) + smoothing * prior) / (Double(members[c]) + smoothing)
        }
        self.prior = prior
        self.smoothing = smoothing
        self.rates = rates
    }

    /// The score of each of `codes` (indices into `names`, another world's category list): its category's rate, or
    /// the prior for a category the training world did not have.
    public func encode(codes: [Double], names: [String]) -> [Double] {
        let byCode = names.map { rates[$0] ?? prior }
        return codes.map { byCode[Int($0)] }
    }

    /// Out-of-fold encoding of a training column (K-fold cross fitting, as scikit-learn's `TargetEncoder.fit_transform`):
    /// each entity is scored with rates learnt on the other folds, so a model fitted on the encoded column does not
    /// see its own label through it. Folds are a seeded random partition.
    public static func crossFitted(
        codes: [Double], names: [String], labels: [Bool], folds: Int = 5, smoothing: Double = 20, seed: UInt64
    ) -> [Double] {
        precondition(folds >= 2, "TargetEncoder.crossFitted: at least two folds")
        let n = codes.count
        let rng = RandomStream(seed: seed, stream: 0x666F_6C64)  // "fold"
        let fold = (0 ..< n).map { _ in rng.uniformInt(folds) }
        // Totals per category, and per fold, so each fold's rates are the totals minus the fold's own counts.
        var members = [Int](repeating: 0, count: names.count), positives = members
        var foldMembers = [[Int]](repeating: members, count: folds), foldPositives = foldMembers
        var foldSize = [Int](repeating: 0, count: folds), foldPositive = foldSize
        var allPositives = 0
        for i in 0 ..< n {
            let c = Int(codes[i]), f = fold[i]
            members[c] += 1
            foldMembers[f][c] += 1
            foldSize[f] += 1
            if labels[i] {
                positives[c] += 1
                foldPositives[f][c] += 1
                foldPositive[f] += 1
                allPositives += 1
            }
        }
        return (0 ..< n).map { i in
            let c = Int(codes[i]), f = fold[i]
            let rest = n - foldSize[f]
            let prior = rest > 0 ? Double(allPositives - foldPositive[f]) / Double(rest) : 0
            let m = Double(members[c] - foldMembers[f][c]), p = Double(positives[c] - foldPositives[f][c])
            return (p + smoothing * prior) / (m + smoothing)
        }
    }
}
