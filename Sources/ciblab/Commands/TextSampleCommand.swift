import ArgumentParser
import CIBGenerator
import Foundation

/// `ciblab text-sample`: a developer tool (hidden from help) that prints sample texts of every class the generator
/// writes as tab-separated rows (writer, kind, language, topic, stance, source, text) for scripts/crosscheck-text.py;
/// with `--collisions`, independently written texts per language and kind for scripts/text-model/collisions.py.
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

    @Flag(help: "Print --count independent texts per language and kind (scripts/text-model/collisions.py).")
    var collisions = false

    @Option(help: "With --collisions: comma-separated language codes (default: every language of the text model).")
    var languages: String?

    @Option(help: "With --collisions: comma-separated kinds (\(TextSamples.collisionKinds.joined(separator: ", "))).")
    var kinds: String?

    func validate() throws {
        if let kinds, let bad = kinds.split(separator: ",").first(where: { !TextSamples.collisionKinds.contains(String($0)) }) {
            throw ValidationError("--kinds: unknown kind '\(bad)', expected some of \(TextSamples.collisionKinds.joined(separator: ", "))")
        }
        if (languages != nil || kinds != nil) && !collisions { throw ValidationError("--languages and --kinds need --collisions") }
        guard stateAlignedShare >= 0 && stateAlignedShare <= 1 else {
            throw ValidationError("--state-aligned-share must be in 0 ... 1, got \(stateAlignedShare)")
        }
        guard count >= 1 && count <= 1_000_000 else { throw ValidationError("--count must be in 1 ... 1000000, got \(count)") }
    }

    func run() throws {
        var out = "writer\tkind\tlanguage\ttopic\tstance\tsource\ttext\n"
        let rows = collisions
            ? TextSamples.collisionRows(
                seed: seed, count: count, languages: languages.map { $0.split(separator: ",").map(String.init) } ?? TextSamples.languages,
                kinds: kinds.map { $0.split(separator: ",").map(String.init) } ?? TextSamples.collisionKinds)
            : TextSamples.rows(seed: seed, count: count, stateAlignedShare: stateAlignedShare)
        for row in rows {
            let text = row.text.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
            out += "\(row.writer)\t\(row.kind)\t\(row.language)\t\(row.topic)\t\(row.stance)\t\(row.source)\t\(text)\n"
            if out.utf8.count >= 1 << 20 {
                print(out, terminator: "")
                out = ""
            }
        }
        print(out, terminator: "")
    }
}
