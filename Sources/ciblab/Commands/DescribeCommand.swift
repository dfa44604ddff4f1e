import ArgumentParser
import CIBModel
import CIBReport
import CIBStorage
import CIBTruth
import Foundation

/// `ciblab describe SCENARIO|DATASET`: counts per platform, class and tactic and the campaign's hour-of-week activity.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Describe a scenario (generated in memory) or a dataset directory: counts and an hour-of-week chart.")

    @Argument(help: "A scenario file or a dataset directory.")
    var source: String

    @Option(help: "The run seed when SOURCE is a scenario (default: the scenario's seed).")
    var seed: UInt64?

    @Option(help: "Organic scale when SOURCE is a scenario.")
    var scale: Double = 1

    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var limits: GenerationLimitOptions

    func validate() throws {
        try FlagLimits.checkScale(scale)
    }

    func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
            throw fail("\(source): no such scenario file or dataset directory")
        }
        let observable: ObservableDataset
        let truth: GroundTruth?
        if isDirectory.boolValue {
            do {
                let (data, manifest) = try DatasetReader.readObservable(directory: source, tasks: parallel.tasks)
                observable = data
                let hasTruth = FileManager.default.fileExists(atPath: source + "/" + DatasetFile.truthEntities)
                truth = hasTruth ? try DatasetReader.readTruth(directory: source, manifest: manifest, entityCount: data.entities.count, eventCount: data.events.count, tasks: parallel.tasks) : nil
                print("dataset \(source): scenario '\(manifest.scenarioName)' seed \(manifest.seed) scale \(manifest.scale)\(hasTruth ? "" : " (no truth/)")")
            } catch {
                throw fail("\(error)")
            }
        } else {
            let loaded = try scenarioOptions.load(source)
            let seed = self.seed ?? loaded.seed
            let world = try WorldBuilding.generate(loaded, seed: seed, scale: scale, tasks: parallel.tasks, limits: limits)
            observable = world.observable
            truth = world.truth
            print("scenario \(source): '\(loaded.name)' seed \(seed) scale \(scale)")
        }
        print(WorldDescription.text(observable: observable, truth: truth))
    }
}
