import CIBEvaluation
import CIBStatistics
import Foundation
import Testing

/// Writes labelled scores and our curves for `scripts/crosscheck-metrics.py`, which compares them with
/// scikit-learn. The files go to `$CIBLAB_CROSSCHECK_DIR` when set (the script sets it), otherwise to a temporary
/// directory that is removed. Either way the test checks our numbers against a brute-force computation.
@Suite struct CrossCheckExportTests {
    /// Case `i`: 200–700 entities, prevalence 5–40%; odd cases have heavily tied integer scores.
    static func makeCase(_ i: Int) -> (labels: [Bool], scores: [Double]) {
        let rng = RandomStream(seed: 2024, stream: UInt64(i))
        let n = 200 + rng.uniformInt(500)
        let prevalence = 0.05 + 0.35 * rng.uniform()
        var labels = [Bool](), scores = [Double]()
        for _ in 0 ..< n {
            let label = rng.bernoulli(prevalence)
            let signal = (label ? 0.8 : 0) + rng.normal()
            labels.append(label)
            scores.append(i % 2 == 1 ? (signal * 2).rounded() : signal)
        }
        return (labels, scores)
    }

    @Test func exportCasesForScikitLearn() throws {
        let environment = ProcessInfo.processInfo.environment["CIBLAB_CROSSCHECK_DIR"]
        let directory = URL(fileURLWithPath: environment
            ?? NSTemporaryDirectory() + "ciblab-crosscheck-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { if environment == nil { try? FileManager.default.removeItem(at: directory) } }
        for i in 0 ..< 8 {
            let (labels, scores) = Self.makeCase(i)
            let curves = RankingCurves(scores: scores, labels: labels)
            // Brute force: AP as the mean over positives of the precision at their score; AUC by pairs.
            var ap = 0.0, u = 0.0
            let positives = labels.filter { $0 }.count, negatives = labels.count - positives
            for j in labels.indices where labels[j] {
                let above = scores.indices.filter { scores[$0] >= scores[j] }
                ap += Double(above.filter { labels[$0] }.count) / Double(above.count)
                for k in labels.indices where !labels[k] {
                    u += scores[j] > scores[k] ? 1 : scores[j] == scores[k] ? 0.5 : 0
                }
            }
            #expect(abs(curves.averagePrecision.value - ap / Double(positives)) < 1e-12, "case \(i)")
            #expect(abs(curves.auc.value - u / Double(positives * negatives)) < 1e-12, "case \(i)")

            var data = "label,score\n"
            for (label, score) in zip(labels, scores) { data += "\(label ? 1 : 0),\(score)\n" }
            try data.write(to: directory.appendingPathComponent("case-\(i)-data.csv"), atomically: true, encoding: .utf8)
            var ours = "kind,threshold,x,y\n"
            ours += "average_precision,,,\(curves.averagePrecision.value)\n"
            ours += "roc_auc,,,\(curves.auc.value)\n"
            for p in curves.precisionRecall { ours += "pr,\(p.threshold),\(p.recall),\(p.precision)\n" }
            for p in curves.roc.dropFirst() { ours += "roc,\(p.threshold),\(p.falsePositiveRate),\(p.truePositiveRate)\n" }
            try ours.write(to: directory.appendingPathComponent("case-\(i)-ours.csv"), atomically: true, encoding: .utf8)

            // Cluster agreement on two partially agreeing labelings (non-negative labels: scikit-learn has no
            // singleton convention for negative ids).
            let rng = RandomStream(seed: 77, stream: UInt64(i))
            let truthLabels = (0 ..< 150).map { _ in Int64(rng.uniformInt(2 + i)) }
            let predicted = truthLabels.map { rng.bernoulli(0.3) ? Int64(rng.uniformInt(5)) : $0 * 10 }
            let agreement = ClusterAgreement(truth: truthLabels, predicted: predicted)
            #expect(agreement.adjustedRandIndex.defined && agreement.normalizedMutualInformation.defined)
            var clusters = "truth,predicted\n"
            for (a, b) in zip(truthLabels, predicted) { clusters += "\(a),\(b)\n" }
            clusters += "ari,\(agreement.adjustedRandIndex.value)\nnmi,\(agreement.normalizedMutualInformation.value)\n"
            try clusters.write(
                to: directory.appendingPathComponent("case-\(i)-clusters.csv"), atomically: true, encoding: .utf8)
        }
    }
}
