internal import Crypto
import CIBModel
import Foundation

/// Writes RFC 4180 CSV to a file through a byte buffer, hashing (SHA-256) what it writes on the way.
///
/// Rows are built field by field without creating intermediate `String`s, so writing millions of events allocates
/// nothing per row. Text fields are quoted only when they contain a comma, quote, CR or LF.
public struct CSVWriter: ~Copyable {
    private let handle: FileHandle
    private let path: String
    private var buffer: [UInt8] = []
    private var hasher = SHA256()
    private var atRowStart = true
    private var digits = [UInt8](repeating: 0, count: 24)
    public private(set) var rows = 0
    private static let flushThreshold = 1 << 20

    /// Creates (truncates) the file at `path`.
    public init(path: String) throws(StorageError) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw StorageError(path: path, message: "cannot create file")
        }
        self.handle = handle
        self.path = path
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    /// Writes a header row (not counted in ``rows``).
    public mutating func header(_ names: [String]) throws(StorageError) {
        for name in names { string(name) }
        buffer.append(0x0A)
        atRowStart = true
        try flushIfNeeded()
    }

    private mutating func separator() {
        if atRowStart { atRowStart = false } else { buffer.append(0x2C) }
    }

    public mutating func int<T: BinaryInteger>(_ value: T) {
        separator()
        var v = Int64(value)
        if v == 0 { buffer.append(0x30); return }
        if v < 0 {
            buffer.append(0x2D)
            if v == .min { buffer.append(contentsOf: Array("9223372036854775808".utf8)); return }
            v = -v
        }
        var n = 0
        while v > 0 {
            digits[n] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
            v /= 10
            n += 1
        }
        while n > 0 {
            n -= 1
            buffer.append(digits[n])
        }
    }

    public mutating func uint(_ value: UInt64) {
        if value <= UInt64(Int64.max) { int(Int64(value)); return }
        separator()
        buffer.append(contentsOf: Array(String(value).utf8))
    }

    /// An empty field.
    public mutating func empty() { separator() }

    /// A finite double printed with the shortest round-tripping representation.
    public mutating func double(_ value: Double) {
        separator()
        buffer.append(contentsOf: Array(value.description.utf8))
    }

    public mutating func string(_ value: String) {
        var v = value
        v.withUTF8 { bytes($0) }
    }

    /// A text field given as UTF-8 bytes, quoted when needed.
    public mutating func bytes(_ utf8: UnsafeBufferPointer<UInt8>) {
        separator()
        var needsQuotes = false
        for b in utf8 where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D {
            needsQuotes = true
            break
        }
        if !needsQuotes {
            buffer.append(contentsOf: utf8)
            return
        }
        buffer.append(0x22)
        for b in utf8 {
            if b == 0x22 { buffer.append(0x22) }
            buffer.append(b)
        }
        buffer.append(0x22)
    }

    public mutating func endRow() throws(StorageError) {
        buffer.append(0x0A)
        atRowStart = true
        rows += 1
        try flushIfNeeded()
    }

    private mutating func flushIfNeeded() throws(StorageError) {
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    private mutating func flush() throws(StorageError) {
        guard !buffer.isEmpty else { return }
        hasher.update(data: buffer)
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw StorageError(path: path, message: "write failed: \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, closes the file and returns the SHA-256 of everything written, as lowercase hex.
    public consuming func finish() throws(StorageError) -> String {
        try flush()
        do { try handle.close() } catch {
            throw StorageError(path: path, message: "close failed: \(error.localizedDescription)")
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// SHA-256 of bytes or of a file, as lowercase hex.
public enum Checksum {
    public static func sha256(_ data: some DataProtocol) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Hashes a file in 1 MiB chunks.
    public static func sha256(file path: String) throws(StorageError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StorageError(path: path, message: "cannot open file")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 1 << 20) } catch {
                throw StorageError(path: path, message: "read failed: \(error.localizedDescription)")
            }
            guard let chunk, !chunk.isEmpty else { break }
            hasher.update(data: chunk)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// A problem reading or writing a file: the path (and line, where known) and what was wrong.
public struct StorageError: Error, CustomStringConvertible, Sendable, Equatable {
    public var path: String
    public var line: Int?
    public var message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// One printable line: `path:line: message` (see ``PrintableText``).
    public var description: String {
        if let line { return PrintableText.clean("\(path):\(line): \(message)") }
        return PrintableText.clean("\(path): \(message)")
    }
}
