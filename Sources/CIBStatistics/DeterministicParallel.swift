internal import Dispatch
internal import Foundation

/// Runs independent chunks of work on several threads and returns their results in chunk order, so that a
/// computation gives the same answer on 1, 2 or 64 threads.
///
/// The rule that makes results independent of the thread count: split the work into a number of chunks that does
/// not depend on the thread count, and let chunk `i` draw its randomness only from its own stream, e.g.
/// `RandomStream(seed: runSeed, stream: UInt64(i))` or `parent.child(UInt64(i))`. Which thread runs a chunk, and
/// when, then cannot change its result.
public enum DeterministicParallel {
    /// The number of processors currently available to the process (`ProcessInfo.activeProcessorCount`).
    public static var defaultTaskCount: Int {
        max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Evaluates `body(0) ..< body(chunks - 1)` on up to `tasks` threads and returns the results in chunk order.
    ///
    /// Worker threads take the next unstarted chunk from a shared counter (dynamic scheduling), through
    /// `DispatchQueue.concurrentPerform`; with `tasks == 1` (or one chunk) everything runs on the calling thread.
    /// Each result is written to its own slot, so no ordering between threads is needed. Blocks the caller until
    /// every chunk is done; do not call it from code that must not block (e.g. a Swift concurrency actor that
    /// cannot give up its thread).
    /// - Precondition: `chunks >= 0`, `tasks >= 1`.
    public static func map<T: Sendable>(
        chunks: Int, tasks: Int = defaultTaskCount, _ body: @Sendable (Int) -> T
    ) -> [T] {
        precondition(chunks >= 0, "DeterministicParallel.map: chunks must be non-negative (got \(chunks))")
        precondition(tasks >= 1, "DeterministicParallel.map: tasks must be at least 1 (got \(tasks))")
        let workers = min(tasks, chunks)
        if workers <= 1 {
            return (0..<chunks).map { body($0) }
        }
        return [T](unsafeUninitializedCapacity: chunks) { buffer, initializedCount in
            let slots = ResultSlots(base: buffer.baseAddress!)
            let queue = ChunkCounter(total: chunks)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let chunk = queue.take() {
                    slots.initialize(chunk, to: body(chunk))
                }
            }
            initializedCount = chunks
        }
    }

    /// Splits `0..<count` into consecutive ranges of `chunkSize` elements (the last one may be shorter): a
    /// thread-count-independent way to cut work into chunks for ``map(chunks:tasks:_:)``.
    /// - Precondition: `count >= 0`, `chunkSize >= 1`.
    public static func ranges(count: Int, chunkSize: Int) -> [Range<Int>] {
        precondition(count >= 0, "DeterministicParallel.ranges: count must be non-negative (got \(count))")
        precondition(chunkSize >= 1, "DeterministicParallel.ranges: chunkSize must be at least 1 (got \(chunkSize))")
        return stride(from: 0, to: count, by: chunkSize).map { $0..<min($0 + chunkSize, count) }
    }
}

/// Hands out chunk indices `0..<total` once each, to any thread.
private final class ChunkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let total: Int

    init(total: Int) {
        self.total = total
    }

    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < total else { return nil }
        let chunk = next
        next += 1
        return chunk
    }
}

/// The result array's uninitialised storage. Each slot is initialised exactly once, by the one thread that took
/// that chunk index from `ChunkCounter`, so the writes never overlap; `concurrentPerform` returns only after every
/// write, which orders them before the array is used.
private struct ResultSlots<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>

    func initialize(_ index: Int, to value: T) {
        (base + index).initialize(to: value)
    }
}
