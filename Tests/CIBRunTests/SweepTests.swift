import CIBRun
import Foundation
import Testing

/// What-if sweeps: grid expansion, validation before anything runs, resume and shards giving identical bytes.
@Suite struct SweepTests {
    static let smoke = repositoryRoot + "/scenarios/smoke.yaml"

    static func directory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "ciblab-sweep-tests-\(ProcessInfo.processInfo.processIdentifier)/\(name)"
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    static func spec(_ axes: String, extra: String = "") throws -> SweepSpec {
        try SweepSpec.parse(text: "name: t\nscenario: \(smoke)\nseeds: 1\ndetectors: [shared-infrastructure]\n\(extra)axes:\n\(axes)", file: "t.yaml")
    }

    @Test func gridIsTheProductFirstAxisOutermost() throws {
        let s = try Self.spec("  campaigns[0].schedule.jitter: [0m, 90m]\n  campaigns[0].content.paraphraseRate: {from: 0, to: 0.5, step: 0.25}\n")
        #expect(s.axes.map(\.values) == [["0m", "90m"], ["0", "0.25", "0.5"]])
        let points = s.points()
        #expect(points.count == 6)
        #expect(points[1].values == ["0m", "0.25"])
        #expect(points[3].overrides == ["campaigns[0].schedule.jitter=90m", "campaigns[0].content.paraphraseRate=0"])
        #expect(Set(points.map(\.id)).count == 6)
        // Ids depend only on the axis values.
        #expect(try Self.spec("  campaigns[0].schedule.jitter: [0m, 90m]\n  campaigns[0].content.paraphraseRate: [0, 0.25]\n").points()[1].id == points[1].id)
        #expect(try s.validate().count == 6)
    }

    @Test func badSweepsFailBeforeRunningAndNameThePoint() throws {
        let empty = try #require(throws: ExperimentError.self) { try Self.spec("  campaigns[0].schedule.jitter: []\n") }
        #expect(empty.description.contains("axes.campaigns[0].schedule.jitter"))
        #expect(empty.description.contains("empty"))
        let unknownSweepKey = try #require(throws: ExperimentError.self) { try Self.spec("  organic.accounts: [10]\n", extra: "colour: red\n") }
        #expect(unknownSweepKey.description.contains("colour"))

        let badValue = try Self.spec("  campaigns[0].schedule.jitter: [30m, soon]\n")
        let e1 = try #require(throws: ExperimentError.self) { try badValue.validate() }
        #expect(e1.description.contains("point 2"))
        #expect(e1.description.contains("jitter=soon"))
        let badKey = try Self.spec("  campaigns[0].schedule.jiter: [30m]\n")
        let e2 = try #require(throws: ExperimentError.self) { try badKey.validate() }
        #expect(e2.description.contains("point 1"))
        #expect(e2.description.contains("jiter"))
        // Nothing ran: no output directory was made.
        let out = Self.directory("never")
        _ = try? SweepRunner.run(badKey, out: out, options: .init(toolVersion: "test"), progress: { _ in })
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// An interrupted run resumed, and shards merged, end with the same bytes as one uninterrupted run.
    @Test func resumeAndShardsGiveIdenticalBytes() throws {
        let s = try Self.spec("  campaigns[0].schedule.jitter: [0m, 180m]\n")
        let whole = Self.directory("whole")
        let full = try SweepRunner.run(s, out: whole, options: .init(jobs: 2, toolVersion: "test"), progress: { _ in })
        #expect(full.complete && full.ran == 2)
        let reference = try String(contentsOfFile: whole + "/points.csv", encoding: .utf8)
        let lines = reference.split(separator: "\n")
        #expect(lines[0] == "point,campaigns[0].schedule.jitter,seed,detector,kind,metric,value,lower,upper,defined")
        #expect(lines.dropFirst().allSatisfy { $0.contains(",shared-infrastructure,") })
        #expect(Set(lines.dropFirst().map { $0.split(separator: ",")[1] }) == ["0m", "180m"])

        // Interrupted after one point (plus a stray temporary file a kill -9 could leave), then resumed.
        let resumed = Self.directory("resumed")
        let part = try SweepRunner.run(s, out: resumed, options: .init(toolVersion: "test", stopAfter: 1), progress: { _ in })
        #expect(!part.complete)
        #expect(!FileManager.default.fileExists(atPath: resumed + "/points.csv"))
        try Data("point,half".utf8).write(to: URL(fileURLWithPath: resumed + "/points/.x.csv.partial-1"))
        let rest = try SweepRunner.run(s, out: resumed, options: .init(toolVersion: "test"), progress: { _ in })
        #expect(rest.complete && rest.ran == 1 && rest.skipped == 1)
        for file in ["points.csv", "summary.md", "report.html"] {
            #expect(FileManager.default.contents(atPath: resumed + "/" + file) == FileManager.default.contents(atPath: whole + "/" + file))
        }

        // Shards 1/2 and 2/2 merged.
        let a = Self.directory("shard1"), b = Self.directory("shard2"), merged = Self.directory("merged")
        let one = try SweepRunner.run(s, out: a, options: .init(shard: (1, 2), toolVersion: "test"), progress: { _ in })
        _ = try SweepRunner.run(s, out: b, options: .init(shard: (2, 2), toolVersion: "test"), progress: { _ in })
        #expect(one.ran == 1 && !one.complete)
        _ = try SweepRunner.merge([a, b], out: merged)
        #expect(try String(contentsOfFile: merged + "/points.csv", encoding: .utf8) == reference)
        // A shard missing is an error naming the point.
        let error = try #require(throws: ExperimentError.self) { try SweepRunner.merge([a], out: Self.directory("half")) }
        #expect(error.description.contains("180m"))
        // A different sweep in the same directory is refused.
        let other = try Self.spec("  campaigns[0].schedule.jitter: [0m, 60m]\n")
        #expect(throws: ExperimentError.self) { try SweepRunner.run(other, out: whole, options: .init(toolVersion: "test"), progress: { _ in }) }
    }

    /// Worlds differ between versions: a directory started by one version takes no points or shards of another.
    @Test func resumeAndMergeRefuseAnotherToolVersion() throws {
        let s = try Self.spec("  campaigns[0].schedule.jitter: [0m, 180m]\n")
        let started = Self.directory("old-version")
        let part = try SweepRunner.run(s, out: started, options: .init(toolVersion: "9.1.0", stopAfter: 1), progress: { _ in })
        #expect(!part.complete && part.plan.toolVersion == "9.1.0")
        let resume = try #require(throws: ExperimentError.self) {
            try SweepRunner.run(s, out: started, options: .init(toolVersion: "9.2.0"), progress: { _ in })
        }
        #expect(resume.description.contains("written by ciblab 9.1.0") && resume.description.contains("this is 9.2.0"), "\(resume)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: started + "/points").filter { $0.hasSuffix(".csv") }.count == 1,
                "the refused run added no point")
        // A sweep.json of 0.1.0 has no version at all.
        let json = try String(contentsOfFile: started + "/sweep.json", encoding: .utf8)
        let unversioned = json.split(separator: "\n").filter { !$0.contains("\"toolVersion\"") }.joined(separator: "\n")
        try unversioned.replacingOccurrences(of: ",\n}", with: "\n}").write(toFile: started + "/sweep.json", atomically: true, encoding: .utf8)
        let old = try #require(throws: ExperimentError.self) {
            try SweepRunner.run(s, out: started, options: .init(toolVersion: "9.2.0"), progress: { _ in })
        }
        #expect(old.description.contains("0.1.0 or older"), "\(old)")
        // Shards of two versions do not merge.
        let a = Self.directory("v1-shard1"), b = Self.directory("v2-shard2")
        _ = try SweepRunner.run(s, out: a, options: .init(shard: (1, 2), toolVersion: "9.1.0"), progress: { _ in })
        _ = try SweepRunner.run(s, out: b, options: .init(shard: (2, 2), toolVersion: "9.2.0"), progress: { _ in })
        let merge = try #require(throws: ExperimentError.self) { try SweepRunner.merge([a, b], out: Self.directory("v-merged")) }
        #expect(merge.description.contains("9.2.0") && merge.description.contains("different worlds"), "\(merge)")
    }
}
