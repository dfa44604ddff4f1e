internal import Foundation

/// Gives the memory of records the merge is done with back to the system while the merge goes on (the event merge's
/// unit records; the follows and logins merges' unit columns likewise, a column at a time).
///
/// The merge writes the event table bucket by bucket, in time order, into memory it touches for the first time, while
/// every unit's records (32 bytes an event) stay alive until the end: at 10^8 events that is 3.2 GB held for nothing
/// and 4 GB of columns that the system must find fresh pages for, on a virtual machine the most expensive kind. Each
/// unit's records are in time order, so once every bucket before bucket `f` is written, the records before each
/// run's first index in `f` are never read again: their whole pages are handed back (`MADV_DONTNEED`), and the
/// columns' next pages can come from them. Small releases are not worth a system call, so a run's pages go back
/// only in steps of at least ``minimumRelease`` bytes (small worlds release nothing).
///
/// Releasing changes no value: the records released are never read again, and the arrays are freed as usual.
final class MergeFrontier: @unchecked Sendable {
    static let minimumRelease = 1 << 20

    private let lock = NSLock()
    private let order: TimeBuckets
    /// Address of each run's first record (0 for an empty run).
    private let bases: [UInt]
    private let stride: Int
    private let page: UInt
    private var done: [Bool]
    /// Every bucket before it is written.
    private var frontier = 0
    /// Per run: the address up to which its pages were given back.
    private var released: [UInt]
    /// Bytes given back so far.
    private(set) var releasedBytes = 0

    /// - Parameter bases: each run's first record's address; the records must stay allocated, and unchanged, until
    ///   the merge ends.
    init(order: TimeBuckets, bases: [UInt], stride: Int) {
        self.order = order
        self.bases = bases
        self.stride = stride
        self.page = UInt(max(4096, sysconf(Int32(_SC_PAGESIZE))))
        self.done = Array(repeating: false, count: order.buckets)
        self.released = bases
    }

    /// Records that bucket `b` is written, and gives back the pages that every run no longer needs.
    func finished(bucket b: Int) {
        lock.lock()
        defer { lock.unlock() }
        done[b] = true
        let before = frontier
        while frontier < done.count && done[frontier] { frontier += 1 }
        guard frontier > before else { return }
        for u in bases.indices where bases[u] != 0 {
            // Whole pages from where the last release stopped to the first record still to be written.
            let from = (released[u] + page - 1) / page * page
            let to = (bases[u] + UInt(order.start(run: u, bucket: frontier) * stride)) / page * page
            guard to > from, to - from >= UInt(Self.minimumRelease) else { continue }
            if madvise(UnsafeMutableRawPointer(bitPattern: from), Int(to - from), MADV_DONTNEED) == 0 { releasedBytes += Int(to - from) }
            released[u] = to
        }
    }
}
