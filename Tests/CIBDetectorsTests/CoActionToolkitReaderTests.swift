import Foundation
import Testing

@testable import CIBDetectors

/// The parallel columnar reader of `ciblab coordination-network` (``ToolkitCSVReader``) against the plain one
/// (``CoordinationToolkitCSV/readMessages(bytes:name:normalization:)``): the same networks, byte for byte, however the
/// file is cut into chunks and on however many threads.
@Suite struct CoActionToolkitReaderTests {
    /// Rows with quoted messages holding commas, quotes and line breaks of every kind, so that chunk cuts fall inside
    /// quoted fields; duplicate message ids, reposts, replies, empty and repeated URLs; ids in NFC and NFD.
    static func awkwardCSV(rows: Int, seed: UInt64, bom: Bool = false, crlf: Bool = false, finalNewline: Bool = true) -> [UInt8] {
        var rng = CoActionSplitMix(seed: seed)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        let texts = ["Hello world", "\"hello, WORLD\"", "\"two\nlines\"", "\"two\r\nlines\"", "\"say \"\"hi\"\"\"",
                     "\"\n\n\"", "12\" tall", "@x hello world", "caf\u{E9}", "\"CAFE\u{301}\"", "\"\u{A7CB}x\""]
        let urls = ["", "http://a", "http://b", "http://a http://b", "http://a  http://a", "\"http://c\"", "caf\u{E9}",
                    "cafe\u{301}", "http://a \u{301}http://b"]
        let users = ["u1", "u2", "u3", "\"u,4\"", "jos\u{E9}", "jose\u{301}", "u5", "u6"]
        let end = crlf ? "\r\n" : "\n"
        var text = (bom ? "\u{FEFF}" : "") + "message_id,user_id,username,repost_id,reply_id,message,timestamp,urls" + end
        for i in 0 ..< rows {
            let id = rng.next() % 10 == 0 ? String(rng.next() % UInt64(i + 1)) : String(i)
            let repost = rng.next() % 4 == 0 ? pick(["1", "2", "\u{E9}", "e\u{301}"]) : ""
            let reply = rng.next() % 4 == 0 ? pick(["1", "2", "3"]) : ""
            let t = String(rng.next() % 200) + (rng.next() % 8 == 0 ? ".5" : "")
            text += [id, pick(users), "name", repost, reply, pick(texts), t, pick(urls)].joined(separator: ",")
            if i < rows - 1 || finalNewline { text += end }
        }
        return Array(text.utf8)
    }

    static func edgeList(_ bytes: [UInt8], kind: CoordinationKind, chunkBytes: Int, tasks: Int) throws -> [UInt8] {
        let columns = try ToolkitCSVReader.read(bytes: bytes, name: "in.csv", kind: kind, tasks: tasks, chunkBytes: chunkBytes)
        let input = ToolkitNetworkInput(columns: columns)
        return coordinationNetwork(input, window: 10, minWeight: 1, tasks: tasks).edgeListBytes()
    }

    static func reference(_ bytes: [UInt8], kind: CoordinationKind) throws -> [UInt8] {
        let messages = try CoordinationToolkitCSV.readMessages(bytes: bytes, name: "in.csv")
        let edges = coordinationNetwork(messages: messages, kind: kind, window: 10, minWeight: 1)
        return Array(CoordinationToolkitCSV.edgeList(edges, kind: kind).utf8)
    }

    @Test(arguments: CoordinationKind.allCases)
    func chunkCutsInsideQuotedFieldsChangeNothing(kind: CoordinationKind) throws {
        let bytes = Self.awkwardCSV(rows: 400, seed: 11)
        let expected = try Self.reference(bytes, kind: kind)
        #expect(expected.count > 1000, "the file should give dozens of edges")
        for chunkBytes in [1, 2, 7, 64, 333, 1 << 20] {
            for tasks in [1, 2, 3] {
                #expect(try Self.edgeList(bytes, kind: kind, chunkBytes: chunkBytes, tasks: tasks) == expected,
                        "\(kind.rawValue), chunks of \(chunkBytes) bytes, \(tasks) tasks")
            }
        }
    }

    @Test func aByteOrderMarkCRLFAndNoFinalNewlineChangeNothing() throws {
        let plain = Self.awkwardCSV(rows: 200, seed: 5)
        let expected = try Self.reference(plain, kind: .coLink)
        for (bom, crlf, finalNewline) in [(true, true, true), (true, false, false), (false, true, false), (false, false, false)] {
            let bytes = Self.awkwardCSV(rows: 200, seed: 5, bom: bom, crlf: crlf, finalNewline: finalNewline)
            #expect(try Self.reference(bytes, kind: .coLink) == expected)
            for chunkBytes in [3, 50, 1 << 20] {
                #expect(try Self.edgeList(bytes, kind: .coLink, chunkBytes: chunkBytes, tasks: 2) == expected,
                        "bom \(bom), crlf \(crlf), final newline \(finalNewline), chunks of \(chunkBytes)")
            }
        }
    }

    @Test func theLastRowWithoutANewlineIsRead() throws {
        let csv = "message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\n1,a,A,,,x,1,L\n2,b,B,,,\"y\nz\",2,L"
        for chunkBytes in [1, 5, 1000] {
            let columns = try ToolkitCSVReader.read(bytes: Array(csv.utf8), name: "t.csv", kind: .coLink, chunkBytes: chunkBytes)
            #expect(columns.rowCount == 2)
            let edges = coordinationNetwork(ToolkitNetworkInput(columns: columns), window: 5, minWeight: 1)
            #expect(edges.edges == [WeightedEdge(source: "a", target: "b", weight: 1), WeightedEdge(source: "b", target: "a", weight: 1)])
        }
    }

    @Test func errorsNameTheSameLineHoweverTheFileIsCut() {
        var csv = String(decoding: Self.awkwardCSV(rows: 120, seed: 3), as: UTF8.self)
        let lines = csv.utf8.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        csv += "x,u1,n,,,\"quoted\nover two lines\",yesterday,\n"
        var seen: [ToolkitCSVError] = []
        for chunkBytes in [1, 9, 100, 1 << 20] {
            do {
                _ = try ToolkitCSVReader.read(bytes: Array(csv.utf8), name: "in.csv", kind: .coTweet, tasks: 2, chunkBytes: chunkBytes)
            } catch {
                seen.append(error)
            }
        }
        #expect(seen.count == 4)
        #expect(Set(seen.map(\.line)) == [lines])
        #expect(seen.first?.message == "column timestamp: expected a finite number of seconds, found 'yesterday'")
        #expect(throws: ToolkitCSVError(path: "in.csv", line: lines, message: "column timestamp: expected a finite number of seconds, found 'yesterday'")) {
            try CoordinationToolkitCSV.readMessages(bytes: Array(csv.utf8), name: "in.csv")
        }
    }

    @Test func badInputIsRefusedWithItsLine() {
        func error(_ body: [UInt8]) -> ToolkitCSVError? {
            let csv = Array("message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\n1,a,A,,,ok,5,\n".utf8) + body
            do {
                _ = try ToolkitCSVReader.read(bytes: csv, name: "in.csv", kind: .coLink, tasks: 2, chunkBytes: 4)
                return nil
            } catch {
                return error
            }
        }
        #expect(error(Array("2,b,B,,,x,5,\n3,c,C,,,\"open,5,\n\n".utf8))?.line == 4)
        #expect(error(Array("2,b,B,,,x,5,\n3,c,C,,,\"open,5,\n\n".utf8))?.message.contains("unterminated") == true)
        #expect(error(Array("2,b,B,,,x".utf8) + [0xFF] + Array(",5,\n".utf8))?.message.contains("invalid UTF-8") == true)
        #expect(error(Array("\n".utf8))?.line == 3)
        #expect(error(Array("2,b,B,,,x,inf,\n".utf8))?.line == 3)
        #expect(error(Array("2,b,B,,,\(String(repeating: "é", count: 131_073)),5,\n".utf8))?.message.contains("131,072") == true)
        #expect(error(Array("2,b,B,,,\(String(repeating: "é", count: 131_072)),5,\n".utf8)) == nil)
        #expect(error([]) == nil)
        #expect(throws: ToolkitCSVError.self) { try ToolkitCSVReader.read(bytes: [], name: "e.csv", kind: .coLink) }
    }

    @Test func anEdgeListLargerThanOneBlockIsWrittenWhole() throws {
        // User ids of 100,000 bytes: every line is longer than a tenth of a block, so the list spans many blocks.
        let users = (0 ..< 6).map { String(repeating: "x", count: 100_000) + "\($0)\"q" }
        var csv = "message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\n"
        for (i, user) in users.enumerated() { csv += "\(i),\"\(user.replacingOccurrences(of: "\"", with: "\"\""))\",n,,,t,\(i),L\n" }
        let input = try CoordinationToolkitCSV.readNetworkInput(bytes: Array(csv.utf8), name: "big.csv", kind: .coLink)
        let edges = coordinationNetwork(input, window: 10, minWeight: 1)
        #expect(edges.count == 30)
        let expected = Array(CoordinationToolkitCSV.edgeList(edges.edges, kind: .coLink).utf8)
        #expect(edges.edgeListBytes() == expected)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("big-edges-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try CoordinationToolkitCSV.writeEdges(edges, to: path)
        #expect(FileManager.default.contents(atPath: path).map { Array($0) } == expected)
    }
}
