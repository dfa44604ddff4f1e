import CIBModel
import CIBStorage
import CIBTruth
import Foundation
import Testing

/// generate → write → read gives the generated world back, whatever the threads and the chunk size of the read.
@Test func generatedWorldRoundTripsThroughADatasetOnAnyNumberOfThreads() throws {
    let dir = NSTemporaryDirectory() + "ciblab-tests-\(ProcessInfo.processInfo.processIdentifier)/generated-round-trip"
    try? FileManager.default.removeItem(atPath: dir)
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let provenance = DatasetProvenance(toolVersion: "test", scenarioName: "smoke", scenarioJSON: Data(#"{"name":"smoke"}"#.utf8), seed: 1, scale: 1)
    try DatasetWriter.write(smokeWorld, provenance: provenance, to: dir + "/ds")
    let texts = try Data(contentsOf: URL(fileURLWithPath: dir + "/ds/texts.csv"))
    #expect(texts.count > 3 * 4096, "texts.csv must span several chunks")
    for (tasks, chunkBytes) in [(1, DatasetReader.defaultChunkBytes), (2, DatasetReader.defaultChunkBytes), (1, 4096), (2, 4096), (2, 65_536)] {
        let (read, _) = try DatasetReader.readWorld(directory: dir + "/ds", tasks: tasks, chunkBytes: chunkBytes)
        #expect(read.observable == smokeWorld.observable, "\(tasks) task(s), chunks of \(chunkBytes) bytes")
        #expect(read.truth == smokeWorld.truth, "\(tasks) task(s), chunks of \(chunkBytes) bytes")
    }
}
