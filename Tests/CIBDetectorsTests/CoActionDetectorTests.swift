import CIBModel
import Testing

@testable import CIBDetectors

@Suite struct CoActionDetectorTests {
    func run(_ overrides: [String: String] = [:], tasks: Int = 1) throws -> (CoActionFixtures.World, DetectorOutput) {
        let world = CoActionFixtures.spamouflageWorld()
        try world.data.validate()
        let values = try ParameterValues.resolve(CoActionDetector.parameters, overrides: overrides, detector: CoActionDetector.name)
        let detector = try CoActionDetector(parameters: values)
        return (world, try detector.run(on: world.data, context: DetectorContext(tasks: tasks)))
    }

    @Test func flagsTheSprayingClusterIncludingItsPage() throws {
        let (world, output) = try run()
        let s = output.scores
        for e in world.campaignFacebook { #expect(s.flag[Int(e)], "campaign entity \(e) should be flagged") }
        let clusters = Set(world.campaignFacebook.map { s.cluster![Int($0)] })
        #expect(clusters.count == 1 && !clusters.contains(noReference))
        #expect(world.data.entities.kind[Int(world.campaignFacebook.last!)] == .page)
        // The three x accounts share the blog links among themselves (their texts are typo variants): a second cluster.
        let xAccounts = world.campaignX
        #expect(xAccounts.allSatisfy { s.flag[Int($0)] })
        #expect(Set(xAccounts.map { s.cluster![Int($0)] }).count == 1)
        #expect(output.findings.count == 2)
        #expect(output.findings.map(\.size).sorted() == [3, 6])
        let facebookFinding = try #require(output.findings.first { $0.size == 6 })
        #expect(facebookFinding.summary.contains("facebook 6"))
        #expect(facebookFinding.summary.contains("link https://truthnews"))
    }

    @Test func doesNotFlagOrganicBurstsNewsroomsOrSilentEntities() throws {
        let (world, output) = try run()
        let s = output.scores
        #expect(world.organic.filter { s.flag[Int($0)] }.isEmpty)
        #expect(world.newsroom.filter { s.flag[Int($0)] }.isEmpty)
        for e in world.silent { #expect(s.score[Int(e)] == 0 && !s.flag[Int(e)]) }
        let campaignMin = world.campaignFacebook.map { s.score[Int($0)] }.min()!
        let organicMax = world.organic.map { s.score[Int($0)] }.max()!
        #expect(campaignMin > organicMax)
        #expect(s.score.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test func withoutTheViralDiscountOrganicBurstsWouldBeFlagged() throws {
        // The discount is what protects organic bursts: with every key weighing 1, 60-account bursts on 8 days make
        // organic pairs that met twice look coordinated.
        let (world, output) = try run(["viral-users": "1000000000", "min-co-actions": "2"])
        #expect(world.organic.contains { output.scores.flag[Int($0)] })
    }

    @Test func crossPlatformMakesTheNewsroomACluster() throws {
        let (world, output) = try run(["cross-platform": "1"])
        #expect(world.newsroom.allSatisfy { output.scores.flag[Int($0)] })
        // The x accounts post typo variants, so exact-text co-action only reaches them through the shared blog link.
        #expect(world.campaignFacebook.allSatisfy { output.scores.flag[Int($0)] })
    }

    @Test func scoresDoNotDependOnTasks() throws {
        let (_, one) = try run(tasks: 1)
        for tasks in [2, 8] {
            let (_, many) = try run(tasks: tasks)
            #expect(many.scores == one.scores)
            #expect(many.findings == one.findings)
        }
    }

    @Test func rejectsBadParameters() {
        #expect(throws: DetectorError.self) {
            try ParameterValues.resolve(CoActionDetector.parameters, overrides: ["window": "-5"], detector: CoActionDetector.name)
        }
        #expect(throws: DetectorError.self) {
            try ParameterValues.resolve(CoActionDetector.parameters, overrides: ["use-links": "2"], detector: CoActionDetector.name)
        }
    }
}
