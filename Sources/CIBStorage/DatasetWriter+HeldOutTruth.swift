public import CIBTruth
import Foundation

extension DatasetWriter {
    /// Writes the ground truth of a world apart from its dataset: `directory/truth/entities.csv`,
    /// `directory/truth/events.csv` and `directory/manifest.json` (created atomically).
    ///
    /// The manifest is the world's complete manifest — the provenance the dataset may withhold (scenario, seed), the
    /// observable files' row counts and SHA-256 copied from `datasetManifest` (the dataset written by
    /// ``write(_:provenance:to:includeTruth:replace:withholdProvenance:)`` without truth), and the truth files' own —
    /// so an evaluator can check that a dataset and a held-out truth belong to the same world before joining them.
    /// This is how a benchmark suite keeps its test worlds' truth out of the folders a detector is given
    /// (docs/suite.md).
    @discardableResult
    public static func writeHeldOutTruth(
        _ world: LabelledWorld, provenance: DatasetProvenance, datasetManifest: DatasetManifest, to directory: String,
        replace: Bool = false
    ) throws(StorageError) -> DatasetManifest {
        var manifest = try manifest(world, provenance: provenance, directory: directory)
        for file in DatasetFile.observable {
            guard let sha = datasetManifest.files[file], let rows = datasetManifest.rowCounts[file] else {
                throw StorageError(path: directory, message: "the dataset's manifest lists no checksum or row count for \(file)")
            }
            manifest.files[file] = sha
            manifest.rowCounts[file] = rows
        }
        return try AtomicOutput.directory(at: directory, replace: replace) { (dir: String) throws(StorageError) -> DatasetManifest in
            try AtomicOutput.createDirectory(dir + "/" + DatasetFile.truthDirectory)
            let entities = try writeTruthEntities(world.truth, dir + "/" + DatasetFile.truthEntities)
            manifest.rowCounts[DatasetFile.truthEntities] = entities.rows
            manifest.files[DatasetFile.truthEntities] = entities.sha
            let events = try writeTruthEvents(world.truth, dir + "/" + DatasetFile.truthEvents)
            manifest.rowCounts[DatasetFile.truthEvents] = events.rows
            manifest.files[DatasetFile.truthEvents] = events.sha
            let bytes: Data
            do { bytes = try CanonicalJSON.encode(manifest) } catch {
                throw StorageError(path: dir + "/" + DatasetFile.manifest, message: "cannot encode manifest: \(error)")
            }
            try AtomicOutput.write(bytes, to: dir + "/" + DatasetFile.manifest)
            return manifest
        }
    }
}
