import CIBDetectors
import CIBModel
import Foundation
import Testing

/// A fresh empty directory for one test.
func temporaryDirectory(_ label: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.path + "/ciblab-\(label)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite("ScoresFile")
struct ScoresFileTests {
    private func parse(_ text: String, entities: Int = 3) throws(ScoresFileError) -> EntityScores {
        try ScoresFile.parse(Array(text.utf8), path: "s.csv", entityCount: entities, detector: "x")
    }

    private func error(_ text: String, entities: Int = 3) -> ScoresFileError? {
        do {
            _ = try parse(text, entities: entities)
            return nil
        } catch {
            return error
        }
    }

    @Test func roundTripsScoresFlagsAndClusters() throws {
        let dir = try temporaryDirectory("scores")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scores = EntityScores(
            detector: "d", score: [0.5, -1e-7, 123456.789, 0], flag: [true, false, true, false],
            cluster: [2, noReference, 0, noReference])
        let path = dir + "/scores.csv"
        try ScoresFile.write(scores, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("entity,score,flag,cluster\n0,0.5,1,2\n1,"))
        #expect(text.contains("\n3,0.0,0,\n"))
        let back = try ScoresFile.read(path: path, entityCount: 4, detector: "d")
        #expect(back == scores)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["scores.csv"])
    }

    @Test func writesNoClusterColumnWithoutClusters() throws {
        let dir = try temporaryDirectory("scores")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/s.csv"
        try ScoresFile.write(EntityScores(detector: "d", score: [1, 2], flag: [false, true]), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "entity,score,flag\n0,1.0,0\n1,2.0,1\n")
    }

    @Test func acceptsAnyRowOrderColumnOrderTrueFalseAndCRLF() throws {
        let scores = try parse("flag,entity,score,cluster\r\ntrue,2,3.5,\r\nfalse,0,1,7\r\n1,1,-2,-1\r\n\r\n")
        #expect(scores.score == [1, -2, 3.5])
        #expect(scores.flag == [false, true, true])
        #expect(scores.cluster == [7, noReference, noReference])
        #expect(scores.detector == "x")
    }

    @Test func emptyClusterColumnMeansNoClusters() throws {
        let scores = try parse("entity,score,flag,cluster\n0,1,0,\n1,1,0,\n2,1,0,\n")
        #expect(scores.cluster == nil)
    }

    @Test func rejectsUnknownEntity() {
        let e = error("entity,score,flag\n0,1,0\n3,1,0\n")
        #expect(e?.line == 3)
        #expect(e?.description == "s.csv:3: unknown entity id 3 (the dataset has entities 0 ..< 3)")
    }

    @Test func rejectsNonIntegerEntity() {
        #expect(error("entity,score,flag\nabc,1,0\n")?.description == "s.csv:2: entity 'abc' is not an entity id (a whole number)")
        #expect(error("entity,score,flag\n1.5,1,0\n")?.line == 2)
    }

    @Test func reportsHowManyEntitiesAreMissingAndTheFirst() {
        let e = error("entity,score,flag\n0,1,0\n", entities: 5)
        #expect(e?.line == nil)
        #expect(e?.description == "s.csv: 4 of 5 entities have no row (the first is entity 1); every entity needs one")
    }

    @Test func rejectsDuplicateRows() {
        let e = error("entity,score,flag\n0,1,0\n1,1,0\n0,2,1\n2,0,0\n")
        #expect(e?.description == "s.csv:4: duplicate row for entity 0 (first on line 2)")
    }

    @Test func rejectsNaNAndInfiniteScores() {
        #expect(error("entity,score,flag\n0,nan,0\n")?.description == "s.csv:2: score of entity 0 is nan; scores must be finite numbers")
        #expect(error("entity,score,flag\n0,1,0\n1,-inf,0\n")?.line == 3)
        #expect(error("entity,score,flag\n0,,0\n")?.description == "s.csv:2: score '' of entity 0 is not a number")
    }

    @Test func rejectsBadFlagsAndClusters() {
        #expect(error("entity,score,flag\n0,1,yes\n")?.description == "s.csv:2: flag 'yes' of entity 0 is not 0, 1, true or false")
        #expect(error("entity,score,flag,cluster\n0,1,1,-3\n")?.line == 2)
        #expect(error("entity,score,flag,cluster\n0,1,1,x\n")?.description.contains("cluster 'x' of entity 0") == true)
    }

    @Test func rejectsMissingHeaderOrColumn() {
        #expect(error("")?.description == "s.csv: the file is empty; expected a header 'entity,score,flag[,cluster]'")
        #expect(
            error("entity,score\n0,1\n")?.description
                == "s.csv:1: missing column 'flag' in the header (found 'entity,score'; expected 'entity,score,flag[,cluster]')")
        // A file without a header: its first row is taken as the header and lacks the columns.
        #expect(error("0,1,0\n1,1,0\n")?.description.hasPrefix("s.csv:1: missing column 'entity'") == true)
        #expect(error("entity,score,flag\n0,1\n")?.description == "s.csv:2: expected 3 fields as in the header, found 2")
    }

    @Test func readNamesAMissingFile() {
        do {
            _ = try ScoresFile.read(path: "/nonexistent/s.csv", entityCount: 1, detector: "x")
            Issue.record("expected an error")
        } catch {
            #expect(error.path == "/nonexistent/s.csv")
            #expect(error.description.hasPrefix("/nonexistent/s.csv: cannot read the scores file"))
        }
    }
}
