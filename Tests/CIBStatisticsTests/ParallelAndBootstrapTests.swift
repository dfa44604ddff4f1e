import CIBStatistics
import Testing

@Suite("DeterministicParallel and Bootstrap")
struct ParallelAndBootstrapTests {
    @Test func mapGivesIdenticalResultsForAnyTaskCount() {
        func run(tasks: Int) -> [[Double]] {
            DeterministicParallel.map(chunks: 37, tasks: tasks) { chunk in
                let rng = RandomStream(seed: 2_024, stream: UInt64(chunk))
                return (0..<200).map { _ in rng.normal() + Double(rng.poisson(mean: 3)) }
            }
        }
        let one = run(tasks: 1)
        #expect(one.count == 37)
        #expect(run(tasks: 2) == one)
        #expect(run(tasks: 8) == one)
        #expect(run(tasks: 100) == one)
    }

    @Test func mapKeepsChunkOrderAndHandlesEdgeCases() {
        #expect(DeterministicParallel.map(chunks: 100, tasks: 4) { $0 * $0 } == (0..<100).map { $0 * $0 })
        #expect(DeterministicParallel.map(chunks: 0, tasks: 4) { $0 }.isEmpty)
        #expect(DeterministicParallel.map(chunks: 1, tasks: 8) { "chunk \($0)" } == ["chunk 0"])
        #expect(DeterministicParallel.defaultTaskCount >= 1)
        #expect(DeterministicParallel.ranges(count: 10, chunkSize: 4) == [0..<4, 4..<8, 8..<10])
        #expect(DeterministicParallel.ranges(count: 0, chunkSize: 4).isEmpty)
    }

    @Test func backgroundJobGivesItsWorksValueInlineOrOnAnotherThread() {
        // The same draws either way: the value is the work's, whenever and wherever it ran.
        let work: @Sendable () -> [Double] = {
            let rng = RandomStream(seed: 5, stream: 1)
            return (0 ..< 10_000).map { _ in rng.uniform() }
        }
        let inline = BackgroundJob(inBackground: false, work)
        let background = BackgroundJob(work)
        let expected = work()
        #expect(inline.wait() == expected)
        #expect(background.wait() == expected)
        #expect(expected.count == 10_000 && Set(expected).count > 9_990)
    }

    @Test func bootstrapIsIdenticalForOneAndEightTasksAndCoversTheMean() {
        let rng = RandomStream(seed: 5, stream: 0)
        let data = (0..<200).map { _ in rng.normal(mean: 10, sd: 2) }
        let mean: @Sendable (UnsafeBufferPointer<Int>) -> Double = { indices in
            var sum = 0.0
            for index in indices { sum += data[index] }
            return sum / Double(indices.count)
        }
        let one = Bootstrap.percentileInterval(
            sampleCount: data.count, replicates: 1_000, confidence: 0.95, seed: 9, stream: 1, tasks: 1,
            statistic: mean)
        let eight = Bootstrap.percentileInterval(
            sampleCount: data.count, replicates: 1_000, confidence: 0.95, seed: 9, stream: 1, tasks: 8,
            statistic: mean)
        #expect(one == eight)
        #expect(one.contains(10), "\(one)")
        #expect(one.width > 0.3 && one.width < 0.9, "\(one)")  // ≈ 2 × 1.96 × 2 / √200 ≈ 0.55
        #expect(isClose(one.estimate!, Descriptive.mean(data)!, within: 1e-12))
        let otherStream = Bootstrap.percentileInterval(
            sampleCount: data.count, replicates: 1_000, confidence: 0.95, seed: 9, stream: 2, tasks: 8,
            statistic: mean)
        #expect(otherStream != one)
    }

    @Test func bootstrapSkipsNonFiniteReplicates() {
        // A statistic that is infinite whenever index 0 is in the resample (about 1 − (1 − 1/5)^5 ≈ 67% of them).
        let replicates = Bootstrap.replicates(sampleCount: 5, replicates: 500, seed: 1, stream: 0, tasks: 2) {
            indices in
            indices.contains(0) ? .infinity : Double(indices.reduce(0, +))
        }
        #expect(replicates.requested == 500)
        #expect(replicates.skipped > 250 && replicates.skipped < 420, "skipped \(replicates.skipped)")
        #expect(replicates.sortedValues.count + replicates.skipped == 500)
        #expect(replicates.sortedValues == replicates.sortedValues.sorted())
        #expect(replicates.estimate == nil)  // the full sample contains index 0
        let interval = replicates.percentileInterval(confidence: 0.9)
        #expect(interval.lower.isFinite && interval.upper.isFinite && interval.estimate == nil)

        let nothing = Bootstrap.replicates(sampleCount: 3, replicates: 10, seed: 1, stream: 0) { _ in .nan }
        #expect(nothing.skipped == 10)
        #expect(nothing.percentileInterval(confidence: 0.95) == Interval(lower: -.infinity, upper: .infinity))
    }
}
