import ArgumentParser
import CIBScenario
import CIBStorage
import Foundation

/// `ciblab generate SCENARIO --out DIR`: writes a dataset directory (observable tables, truth/, manifest.json).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a world from a scenario and write it as a dataset directory (see docs/dataset.md).")

    @Argument(help: "The scenario file (YAML or JSON).")
    var scenario: String

    @Option(help: "The dataset directory to write (created atomically).")
    var out: String

    @Option(help: "The run seed (default: the scenario's seed).")
    var seed: UInt64?

    @Option(help: "Multiplies the organic world (accounts, Pages, bursts); the campaign keeps its size.")
    var scale: Double = 1

    @Flag(help: "Replace an existing output directory.")
    var force = false

    @Flag(name: .customLong("no-truth"), help: "Omit truth/ (a dataset to hand to a detector).")
    var noTruth = false

    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var limits: GenerationLimitOptions

    func validate() throws {
        try FlagLimits.checkScale(scale)
    }

    func run() throws {
        let loaded = try scenarioOptions.load(scenario)
        let seed = self.seed ?? loaded.seed
        // Refuse an occupied output directory before generating, not after.
        do { try AtomicOutput.checkDirectoryTarget(out, replace: force) } catch { throw fail(error.description) }
        let world = try WorldBuilding.generate(loaded, seed: seed, scale: scale, tasks: parallel.tasks, limits: limits)
        let started = Date()
        let manifest: DatasetManifest
        do {
            manifest = try DatasetWriter.write(world, provenance: WorldBuilding.provenance(loaded, seed: seed, scale: scale), to: out, includeTruth: !noTruth, replace: force)
        } catch {
            throw fail(error.description)
        }
        let bytes = manifest.files.keys.reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: out + "/" + file)[.size] as? Int) ?? 0)
        }
        progress("wrote \(out) (\(manifest.files.count) files, \(bytes / (1 << 20)) MiB) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
        print("\(out): scenario '\(loaded.name)' seed \(seed), \(formatCount(world.observable.entities.count)) entities, \(formatCount(world.observable.events.count)) events")
    }
}
