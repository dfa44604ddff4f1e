import CIBModel
import CIBScenario
import Foundation
import Testing

@testable import CIBGenerator

/// The memory estimate against the peaks measured on the default scenario, and the refusal of worlds that would not fit.
@Suite struct PeakMemoryTests {
    let defaultScenario = try! ScenarioLoader.load(path: "\(repositoryRoot)/scenarios/spamouflage-2023.yaml")

    @Test func estimateTracksTheMeasuredPeaks() {
        // Peak RSS measured with `ciblab describe` (docs/benchmarks.md): scale → GB.
        for (scale, measured) in [(1.0, 0.61), (4.0, 1.51), (10.0, 3.37), (60.0, 18.93)] {
            let estimate = PeakMemoryEstimate(scenario: defaultScenario, scale: scale).bytes / 1e9
            #expect(abs(estimate - measured) / measured < 0.15, "scale \(scale): estimate \(estimate) GB, measured \(measured) GB")
        }
        // 100,000 accounts × 0.15 events a day × 91 days × 0.98 (the 4 % newcomers are alive half the period).
        #expect(abs(PeakMemoryEstimate(scenario: defaultScenario, scale: 1).world.organicAccountEvents - 1_337_700) < 1)
        // The smoke world peaks at 36 MB: its estimate stays small (no false refusals on small machines).
        let smoke = PeakMemoryEstimate(scenario: smokeScenario, scale: 1).bytes
        #expect(smoke > 30e6 && smoke < 60e6, "smoke estimate \(smoke) bytes")
    }

    @Test func suggestedScaleFitsAndIsNotFarBelowTheLimit() {
        let estimate = PeakMemoryEstimate(scenario: defaultScenario, scale: 200)
        let limit = 10e9
        let fits = estimate.largestScale(under: limit)
        #expect(PeakMemoryEstimate(scenario: defaultScenario, scale: fits).bytes <= limit)
        #expect(PeakMemoryEstimate(scenario: defaultScenario, scale: fits * 1.1).bytes > limit)
        #expect(estimate.largestScale(under: 0.1e9) == 0)  // not even the fixed part fits
        #expect(estimate.largestScale(under: .infinity, maxEvents: 1e5) == 0)  // the campaign alone has more
    }

    @Test func aWorldTooLargeForTheMemoryIsRefusedBeforeAnythingIsBuilt() {
        let lines = ProgressLines()
        let generator = WorldGenerator(scenario: defaultScenario, scale: 1000, tasks: 1, memoryLimit: 8_000_000_000,
                                       progress: { lines.append($0) })
        #expect {
            try generator.generate()
        } throws: { error in
            let message = (error as? GeneratorError)?.message ?? ""
            return message.hasPrefix("scale 1000 needs about 312.3 GB of memory at its peak (about 1851.0 M events")
                && message.hasSuffix("more than the 8.0 GB it may use; scale 24 or less would fit (--allow-large-world generates it anyway)")
        }
        #expect(lines.all.isEmpty, "nothing was planned: \(lines.all)")
    }
}

/// Progress lines collected from any thread.
private final class ProgressLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
