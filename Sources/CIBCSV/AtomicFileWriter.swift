#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Writes a file in blocks under a temporary name beside it and renames it into place when finished, so that a reader
/// never sees a partial file under the final name, and the whole content never has to be in memory at once.
public final class AtomicFileWriter {
    public let path: String
    private let temporary: String
    private var fd: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    private var used = 0

    /// Creates the temporary file; `blockBytes` is the size of the writes.
    public init(path: String, blockBytes: Int = 4 << 20) throws(CSVFileError) {
        self.path = path
        temporary = path + ".tmp-\(getpid())"
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CSVFileError(path: path, message: "cannot create: \(String(cString: strerror(errno)))") }
        buffer = .allocate(byteCount: max(1, blockBytes), alignment: 16)
    }

    deinit {
        if fd >= 0 {
            close(fd)
            unlink(temporary)
        }
        buffer.deallocate()
    }

    /// Appends `bytes`.
    @inline(__always)
    public func append(_ bytes: UnsafeRawBufferPointer) throws(CSVFileError) {
        if bytes.count > buffer.count - used {
            try flush()
            if bytes.count > buffer.count {
                try writeAll(bytes)
                return
            }
        }
        (buffer.baseAddress! + used).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        used += bytes.count
    }

    /// Appends one byte.
    @inline(__always)
    public func append(_ byte: UInt8) throws(CSVFileError) {
        if used == buffer.count { try flush() }
        buffer[used] = byte
        used += 1
    }

    /// Writes what is left, closes the file and renames it to ``path``.
    public func finish() throws(CSVFileError) {
        try flush()
        let status = close(fd)
        fd = -1
        guard status == 0 else {
            unlink(temporary)
            throw CSVFileError(path: path, message: "cannot write: \(String(cString: strerror(errno)))")
        }
        guard rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw CSVFileError(path: path, message: "cannot rename the finished file into place: \(message)")
        }
    }

    private func flush() throws(CSVFileError) {
        if used > 0 { try writeAll(UnsafeRawBufferPointer(rebasing: buffer[0 ..< used])) }
        used = 0
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(CSVFileError) {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw CSVFileError(path: path, message: "cannot write: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }
}
