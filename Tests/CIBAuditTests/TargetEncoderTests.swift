import CIBAudit
import Testing

@Suite struct TargetEncoderTests {
    /// Six entities in three countries, half of them campaign; m = 2.
    @Test func smoothedRatesMatchHandComputedFigures() {
        let encoder = TargetEncoder(codes: [0, 0, 0, 1, 1, 2], names: ["US", "TW", "JP"],
                                    labels: [true, false, false, true, true, false], smoothing: 2)
        #expect(encoder.prior == 0.5)
        #expect(encoder.rates["US"] == 0.4)  // (1 + 2·0.5) / (3 + 2)
        #expect(encoder.rates["TW"] == 0.75)  // (2 + 1) / (2 + 2)
        #expect(abs(encoder.rates["JP"]! - 1.0 / 3) < 1e-15)  // (0 + 1) / (1 + 2)
        // Another world's categories are matched by name; unseen ones get the prior.
        #expect(encoder.encode(codes: [0, 1, 0], names: ["TW", "FR"]) == [0.75, 0.5, 0.75])
    }

    /// Out of fold, an entity's own label never reaches its score.
    @Test func crossFittedScoresIgnoreTheEntitysOwnLabel() {
        let codes = (0 ..< 200).map { Double($0 % 5) }
        let names = ["a", "b", "c", "d", "e"]
        let labels = (0 ..< 200).map { $0 % 3 == 0 }
        let base = TargetEncoder.crossFitted(codes: codes, names: names, labels: labels, seed: 9)
        for i in [0, 7, 42, 199] {
            var flipped = labels
            flipped[i].toggle()
            let other = TargetEncoder.crossFitted(codes: codes, names: names, labels: flipped, seed: 9)
            #expect(other[i] == base[i], "entity \(i)")
            #expect(other != base)  // but it does change the other folds' scores
        }
    }
}
