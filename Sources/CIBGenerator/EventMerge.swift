internal import CIBModel
internal import CIBStatistics
internal import CIBTruth

/// Merges the units' event runs, each already in time order, into one time-ordered event table: events ordered by
/// (time, run, position in run), i.e. ties in run order (``TimeBuckets``). References become global: a record's
/// target (local to its run, plus the run's `targetBase`) becomes the target's row, own texts and URLs are shifted by
/// the run's bases. Every row is written exactly once, on all threads, and the result does not depend on the thread
/// count.
enum EventMerge {
    /// The merged events: the observable columns and, apart, each event's campaign and tactics (ground truth).
    struct Merged {
        var table = EventTable()
        var campaign: [Int16] = []
        var tactics: [TacticSet] = []
        var topic: [UInt8] = []
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
        /// What the records' `truth` indices stand for.
        var truths: [EventBuffer.Truth]
        /// The picked targets (global indices) and contexts of the run's pending interactions, by number
        /// (``PlatformEngagement``).
        var resolution = PlatformEngagement.Resolution()
    }

    /// Merges `runs` (each sorted by time) on up to `tasks` threads.
    ///
    /// The runs' record memory is given back to the system as the merge goes (``MergeFrontier``): neither the caller
    /// nor anything sharing their storage may read a run's records after the merge (the generator hands its units'
    /// records over and keeps no reference).
    /// - Precondition: fewer than 2^16 runs and fewer than 2^31 events.
    static func merge(_ runs: [Run], tasks: Int) -> Merged {
        let times: TimeBuckets.Access = { u, body in
            runs[u].events.withUnsafeBytes {
                body(.init($0, stride: MemoryLayout<EventBuffer.Record>.stride, offset: MemoryLayout<EventBuffer.Record>.offset(of: \.time)!))
            }
        }
        let order = TimeBuckets(runs: runs.count, times: times)
        let n = order.count
        var merged = Merged()
        guard n > 0 else { return merged }
        let position = order.rows(tasks: tasks, times: times)
        // The runs' records are not changed before the merge ends, so their addresses hold.
        let bases = runs.map { run in run.events.withUnsafeBufferPointer { $0.isEmpty ? 0 : UInt(bitPattern: $0.baseAddress) } }
        let frontier = MergeFrontier(order: order, bases: bases, stride: MemoryLayout<EventBuffer.Record>.stride)
        position.withUnsafeBufferPointer { position in
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
            merged.topic = [UInt8](unsafeUninitializedCapacity: n) { topic, c10 in
                let out = EventRows(position: position, time: time, actor: actor, action: action, target: target, context: context,
                                    text: text, url: url, language: language, campaign: campaign, tactics: tactics, topic: topic)
                // Each bucket's records, run by run, written to their rows: all writes stay inside the bucket's rows.
                _ = DeterministicParallel.map(chunks: order.buckets, tasks: tasks) { b in
                    defer { frontier.finished(bucket: b) }
                    if order.isEmpty(bucket: b) { return 0 }
                    for u in runs.indices {
                        let r = order.range(run: u, bucket: b)
                        guard !r.isEmpty else { continue }
                        let run = runs[u]
                        run.events.withUnsafeBufferPointer { ev in
                            run.truths.withUnsafeBufferPointer { truths in
                                run.resolution.target.withUnsafeBufferPointer { picked in
                                    run.resolution.context.withUnsafeBufferPointer { pickedContext in
                                        out.write(ev[r], first: order.runStart[u] + r.lowerBound, targetBase: run.targetBase, textBase: run.textBase,
                                                  urlBase: run.urlBase, truths: truths, picked: picked, pickedContext: pickedContext)
                                    }
                                }
                            }
                        }
                    }
                    return 0
                }
                c10 = n
            }; c9 = n }; c8 = n }; c7 = n }; c6 = n }; c5 = n }; c4 = n }; c3 = n }; c2 = n }; c1 = n }; c0 = n }
        }
        return merged
    }
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
    let topic: UnsafeMutableBufferPointer<UInt8>

    /// Writes records with global indices `first...` to their rows, making references global (a pending
    /// interaction's target and context are the ones picked for it, `picked` and `pickedContext`).
    @inline(__always)
    func write(
        _ records: Slice<UnsafeBufferPointer<EventBuffer.Record>>, first: Int, targetBase: Int32, textBase: Int32, urlBase: Int32,
        truths: UnsafeBufferPointer<EventBuffer.Truth>, picked: UnsafeBufferPointer<Int32>, pickedContext: UnsafeBufferPointer<EntityID>
    ) {
        var g = first
        for r in records {
            let i = Int(position[g])
            time[i] = r.time
            actor[i] = r.actor
            action[i] = r.action
            context[i] = r.target < -1 ? pickedContext[Int(-2 - r.target)] : r.context
            text[i] = r.text >= EventBuffer.localBase ? r.text + textBase : r.text
            url[i] = r.url >= EventBuffer.localBase ? r.url + urlBase : r.url
            language[i] = r.language
            let truth = truths[Int(r.truth)]
            campaign[i] = truth.campaign
            tactics[i] = truth.tactics
            topic[i] = truth.topic
            g += 1
        }
        // Targets apart, in a loop of their own: a target's row is a read far back in `position`, usually a cache
        // miss, and a short loop lets the processor have many of those reads in flight at once (inside the loop
        // above, they cost most of the merge's time).
        g = first
        for r in records {
            let t = r.target
            if t >= 0 {
                target[Int(position[g])] = position[Int(t + targetBase)]
            } else if t == noReference {
                target[Int(position[g])] = noReference
            } else {
                // A pending interaction: the post picked for it (none when its platform had no earlier post at all).
                let p = picked[Int(-2 - t)]
                target[Int(position[g])] = p >= 0 ? position[Int(p)] : noReference
            }
            g += 1
        }
    }
}
