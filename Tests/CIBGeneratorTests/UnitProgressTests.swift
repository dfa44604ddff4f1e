import CIBStatistics
import Foundation
import Testing

@testable import CIBGenerator

/// Lines collected from several threads.
private final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}

@Test func unitProgressReportsEveryUnitButTheLastWhenAlwaysDue() {
    let lines = Lines()
    let progress = UnitProgress(units: 40, every: .zero) { lines.append($0) }
    _ = DeterministicParallel.map(chunks: 40, tasks: 4) { _ in progress.finished(events: 50_000) }
    let got = lines.all
    #expect(got.count == 39, "no line for the last unit: the generated line follows it")
    // In order, with running totals: unit k of 40 after k * 50,000 events.
    for (k, line) in got.enumerated() {
        #expect(line.hasPrefix("units: \(k + 1) of 40 done, \(PeakMemoryEstimate.count(Double((k + 1) * 50_000))) events, after "), "\(line)")
        #expect(line.hasSuffix(" s") && !line.contains("("), "\(line)")
    }
    #expect(got[19].hasPrefix("units: 20 of 40 done, 1.0 M events"))
}

@Test func unitProgressSaysNothingBeforeItsInterval() {
    let lines = Lines()
    let progress = UnitProgress(units: 10, every: .seconds(3600)) { lines.append($0) }
    for _ in 0 ..< 10 { progress.finished(events: 7) }
    #expect(lines.all.isEmpty)
}
