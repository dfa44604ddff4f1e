internal import CIBModel
internal import CIBStatistics
internal import CIBTruth

/// Merges the units' event runs, each already in time order, into one time-ordered event table: events ordered by
/// (time, run, position in run), i.e. ties in run order. References become global: a record's target (local to its
/// run, plus the run's `targetBase`) becomes the target's row, own texts and URLs are shifted by the run's bases.
///
/// The period is cut into time buckets of 2^16 seconds (about 18 hours). A bucket's rows are contiguous in the
/// output and every run's events of that bucket are contiguous in the run, so buckets are independent: each is
/// ordered by one radix pass over its (second in bucket, run, index) keys, then filled by a pass that writes only
/// inside the bucket's rows — cache-resident, unlike a scatter across the whole table — on all threads. Every row
/// is written exactly once and the result does not depend on the thread count.
enum EventMerge {
    /// The merged events: the observable columns and, apart, each event's campaign and tactics (ground truth).
    struct Merged {
        var table = EventTable()
        var campaign: [Int16] = []
        var tactics: [TacticSet] = []
    }

    /// One run of events and how its references become global.
    struct Run {
        var events: [EventBuffer.Record]
        /// Added to a non-negative target to make it a global event index (the run's own first index for a unit,
        /// 0 for events that target global indices already).
        var targetBase: Int32
        /// Added to an own text (at or above `EventBuffer.localBase`) to make it a row of the merged text table.
        var textBase: Int32
        /// Added to an own URL likewise.
        var urlBase: Int32
    }

    private static let bucketBits = 16

    /// Merges `runs` (each sorted by time) on up to `tasks` threads.
    /// - Precondition: fewer than 2^16 runs, fewer than 2^31 events, a time span under 2^32 seconds.
    static func merge(_ runs: [Run], tasks: Int) -> Merged {
        precondition(runs.count < 1 << 16, "EventMerge: too many runs (\(runs.count))")
        var runStart: [Int] = []
        var n = 0
        var lo = Timestamp.max, hi = Timestamp.min
        for r in runs {
            runStart.append(n)
            n += r.events.count
            if let first = r.events.first, let last = r.events.last {
                lo = min(lo, first.time)
                hi = max(hi, last.time)
            }
        }
        precondition(n <= Int(Int32.max), "EventMerge: too many events for 32-bit event ids")
        guard n > 0 else { return Merged() }
        precondition(UInt64(hi - lo) < 1 << 32, "EventMerge: the events span more than 2^32 seconds")

        // bounds[u * (buckets + 1) + b]: the first index of run u at or after bucket b's start.
        let buckets = Int((hi - lo) >> Timestamp(bucketBits)) + 1
        let stride = buckets + 1
        var bounds = [Int](repeating: 0, count: runs.count * stride)
        for (u, r) in runs.enumerated() {
            r.events.withUnsafeBufferPointer { ev in
                for b in 0 ... buckets {
                    // Binary search: the first event at or after the bucket's start.
                    let start = lo + Timestamp(b) << Timestamp(bucketBits)
                    var a = b == 0 ? 0 : bounds[u * stride + b - 1], z = ev.count
                    while a < z {
                        let mid = (a + z) / 2
                        if ev[mid].time < start { a = mid + 1 } else { z = mid }
                    }
                    bounds[u * stride + b] = a
                }
            }
        }
        var bucketRow = [Int](repeating: 0, count: buckets + 1)
        for b in 0 ..< buckets {
            var m = 0
            for u in runs.indices { m += bounds[u * stride + b + 1] - bounds[u * stride + b] }
            bucketRow[b + 1] = bucketRow[b] + m
        }

        var merged = Merged()
        var position = [Int32](unsafeUninitializedCapacity: n) { _, c in c = n }
        let bucketBounds = bounds, rows = bucketRow, starts = runStart, origin = lo
        position.withUnsafeMutableBufferPointer { position in
            let positions = SharedRows(position)
            // Pass 1: each bucket's order, recorded as every event's row.
            _ = DeterministicParallel.map(chunks: buckets, tasks: tasks) { b in
                let first = rows[b], m = rows[b + 1] - first
                guard m > 0 else { return 0 }
                let bucketStart = origin + Timestamp(b) << Timestamp(bucketBits)
                var keys: [UInt64] = []
                keys.reserveCapacity(m)
                for u in runs.indices {
                    let a = bucketBounds[u * stride + b], z = bucketBounds[u * stride + b + 1]
                    guard a < z else { continue }
                    runs[u].events.withUnsafeBufferPointer { ev in
                        for i in a ..< z {
                            keys.append(UInt64(ev[i].time - bucketStart) << 48 | UInt64(u) << 32 | UInt64(i))
                        }
                    }
                }
                // Keys are distinct, so any sort gives the same order; radix pays off on larger buckets.
                if m < 2048 { keys.sort() } else { RadixSort.sort(&keys, bits: 16, shift: 48) }
                for (i, k) in keys.enumerated() {
                    positions.base[starts[Int(k >> 32 & 0xFFFF)] + Int(k & 0xFFFF_FFFF)] = Int32(first + i)
                }
                return 0
            }
            // Pass 2: each bucket's records written to their rows, one pass over all columns.
            let positionsRead = UnsafeBufferPointer(position)
            merged.table.time = [Timestamp](unsafeUninitializedCapacity: n) { time, c0 in
            merged.table.actor = [EntityID](unsafeUninitializedCapacity: n) { actor, c1 in
            merged.table.action = [ActionKind](unsafeUninitializedCapacity: n) { action, c2 in
            merged.table.target = [EventID](unsafeUninitializedCapacity: n) { target, c3 in
            merged.table.context = [EntityID](unsafeUninitializedCapacity: n) { context, c4 in
            merged.table.text = [Int32](unsafeUninitializedCapacity: n) { text, c5 in
            merged.table.url = [Int32](unsafeUninitializedCapacity: n) { url, c6 in
            merged.table.language = [UInt8](unsafeUninitializedCapacity: n) { language, c7 in
            merged.campaign = [Int16](unsafeUninitializedCapacity: n) { campaign, c8 in
            merged.tactics = [TacticSet](unsafeUninitializedCapacity: n) { tactics, c9 in
                let out = EventRows(position: positionsRead, time: time, actor: actor, action: action, target: target, context: context,
                                    text: text, url: url, language: language, campaign: campaign, tactics: tactics)
                _ = DeterministicParallel.map(chunks: buckets, tasks: tasks) { b in
                    for u in runs.indices {
                        let a = bucketBounds[u * stride + b], z = bucketBounds[u * stride + b + 1]
                        guard a < z else { continue }
                        let run = runs[u]
                        run.events.withUnsafeBufferPointer { ev in
                            out.write(ev[a ..< z], first: starts[u] + a, targetBase: run.targetBase, textBase: run.textBase, urlBase: run.urlBase)
                        }
                    }
                    return 0
                }
                c9 = n
            }; c8 = n }; c7 = n }; c6 = n }; c5 = n }; c4 = n }; c3 = n }; c2 = n }; c1 = n }; c0 = n }
        }
        return merged
    }
}

/// Rows written by several threads at once, each index by exactly one of them.
private struct SharedRows: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<Int32>
    init(_ base: UnsafeMutableBufferPointer<Int32>) { self.base = base }
}

/// The merged event columns, written by several threads at once: each record goes to its own row (`position` is a
/// permutation), so no element is written twice and the result does not depend on the thread count.
private struct EventRows: @unchecked Sendable {
    let position: UnsafeBufferPointer<Int32>
    let time: UnsafeMutableBufferPointer<Timestamp>
    let actor: UnsafeMutableBufferPointer<EntityID>
    let action: UnsafeMutableBufferPointer<ActionKind>
    let target: UnsafeMutableBufferPointer<EventID>
    let context: UnsafeMutableBufferPointer<EntityID>
    let text: UnsafeMutableBufferPointer<Int32>
    let url: UnsafeMutableBufferPointer<Int32>
    let language: UnsafeMutableBufferPointer<UInt8>
    let campaign: UnsafeMutableBufferPointer<Int16>
    let tactics: UnsafeMutableBufferPointer<TacticSet>

    /// Writes records with global indices `first...` to their rows, making references global.
    @inline(__always)
    func write(_ records: Slice<UnsafeBufferPointer<EventBuffer.Record>>, first: Int, targetBase: Int32, textBase: Int32, urlBase: Int32) {
        var g = first
        for r in records {
            let i = Int(position[g])
            time[i] = r.time
            actor[i] = r.actor
            action[i] = r.action
            target[i] = r.target >= 0 ? position[Int(r.target + targetBase)] : r.target
            context[i] = r.context
            text[i] = r.text >= EventBuffer.localBase ? r.text + textBase : r.text
            url[i] = r.url >= EventBuffer.localBase ? r.url + urlBase : r.url
            language[i] = r.language
            campaign[i] = r.campaign
            tactics[i] = r.tactics
            g += 1
        }
    }
}
