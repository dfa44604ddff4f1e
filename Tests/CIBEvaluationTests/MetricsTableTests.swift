import CIBEvaluation
import Foundation
import Testing

@Suite struct MetricsTableTests {
    func table() -> MetricsTable {
        MetricsTable(rows: [
            MetricRow(seed: 1, detector: "shift-pattern", kind: "all", metric: "precision", value: 0.75, lower: 0.3, upper: 0.95),
            MetricRow(seed: 1, detector: "odd, \"name\"", kind: "page", metric: "recall_by_tactic[6.3]", value: 0, defined: false),
            MetricRow(seed: 2, detector: "shift-pattern", kind: "all", metric: "tp", value: 12),
        ])
    }

    @Test func csvIsTidyEscapedAndRoundTrips() throws {
        let csv = table().csv()
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "seed,detector,kind,metric,value,lower,upper,defined")
        #expect(lines[1] == "1,shift-pattern,all,precision,0.75,0.3,0.95,true")
        #expect(lines[2] == "1,\"odd, \"\"name\"\"\",page,recall_by_tactic[6.3],0,,,false")
        #expect(lines[3] == "2,shift-pattern,all,tp,12,,,true")
        #expect(try MetricsTable(csv: csv) == table())
    }

    @Test func jsonHasEveryKeyAndIsStable() throws {
        let data = table().json()
        #expect(data == table().json())
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.contains("\"lower\":null"))
        let decoded = try JSONDecoder().decode([MetricRow].self, from: data)
        #expect(decoded == table().rows)
    }

    @Test func badCSVNamesTheLine() {
        let error = #expect(throws: EvaluationError.self) {
            try MetricsTable(csv: "seed,detector,kind,metric,value,lower,upper,defined\n1,d,all,precision,abc,,,true\n")
        }
        #expect(error?.description.contains("line 2") == true)
        #expect(throws: EvaluationError.self) { try MetricsTable(csv: "a,b\n") }
    }

    /// Mean, standard deviation and Student t interval across seeds; undefined values are skipped and counted.
    @Test func summaryAcrossSeeds() throws {
        var rows = [0.5, 0.7, 0.6].enumerated().map {
            MetricRow(seed: UInt64($0.offset), detector: "d", kind: "all", metric: "recall", value: $0.element)
        }
        rows.append(MetricRow(seed: 3, detector: "d", kind: "all", metric: "recall", value: 0, defined: false))
        rows.append(MetricRow(seed: 0, detector: "d", kind: "all", metric: "precision", value: 0.4))
        let summary = MetricsTable(rows: rows).summaryAcrossSeeds()
        #expect(summary.map(\.metric) == ["recall", "precision"])
        let recall = summary[0]
        #expect(recall.seeds == 3 && recall.undefined == 1)
        #expect(abs(try #require(recall.mean) - 0.6) < 1e-12)
        #expect(abs(try #require(recall.standardDeviation) - 0.1) < 1e-12)
        // scipy: 0.6 ± t(0.975, 2) · 0.1/√3.
        #expect(abs(try #require(recall.lower) - 0.35158622882496693) < 1e-9)
        #expect(abs(try #require(recall.upper) - 0.848413771175033) < 1e-9)
        #expect(summary[1].seeds == 1 && summary[1].standardDeviation == nil && summary[1].lower == nil)
        // Intervals are clipped to the metric's range.
        let wide = MetricsTable(rows: [0.02, 0.9].map { MetricRow(seed: 0, detector: "d", kind: "all", metric: "recall", value: $0) })
        #expect(wide.summaryAcrossSeeds()[0].lower == 0 && wide.summaryAcrossSeeds()[0].upper == 1)
        #expect(MetricsTable(rows: rows).summaryCSV().hasPrefix("detector,kind,metric,seeds,undefined,mean,sd,lower,upper\nd,all,recall,3,1,"))
    }
}
