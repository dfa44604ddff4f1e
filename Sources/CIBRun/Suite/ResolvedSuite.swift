public import CIBScenario
import CIBStorage
import Foundation

/// A suite whose every world has its scenario loaded (presets merged, overrides applied, validated) and hashed, and
/// which passed the protocol's checks:
/// - no test world repeats a training world: the same resolved scenario (SHA-256 of its canonical JSON) and the same
///   seed is the same world, whatever the scale, since the campaign keeps its size and its draws across scales;
///   evaluating on a world one trained on is exactly what a suite exists to prevent;
/// - no world is listed twice in the same role;
/// - each test world's declared distribution is true: `in` has the resolved scenario and scale of a training world,
///   `shifted` has none.
public struct ResolvedSuite: Sendable {
    public struct World: Sendable {
        public var spec: SuiteSpec.World
        public var scenario: Scenario
        /// SHA-256 of ``CIBScenario/Scenario/canonicalJSON()``, as dataset manifests record it.
        public var scenarioSHA256: String
    }

    public var spec: SuiteSpec
    public var train: [World]
    public var test: [World]
    /// Not errors, but worth a line: a test world that shares its seed with a training world of another scenario
    /// (its organic population may be close to one the detector saw).
    public var notes: [String]

    public var worlds: [World] { train + test }
}

extension SuiteSpec {
    /// Loads every world's scenario and checks the protocol (see ``ResolvedSuite``).
    /// - Throws: ``ExperimentError`` naming the suite file, the world's line and key, and what is wrong.
    public func resolve() throws(ExperimentError) -> ResolvedSuite {
        func err(_ world: World, _ message: String) -> ExperimentError {
            ExperimentError("\(file)\(world.line.map { ":\($0)" } ?? ""): \(world.key) '\(world.name)': \(message)")
        }
        var loaded: [ResolvedSuite.World] = []
        // Worlds of one scenario, presets and overrides share the loading.
        var cache: [String: Scenario] = [:]
        for world in worlds {
            let cacheKey = ([world.scenarioPath] + world.presets.map { "preset " + $0 } + world.overrides.map { "set " + $0 }).joined(separator: "\u{1}")
            let scenario: Scenario
            if let cached = cache[cacheKey] {
                scenario = cached
            } else {
                do {
                    scenario = try ScenarioLoader.load(path: world.scenarioPath, presets: world.presets, overrides: world.overrides)
                } catch {
                    throw err(world, error.description)
                }
                cache[cacheKey] = scenario
            }
            loaded.append(ResolvedSuite.World(spec: world, scenario: scenario, scenarioSHA256: Checksum.sha256(scenario.canonicalJSON())))
        }
        let train = Array(loaded.prefix(self.train.count))
        let test = Array(loaded.dropFirst(self.train.count))

        func same(_ a: ResolvedSuite.World, _ b: ResolvedSuite.World) -> Bool {
            a.scenarioSHA256 == b.scenarioSHA256 && a.spec.seed == b.spec.seed
        }
        for (i, world) in loaded.enumerated() {
            for earlier in loaded[..<i] where same(world, earlier) {
                if world.spec.role == .test, earlier.spec.role == .train {
                    throw err(world.spec, "repeats training world '\(earlier.spec.name)' (\(earlier.spec.key)): the same resolved scenario (sha256 \(world.scenarioSHA256.prefix(12))) and seed \(world.spec.seed); a detector must not be tested on a world it was trained on, so give the test world another seed")
                }
                throw err(world.spec, "is the same world as \(earlier.spec.role.rawValue) world '\(earlier.spec.name)' (\(earlier.spec.key)): the same resolved scenario (sha256 \(world.scenarioSHA256.prefix(12))) and seed \(world.spec.seed)")
            }
        }
        var notes: [String] = []
        for world in test {
            let twin = train.first { $0.scenarioSHA256 == world.scenarioSHA256 && $0.spec.scale == world.spec.scale }
            switch (world.spec.distribution, twin) {
            case (.inDistribution?, nil):
                throw err(world.spec, "is declared in-distribution, but no training world has its resolved scenario and scale (sha256 \(world.scenarioSHA256.prefix(12)), scale \(Self.format(world.spec.scale))); declare it shifted, or give it a training world's scenario, presets, set and scale")
            case (.shifted?, let twin?):
                throw err(world.spec, "is declared shifted, but it has the resolved scenario and scale of training world '\(twin.spec.name)' (only the seed differs); declare it in")
            default:
                break
            }
            if let sharing = train.first(where: { $0.spec.seed == world.spec.seed }) {
                notes.append("test world '\(world.spec.name)' shares seed \(world.spec.seed) with training world '\(sharing.spec.name)' (another scenario or scale): its organic population may resemble one the detector was trained on")
            }
        }
        return ResolvedSuite(spec: self, train: train, test: test, notes: notes)
    }

    static func format(_ scale: Double) -> String {
        scale == scale.rounded() && abs(scale) < 1e15 ? String(Int64(scale)) : String(scale)
    }
}
