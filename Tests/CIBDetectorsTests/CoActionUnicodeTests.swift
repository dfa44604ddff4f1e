import Foundation
import Testing

@testable import CIBDetectors

/// Unicode inputs where Swift's defaults (canonical equivalence, grapheme clusters, newer case tables) differ from
/// coordination-network-toolkit 1.5.2 (Python `str`, SQLite, Python 3.11's Unicode 14 tables). The expected edges were
/// computed by the real toolkit (`scripts/crosscheck-coaction.py unicode u.csv`, then `oracle u.csv KIND 5 1 OUT
/// --oracle toolkit` with coordination_network_toolkit 1.5.2 on Python 3.11.7; with `--normalize nfc`, the toolkit on
/// `crosscheck-coaction.py nfc u.csv` of the same file) and are written out here, so the suite needs no Python.
@Suite struct CoActionUnicodeTests {
    /// `crosscheck-coaction.py unicode OUT` writes exactly these bytes.
    static let csv = """
        message_id,user_id,username,repost_id,reply_id,message,timestamp,urls
        1,jos\u{E9},jos\u{E9},,,a,0,http://x.org/a
        2,jose\u{301},jose\u{301},,,b,1,http://x.org/a
        3,ann,ann,,,c,2,http://x.org/a
        4,ann,ann,,,d,10,http://x.org/caf\u{E9}
        5,bob,bob,,,e,11,http://x.org/cafe\u{301}
        6,carl,carl,,,f,20,http://a.org \u{301}http://b.org
        7,dana,dana,,,g,21,http://a.org
        8,eve,eve,,,h,22,\u{301}http://b.org
        9,fay,fay,,,i,30,http://c.org \u{200D}
        10,gil,gil,,,j,31,\u{200D} http://d.org \u{FE0F}
        11,hal,hal,,,k,32,http://c.org
        12,ivy,ivy,,,l,33,\u{FE0F}
        m\u{E9},jay,jay,,,hello there,40,http://x.org/m
        me\u{301},kim,kim,,,Hello  there,41,http://x.org/m
        m\u{E9},lee,lee,,,hello there,42,http://x.org/m
        20,mia,mia,r\u{E9},,x,50,n15
        21,ned,ned,re\u{301},,x,51,n16
        22,oli,oli,r\u{E9},,x,52,n17
        23,pam,pam,,q\u{E9},y1,60,n18
        24,quinn,quinn,,qe\u{301},y2,61,n19
        25,rae,rae,,q\u{E9},y3,62,n20
        26,sam,sam,,,Caf\u{E9} time,70,n21
        27,tia,tia,,,cafe\u{301} TIME,71,n22
        28,uma,uma,,,CAF\u{C9} time,72,n23
        30,p1,p1,,,\u{A7CB}x,80,n24
        31,p2,p2,,,\u{264}x,81,n25
        32,p3,p3,,,\u{A7DC}x,82,n26
        33,p4,p4,,,\u{19B}x,83,n27
        34,p5,p5,,,\u{1C89}z,90,n28
        35,p6,p6,,,\u{1C8A}z,91,n29
        36,p7,p7,,,\u{10D50}y,92,n30
        37,p8,p8,,,\u{10D70}y,93,n31
        40,q1,q1,,,\u{295}\u{3A3},100,n32
        41,q2,q2,,,\u{295}\u{3C2},101,n33
        42,q3,q3,,,\u{295}\u{3C3},102,n34
        43,s1,s1,,,A\u{3A3}\u{897}b,110,n35
        44,s2,s2,,,a\u{3C2}\u{897}b,111,n36
        45,s3,s3,,,a\u{3C3}\u{897}b,112,n37

        """

    typealias Edge = (source: String, target: String, weight: Int)

    /// The toolkit's edge lists, window 5 s, minimum weight 1.
    static let toolkit: [CoordinationKind: [Edge]] = [
        .coLink: [
            ("ann", "jose\u{301}", 1), ("ann", "jos\u{E9}", 1), ("carl", "dana", 1), ("carl", "eve", 1),
            ("dana", "carl", 1), ("eve", "carl", 1), ("fay", "gil", 1), ("fay", "hal", 1), ("gil", "fay", 1),
            ("gil", "ivy", 1), ("hal", "fay", 1), ("ivy", "gil", 1), ("jay", "kim", 1), ("jose\u{301}", "ann", 1),
            ("jose\u{301}", "jos\u{E9}", 1), ("jos\u{E9}", "ann", 1), ("jos\u{E9}", "jose\u{301}", 1),
            ("kim", "jay", 1),
        ],
        .coTweet: [
            ("jay", "kim", 1), ("kim", "jay", 1), ("q1", "q2", 1), ("q2", "q1", 1), ("s1", "s2", 1), ("s2", "s1", 1),
            ("sam", "uma", 1), ("uma", "sam", 1),
        ],
        .coRetweet: [
            ("mia", "oli", 1), ("oli", "mia", 1),
        ],
        .coReply: [
            ("pam", "rae", 1), ("rae", "pam", 1),
        ],
    ]

    /// The toolkit's edge lists on the NFC copy of the file (what `--normalize nfc` promises).
    static let toolkitOnNFC: [CoordinationKind: [Edge]] = [
        .coLink: [
            ("ann", "bob", 1), ("ann", "jos\u{E9}", 1), ("bob", "ann", 1), ("carl", "dana", 1), ("carl", "eve", 1),
            ("dana", "carl", 1), ("eve", "carl", 1), ("fay", "gil", 1), ("fay", "hal", 1), ("gil", "fay", 1),
            ("gil", "ivy", 1), ("hal", "fay", 1), ("ivy", "gil", 1), ("jos\u{E9}", "ann", 2),
        ],
        .coTweet: [
            ("q1", "q2", 1), ("q2", "q1", 1), ("s1", "s2", 1), ("s2", "s1", 1), ("sam", "tia", 1), ("sam", "uma", 1),
            ("tia", "sam", 1), ("tia", "uma", 1), ("uma", "sam", 1), ("uma", "tia", 1),
        ],
        .coRetweet: [
            ("mia", "ned", 1), ("mia", "oli", 1), ("ned", "mia", 1), ("ned", "oli", 1), ("oli", "mia", 1),
            ("oli", "ned", 1),
        ],
        .coReply: [
            ("pam", "quinn", 1), ("pam", "rae", 1), ("quinn", "pam", 1), ("quinn", "rae", 1), ("rae", "pam", 1),
            ("rae", "quinn", 1),
        ],
    ]

    /// The toolkit's edge-list bytes for `edges`.
    static func edgeListBytes(_ edges: [Edge], kind: CoordinationKind) -> [UInt8] {
        var text = "\"source\",\"target\",\"weight\",\"edge_type\"\r\n"
        for e in edges { text += "\"\(e.source)\",\"\(e.target)\",\"\(e.weight)\",\"\(kind.rawValue)\"\r\n" }
        return Array(text.utf8)
    }

    @Test(arguments: CoordinationKind.allCases)
    func networksAreTheToolkitsCodePointForCodePoint(kind: CoordinationKind) throws {
        let messages = try CoordinationToolkitCSV.readMessages(bytes: Array(Self.csv.utf8), name: "u.csv")
        let edges = coordinationNetwork(messages: messages, kind: kind, window: 5, minWeight: 1, tasks: 2)
        let ours = Array(CoordinationToolkitCSV.edgeList(edges, kind: kind).utf8)
        #expect(ours == Self.edgeListBytes(Self.toolkit[kind]!, kind: kind), "\(kind.rawValue)")
    }

    @Test(arguments: CoordinationKind.allCases)
    func nfcNormalisationMatchesTheToolkitOnAnNFCCopy(kind: CoordinationKind) throws {
        let messages = try CoordinationToolkitCSV.readMessages(
            bytes: Array(Self.csv.utf8), name: "u.csv", normalization: .nfc)
        let edges = coordinationNetwork(messages: messages, kind: kind, window: 5, minWeight: 1, tasks: 2)
        let ours = Array(CoordinationToolkitCSV.edgeList(edges, kind: kind).utf8)
        #expect(ours == Self.edgeListBytes(Self.toolkitOnNFC[kind]!, kind: kind), "\(kind.rawValue)")
    }

    @Test(arguments: CoordinationKind.allCases)
    func theParallelReaderGivesTheSameBytes(kind: CoordinationKind) throws {
        for (normalization, expected) in [(ToolkitNormalization.none, Self.toolkit), (.nfc, Self.toolkitOnNFC)] {
            for chunkBytes in [16, 1 << 20] {
                let columns = try ToolkitCSVReader.read(
                    bytes: Array(Self.csv.utf8), name: "u.csv", kind: kind, normalization: normalization, tasks: 2,
                    chunkBytes: chunkBytes)
                let edges = coordinationNetwork(ToolkitNetworkInput(columns: columns), window: 5, minWeight: 1, tasks: 2)
                #expect(edges.edgeListBytes() == Self.edgeListBytes(expected[kind]!, kind: kind),
                        "\(kind.rawValue), \(normalization), chunks of \(chunkBytes) bytes")
            }
        }
    }

    @Test func urlsSplitOnEverySpaceEvenBeforeACombiningMark() throws {
        let messages = try CoordinationToolkitCSV.readMessages(bytes: Array(Self.csv.utf8), name: "u.csv")
        let urls = messages.filter { ["carl", "gil"].contains($0.userID) }.map { $0.urls.map { Array($0.unicodeScalars) } }
        #expect(urls == [
            [Array("http://a.org".unicodeScalars), Array("\u{301}http://b.org".unicodeScalars)],
            [["\u{200D}"], Array("http://d.org".unicodeScalars), ["\u{FE0F}"]],
        ])
    }

    @Test func lowerCasingUsesPythonsCaseTables() {
        // Python 3.11.7: "\ua7cbX".lower() == "\ua7cbx" (U+A7CB is unassigned in Unicode 14; Swift maps it to U+0264).
        #expect(Array(ToolkitText.normalise("\u{A7CB}X").unicodeScalars) == ["\u{A7CB}", "x"])
        #expect(Array(ToolkitText.normalise("\u{1C89}\u{10D50}").unicodeScalars) == ["\u{1C89}", "\u{10D50}"])
        #expect(Array(ToolkitText.normalise("\u{130}").unicodeScalars) == ["i", "\u{307}"])
        // Final sigma after U+0295 (cased in Unicode 14), and before U+0897 (not case-ignorable in Unicode 14).
        #expect(Array(ToolkitText.normalise("\u{295}\u{3A3}").unicodeScalars) == ["\u{295}", "\u{3C2}"])
        #expect(Array(ToolkitText.normalise("A\u{3A3}\u{897}b").unicodeScalars) == ["a", "\u{3C2}", "\u{897}", "b"])
        #expect(Array(ToolkitText.normalise("A\u{3A3}\u{301}b").unicodeScalars) == ["a", "\u{3C3}", "\u{301}", "b"])
        #expect(PythonCaseTableInfo.unicodeVersion == "14.0.0")
    }

    @Test(.enabled(if: CoActionToolkitCrossCheckTests.available, "python3 is needed"))
    func theScriptWritesTheSameCSV() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coact-unicode-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("u.csv").path
        try CoActionToolkitCrossCheckTests.run(["unicode", path])
        #expect(FileManager.default.contents(atPath: path).map { Array($0) } == Array(Self.csv.utf8))
    }
}
