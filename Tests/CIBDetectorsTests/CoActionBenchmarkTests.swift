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
        for kind in [CoordinationKind.coLink, .coTweet] {
            var input: ToolkitNetworkInput?
            let read = try Self.seconds { input = try CoordinationToolkitCSV.readNetworkInput(path: path, kind: kind, tasks: 2) }
            var engineInput: CoActionInput<Double>?
            let prepare = Self.seconds { engineInput = coordinationInput(input!.columns) }
            var options = CoActionOptions<Double>(window: 60)
            options.minCount = 2
            options.tasks = 2
            options.countMatched = false
            var directed = DirectedEdges()
            let engine = Self.seconds { directed = CoActionEngine.run(engineInput!, options) }
            var edges: ToolkitNetworkEdges?
            let order = Self.seconds { edges = ToolkitNetworkEdges(directed, users: input!.columns.users, kind: kind) }
            var bytes: [UInt8] = []
            let render = Self.seconds { bytes = edges!.edgeListBytes() }
            print("co-action bench: \(kind.rawValue): read \(input!.rowCount) rows \(String(format: "%.2f", read)) s, "
                + "dedup \(String(format: "%.2f", prepare)) s, engine \(String(format: "%.2f", engine)) s over "
                + "\(engineInput!.rowKey.count) keyed rows, order \(String(format: "%.2f", order)) s, "
                + "edge list \(String(format: "%.2f", render)) s, \(edges!.count) edges (2 tasks)")
            if let dir = Self.toolkitDir {
                let expected = FileManager.default.contents(atPath: "\(dir)/tk_\(kind.rawValue).csv").map { Array($0) }
                #expect(bytes == expected, "\(kind.rawValue) differs from the toolkit")
            }
        }
    }
}
