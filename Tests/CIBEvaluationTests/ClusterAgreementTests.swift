import CIBEvaluation
import Testing

@Suite struct ClusterAgreementTests {
    /// Values from scikit-learn's documentation and a direct computation of the formulas.
    @Test func handComputedValues() {
        let a = ClusterAgreement(truth: [0, 0, 1, 1], predicted: [0, 0, 1, 2])
        #expect(abs(a.adjustedRandIndex.value - 0.5714285714285715) < 1e-12)
        #expect(abs(a.normalizedMutualInformation.value - 0.8) < 1e-12)
        let b = ClusterAgreement(truth: [0, 0, 0, 1, 1, 1], predicted: [0, 0, 1, 1, 2, 2])
        #expect(abs(b.adjustedRandIndex.value - 0.24242424242424243) < 1e-12)
        #expect(abs(b.normalizedMutualInformation.value - 0.5158037429793888) < 1e-12)
    }

    @Test func relabellingIsPerfect() {
        let c = ClusterAgreement(truth: [5, 5, 9, 9, 2], predicted: [1, 1, 0, 0, 7])
        #expect(c.adjustedRandIndex.value == 1 && c.normalizedMutualInformation.value == 1)
    }

    @Test func specialCases() {
        // Everything in one cluster on both sides: perfect (scikit-learn's convention).
        let one = ClusterAgreement(truth: [3, 3, 3], predicted: [8, 8, 8])
        #expect(one.adjustedRandIndex.value == 1 && one.normalizedMutualInformation.value == 1)
        // Negative ids are singletons: all singletons on both sides is also perfect.
        let singletons = ClusterAgreement(truth: [-1, -1, -1], predicted: [-1, -1, -1])
        #expect(singletons.adjustedRandIndex.value == 1)
        // Independent labelings: NMI 0.
        let independent = ClusterAgreement(truth: [0, 0, 1, 1], predicted: [0, 1, 0, 1])
        #expect(independent.normalizedMutualInformation.value == 0)
        #expect(independent.adjustedRandIndex.value < 0)
        let tooFew = ClusterAgreement(truth: [1], predicted: [1])
        #expect(!tooFew.adjustedRandIndex.defined && !tooFew.normalizedMutualInformation.defined)
    }
}
