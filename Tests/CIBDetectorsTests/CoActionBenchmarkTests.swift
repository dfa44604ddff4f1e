import Foundation
import Testing

@testable import CIBDetectors

/// Speed measurements on large inputs, off unless asked for (run in release, e.g.
/// `CIBLAB_BENCH_COACTION_CSV=/tmp/m1.csv swift test -c release --filter CoActionBenchmark`). The CSV comes from
/// `scripts/crosscheck-coaction.py synthetic m1.csv 1 1000000`. When `CIBLAB_BENCH_TOOLKIT_DIR` holds the toolkit's
/// `tk_co_link.csv` / `tk_co_tweet.csv` for the same CSV (window 60 s, min weight 2), the edge lists must be identical.
@Suite struct CoActionBenchmarkTests {
    static let csv = ProcessInfo.processInfo.environment["CIBLAB_BENCH_COACTION_CSV"]
    static let toolkitDir = ProcessInfo.processInfo.environment["CIBLAB_BENCH_TOOLKIT_DIR"]

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    @Test(.enabled(if: csv != nil, "set CIBLAB_BENCH_COACTION_CSV to a toolkit CSV"))
    func coLinkAndCoTweetOnALargeCSV() throws {
        let path = try #require(Self.csv)
        var messages: [ToolkitMessage] = []
        let read = try Self.seconds { messages = try CoordinationToolkitCSV.readMessages(path: path) }
        print("co-action bench: read \(messages.count) messages in \(String(format: "%.2f", read)) s")
        for kind in [CoordinationKind.coLink, .coTweet] {
            var edges: [WeightedEdge] = []
            let t = Self.seconds { edges = coordinationNetwork(messages: messages, kind: kind, window: 60, minWeight: 2, tasks: 2) }
            print("co-action bench: \(kind.rawValue) \(edges.count) edges in \(String(format: "%.2f", t)) s (2 tasks)")
            var input: CoActionInput<Double>?
            let tPrepare = Self.seconds { input = coordinationInput(messages: messages, kind: kind).0 }
            var options = CoActionOptions<Double>(window: 60)
            options.minCount = 2
            options.tasks = 2
            var directed = DirectedEdges()
            let tEngine = Self.seconds { directed = CoActionEngine.run(input!, options) }
            print("co-action bench: \(kind.rawValue) phases: keys and ids \(String(format: "%.2f", tPrepare)) s, "
                + "engine \(String(format: "%.2f", tEngine)) s over \(input!.rowKey.count) keyed rows")
            #expect(directed.edgeCount == edges.count)
            if let dir = Self.toolkitDir {
                let expected = try String(contentsOfFile: "\(dir)/tk_\(kind.rawValue).csv", encoding: .utf8)
                let ours = CoordinationToolkitCSV.edgeList(edges, kind: kind)
                #expect(ours == expected, "\(kind.rawValue) differs from the toolkit")
                print("co-action bench: \(kind.rawValue) identical to the toolkit: \(ours == expected)")
            }
        }
    }
}
