import ArgumentParser
import CIBGenerator
import Foundation

/// `ciblab text-sample`: a developer tool (hidden from help) that prints sample texts of every class the generator
/// writes as tab-separated rows (writer, kind, language, topic, stance, source, text) for scripts/crosscheck-text.py.
struct TextSampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text-sample",
        abstract: "Print sample generated texts as TSV (developer tool for scripts/crosscheck-text.py).",
        shouldDisplay: false)

    @Option(help: "Seed of the sample.")
    var seed: UInt64 = 11

    @Option(help: "Texts per class (campaign, newsroom headlines on the narratives and on others, organic on the narratives, everyday).")
    var count: Int = 2000

    @Option(help: "Share of newsroom headlines on the narratives from state-aligned outlets.")
    var stateAlignedShare: Double = 0.3

    func validate() throws {
        guard stateAlignedShare >= 0 && stateAlignedShare <= 1 else {
            throw ValidationError("--state-aligned-share must be in 0 ... 1, got \(stateAlignedShare)")
        }
        guard count >= 1 && count <= 1_000_000 else { throw ValidationError("--count must be in 1 ... 1000000, got \(count)") }
    }

    func run() throws {
        var out = "writer\tkind\tlanguage\ttopic\tstance\tsource\ttext\n"
        for row in TextSamples.rows(seed: seed, count: count, stateAlignedShare: stateAlignedShare) {
            let text = row.text.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
            out += "\(row.writer)\t\(row.kind)\t\(row.language)\t\(row.topic)\t\(row.stance)\t\(row.source)\t\(text)\n"
        }
        print(out, terminator: "")
    }
}
