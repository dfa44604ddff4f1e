import CIBEvaluation
import CIBModel
import CIBReport
import CIBTruth
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses a fragment as XML; returns the parser error, if any, and the element names seen.
final class XMLCheck: NSObject, XMLParserDelegate {
    var elements = [String]()

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append(elementName)
    }

    static func parse(_ text: String) -> (ok: Bool, elements: [String]) {
        let parser = XMLParser(data: Data(text.utf8))
        let check = XMLCheck()
        parser.delegate = check
        return (parser.parse(), check.elements)
    }
}

@Suite struct ReportTests {
    static let evilName = "<b>\"x&y\"</b> | z"

    /// A small world and two detectors (one with a name full of markup), evaluated over two seeds.
    static func run() throws -> RunSummary {
        var data = ObservableDataset()
        data.platforms = [PlatformInfo(name: "facebook", kind: .social)]
        data.countries = ["US"]
        data.end = 3 * 86_400
        var truth = GroundTruth()
        truth.campaignNames = ["spamouflage"]
        for i in 0 ..< 60 {
            data.entities.append(
                platform: 0, kind: i % 3 == 0 ? .page : .account, platformLocalID: UInt64(i), createdAt: 0, country: 0,
                name: "e\(i)")
            truth.appendEntity(i % 4 == 0 ? .campaign : .organic, campaign: i % 4 == 0 ? 0 : -1, cluster: i % 4 == 0 ? Int32(i % 8) : -1)
        }
        for i in 0 ..< 60 {
            data.events.append(time: Int64(i * 3000), actor: Int32(i), action: .post)
            truth.appendEvent(campaign: i % 4 == 0 ? 0 : -1, tactics: i % 4 == 0 ? TacticSet([.sprayingContent, .shiftPattern]) : [])
        }
        var table = MetricsTable()
        var curves = [DetectorEvaluation]()
        var comparisons = [PairedComparison]()
        for seed: UInt64 in [1, 2] {
            let evaluator = try Evaluator(truth: truth, observable: data, bootstrapReplicates: 30, seed: seed)
            let good = EntityScores(
                detector: "good", score: (0 ..< 60).map { Double(($0 * 7 + Int(seed)) % 10) / 10 + (evaluator.labels[$0] ? 0.5 : 0) },
                flag: (0 ..< 60).map { evaluator.labels[$0] || $0 % 9 == 0 })
            let evil = EntityScores(detector: evilName, score: (0 ..< 60).map { Double($0 % 5) }, flag: (0 ..< 60).map { $0 % 2 == 0 })
            let evaluations = try evaluator.evaluate([good, evil])
            for evaluation in evaluations { table.append(evaluation, seed: seed) }
            if seed == 1 {
                curves = evaluations
                comparisons.append(try evaluator.compare(good, evil))
            }
        }
        let campaign = (0 ..< 168).map { hour in (hour % 24 >= 9 && hour % 24 < 18 && hour < 120) ? 10.0 : 0 }
        let organic = (0 ..< 168).map { hour in Double(5 + (hour % 24) / 3) }
        return RunSummary(
            toolVersion: "0.1.0", scenarioName: "test & <scenario>", scenarioHash: "abc123", seeds: [1, 2],
            positives: .thisCampaign,
            detectors: [.init(name: "good", parameters: [("window", "60s")]), .init(name: evilName, summary: "a <i>method</i>")],
            timings: [.init(step: "evaluate", seconds: 0.25, note: "2 detectors")], metrics: table, curves: curves,
            curveSeed: 1, hourOfWeek: .init(campaign: campaign, organic: organic, timeZone: "Beijing time (UTC+8)"),
            comparisons: comparisons,
            provenance: [("machine", "test")])
    }

    static func svgFragments(_ html: String) -> [String] {
        var fragments = [String]()
        var rest = html[...]
        while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound ..< rest.endIndex) {
            fragments.append(String(rest[start.lowerBound ..< end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return fragments
    }

    @Test func htmlHasOneWellFormedSVGPerChart() throws {
        let run = try Self.run()
        let html = HTMLReport.render(run)
        let figures = HTMLReport.figures(run)
        #expect(figures.count == 4)
        #expect(html.components(separatedBy: "<svg").count - 1 == figures.count)
        let fragments = Self.svgFragments(html)
        #expect(fragments.count == 4)
        for fragment in fragments {
            let parsed = XMLCheck.parse(fragment)
            #expect(parsed.ok, "SVG fragment is not well-formed XML: \(fragment.prefix(200))")
            #expect(parsed.elements.first == "svg")
        }
        // PR curves: one polyline per detector; hour of week: organic (filled) and campaign.
        #expect(XMLCheck.parse(fragments[0]).elements.filter { $0 == "polyline" }.count == 2)
        #expect(XMLCheck.parse(fragments[1]).elements.filter { $0 == "polygon" }.count == 1)
        // Recall per tactic: 2 tactics × 2 detectors, every recall defined.
        #expect(XMLCheck.parse(fragments[2]).elements.filter { $0 == "rect" }.count == 4 + 2)  // + 2 legend swatches
    }

    @Test func reportsAreSelfContainedAndEscaped() throws {
        let run = try Self.run()
        let html = HTMLReport.render(run)
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("url("))
        #expect(!html.contains(Self.evilName))
        #expect(html.contains("&lt;b&gt;&quot;x&amp;y&quot;&lt;/b&gt; | z"))
        #expect(html.contains("test &amp; &lt;scenario&gt;"))
        #expect(!html.contains("<i>method</i>"))
        #expect(html == HTMLReport.render(run))

        let markdown = MarkdownReport.render(run)
        #expect(!markdown.contains(Self.evilName))
        #expect(markdown.contains("&lt;b&gt;&quot;x&amp;y&quot;&lt;/b&gt; \\| z"))
        #expect(markdown.contains("| 6.3 | Spraying content |"))
        #expect(markdown.contains("## Summary"))
        #expect(markdown.contains("## Paired comparisons"))
        #expect(markdown.contains("| good | &lt;b&gt;&quot;x&amp;y&quot;&lt;/b&gt; \\| z | all | 1 |"))
        #expect(html.contains("<h2>Paired comparisons</h2>"))
    }

    @Test func summaryTableAcrossSeedsAndForOneSeed() throws {
        let run = try Self.run()
        let table = SummaryTable(metrics: run.metrics)
        #expect(table.seeds == 2)
        #expect(table.rows.map(\.kind) == ["all", "account", "page", "all", "account", "page"])
        let text = table.text()
        #expect(text.hasPrefix("detector"))
        #expect(text.contains("(mean over 2 seeds, 95% t intervals)"))
        // The good detector flags every positive on both seeds: recall 1 with a degenerate interval.
        #expect(table.rows[0].cells[1] == SummaryTable.Cell(value: 1, lower: 1, upper: 1))

        let one = MetricsTable(rows: run.metrics.rows.filter { $0.seed == 1 })
        let single = SummaryTable(metrics: one)
        let precision = try #require(one.rows.first { $0.detector == "good" && $0.kind == "all" && $0.metric == "precision" })
        #expect(single.rows[0].cells[0] == SummaryTable.Cell(value: precision.value, lower: precision.lower, upper: precision.upper))
        let undefined = SummaryTable(metrics: MetricsTable(rows: [
            MetricRow(seed: 1, detector: "d", kind: "all", metric: "precision", value: 0, defined: false),
        ]))
        #expect(undefined.rows[0].cells[0].text == "n/a")
        #expect(undefined.text().contains("n/a"))
    }

    @Test func chartsDrawWhatTheyAreGiven() {
        let line = SVGLineChart(
            title: "t", xLabel: "x", yLabel: "y",
            series: [.init(name: "a", points: [(0, 0), (1, 1)]), .init(name: "b", points: [(0, 1), (0.5, 0.2), (1, 0)])])
        let svg = line.svg()
        let parsed = XMLCheck.parse(svg)
        #expect(parsed.ok)
        #expect(parsed.elements.filter { $0 == "polyline" }.count == 2)
        #expect(svg.contains(">a</text>") && svg.contains(">b</text>"))
        let bars = SVGBarChart(
            title: "bars", yLabel: "recall", categories: ["6.3", "3.1.1", "0.9.9"],
            series: [.init(name: "d1", values: [0.5, nil, 1.2]), .init(name: "d2", values: [0, 0.25, 1])])
        let barSVG = bars.svg()
        #expect(XMLCheck.parse(barSVG).ok)
        // 5 defined values (nil draws nothing; 1.2 is clipped to the axis) + 2 legend swatches.
        #expect(XMLCheck.parse(barSVG).elements.filter { $0 == "rect" }.count == 7)
        #expect(barSVG.contains(">3.1.1</text>"))
    }
}

@Suite struct HourOfWeekFromWorldTests {
    /// Campaign events at Monday 01:00 UTC land in Monday 09h Beijing time; organic ones at Sunday 23:00 UTC in
    /// Monday 07h.
    @Test func countsCampaignAgainstOrganic() {
        var data = ObservableDataset()
        data.platforms = [PlatformInfo(name: "x", kind: .microblog)]
        data.countries = ["TW"]
        var truth = GroundTruth()
        truth.campaignNames = ["c"]
        data.entities.append(platform: 0, kind: .account, platformLocalID: 0, createdAt: 0, country: 0, name: "op")
        truth.appendEntity(.campaign, campaign: 0)
        data.entities.append(platform: 0, kind: .account, platformLocalID: 1, createdAt: 0, country: 0, name: "user")
        truth.appendEntity(.organic)
        let monday: Int64 = 4 * 86_400  // 1970-01-05 was a Monday
        data.events.append(time: monday - 3600, actor: 1, action: .post)
        truth.appendEvent()
        for i in 0 ..< 3 {
            data.events.append(time: monday + 3600 + Int64(i), actor: 0, action: .post)
            truth.appendEvent(campaign: 0)
        }
        let activity = RunSummary.HourOfWeek(observable: data, truth: truth)
        #expect(activity.campaign.count == 168 && activity.organic.count == 168)
        #expect(activity.campaign[9] == 3 && activity.campaign.reduce(0, +) == 3)
        #expect(activity.organic[7] == 1 && activity.organic.reduce(0, +) == 1)
        #expect(activity.timeZone == "Beijing time (UTC+8)")
        #expect(RunSummary.HourOfWeek(observable: data, truth: truth, utcOffsetMinutes: -330).timeZone == "UTC-5:30")
    }
}
