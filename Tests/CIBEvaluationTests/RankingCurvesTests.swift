@testable import CIBEvaluation
import Testing

@Suite struct RankingCurvesTests {
    @Test func handComputedAveragePrecisionAndAUC() {
        let curves = RankingCurves(scores: [0.9, 0.8, 0.7, 0.6, 0.5], labels: [true, false, true, false, false])
        // AP = 1/2 * 1 + 1/2 * 2/3.
        #expect(abs(curves.averagePrecision.value - (0.5 + 1.0 / 3.0)) < 1e-12)
        // Pairs (positive above negative): 3 + 2 of 6.
        #expect(abs(curves.auc.value - 5.0 / 6.0) < 1e-12)
        #expect(curves.precisionRecall.map(\.tp) == [1, 1, 2, 2, 2])
        #expect(curves.precisionRecall.map(\.fp) == [0, 1, 1, 2, 3])
        #expect(curves.roc.first == ROCPoint(threshold: .infinity, falsePositiveRate: 0, truePositiveRate: 0))
        #expect(curves.roc.last?.falsePositiveRate == 1 && curves.roc.last?.truePositiveRate == 1)
        #expect(curves.roc.count == 6)
    }

    /// Tied scores form one step of the PR curve and a diagonal ROC segment (scikit-learn's `_binary_clf_curve`).
    @Test func tiesAreOneStep() {
        let curves = RankingCurves(scores: [1, 1, 0, 0], labels: [true, false, true, false])
        #expect(curves.precisionRecall.count == 2)
        #expect(curves.precisionRecall[0].precision == 0.5 && curves.precisionRecall[0].recall == 0.5)
        #expect(curves.averagePrecision.value == 0.5)
        #expect(curves.auc.value == 0.5)
        #expect(curves.roc.map(\.truePositiveRate) == [0, 0.5, 1])
        #expect(curves.roc.map(\.falsePositiveRate) == [0, 0.5, 1])
        // A tie between a positive and a negative above another negative: U = 0.5 + 1 of 2 pairs.
        let mixed = RankingCurves(scores: [2, 2, 1], labels: [true, false, false])
        #expect(mixed.auc.value == 0.75)
        #expect(mixed.averagePrecision.value == 0.5)
    }

    /// AUC equals the Mann-Whitney U statistic over all positive-negative pairs, on random data with many ties.
    @Test func aucEqualsMannWhitney() {
        var state: UInt64 = 12345
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        let scores = (0 ..< 300).map { _ in Double(next() % 20) }
        let labels = (0 ..< 300).map { _ in next() % 3 == 0 }
        var u = 0.0, pairs = 0.0
        for i in scores.indices where labels[i] {
            for j in scores.indices where !labels[j] {
                pairs += 1
                u += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0
            }
        }
        let curves = RankingCurves(scores: scores, labels: labels)
        #expect(abs(curves.auc.value - u / pairs) < 1e-12)
        // Trapezoidal area of the ROC points gives the same number.
        var area = 0.0
        for (a, b) in zip(curves.roc, curves.roc.dropFirst()) {
            area += (b.falsePositiveRate - a.falsePositiveRate) * (a.truePositiveRate + b.truePositiveRate) / 2
        }
        #expect(abs(area - u / pairs) < 1e-12)
        // AP from the PR points, step-wise.
        var ap = 0.0, previous = 0.0
        for point in curves.precisionRecall {
            ap += (point.recall - previous) * point.precision
            previous = point.recall
        }
        #expect(abs(ap - curves.averagePrecision.value) < 1e-12)
    }

    @Test func thinningKeepsEndsAndSummaries() {
        let n = 5000
        let scores = (0 ..< n).map { Double(($0 * 7919) % n) }
        let labels = (0 ..< n).map { ($0 * 7919) % n > 3000 || $0 % 11 == 0 }
        let full = RankingCurves(scores: scores, labels: labels)
        let thin = full.thinned(maxPoints: 300)
        #expect(full.precisionRecall.count == n)
        #expect(thin.precisionRecall.count <= 301 && thin.roc.count <= 301)
        #expect(thin.precisionRecall.first == full.precisionRecall.first && thin.precisionRecall.last == full.precisionRecall.last)
        #expect(thin.roc.first == full.roc.first && thin.roc.last == full.roc.last)
        #expect(thin.averagePrecision == full.averagePrecision && thin.auc == full.auc)
        // Kept points are points of the full curve, in order.
        let thresholds = Set(full.precisionRecall.map(\.threshold))
        #expect(thin.precisionRecall.allSatisfy { thresholds.contains($0.threshold) })
        #expect(thin.precisionRecall.map(\.threshold) == thin.precisionRecall.map(\.threshold).sorted(by: >))
        let small = RankingCurves(scores: [1, 2, 3], labels: [true, false, true])
        #expect(small.thinned() == small)
    }

    @Test func undefinedWithOneClass() {
        let noPositives = RankingCurves(scores: [0.1, 0.2], labels: [false, false])
        #expect(!noPositives.averagePrecision.defined && noPositives.averagePrecision.value == 0)
        #expect(!noPositives.auc.defined && noPositives.auc.value == 0)
        let noNegatives = RankingCurves(scores: [0.1, 0.2], labels: [true, true])
        #expect(noNegatives.averagePrecision.value == 1 && !noNegatives.auc.defined)
        let empty = RankingCurves(scores: [], labels: [])
        #expect(empty.precisionRecall.isEmpty && !empty.auc.defined)
    }

    /// precision@k breaks ties at the boundary by entity id: lower ids are reviewed first.
    @Test func reviewBudgetBreaksTiesByID() {
        let ranked = RankedSlice(
            members: [0, 1, 2, 3, 4], labels: [false, true, false, true, false], scores: [0.9, 0.5, 0.5, 0.5, 0.1],
            flags: [Bool](repeating: false, count: 5))
        #expect(ranked.ids == [0, 1, 2, 3, 4])
        let two = ReviewBudgetResult(k: 2, ranked: ranked, confidence: 0.95)
        #expect(two.precision.value == 0.5 && two.recall.value == 0.5)
        let three = ReviewBudgetResult(k: 3, ranked: ranked, confidence: 0.95)
        #expect(abs(three.precision.value - 1.0 / 3.0) < 1e-12 && three.recall.value == 0.5)
        let all = ReviewBudgetResult(k: 100, ranked: ranked, confidence: 0.95)
        #expect(all.precision.value == 0.4 && all.recall.value == 1)
    }
}
