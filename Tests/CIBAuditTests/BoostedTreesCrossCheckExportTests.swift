import CIBAudit
import CIBEvaluation
import CIBStatistics
import Foundation
import Testing

/// A boosted-trees problem that is far from separable, for `scripts/crosscheck-audit-gbdt.py --synthetic`, which
/// fits scikit-learn's HistGradientBoostingClassifier on the same rows and compares average precision. The files go
/// to `$CIBLAB_CROSSCHECK_DIR` when set, otherwise to a temporary directory that is removed; either way the test
/// checks that the model learnt the signal.
@Suite struct BoostedTreesCrossCheckExportTests {
    /// Six features (continuous, integer counts, a three-valued code); the log-odds are
    /// `−3 + 1.5 x0 − x1 + 0.8 [x2 > 0.3] + 0.6 x3 x4 / 4`, so about one row in ten is positive and AP is far below 1.
    static func problem(rows: Int, seed: UInt64) -> (columns: [[Double]], labels: [Bool]) {
        let rng = RandomStream(seed: seed, stream: 21)
        var columns = [[Double]](repeating: [], count: 6), labels = [Bool]()
        for _ in 0 ..< rows {
            let x0 = rng.normal(), x1 = rng.uniform(), x2 = rng.uniform()
            let x3 = Double(rng.poisson(mean: 2)), x4 = Double(rng.poisson(mean: 1)), x5 = Double(rng.uniformInt(3))
            for (f, x) in [x0, x1, x2, x3, x4, x5].enumerated() { columns[f].append(x) }
            let logit = -3 + 1.5 * x0 - x1 + (x2 > 0.3 ? 0.8 : 0) + 0.6 * x3 * x4 / 4
            labels.append(rng.bernoulli(1 / (1 + exp(-logit))))
        }
        return (columns, labels)
    }

    static func csv(_ columns: [[Double]], _ labels: [Bool], last: String, _ extra: [Double]) -> String {
        var out = ((0 ..< columns.count).map { "x\($0)" } + ["label", last]).joined(separator: ",") + "\n"
        for r in labels.indices {
            out += columns.map { "\($0[r])" }.joined(separator: ",") + (labels[r] ? ",1," : ",0,") + "\(extra[r])\n"
        }
        return out
    }

    @Test func exportSyntheticProblemForScikitLearn() throws {
        let environment = ProcessInfo.processInfo.environment["CIBLAB_CROSSCHECK_DIR"]
        let directory = environment ?? NSTemporaryDirectory() + "ciblab-gbdt-crosscheck-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if environment == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let train = Self.problem(rows: 20_000, seed: 1), test = Self.problem(rows: 20_000, seed: 2)
        let model = BoostedTrees.fit(columns: train.columns, labels: train.labels, seed: 1, tasks: 2)
        let probabilities = model.probabilities(columns: test.columns, tasks: 2)
        try Self.csv(train.columns, train.labels, last: "weight", [Double](repeating: 1, count: train.labels.count))
            .write(toFile: directory + "/synthetic-train.csv", atomically: true, encoding: .utf8)
        try Self.csv(test.columns, test.labels, last: "ciblab_probability", probabilities)
            .write(toFile: directory + "/synthetic-test.csv", atomically: true, encoding: .utf8)
        let curves = RankingCurves(scores: probabilities, labels: test.labels)
        let prevalence = Double(test.labels.filter { $0 }.count) / Double(test.labels.count)
        #expect(prevalence > 0.05 && prevalence < 0.25)
        // Learnt, but far from perfect: a useful comparison with scikit-learn.
        #expect(curves.auc.value > 0.8 && curves.averagePrecision.value < 0.9, "AUC \(curves.auc.value), AP \(curves.averagePrecision.value)")
    }
}
