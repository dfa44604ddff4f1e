internal import CIBModel
internal import CIBStatistics
internal import CIBTruth

/// Gives a generated world the identifiers a platform would: entity ids in order of creation across every
/// population (ties in a seeded random order), and platform-local ids that grow with creation time within each
/// platform, whoever created the entity — like Twitter's time-ordered snowflake ids or Facebook's sequential ids.
///
/// The generator builds entities population by population (organic users, hard negatives, then the campaigns), so
/// its working ids are contiguous blocks by class; left as they were, an entity's id would read off its class. This
/// pass renumbers every id column of the dataset and the truth once, after generation: O(entities + events +
/// follows + logins), done on `tasks` threads, with the same bytes for any thread count.
enum PublicIdentifiers {
    /// The first second the platform-local ids count from (2001-09-09, 10^9 s after the Unix epoch; any fixed date
    /// before every creation time does).
    static let epoch: Timestamp = 1_000_000_000

    /// Renumbers `data`'s entities (and every column that names one) and `truth`'s per-entity columns in creation
    /// order, and rewrites the platform-local ids. `seed` orders entities created in the same second.
    static func apply(to data: inout ObservableDataset, truth: inout GroundTruth, seed: UInt64, tasks: Int) {
        let n = data.entities.count
        guard n > 0 else { return }
        // Ties in a random order: shuffle first, then sort stably by creation time.
        var shuffled = [Int32](unsafeUninitializedCapacity: n) { out, count in
            for i in 0 ..< n { out[i] = Int32(i) }
            count = n
        }
        var rng = RandomStream(seed: seed, stream: 7)
        shuffled.shuffle(using: &rng)
        let created = data.entities.createdAt
        let order: [Int32] = shuffled.withUnsafeBufferPointer { s in
            let byTime = sortedStably(count: n) { created[Int(s[$0])] }
            return byTime.map { s[Int($0)] }
        }
        var newID = [EntityID](repeating: 0, count: n)
        for (new, old) in order.enumerated() { newID[Int(old)] = EntityID(new) }

        // Entity rows and their truth.
        var e = data.entities
        e.platform = gather(e.platform, order)
        e.kind = gather(e.kind, order)
        e.createdAt = gather(e.createdAt, order)
        e.country = gather(e.country, order)
        e.name = e.name.gathered(order)
        e.platformLocalID = localIDs(platform: e.platform, createdAt: e.createdAt, platforms: data.platforms.count, seed: seed)
        data.entities = e
        truth.entityClass = gather(truth.entityClass, order)
        truth.entityCampaign = gather(truth.entityCampaign, order)
        truth.entityCluster = gather(truth.entityCluster, order)
        truth.entityOperator = gather(truth.entityOperator, order)
        truth.entityTactics = gather(truth.entityTactics, order)

        // Every column that names an entity.
        let columns: [WritableKeyPath<ObservableDataset, [EntityID]>] = [
            \.events.actor, \.events.context, \.follows.follower, \.follows.followee, \.logins.entity,
        ]
        newID.withUnsafeBufferPointer { map in
            for column in columns {
                var values = data[keyPath: column]
                data[keyPath: column] = []
                values.withUnsafeMutableBufferPointer { v in
                    let column = SharedColumn(base: v.baseAddress), ids = SharedColumn(base: UnsafeMutablePointer(mutating: map.baseAddress))
                    let ranges = DeterministicParallel.ranges(count: v.count, chunkSize: 1 << 18)
                    _ = DeterministicParallel.map(chunks: ranges.count, tasks: tasks) { c in
                        // Each chunk rewrites its own rows only.
                        for i in ranges[c] where column[i] >= 0 { column[i] = ids[Int(column[i])] }
                    }
                }
                data[keyPath: column] = values
            }
        }
    }

    /// Row indices ordered by `time(row)`, ties in row order.
    private static func sortedStably(count n: Int, time: (Int) -> Timestamp) -> [Int32] {
        var lo = Timestamp.max, hi = Timestamp.min
        for i in 0 ..< n { lo = min(lo, time(i)); hi = max(hi, time(i)) }
        if hi.subtractingReportingOverflow(lo).overflow == false, UInt64(hi - lo) < 1 << 32 {
            return StableOrder.byTime(count: n, time: time)
        }
        var rows = (0 ..< Int32(n)).map { $0 }
        rows.sort { (time(Int($0)), $0) < (time(Int($1)), $1) }
        return rows
    }

    /// Platform-local ids in creation order within each platform: the creation second since ``epoch`` in the high
    /// bits and a per-platform sequence in the low 12 (a snowflake id's shape), never decreasing. Rows are already in
    /// creation order.
    private static func localIDs(platform: [UInt16], createdAt: [Timestamp], platforms: Int, seed: UInt64) -> [UInt64] {
        var last = [UInt64](repeating: 0, count: platforms)
        var out = [UInt64](repeating: 0, count: platform.count)
        for i in platform.indices {
            let p = Int(platform[i])
            let seconds = UInt64(max(0, createdAt[i] - epoch))
            let candidate = seconds << 12 | (Mix.hash(seed, UInt64(i), 0x1D) & 0x3FF)
            let id = max(candidate, last[p] + 1)
            out[i] = id
            last[p] = id
        }
        return out
    }
}

/// A column's storage shared with the worker threads of one parallel rewrite, each of which touches only its own
/// rows (and reads the id map, which nobody writes).
private struct SharedColumn: @unchecked Sendable {
    let base: UnsafeMutablePointer<EntityID>?
    subscript(i: Int) -> EntityID {
        get { base![i] }
        nonmutating set { base![i] = newValue }
    }
}

extension StringTable {
    /// The strings in the order `order` gives (`result[i] = self[order[i]]`): one pass to size, one to copy. The
    /// names of every entity of a world go through here, most of them a dozen bytes: they are copied from the one
    /// buffer a table's ``bytes`` usually are, short ones 16 bytes at once (a `memmove` call through ``withUTF8(_:_:)``
    /// per name was 1 % of a generation).
    func gathered(_ order: [Int32]) -> StringTable {
        let source = bytes, sourceOffsets = offsets
        var offsets = [Int](unsafeUninitializedCapacity: order.count + 1) { buf, count in
            var total = 0
            buf[0] = 0
            for (i, j) in order.enumerated() {
                total += sourceOffsets[Int(j) + 1] - sourceOffsets[Int(j)]
                buf[i + 1] = total
            }
            count = order.count + 1
        }
        let total = offsets[order.count]
        let bytes = [UInt8](unsafeUninitializedCapacity: total) { buf, count in
            source.withUnsafeBufferPointer { src in
                sourceOffsets.withUnsafeBufferPointer { from in
                    offsets.withUnsafeBufferPointer { to in
                        for (i, j) in order.enumerated() {
                            let start = from[Int(j)], length = from[Int(j) + 1] - start
                            let out = buf.baseAddress! + to[i], input = src.baseAddress! + start
                            if length <= 16 && to[i] + 16 <= total && start + 16 <= src.count {
                                // 16 bytes at once; the bytes past this name are written again by the names after it.
                                let chunk = UnsafeRawPointer(input).loadUnaligned(as: SIMD16<UInt8>.self)
                                UnsafeMutableRawPointer(out).storeBytes(of: chunk, as: SIMD16<UInt8>.self)
                            } else {
                                out.update(from: input, count: length)
                            }
                        }
                    }
                }
            }
            count = total
        }
        offsets[0] = 0
        return StringTable(bytes: bytes, offsets: offsets)!
    }
}
