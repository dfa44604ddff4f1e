import ArgumentParser
import CIBDetectors
import Foundation

extension CoordinationKind: ExpressibleByArgument {}
extension ToolkitNormalization: ExpressibleByArgument {}

/// `ciblab coordination-network CSV`: coordination-network-toolkit 1.5.2's networks on its own 8-column CSV input, so
/// researchers can compare ciblab's co-action with the toolkit on their own data (same edges, in seconds).
struct CoordinationNetworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordination-network",
        abstract: "Build a co-link/co-tweet/co-retweet/co-reply network from coordination-network-toolkit's CSV input.",
        discussion: "Input columns (positional, header skipped): message_id, user_id, username, repost_id, reply_id, message, timestamp, urls (space-separated). Output: the toolkit's edge list (source,target,weight,edge_type). Semantics: a pair of messages by different users matches when the key is equal and |t1 - t2| <= window; weight(u->v) counts u's messages with a match from v; min-weight applies per direction. Ids, URLs and texts are compared code point for code point as the toolkit does (NFC 'é' and NFD 'e'+U+0301 differ; urls split on U+0020 like Python's str.split(\" \")); co_tweet lower-cases with Python \(PythonCaseTableInfo.pythonVersion)'s case tables (Unicode \(PythonCaseTableInfo.unicodeVersion)).")

    @Argument(help: "The toolkit-format CSV file.")
    var csv: String

    @Option(help: "co_link, co_tweet, co_retweet or co_reply.")
    var kind: CoordinationKind = .coLink

    @Option(help: "Time window in seconds (inclusive).")
    var window: Double = 60

    @Option(name: .customLong("min-weight"), help: "Minimum edge weight, applied per direction.")
    var minWeight: Int = 1

    @Flag(name: .customLong("include-self-loops"), help: "Keep user-to-self edges (the toolkit drops them on export by default).")
    var includeSelfLoops = false

    @Option(help: "none: compare fields code point for code point, as the toolkit does; nfc: put every field in Unicode NFC first, so canonically equivalent ids, URLs and texts are equal (not the toolkit's behaviour).")
    var normalize: ToolkitNormalization = .none

    @Option(help: "The edge-list file to write.")
    var out: String

    @Flag(help: "Print the seconds of each phase (scan, merges, deduplication, engine steps, ordering, writing) on stderr.")
    var timings = false

    @OptionGroup var parallel: ParallelOptions

    func validate() throws {
        guard window.isFinite, window >= 0 else { throw ValidationError("--window must be a non-negative number of seconds") }
        guard minWeight >= 1 else { throw ValidationError("--min-weight must be at least 1") }
    }

    func run() throws {
        let started = Date()
        let phases: PhaseTimings? = timings ? PhaseTimings() : nil
        var input: ToolkitNetworkInput
        do {
            input = try CoordinationToolkitCSV.readNetworkInput(
                path: csv, kind: kind, normalization: normalize, tasks: parallel.tasks, timings: phases)
        } catch { throw fail(error.description) }
        progress("read \(formatCount(input.rowCount)) messages of \(formatCount(input.userCount)) users in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
        let clock = Date()
        let edges = coordinationNetwork(consuming: &input, window: window, minWeight: minWeight,
                                        includeSelfLoops: includeSelfLoops, tasks: parallel.tasks, timings: phases)
        progress("\(kind.rawValue): \(formatCount(edges.count)) directed edges in \(String(format: "%.2f", Date().timeIntervalSince(clock))) s")
        do { try CoordinationToolkitCSV.writeEdges(edges, to: out, tasks: parallel.tasks, timings: phases) } catch { throw fail(error.description) }
        progress("wrote \(out)")
        for phase in phases?.phases ?? [] {
            progress(String(format: "  %6.2f s (CPU %6.2f s, kernel %5.2f s)  peak %5.2f GB  ", phase.seconds,
                            phase.cpuSeconds, phase.systemSeconds, Double(phase.peakBytes) / 1e9) + phase.name)
        }
    }
}
