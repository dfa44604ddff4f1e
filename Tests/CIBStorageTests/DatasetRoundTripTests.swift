import CIBCSV
import CIBModel
@testable import CIBStorage
import CIBTruth
import Foundation
import Testing

/// A small world with every column kind, including texts that need CSV quoting.
func sampleWorld() -> LabelledWorld {
    var d = ObservableDataset()
    d.platforms = [PlatformInfo(name: "facebook", kind: .social), PlatformInfo(name: "x", kind: .microblog)]
    d.countries = ["TW", "VN", "US"]
    d.languages = ["en", "zh"]
    d.start = 1_672_531_200
    d.end = 1_672_531_200 + 86_400 * 7
    var t = GroundTruth()
    t.campaignNames = ["spamouflage"]
    d.entities.append(platform: 0, kind: .account, platformLocalID: 100_004_000_001, createdAt: d.start - 86_400, country: 0, name: "GarciaJasmyn1")
    t.appendEntity(.campaign, campaign: 0, cluster: 3, operator: 7, tactics: TacticSet([.creatingPersonas]))
    d.entities.append(platform: 0, kind: .page, platformLocalID: UInt64.max, createdAt: d.start - 400 * 86_400, country: 2, name: "Lingerie, \"Best\" shop")
    t.appendEntity(.campaign, campaign: 0, tactics: TacticSet([.acquiringRepurposingAccounts, .acquiringPageFollowers]))
    d.entities.append(platform: 1, kind: .account, platformLocalID: 42, createdAt: d.start, country: 1, name: "fan\nwith newline")
    t.appendEntity(.followerFarm)
    let text0 = d.texts.append("Rummors and truth of COVID-19")
    let text1 = d.texts.append("郭文贵的谎言, \"小蚂蚁\"的毒品\nsecond line")
    let url0 = d.urls.append("https://example.blogspot.com/2023/05/truth.html?a=1,2")
    let e0 = d.events.append(time: d.start + 3600, actor: 1, action: .post, text: text0, url: url0, language: 0)
    t.appendEvent(campaign: 0, tactics: TacticSet([.shiftPattern, .sprayingContent]))
    d.events.append(time: d.start + 3700, actor: 0, action: .reply, target: e0, context: 1, text: text1, language: 1)
    t.appendEvent(campaign: 0, tactics: TacticSet([.amplifyingWithFakeAccounts]))
    d.events.append(time: d.start + 3800, actor: 2, action: .like, target: e0)
    t.appendEvent()
    d.follows.append(follower: 2, followee: 1, time: d.start + 10)
    d.logins.append(entity: 0, time: d.start + 3500, ip: IPv4.parse("203.0.113.7")!, device: 4_000_000_000)
    return LabelledWorld(observable: d, truth: t)
}

func temporaryDirectory(_ name: String = #function) -> String {
    let base = NSTemporaryDirectory() + "ciblab-tests-\(ProcessInfo.processInfo.processIdentifier)/" + name.filter { $0.isLetter || $0.isNumber }
    try? FileManager.default.removeItem(atPath: base)
    try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    return base
}

let provenance = DatasetProvenance(toolVersion: "test", scenarioName: "sample", scenarioJSON: Data(#"{"name":"sample","seed":1}"#.utf8), seed: 1, scale: 1)

@Test func datasetRoundTripsExactly() throws {
    let world = sampleWorld()
    try world.observable.validate()
    let dir = temporaryDirectory() + "/ds"
    let manifest = try DatasetWriter.write(world, provenance: provenance, to: dir)
    #expect(manifest.rowCounts["events.csv"] == 3)
    #expect(manifest.rowCounts["truth/entities.csv"] == 3)
    #expect(manifest.files.count == 9)
    let (read, readManifest) = try DatasetReader.readWorld(directory: dir)
    #expect(read.observable == world.observable)
    #expect(read.truth == world.truth)
    #expect(readManifest == manifest)
    // No temporary directory is left behind.
    let siblings = try FileManager.default.contentsOfDirectory(atPath: (dir as NSString).deletingLastPathComponent)
    #expect(siblings == ["ds"])
}

@Test func sameWorldGivesIdenticalBytes() throws {
    let base = temporaryDirectory()
    try DatasetWriter.write(sampleWorld(), provenance: provenance, to: base + "/a")
    try DatasetWriter.write(sampleWorld(), provenance: provenance, to: base + "/b")
    for file in DatasetFile.observable + DatasetFile.truth + [DatasetFile.manifest] {
        let a = FileManager.default.contents(atPath: base + "/a/" + file)
        let b = FileManager.default.contents(atPath: base + "/b/" + file)
        #expect(a != nil && a == b, "\(file) differs")
    }
}

@Test func checksumMismatchNamesTheFile() throws {
    let dir = temporaryDirectory() + "/ds"
    try DatasetWriter.write(sampleWorld(), provenance: provenance, to: dir)
    let path = dir + "/events.csv"
    var bytes = try #require(FileManager.default.contents(atPath: path))
    bytes.removeLast(5)
    try bytes.write(to: URL(fileURLWithPath: path))
    let error = try #require(throws: StorageError.self) { try DatasetReader.readObservable(directory: dir) }
    #expect(error.path.hasSuffix("events.csv"))
    #expect(error.message.contains("checksum mismatch"))
}

@Test func badRowIsReportedWithLineAndColumn() throws {
    let dir = temporaryDirectory() + "/ds"
    try DatasetWriter.write(sampleWorld(), provenance: provenance, to: dir)
    let path = dir + "/follows.csv"
    try "follower,followee,time\n2,1,10\n2,x,11\n".write(toFile: path, atomically: true, encoding: .utf8)
    let error = try #require(throws: StorageError.self) { try DatasetReader.readObservable(directory: dir, verifyChecksums: false) }
    #expect(error.line == 3)
    #expect(error.description.contains("followee"))
    #expect(error.description.contains("'x'"))
}

@Test func danglingReferenceIsRejected() throws {
    let dir = temporaryDirectory() + "/ds"
    try DatasetWriter.write(sampleWorld(), provenance: provenance, to: dir)
    try "follower,followee,time\n2,99,10\n".write(toFile: dir + "/follows.csv", atomically: true, encoding: .utf8)
    let error = try #require(throws: StorageError.self) { try DatasetReader.readObservable(directory: dir, verifyChecksums: false) }
    #expect(error.path.hasSuffix("/follows.csv") && error.line == 2)
    #expect(error.message.contains("column 'followee': expected an entity id in 0 ..< 3, found '99'"))
}

/// Rewrites manifest.json of `dir` through `edit`.
private func editManifest(_ dir: String, _ edit: (inout [String: Any]) -> Void) throws {
    let url = URL(fileURLWithPath: dir + "/manifest.json")
    var m = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    edit(&m)
    try JSONSerialization.data(withJSONObject: m).write(to: url)
}

@Test func manifestsThatWouldCrashAReaderAreRefusedByName() throws {
    let cases: [(String, (inout [String: Any]) -> Void)] = [
        ("'countries' lists 'TW' twice (entries 0 and 3)", { $0["countries"] = ["TW", "VN", "US", "TW"] }),
        ("'languages' lists 300 entries; at most 255", { $0["languages"] = (0 ..< 300).map { "l\($0)" } }),
        ("'countries' lists 70000 entries; at most 65535", { $0["countries"] = (0 ..< 70_000).map { "c\($0)" } }),
        ("row_counts['events.csv'] is 9223372036854775807", { m in var c = m["row_counts"] as! [String: Any]; c["events.csv"] = Int64.max; m["row_counts"] = c }),
        ("'end' is 9223372036854775807", { $0["end"] = Int64.max }),
        ("must come after 'start'", { $0["end"] = 0 }),
    ]
    for (expected, edit) in cases {
        let dir = temporaryDirectory() + "/ds"
        try DatasetWriter.write(sampleWorld(), provenance: provenance, to: dir)
        try editManifest(dir, edit)
        let error = try #require(throws: StorageError.self) { try DatasetReader.readWorld(directory: dir) }
        #expect(error.description.contains(expected), "\(error)")
        #expect(error.path.hasSuffix("manifest.json"))
    }
}

@Test func rowsThatWouldCrashAReaderAreRefusedWithFileLineAndColumn() throws {
    let cases: [(String, String, String)] = [
        ("platforms.csv", "platform,name,kind\n0,facebook,social\n1,facebook,microblog\n", "line 3? column 'name': expected a platform name not used by an earlier row"),
        ("events.csv", "event,time,actor,action,target,context,text,url,language\n0,9223372036854775807,0,post,,,,,\n", "column 'time': expected a time inside the observation window"),
        ("events.csv", "event,time,actor,action,target,context,text,url,language\n0,1672534800,0,reply,5,,,,\n", "column 'target': expected an earlier event"),
        ("events.csv", "event,time,actor,action,target,context,text,url,language\n0,1672534800,0,post,,,,,\u{1B}[31m\n", "found '\\u{1B}[31m'"),
        ("logins.csv", "entity,time,ip,device\n0,99999999999999,1.2.3.4,5\n", "column 'time': expected a time between 1900-01-01 and 2200-01-01"),
        ("texts.csv", "text,content\n0,a\n2,b\n", "column 'text': expected id 1"),
    ]
    for (file, text, expected) in cases {
        let dir = temporaryDirectory() + "/ds"
        try DatasetWriter.write(sampleWorld(), provenance: provenance, to: dir)
        try text.write(toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        let error = try #require(throws: StorageError.self) { try DatasetReader.readObservable(directory: dir, verifyChecksums: false) }
        let want = expected.replacingOccurrences(of: "line 3? ", with: "")
        #expect(error.description.contains(want), "\(file): \(error)")
        #expect(error.path.hasSuffix(file) && error.line != nil, "\(file): \(error)")
        #expect(!error.description.contains("\n") && !error.description.contains("\u{1B}"))
    }
}

@Test func printableTextEscapesWhatATerminalWouldInterpret() {
    #expect(PrintableText.quote([0x61, 0xFF, 0x00, 0x1B, 0x0A, 0x62]) == "a\\xFF\\u{0}\\u{1B}\\nb")
    #expect(PrintableText.quote(Array("小蚂蚁".utf8)) == "小蚂蚁")
    #expect(PrintableText.quote(Array(repeating: 0x78, count: 100), limit: 10) == "xxxxxxxxxx… (90 more bytes)")
    #expect(PrintableText.clean("two\nlines\u{7}") == "two\\nlines\\u{7}")
    #expect(PrintableText.clean(PrintableText.clean("a\tb")) == PrintableText.clean("a\tb"))
}

@Test func existingOutputIsNotOverwrittenWithoutReplace() throws {
    let dir = temporaryDirectory() + "/ds"
    try DatasetWriter.write(sampleWorld(), provenance: provenance, to: dir)
    let error = try #require(throws: StorageError.self) {
        try DatasetWriter.write(sampleWorld(), provenance: provenance, to: dir)
    }
    #expect(error.message.contains("--force"))
    try DatasetWriter.write(sampleWorld(), provenance: provenance, to: dir, replace: true)
    #expect(FileManager.default.fileExists(atPath: dir + "/manifest.json"))
}

@Test func missingManifestIsAClearError() throws {
    let dir = temporaryDirectory()
    let error = try #require(throws: StorageError.self) { try DatasetReader.readObservable(directory: dir) }
    #expect(error.message.contains("manifest.json"))
}

@Test func csvQuotingRoundTrips() throws {
    let dir = temporaryDirectory()
    var w = try CSVWriter(path: dir + "/q.csv")
    try w.header(["a", "b"])
    w.string("plain"); w.string("with \"quotes\", comma\nand newline"); try w.endRow()
    w.int(-42); w.empty(); try w.endRow()
    _ = try w.finish()
    let table = try DatasetTableFile(path: dir + "/q.csv", expectedColumns: ["a", "b"])
    let chunks = try table.readRows(TextRows.Parser(), tasks: 1)
    #expect(chunks.flatMap(\.values) == [["plain", "with \"quotes\", comma\nand newline"], ["-42", ""]])
}

/// Every field of every row as a string.
struct TextRows: TableRows {
    var values: [[String]] = []
    var count: Int { values.count }

    struct Parser: TableRowParser {
        var idColumn: Int? { nil }
        func makeRows() -> TextRows { TextRows() }
        func parse(_ record: RFC4180Scanner, row: Int, previousTime: inout Int64, into rows: inout TextRows) throws(RowProblem) {
            rows.values.append((0 ..< record.fieldCount).map { i in record.withField(i) { String(decoding: $0, as: UTF8.self) } })
        }
    }
}
