import ArgumentParser
import CIBDetectors
import CIBModel
import CIBStorage
import Foundation

/// `ciblab detect DATASET`: runs built-in and external detectors on a dataset's observable tables and writes scores.
struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Run detectors on a dataset directory and write scores files (entity,score,flag[,cluster]).")

    @Argument(help: "A dataset directory written by `ciblab generate`.")
    var dataset: String

    @Option(name: .customLong("detector"), help: ArgumentHelp("A built-in detector (repeatable; comma-separated lists allowed). Default: all, unless --external is given.", valueName: "name"))
    var detectors: [String] = []

    @Option(name: .customLong("param"), help: ArgumentHelp("A detector parameter, detector.key=value (repeatable).", valueName: "detector.key=value"))
    var parameters: [String] = []

    @Option(name: .customLong("external"), help: ArgumentHelp("An external detector command; {dataset} and {out} are replaced by paths (repeatable). Use name=command to name it.", valueName: "command"))
    var externals: [String] = []

    @Option(help: "Seconds an external detector may run before it is stopped.")
    var timeout: Double = 600

    @Option(help: "Output: a scores file for one detector, or a directory receiving NAME.csv for several.")
    var out: String

    @Option(help: "Seed for randomised detectors (e.g. MinHash permutations).")
    var seed: UInt64 = 1

    @OptionGroup var parallel: ParallelOptions

    func validate() throws {
        try FlagLimits.checkTimeout(timeout)
    }

    func run() throws {
        let names = detectors.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        let builtIn = names.isEmpty && externals.isEmpty ? [] : names
        let runAll = names.isEmpty && externals.isEmpty
        let pipeline: DetectorPipeline?
        do {
            pipeline = runAll || !builtIn.isEmpty ? try DetectorPipeline(names: builtIn, overrides: parameters) : nil
        } catch {
            throw fail(error.description)
        }
        if pipeline == nil, !parameters.isEmpty { throw fail("--param given but no built-in detector is run") }

        let started = Date()
        let data: ObservableDataset
        do { (data, _) = try DatasetReader.readObservable(directory: dataset, tasks: parallel.tasks) } catch { throw fail(error.description) }
        progress("read \(formatCount(data.entities.count)) entities and \(formatCount(data.events.count)) events in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")

        var outputs: [(String, EntityScores)] = []
        if let pipeline {
            do {
                for result in try pipeline.run(on: data, tasks: parallel.tasks, seed: seed, progress: { progress($0) })
                where result.requested || runAll {
                    outputs.append((result.name, result.output.scores))
                    for finding in result.output.findings {
                        print("\(result.name): \(finding.cluster.map { "cluster \($0), " } ?? "")\(finding.size) entities: \(finding.summary)")
                    }
                }
            } catch {
                throw fail(error.description)
            }
        }
        let work = NSTemporaryDirectory() + "ciblab-detect-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: work) }
        for (i, spec) in externals.enumerated() {
            let external = ExternalSpec.parse(spec, index: i, timeout: timeout)
            progress("running external detector \(external.detectorName): \(external.commandTemplate)")
            do {
                try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
                let scores = try external.run(datasetDirectory: dataset, entityCount: data.entities.count, workDirectory: work)
                outputs.append((external.detectorName, scores))
            } catch {
                throw fail("\(error)")
            }
        }
        try writeScores(outputs)
    }

    private func writeScores(_ outputs: [(String, EntityScores)]) throws {
        if outputs.count == 1 {
            do { try ScoresFile.write(outputs[0].1, to: out) } catch { throw fail("\(out): \(error)") }
            progress("wrote \(out)")
            return
        }
        do { try AtomicOutput.createDirectory(out) } catch { throw fail(error.description) }
        for (name, scores) in outputs {
            let path = out + "/" + name.replacingOccurrences(of: ":", with: "-") + ".csv"
            do { try ScoresFile.write(scores, to: path) } catch { throw fail("\(path): \(error)") }
        }
        progress("wrote \(outputs.count) scores files to \(out)/")
    }
}

/// Parses `--external` values: `command` or `name=command` (a name is letters, digits, - and _ only).
enum ExternalSpec {
    static func parse(_ text: String, index: Int, timeout: Double) -> ExternalDetector {
        if let eq = text.firstIndex(of: "=") {
            let name = text[..<eq]
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
                return ExternalDetector(name: String(name), commandTemplate: String(text[text.index(after: eq)...]), timeout: timeout)
            }
        }
        return ExternalDetector(name: "external-\(index + 1)", commandTemplate: text, timeout: timeout)
    }
}
