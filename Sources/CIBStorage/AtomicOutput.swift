import Foundation

/// Writes files and directories so that a reader never sees a partial result: everything goes to a temporary sibling
/// first and is renamed into place at the end.
public enum AtomicOutput {
    /// Writes `data` to `path` via a temporary file in the same directory and a rename.
    public static func write(_ data: Data, to path: String) throws(StorageError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        try createDirectory(directory)
        let temporary = directory + "/." + url.lastPathComponent + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw StorageError(path: path, message: "cannot write: \(error.localizedDescription)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw StorageError(path: path, message: "cannot rename temporary file into place: \(reason)")
        }
    }

    public static func write(_ text: String, to path: String) throws(StorageError) {
        try write(Data(text.utf8), to: path)
    }

    public static func createDirectory(_ path: String) throws(StorageError) {
        guard !path.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw StorageError(path: path, message: "cannot create directory: \(error.localizedDescription)")
        }
    }

    /// Checks that a directory can be written at `path` by ``directory(at:replace:_:)`` — it does not exist, is an
    /// empty directory, or is a directory and `replace` is true — so that commands can refuse before long work
    /// instead of after it. Returns whether `path` exists.
    @discardableResult
    public static func checkDirectoryTarget(_ path: String, replace: Bool) throws(StorageError) -> Bool {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: target, isDirectory: &isDirectory) else { return false }
        let contents = (try? fm.contentsOfDirectory(atPath: target)) ?? []
        if !isDirectory.boolValue || (!contents.isEmpty && !replace) {
            throw StorageError(path: path, message: isDirectory.boolValue
                ? "output directory exists and is not empty (pass --force to replace it)"
                : "output path exists and is not a directory")
        }
        return true
    }

    /// Builds a directory at `path` by calling `fill` on a temporary sibling, then renames it into place.
    ///
    /// An existing non-empty `path` is an error unless `replace` is true, in which case it is replaced only after the
    /// new directory is complete. On any error the temporary directory is removed.
    public static func directory<R>(
        at path: String, replace: Bool, _ fill: (String) throws(StorageError) -> R
    ) throws(StorageError) -> R {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL.path
        let exists = try checkDirectoryTarget(path, replace: replace)
        let parent = URL(fileURLWithPath: target).deletingLastPathComponent().path
        try createDirectory(parent)
        let pid = ProcessInfo.processInfo.processIdentifier
        let temporary = target + ".partial-\(pid)"
        try? fm.removeItem(atPath: temporary)
        try createDirectory(temporary)
        let result: R
        do {
            result = try fill(temporary)
        } catch {
            try? fm.removeItem(atPath: temporary)
            throw error
        }
        if exists {
            let old = target + ".old-\(pid)"
            guard rename(target, old) == 0 else {
                try? fm.removeItem(atPath: temporary)
                throw StorageError(path: path, message: "cannot move the old directory aside: \(String(cString: strerror(errno)))")
            }
            guard rename(temporary, target) == 0 else {
                _ = rename(old, target)
                throw StorageError(path: path, message: "cannot rename into place: \(String(cString: strerror(errno)))")
            }
            try? fm.removeItem(atPath: old)
        } else {
            guard rename(temporary, target) == 0 else {
                try? fm.removeItem(atPath: temporary)
                throw StorageError(path: path, message: "cannot rename into place: \(String(cString: strerror(errno)))")
            }
        }
        return result
    }
}
