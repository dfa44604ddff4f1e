import CIBModel
@testable import CIBStorage
import CIBTruth
import Foundation
import Testing

/// A world of a few hundred rows per table whose texts and names hold commas, quotes, line breaks (LF, CRLF, CR) and
/// non-ASCII text, so that small chunks are cut inside quoted fields again and again.
func awkwardWorld(texts textCount: Int = 300, events eventCount: Int = 900) -> LabelledWorld {
    var state: UInt64 = 0x5EED
    func next(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(n))
    }
    let pieces = ["plain words", "a, comma", "\"quoted\"", "two\nlines", "crlf\r\nline", "cr\ronly", "郭文贵的谎言", "\"\"", ",",
                  "\n\n", "long text that runs well past any eight-byte word of the scanner, with, commas"]
    var d = ObservableDataset()
    d.platforms = [PlatformInfo(name: "facebook", kind: .social), PlatformInfo(name: "x, \"the\" platform", kind: .microblog)]
    d.countries = ["TW", "VN", "US"]
    d.languages = ["en", "zh"]
    d.start = 1_672_531_200
    d.end = d.start + 86_400 * 30
    var t = GroundTruth()
    t.campaignNames = ["spamouflage", "other"]
    let entityCount = 120
    for i in 0 ..< entityCount {
        let name = (0 ..< 1 + next(3)).map { _ in pieces[next(pieces.count)] }.joined(separator: " ")
        d.entities.append(platform: UInt16(next(2)), kind: [.account, .page, .group][next(3)], platformLocalID: UInt64(1000 + i),
                          createdAt: d.start - Int64(next(1_000_000)), country: UInt16(next(3)), name: name)
        t.appendEntity(next(4) == 0 ? .campaign : .organic, campaign: Int16(next(3)) - 1, cluster: Int32(next(5)) - 1,
                       operator: Int32(next(5)) - 1, tactics: next(3) == 0 ? TacticSet([.shiftPattern, .sprayingContent]) : [])
    }
    for i in 0 ..< textCount {
        d.texts.append("\(i): " + (0 ..< 1 + next(4)).map { _ in pieces[next(pieces.count)] }.joined(separator: " "))
    }
    for i in 0 ..< 40 { d.urls.append("https://example.com/\(i)?a=1,2&q=\"x\"") }
    var time = d.start
    for e in 0 ..< eventCount {
        time += Int64(next(3))  // ties included
        let action: ActionKind = e == 0 ? .post : [.post, .reply, .repost, .like][next(4)]
        let hasText = action == .post || action == .reply
        d.events.append(time: time, actor: EntityID(next(entityCount)), action: action,
                        target: action == .post ? noReference : EventID(next(e)),
                        context: next(5) == 0 ? EntityID(next(entityCount)) : noReference,
                        text: hasText ? Int32(next(textCount)) : noReference, url: next(4) == 0 ? Int32(next(40)) : noReference,
                        language: hasText ? UInt8(next(2)) : EventTable.noLanguage)
        t.appendEvent(campaign: Int16(next(3)) - 1, tactics: next(5) == 0 ? TacticSet([.amplifyingWithFakeAccounts]) : [])
    }
    for _ in 0 ..< 200 {
        d.follows.append(follower: EntityID(next(entityCount)), followee: EntityID(next(entityCount)), time: d.start + Int64(next(1000)))
    }
    for _ in 0 ..< 150 {
        d.logins.append(entity: EntityID(next(entityCount)), time: d.start + Int64(next(1000)), ip: UInt32(next(1 << 30)) * 4,
                        device: UInt32(next(1 << 30)))
    }
    return LabelledWorld(observable: d, truth: t)
}

/// The chunk sizes and thread counts every read is tried with: chunks from a few records to the whole file.
let chunkings: [(chunkBytes: Int, tasks: Int)] = [(DatasetReader.defaultChunkBytes, 1), (37, 1), (37, 2), (256, 2), (1000, 3), (4096, 2)]

/// Replaces the bytes of `file` in `dir` (the manifest is left alone: read with `verifyChecksums: false`).
func rewrite(_ dir: String, _ file: String, _ edit: ([UInt8]) -> [UInt8]) throws {
    let url = URL(fileURLWithPath: dir + "/" + file)
    try Data(edit([UInt8](try Data(contentsOf: url)))).write(to: url)
}

/// The line `needle` starts on in `bytes` (1 + the line feeds before it).
func lineOf(_ needle: String, in bytes: [UInt8]) -> Int {
    let n = Array(needle.utf8)
    let at = (0 ... bytes.count - n.count).first { Array(bytes[$0 ..< $0 + n.count]) == n }!
    return 1 + bytes[..<at].filter { $0 == 0x0A }.count
}

@Suite struct ChunkedDatasetReadingTests {
    @Test func chunksCutInsideQuotedFieldsReadTheWorldExactlyWhateverTheThreads() throws {
        let world = awkwardWorld()
        let dir = temporaryDirectory() + "/ds"
        try DatasetWriter.write(world, provenance: provenance, to: dir)
        let texts = try String(contentsOfFile: dir + "/texts.csv", encoding: .utf8)
        #expect(texts.contains("\"\n") && texts.contains("\"\"quoted\"\""), "texts.csv must hold quoted line breaks and quotes")
        for (chunkBytes, tasks) in chunkings {
            let (read, _) = try DatasetReader.readWorld(directory: dir, tasks: tasks, chunkBytes: chunkBytes)
            #expect(read.observable == world.observable, "chunks of \(chunkBytes) bytes on \(tasks) threads")
            #expect(read.truth == world.truth, "chunks of \(chunkBytes) bytes on \(tasks) threads")
            // Byte for byte, not just equal as Strings (which forgives canonically equivalent text).
            for i in [0, 7, 150, world.observable.texts.count - 1] {
                #expect(read.observable.texts.withUTF8(i) { Array($0) } == world.observable.texts.withUTF8(i) { Array($0) })
            }
        }
    }

    @Test func aLastLineWithoutNewlineAndCRLFLineEndsReadTheSame() throws {
        let world = awkwardWorld()
        let dir = temporaryDirectory() + "/ds"
        try DatasetWriter.write(world, provenance: provenance, to: dir)
        // Every table but texts.csv and entities.csv (whose quoted values hold line breaks of their own) with CRLF
        // line ends, and every table without its last line end.
        for file in ["events.csv", "follows.csv", "logins.csv", "urls.csv", "platforms.csv", "truth/events.csv", "truth/entities.csv"] {
            try rewrite(dir, file) { bytes in Array(bytes.split(separator: 0x0A, omittingEmptySubsequences: false).joined(separator: [0x0D, 0x0A])) }
        }
        for file in DatasetFile.observable + DatasetFile.truth {
            try rewrite(dir, file) { bytes in
                var b = bytes
                while b.last == 0x0A || b.last == 0x0D { b.removeLast() }
                return b
            }
        }
        for (chunkBytes, tasks) in chunkings {
            let (read, manifest) = try DatasetReader.readObservable(directory: dir, verifyChecksums: false, tasks: tasks, chunkBytes: chunkBytes)
            #expect(read == world.observable, "chunks of \(chunkBytes) bytes on \(tasks) threads")
            let truth = try DatasetReader.readTruth(directory: dir, manifest: manifest, entityCount: read.entities.count,
                                                    eventCount: read.events.count, verifyChecksums: false, tasks: tasks, chunkBytes: chunkBytes)
            #expect(truth == world.truth, "chunks of \(chunkBytes) bytes on \(tasks) threads")
        }
    }

    @Test func aBadRowInALateChunkIsReportedOnItsTrueLine() throws {
        let world = awkwardWorld()
        let dir = temporaryDirectory() + "/ds"
        try DatasetWriter.write(world, provenance: provenance, to: dir)
        // Row 290 of texts.csv gets an id that is not a number; the texts before it span many lines.
        var bytes: [UInt8] = []
        try rewrite(dir, "texts.csv") { original in
            let marker = Array("\n290,".utf8)
            let at = (0 ..< original.count - marker.count).first { Array(original[$0 ..< $0 + marker.count]) == marker }!
            bytes = Array(original[...at]) + Array("x".utf8) + Array(original[(at + 1)...])
            return bytes
        }
        let line = lineOf("x290,", in: bytes)
        #expect(line > 300, "the bad row must come after texts with line breaks (line \(line))")
        for (chunkBytes, tasks) in chunkings {
            let error = try #require(throws: StorageError.self) {
                try DatasetReader.readObservable(directory: dir, verifyChecksums: false, tasks: tasks, chunkBytes: chunkBytes)
            }
            #expect(error.path.hasSuffix("/texts.csv") && error.line == line, "chunks of \(chunkBytes) on \(tasks): \(error)")
            #expect(error.message == "column 'text': expected an integer, found 'x290'", "\(error)")
        }
    }

    @Test func rowNumbersAndTimeOrderAreCheckedAcrossChunks() throws {
        let world = awkwardWorld()
        let cases: [(String, (inout [[UInt8]]) -> Void, String, Int)] = [
            // A row deleted: every later id is one ahead of its row.
            ("events.csv", { $0.remove(at: 700) }, "column 'event': expected id 699 (ids are row numbers 0, 1, 2, ... in order), found '700'", 701),
            // A row moved earlier: its time goes back.
            ("events.csv", { let row = $0.remove(at: 800); $0.insert(row, at: 400) }, "column 'event': expected id 399", 401),
            // Times out of order, the ids intact.
            ("events.csv", { lines in
                var fields = lines[650].split(separator: 0x2C, omittingEmptySubsequences: false).map(Array.init)
                fields[1] = Array(String(world.observable.start).utf8)
                lines[650] = Array(fields.joined(separator: [0x2C]))
            }, "column 'time': expected events sorted by time (the previous event is at ", 651),
            ("follows.csv", { $0[180] += Array(",extra".utf8) }, "expected 3 fields as in the header, found 4", 181),
            ("events.csv", { $0[500].insert(0x22, at: 3) }, "column 'event': a '\"' inside an unquoted field", 501),
            ("urls.csv", { $0[30] = Array("29,\"https://x\"y".utf8) }, "column 'address': text after the closing quote", 31),
            ("logins.csv", { $0[140] = Array("1,1672531300,1.2.3.4,7\r8".utf8) }, "column 'device': a carriage return (\\r) that does not end a line", 141),
        ]
        for (file, edit, expected, line) in cases {
            let dir = temporaryDirectory() + "/ds"
            try DatasetWriter.write(world, provenance: provenance, to: dir)
            try rewrite(dir, file) { bytes in
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                edit(&lines)
                return Array(lines.joined(separator: [0x0A]))
            }
            for (chunkBytes, tasks) in chunkings {
                let error = try #require(throws: StorageError.self) {
                    try DatasetReader.readObservable(directory: dir, verifyChecksums: false, tasks: tasks, chunkBytes: chunkBytes)
                }
                #expect(error.path.hasSuffix("/" + file) && error.line == line && error.message.contains(expected),
                        "\(file), chunks of \(chunkBytes) on \(tasks): \(error)")
            }
        }
    }

    @Test func anUnterminatedQuoteIsReportedWhereItOpens() throws {
        let dir = temporaryDirectory() + "/ds"
        try DatasetWriter.write(awkwardWorld(), provenance: provenance, to: dir)
        var bytes: [UInt8] = []
        try rewrite(dir, "texts.csv") { original in
            bytes = original + Array("300,\"never closed\n301,x\n".utf8)
            return bytes
        }
        let line = lineOf("300,\"never", in: bytes)
        for (chunkBytes, tasks) in chunkings {
            let error = try #require(throws: StorageError.self) {
                try DatasetReader.readObservable(directory: dir, verifyChecksums: false, tasks: tasks, chunkBytes: chunkBytes)
            }
            #expect(error.line == line && error.message == "column 'content': unterminated quoted field (the '\"' that opens it is never closed)",
                    "chunks of \(chunkBytes) on \(tasks): \(error)")
        }
    }

    @Test func textThatIsNotUTF8IsRefused() throws {
        let dir = temporaryDirectory() + "/ds"
        try DatasetWriter.write(awkwardWorld(), provenance: provenance, to: dir)
        try rewrite(dir, "platforms.csv") { original in
            var lines = original.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            lines[2] = Array("1,bad \u{1B}".utf8) + [0xFF, 0x41] + Array(",microblog".utf8)
            return Array(lines.joined(separator: [0x0A]))
        }
        let error = try #require(throws: StorageError.self) { try DatasetReader.readObservable(directory: dir, verifyChecksums: false) }
        #expect(error.line == 3)
        #expect(error.description.hasSuffix("column 'name': expected valid UTF-8 text, found 'bad \\u{1B}\\xFFA'"), "\(error)")
    }
}

@Suite struct VocabularyCacheTests {
    @Test func resolvesEachDistinctKeyOnceShortAndLongKeysAlike() {
        var cache = VocabularyCache<Int>()
        var resolved: [String: Int] = [:]
        // 600 keys of 0 to 12 bytes (the short table grows several times), met three times each, in varied order.
        let keys = (0 ..< 600).map { i in String(repeating: "k", count: i % 13) + (i % 13 == 0 ? "" : String(i)) }
            .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for round in 0 ..< 3 {
            for k in (round == 1 ? keys.reversed() : keys) {
                var bytes = Array(k.utf8)
                let value = bytes.withUnsafeMutableBufferPointer { b in
                    cache.value(UnsafeBufferPointer(b)) { s -> Int? in
                        resolved[s, default: 0] += 1
                        return s.hasSuffix("7") ? nil : s.utf8.count * 1000 + s.hashValue % 7
                    }
                }
                let expected = k.hasSuffix("7") ? nil : k.utf8.count * 1000 + k.hashValue % 7
                #expect(value == expected, "\(k)")
            }
        }
        #expect(resolved.count == keys.count && resolved.values.allSatisfy { $0 == 1 })
    }
}
