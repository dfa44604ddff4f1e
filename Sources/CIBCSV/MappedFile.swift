#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A file that cannot be opened, mapped or read: the path and what went wrong.
public struct CSVFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// The bytes of a whole file, memory-mapped read-only (no copy; the kernel pages it in as it is read), or read into
/// memory when the file cannot be mapped (a pipe, `/dev/stdin`). The bytes stay valid while the object lives.
public final class MappedFile: @unchecked Sendable {
    /// The file's bytes. Never written to; shared by any number of threads.
    public let bytes: UnsafeRawBufferPointer
    private let mapped: Bool

    /// Maps (or reads) the file at `path`.
    public init(path: String) throws(CSVFileError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CSVFileError(path: path, message: "cannot open: \(Self.lastError())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw CSVFileError(path: path, message: "cannot stat: \(Self.lastError())") }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw CSVFileError(path: path, message: "is a directory, expected a file") }
        let size = Int(info.st_size)
        if (info.st_mode & S_IFMT) == S_IFREG && size > 0,
           let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED {
            #if canImport(Glibc)
            _ = madvise(base, size, MADV_SEQUENTIAL)
            #endif
            bytes = UnsafeRawBufferPointer(start: base, count: size)
            mapped = true
            return
        }
        // Not a regular file (or empty, or not mappable): read it to the end.
        var capacity = max(1 << 16, size + 1)
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        var count = 0
        while true {
            if count == capacity {
                let larger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
                larger.copyMemory(from: buffer, byteCount: count)
                buffer.deallocate()
                buffer = larger
                capacity *= 2
            }
            let n = read(fd, buffer + count, capacity - count)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                let message = Self.lastError()
                buffer.deallocate()
                throw CSVFileError(path: path, message: "cannot read: \(message)")
            }
            count += n
        }
        bytes = UnsafeRawBufferPointer(start: buffer, count: count)
        mapped = false
    }

    /// Tells the kernel that the pages wholly inside `from ..< to` will not be needed soon: they leave the process's
    /// resident memory and are read again from the file (page cache) if touched. Harmless to call on read bytes.
    public func dropPages(from: Int, to: Int) {
        #if canImport(Glibc)
        guard mapped, let base = bytes.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (from + page - 1) / page * page, end = min(to, bytes.count) / page * page
        if end > start { _ = madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED) }
        #endif
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        } else {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
