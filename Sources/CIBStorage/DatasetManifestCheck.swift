import CIBModel

extension DatasetManifest {
    /// Checks what readers index and allocate by before trusting it: the vocabularies (no duplicates, within the
    /// index widths of ``DatasetLimits``), the observation window, the scale, row counts and checksums. `path` names
    /// the manifest in errors.
    public func check(path: String) throws(StorageError) {
        func fail(_ message: String) -> StorageError { StorageError(path: path, message: message) }
        guard schemaVersion == Self.currentSchemaVersion else {
            throw fail("schema_version \(schemaVersion) is not supported (expected \(Self.currentSchemaVersion))")
        }
        try Self.checkVocabulary(countries, key: "countries", limit: DatasetLimits.maxCountries, path: path)
        try Self.checkVocabulary(languages, key: "languages", limit: DatasetLimits.maxLanguages, path: path)
        try Self.checkVocabulary(campaigns, key: "campaigns", limit: DatasetLimits.maxCampaigns, path: path)
        for (key, t) in [("start", start), ("end", end)] where DatasetLimits.checkTime(t) != nil {
            throw fail("'\(key)' is \(t); expected \(DatasetLimits.checkTime(t)!)")
        }
        guard start < end else { throw fail("'end' (\(end)) must come after 'start' (\(start))") }
        guard scale.isFinite, scale > 0, scale <= 10_000 else { throw fail("'scale' is \(scale); expected a number in (0, 10000]") }
        for (file, count) in rowCounts.sorted(by: { $0.key < $1.key }) where count < 0 || count > DatasetLimits.maxRows {
            throw fail("row_counts['\(PrintableText.clean(file, limit: 80))'] is \(count); expected a count in 0 ... \(DatasetLimits.maxRows)")
        }
        for (file, digest) in files.sorted(by: { $0.key < $1.key }) {
            guard digest.utf8.count == 64, digest.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
                throw fail("files['\(PrintableText.clean(file, limit: 80))'] is '\(PrintableText.clean(digest, limit: 80))'; expected a SHA-256 as 64 lowercase hex digits")
            }
        }
    }

    /// A list of names that integer columns index: at most `limit` entries, each listed once.
    private static func checkVocabulary(_ names: [String], key: String, limit: Int, path: String) throws(StorageError) {
        guard names.count <= limit else {
            throw StorageError(path: path, message: "'\(key)' lists \(names.count) entries; at most \(limit) can be indexed")
        }
        var first: [String: Int] = [:]
        first.reserveCapacity(names.count)
        for (i, name) in names.enumerated() {
            if let earlier = first.updateValue(i, forKey: name) {
                throw StorageError(
                    path: path,
                    message: "'\(key)' lists '\(PrintableText.clean(name, limit: 60))' twice (entries \(earlier) and \(i)); each must appear once")
            }
        }
    }
}
