import Foundation
import Testing

@testable import CIBDetectors

/// Hand-computed coordination networks with coordination-network-toolkit 1.5.2 semantics.
@Suite struct CoActionNetworkTests {
    func link(_ id: String, _ user: String, _ t: Double, _ urls: [String], repost: String = "") -> ToolkitMessage {
        ToolkitMessage(messageID: id, userID: user, repostID: repost, timestamp: t, urls: urls)
    }

    @Test func windowIsInclusive() {
        let messages = [link("1", "a", 100, ["L"]), link("2", "b", 110, ["L"])]
        let at10 = coordinationNetwork(messages: messages, kind: .coLink, window: 10, minWeight: 1)
        #expect(at10 == [WeightedEdge(source: "a", target: "b", weight: 1), WeightedEdge(source: "b", target: "a", weight: 1)])
        let at9 = coordinationNetwork(messages: messages, kind: .coLink, window: 9, minWeight: 1)
        #expect(at9.isEmpty)
    }

    @Test func weightsAreDirectedAndCountDistinctMessages() {
        // a shares L three times around b's single share of L; b's other message has another link.
        let messages = [
            link("1", "a", 0, ["L"]), link("2", "a", 4, ["L"]), link("3", "a", 10, ["L"]), link("4", "b", 2, ["L"]),
            link("5", "b", 7, ["M"]),
        ]
        let edges = coordinationNetwork(messages: messages, kind: .coLink, window: 5, minWeight: 1)
        // a's messages at 0 and 4 match b's at 2; a's at 10 matches nothing (b at 2 is 8 away).
        #expect(edges == [WeightedEdge(source: "a", target: "b", weight: 2), WeightedEdge(source: "b", target: "a", weight: 1)])
        let thresholded = coordinationNetwork(messages: messages, kind: .coLink, window: 5, minWeight: 2)
        #expect(thresholded == [WeightedEdge(source: "a", target: "b", weight: 2)])
    }

    @Test func aMessageWithTwoMatchingLinksCountsOnce() {
        let messages = [link("1", "a", 0, ["L", "M"]), link("2", "b", 1, ["L"]), link("3", "b", 2, ["M"])]
        let edges = coordinationNetwork(messages: messages, kind: .coLink, window: 5, minWeight: 1)
        #expect(edges == [WeightedEdge(source: "a", target: "b", weight: 1), WeightedEdge(source: "b", target: "a", weight: 2)])
    }

    @Test func sameUserPairsAreExcludedUnlessLoopsAreAsked() {
        let messages = [link("1", "a", 0, ["L"]), link("2", "a", 1, ["L"]), link("3", "a", 50, ["L"]), link("4", "b", 1, ["L"])]
        let edges = coordinationNetwork(messages: messages, kind: .coLink, window: 5, minWeight: 1)
        #expect(edges == [WeightedEdge(source: "a", target: "b", weight: 2), WeightedEdge(source: "b", target: "a", weight: 1)])
        // With loops, every message matches itself: a→a counts all three of a's messages.
        let loops = coordinationNetwork(messages: messages, kind: .coLink, window: 5, minWeight: 1, includeSelfLoops: true)
        #expect(loops.contains(WeightedEdge(source: "a", target: "a", weight: 3)))
        #expect(loops.contains(WeightedEdge(source: "b", target: "b", weight: 1)))
        #expect(loops.count == 4)
    }

    @Test func repeatedMessageIDsKeepTheFirstRow() {
        // Message 1 appears twice; the second copy (user c) is ignored for co-tweet, as `insert or ignore` does.
        let messages = [
            ToolkitMessage(messageID: "1", userID: "a", message: "Same text", timestamp: 0),
            ToolkitMessage(messageID: "1", userID: "c", message: "Same text", timestamp: 0),
            ToolkitMessage(messageID: "2", userID: "b", message: "same TEXT", timestamp: 3),
        ]
        let edges = coordinationNetwork(messages: messages, kind: .coTweet, window: 5, minWeight: 1)
        #expect(edges == [WeightedEdge(source: "a", target: "b", weight: 1), WeightedEdge(source: "b", target: "a", weight: 1)])
    }

    @Test func repostsAreExcludedFromLinksTextAndRepliesButFormCoRetweets() {
        let messages = [
            ToolkitMessage(messageID: "1", userID: "a", repostID: "99", message: "x y z", timestamp: 0, urls: ["L"]),
            ToolkitMessage(messageID: "2", userID: "b", repostID: "99", replyID: "7", message: "x y z", timestamp: 1, urls: ["L"]),
            ToolkitMessage(messageID: "3", userID: "c", replyID: "7", message: "x y z", timestamp: 2, urls: ["L"]),
            ToolkitMessage(messageID: "4", userID: "d", replyID: "7", message: "other", timestamp: 3, urls: ["K"]),
        ]
        #expect(coordinationNetwork(messages: messages, kind: .coLink, window: 5, minWeight: 1).isEmpty)
        #expect(coordinationNetwork(messages: messages, kind: .coTweet, window: 5, minWeight: 1).isEmpty)
        #expect(coordinationNetwork(messages: messages, kind: .coRetweet, window: 5, minWeight: 1)
            == [WeightedEdge(source: "a", target: "b", weight: 1), WeightedEdge(source: "b", target: "a", weight: 1)])
        #expect(coordinationNetwork(messages: messages, kind: .coReply, window: 5, minWeight: 1)
            == [WeightedEdge(source: "c", target: "d", weight: 1), WeightedEdge(source: "d", target: "c", weight: 1)])
    }

    @Test func emptyURLColumnsCoLinkAsTheToolkitDoes() throws {
        let csv = """
            message_id,user_id,username,repost_id,reply_id,message,timestamp,urls
            1,a,A,,,hello,100,
            2,b,B,,,hi,105,

            """
        let messages = try CoordinationToolkitCSV.readMessages(bytes: Array(csv.utf8), name: "t.csv")
        #expect(messages.map(\.urls) == [[""], [""]])
        #expect(coordinationNetwork(messages: messages, kind: .coLink, window: 10, minWeight: 1).count == 2)
    }

    @Test func edgesAreSortedByUTF8Bytes() {
        let users = ["b", "B", "é", "a10", "a9"]
        let messages = users.enumerated().map { link(String($0.offset), $0.element, 0, ["L"]) }
        let edges = coordinationNetwork(messages: messages, kind: .coLink, window: 0, minWeight: 1)
        #expect(edges.count == 20)
        #expect(edges.map(\.source).uniqued() == ["B", "a10", "a9", "b", "é"])
    }

    @Test func toolkitTextNormalisationMatchesPython() {
        // Expected values printed by the toolkit's own message_preprocessor (Python 3.11, regex 2026.5.9).
        #expect(ToolkitText.normalise("Hello @x World") == "hello world")
        #expect(ToolkitText.normalise("  Hello\t\n WORLD  ") == "hello world")
        #expect(ToolkitText.normalise("mail me a@b.c today") == "mail me a today")
        #expect(ToolkitText.normalise("@@x\u{1C}y z") == "z")
        #expect(ToolkitText.normalise("a\u{1C}b") == "a b")
        #expect(ToolkitText.normalise("ΟΔΟΣ Σ aΣb ΣΑΣ. İx a@b.c d @@x\u{00A0}y @z\u{3000}k")
            == "οδος σ aσb σας. i\u{307}x a d y k")
    }

    @Test func resultsDoNotDependOnTasks() {
        var rng = CoActionSplitMix(seed: 7)
        let messages = (0 ..< 3000).map { i in
            link(String(i), "u\(rng.next() % 200)", Double(rng.next() % 5000), ["L\(rng.next() % 50)"])
        }
        let one = coordinationNetwork(messages: messages, kind: .coLink, window: 60, minWeight: 1, tasks: 1)
        #expect(one.count > 1000)
        for tasks in [2, 8] {
            #expect(coordinationNetwork(messages: messages, kind: .coLink, window: 60, minWeight: 1, tasks: tasks) == one)
        }
    }
}

/// Reading and writing the toolkit's CSV formats.
@Suite struct CoordinationToolkitCSVTests {
    @Test func readsQuotedMultilineFieldsAndSplitsURLsOnSingleSpaces() throws {
        let csv = "message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\r\n"
            + "1,a,A,,,\"say \"\"hi\"\",\r\nthere\",1_000.5,u1  u2\r\n"
            + "2,b,B,9,3,plain,  7 ,\n"
        let m = try CoordinationToolkitCSV.readMessages(bytes: Array(csv.utf8), name: "in.csv")
        #expect(m.count == 2)
        #expect(m[0].message == "say \"hi\",\nthere")
        #expect(m[0].timestamp == 1000.5)
        #expect(m[0].urls == ["u1", "", "u2"])
        #expect(m[0].line == 2)
        #expect(m[1].line == 4)
        #expect(m[1].repostID == "9" && m[1].replyID == "3" && m[1].timestamp == 7)
    }

    @Test func badRowsNameTheirLine() {
        func error(_ body: String) -> ToolkitCSVError? {
            let csv = "message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\n1,a,A,,,ok,5,\n" + body
            do {
                _ = try CoordinationToolkitCSV.readMessages(bytes: Array(csv.utf8), name: "in.csv")
                return nil
            } catch {
                return error
            }
        }
        #expect(error("2,b,B,,,too,few\n") == ToolkitCSVError(
            path: "in.csv", line: 3,
            message: "expected 8 columns (message_id, user_id, username, repost_id, reply_id, message, timestamp, urls), found 7"))
        #expect(error("2,b,B,,,x,yesterday,\n")?.message == "column timestamp: expected a finite number of seconds, found 'yesterday'")
        #expect(error("2,b,B,,,x,nan,\n")?.line == 3)
        #expect(error("\n")?.line == 3)
        #expect(error("2,b,B,,,\"open,5,\n")?.message.contains("unterminated") == true)
        #expect(error("") == nil)
    }

    @Test func emptyFileIsAnError() {
        #expect(throws: ToolkitCSVError.self) { try CoordinationToolkitCSV.readMessages(bytes: [], name: "e.csv") }
    }

    @Test func writesTheToolkitEdgeList() {
        let text = CoordinationToolkitCSV.edgeList(
            [WeightedEdge(source: "a\"b", target: "c", weight: 3)], kind: .coTweet)
        #expect(text == "\"source\",\"target\",\"weight\",\"edge_type\"\r\n\"a\"\"b\",\"c\",\"3\",\"co_tweet\"\r\n")
    }
}

extension Array where Element: Hashable {
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
