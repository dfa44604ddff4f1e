import CIBDetectors
import CIBModel
import Foundation
import Testing

@Suite("ExternalDetector")
struct ExternalDetectorTests {
    /// The example detector shipped in docs/examples.
    static let examplePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../docs/examples/external_detector.py").standardized.path

    /// A tiny dataset directory written by hand: 3 entities; entity 0 posts 6 times in Beijing office hours on a
    /// weekday, entity 1 posts 6 times at 03:00 Beijing time, entity 2 never posts.
    private func writeDataset(in dir: String) throws {
        try """
            entity,platform,kind,platform_id,created_at,country,name
            0,0,account,100,0,0,"alice, the first"
            1,0,account,101,0,0,bob
            2,1,page,7,0,0,carol
            """.write(toFile: dir + "/entities.csv", atomically: true, encoding: .utf8)
        // 2023-06-05 (Monday) 02:00 UTC = 10:00 UTC+8; 19:00 UTC Sunday = 03:00 Monday UTC+8.
        let monday10 = 1_685_930_400
        let sunday19 = monday10 - 7 * 3600
        var events = "event,time,actor,action,target,context,text,url,language\n"
        var row = 0
        for i in 0 ..< 6 {
            events += "\(row),\(monday10 + i * 600),0,post,-1,-1,-1,-1,\n"
            row += 1
        }
        for i in 0 ..< 6 {
            events += "\(row),\(sunday19 + i * 60),1,like,0,-1,-1,-1,\n"
            row += 1
        }
        try events.write(toFile: dir + "/events.csv", atomically: true, encoding: .utf8)
    }

    private func runCommand(_ command: String, timeout: Double = 30, entities: Int = 3) throws -> Result<EntityScores, DetectorError> {
        let dir = try temporaryDirectory("external")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeDataset(in: dir)
        let detector = ExternalDetector(name: "mine", commandTemplate: command, timeout: timeout)
        return Result { () throws(DetectorError) -> EntityScores in
            try detector.run(datasetDirectory: dir, entityCount: entities, workDirectory: dir + "/work")
        }
    }

    private func failure(_ command: String, timeout: Double = 30) throws -> String {
        switch try runCommand(command, timeout: timeout) {
        case .success(let scores): return "unexpected success: \(scores)"
        case .failure(let error): return error.description
        }
    }

    @Test func runsTheExamplePythonDetector() throws {
        #expect(FileManager.default.fileExists(atPath: Self.examplePath), "missing \(Self.examplePath)")
        let scores = try runCommand("python3 \(ExternalDetector.shellQuoted(Self.examplePath)) {dataset} {out}").get()
        #expect(scores.detector == "external:mine")
        #expect(scores.score == [1, 0, 0])
        #expect(scores.flag == [true, false, false])
        #expect(scores.cluster == nil)
    }

    @Test func substitutesQuotedPaths() {
        let detector = ExternalDetector(name: "x", commandTemplate: "prog {dataset} > {out}", timeout: 1)
        #expect(detector.command(datasetDirectory: "/d/it's here", out: "/o/s.csv") == "prog '/d/it'\\''s here' > '/o/s.csv'")
    }

    @Test func pathsWithSpacesAndQuotesReachTheProgram() throws {
        let dir = try temporaryDirectory("external it's")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let detector = ExternalDetector(
            name: "echo", commandTemplate: "printf 'entity,score,flag\\n0,1,1\\n' > {out}; test -d {dataset}", timeout: 10)
        let scores = try detector.run(datasetDirectory: dir, entityCount: 1, workDirectory: dir + "/w ork")
        #expect(scores.flag == [true])
    }

    @Test func failingProgramReportsExitCodeAndStderr() throws {
        let message = try failure("echo 'cannot open model.bin' >&2; exit 3 # would write {out}")
        #expect(message.contains("failed with exit code 3"))
        #expect(message.contains("stderr: cannot open model.bin"))
        #expect(message.hasPrefix("detector external:mine: "))
    }

    @Test func slowProgramTimesOut() throws {
        let message = try failure("sleep 5; echo never > {out}", timeout: 1)
        #expect(message == "detector external:mine: 'sleep 5; echo never > {out}' timed out after 1 s and was stopped")
    }

    @Test func programThatWritesNothingIsAnError() throws {
        #expect(try failure("true {out}").contains("exited 0 but wrote no scores file"))
    }

    @Test func unknownEntityInOutput() throws {
        let message = try failure("printf 'entity,score,flag\\n0,1,0\\n1,1,0\\n2,1,0\\n9,1,0\\n' > {out}")
        #expect(message.contains("invalid output: "))
        #expect(message.contains("mine.scores.csv:5: unknown entity id 9"))
    }

    @Test func missingEntitiesInOutput() throws {
        let message = try failure("printf 'entity,score,flag\\n1,1,0\\n' > {out}")
        #expect(message.contains("2 of 3 entities have no row (the first is entity 0)"))
    }

    @Test func duplicateRowInOutput() throws {
        let message = try failure("printf 'entity,score,flag\\n0,1,0\\n1,1,0\\n1,2,0\\n2,1,0\\n' > {out}")
        #expect(message.contains("mine.scores.csv:4: duplicate row for entity 1 (first on line 3)"))
    }

    @Test func nanScoreInOutput() throws {
        let message = try failure("printf 'entity,score,flag\\n0,1,0\\n1,NaN,0\\n2,1,0\\n' > {out}")
        #expect(message.contains("mine.scores.csv:3: score of entity 1 is NaN; scores must be finite numbers"))
    }

    @Test func missingColumnInOutput() throws {
        let message = try failure("printf 'entity,score\\n0,1\\n1,1\\n2,1\\n' > {out}")
        #expect(message.contains("mine.scores.csv:1: missing column 'flag'"))
    }

    @Test func rejectsTemplatesWithoutOutAndBadTimeouts() throws {
        #expect(try failure("python3 mine.py {dataset}").contains("has no {out} placeholder"))
        #expect(try failure("x {out}", timeout: 0).contains("timeout must be a positive number"))
    }
}

@Suite("ExternalDetector placeholders")
struct ExternalDetectorPlaceholderTests {
    @Test func placeholdersAreQuotedAndSubstitutedOnce() {
        let detector = ExternalDetector(name: "x", commandTemplate: "run {train} {dataset} {out} {work} {unknown} awk '{print $1}'", timeout: 1)
        let command = detector.command(datasetDirectory: "/d/{out}", out: "/o/it's.csv", placeholders: ["train": "/t", "work": "/w"])
        // A value holding a placeholder's name is not substituted again; braces naming no placeholder stay.
        #expect(command == "run '/t' '/d/{out}' '/o/it'\\''s.csv' '/w' {unknown} awk '{print $1}'")
        #expect(detector.command(datasetDirectory: "/d", out: "/o") == "run {train} '/d' '/o' {work} {unknown} awk '{print $1}'")
    }
}
