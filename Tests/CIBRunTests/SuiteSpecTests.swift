import CIBEvaluation
import CIBRun
import Foundation
import Testing

/// Suite files: strict parsing with file, line and key; the protocol's checks once scenarios are resolved; the
/// in-distribution vs shifted gap computed from the tidy rows.
@Suite struct SuiteSpecTests {
    static let smoke = repositoryRoot + "/scenarios/smoke.yaml"

    static func parse(_ body: String) throws(ExperimentError) -> SuiteSpec {
        try SuiteSpec.parse(text: "name: t\nscenario: \(smoke)\n" + body, file: "t.yaml")
    }

    static func message(_ body: String) -> String {
        do {
            _ = try parse(body).resolve()
            return "no error"
        } catch {
            return error.message
        }
    }

    @Test func worldsExpandSeedsIntoNumberedFoldersThatDoNotNameTheSeed() throws {
        let s = try Self.parse("""
            train:
              - {name: base, seeds: [5, 9]}
            test:
              - {name: same, seed: 40, distribution: in}
              - name: bigger
                seed: 41
                scale: 2
                set:
                  - campaigns[0].accounts.facebook=30
                distribution: shifted
            """)
        #expect(s.train.map(\.name) == ["base-1", "base-2"])
        #expect(s.train.map(\.seed) == [5, 9])
        #expect(s.train.map(\.key) == ["train[0].seeds[0]", "train[0].seeds[1]"])
        #expect(s.test.map(\.name) == ["same", "bigger"])
        #expect(s.test[1].scale == 2 && s.test[1].overrides == ["campaigns[0].accounts.facebook=30"])
        #expect(s.test[1].line == 7)
        let resolved = try s.resolve()
        #expect(resolved.test[0].scenarioSHA256 == resolved.train[0].scenarioSHA256)
        #expect(resolved.test[1].scenarioSHA256 != resolved.train[0].scenarioSHA256)
        #expect(resolved.test[1].scenario.campaigns[0].accounts["facebook"] == 30)
    }

    @Test func theProtocolIsChecked() {
        // A test world equal to a training world (the same resolved scenario and seed), even at another scale.
        #expect(Self.message("train: [{name: a, seed: 1}]\ntest: [{name: b, seed: 1, scale: 2, distribution: shifted}]\n")
            .contains("t.yaml:4: test[0] 'b': repeats training world 'a'"))
        // The same world twice in one role.
        #expect(Self.message("train: [{name: a, seed: 1}, {name: b, seed: 1}]\ntest: [{name: c, seed: 2, distribution: in}]\n")
            .contains("is the same world as train world 'a'"))
        // Declarations must be true.
        #expect(Self.message("train: [{name: a, seed: 1}]\ntest: [{name: b, seed: 2, presets: [evasive-timing], distribution: in}]\n")
            .contains("declared in-distribution"))
        #expect(Self.message("train: [{name: a, seed: 1}]\ntest: [{name: b, seed: 2, distribution: shifted}]\n")
            .contains("declared shifted"))
        #expect(Self.message("train: [{name: a, seed: 1}]\ntest: [{name: b, seed: 2, distribution: in}]\n") == "no error")
    }

    @Test func badFilesNameTheLineAndTheKey() {
        let cases: [(String, String)] = [
            ("train: [{name: a, seed: 1}]\n", "t.yaml:1: test: missing"),
            ("train: [{name: a, seed: 1}]\ntest: [{name: b, seed: 2}]\n", "t.yaml:4: test[0].distribution: missing"),
            ("train: [{name: a, seed: 1, distribution: in}]\ntest: [{name: b, seed: 2, distribution: in}]\n", "train[0].distribution: only test worlds"),
            ("train: [{name: a, seed: -1}]\ntest: [{name: b, seed: 2, distribution: in}]\n", "t.yaml:3: train[0].seed: expected a seed"),
            ("train: [{name: a, seed: 1, seeds: [2]}]\ntest: [{name: b, seed: 2, distribution: in}]\n", "give seed or seeds, not both"),
            ("train: [{name: ../up, seed: 1}]\ntest: [{name: b, seed: 2, distribution: in}]\n", "train[0].name: '../up' is not a folder name"),
            ("train: [{name: a, seed: 1}, {name: a, seed: 3}]\ntest: [{name: b, seed: 2, distribution: in}]\n", "a train world named 'a' is already defined"),
            ("train: [{name: a, seed: 1}]\ntest: [{name: b, seed: 2, distribution: sideways}]\n", "test[0].distribution: expected in"),
            ("train: [{name: a, seed: 1, scale: 0}]\ntest: [{name: b, seed: 2, distribution: in}]\n", "train[0].scale: expected a scale"),
            ("trian: []\n", "t.yaml:3: trian: unknown key"),
            ("train: [{name: a, seed: 1}]\ntest:\n  - name: b\n    seed: 2\n    distribution: in\n    set:\n      - campaigns[0].clusters=0\n", "t.yaml:5: test[0] 'b': "),
            ("train: [{name: a, seed: 1}]\ntest: [{name: b, seed: 2, distribution: in}\n", "not valid YAML: while parsing a flow sequence"),
        ]
        for (body, expected) in cases {
            let message = Self.message(body)
            #expect(message.contains(expected), "\(body): \(message)")
            #expect(!message.contains("\n"))
        }
    }

    @Test func gapIsTheMeanInDistributionMinusTheShiftedValue() {
        func row(_ world: String, _ distribution: SuiteDistribution, _ metric: String, _ value: Double, defined: Bool = true) -> SuiteMetricRow {
            SuiteMetricRow(world: world, distribution: distribution,
                           row: MetricRow(seed: 1, detector: "d", kind: "all", metric: metric, value: value, defined: defined))
        }
        let table = SuiteTable(rows: [
            row("in-1", .inDistribution, "average_precision", 0.75), row("in-1", .inDistribution, "precision", 0, defined: false),
            row("in-2", .inDistribution, "average_precision", 0.5), row("in-2", .inDistribution, "precision", 0.5),
            row("shift-a", .shifted, "average_precision", 0.5), row("shift-a", .shifted, "precision", 0.25),
            row("shift-b", .shifted, "average_precision", 0.25), row("shift-b", .shifted, "precision", 0, defined: false),
        ])
        let gaps = table.gaps()
        func gap(_ metric: String, _ world: String) -> SuiteGapRow? { gaps.first { $0.metric == metric && $0.shiftedWorld == world } }
        let ap = gap("average_precision", "*")
        #expect(ap?.inWorlds == 2 && ap?.shiftedWorlds == 2)
        #expect(ap?.inDistribution == 0.625 && ap?.shifted == 0.375 && ap?.gap == 0.25)
        #expect(gap("average_precision", "shift-b")?.gap == 0.375)
        // Undefined values are left out of the means; a side with none has no gap.
        #expect(gap("precision", "*")?.inWorlds == 1 && gap("precision", "*")?.gap == 0.25)
        #expect(gap("precision", "shift-b")?.shifted == nil && gap("precision", "shift-b")?.gap == nil)
        #expect(gap("recall", "*")?.gap == nil)
        #expect(table.gapCSV(gaps).contains("\nd,all,average_precision,shift-a,2,0.625,1,0.5,0.125\n"))
        #expect(table.gapCSV(gaps).contains("\nd,all,recall,*,0,,0,,\n"))
    }
}
