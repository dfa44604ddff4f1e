/// One numbering for the keys of several ``ByteInterner``s (one per chunk of a file parsed in parallel), computed in
/// parallel, in order of first occurrence: chunks in order, each chunk's keys in its own order (so, for chunks of a
/// file, the order in which the keys first appear in the file). The numbering depends only on the keys, never on the
/// number of threads or partitions.
///
/// Radix-partitioned hashing (Manegold, Boncz and Kersten, "Optimizing Main-Memory Join on Modern Hardware", IEEE
/// TKDE 2002; Balkesen et al., "Main-Memory Hash Joins on Multi-Core CPUs", ICDE 2013): every key is copied, with its
/// hash, into the region of its partition (the top bits of its hash) in one pass per chunk, so that each partition's
/// keys lie together in memory; each partition is then deduplicated on its own, reading its region front to back into
/// a hash table small enough to stay in cache (about 16,384 keys: a 256 KiB table). No pass reaches into memory at
/// random except for keys met again in a later chunk, whose first-occurrence number is looked up once. Cost linear in
/// the keys and their bytes, plus chunks × partitions for the region boundaries.
public struct InternerMerge: Sendable {
    /// The number of every chunk's keys, chunk after chunk: key `k` of chunk `c` is `ids[chunkStart[c] + k]`.
    public let ids: [Int32]
    /// Where each chunk's keys start in ``ids``; `chunkStart[chunks.count]` is the number of keys in all.
    public let chunkStart: [Int]
    /// The number of distinct keys.
    public let count: Int
    /// Where each number's key first occurs: chunk and key within it (increasing: numbers are in first-occurrence
    /// order).
    public let originChunk: [Int32]
    public let originKey: [Int32]

    /// The numbers of chunk `c`'s keys.
    public func ids(ofChunk c: Int) -> ArraySlice<Int32> { ids[chunkStart[c] ..< chunkStart[c + 1]] }

    /// The number of partitions for `keys` keys in all: a power of two giving at most about 16,384 keys per
    /// partition, at least 16. It depends on the input only, never on the thread count (and the numbering does not
    /// depend on it at all).
    public static func partitions(forKeys keys: Int) -> Int {
        var p = 16
        while p < 1 << 16 && keys / p > 16_384 { p <<= 1 }
        return p
    }

    /// Merges `chunks`, with the threads of `mapper`. Working memory comes from `scratch` (kept there for the next
    /// merge, so that several merges touch fresh memory once); without `origins`, ``originChunk`` and ``originKey``
    /// are left empty (and ``keys(from:)`` unusable).
    public init(_ chunks: [ByteInterner], mapper: some ParallelMapper, scratch: MergeScratch = MergeScratch(),
                origins keepOrigins: Bool = true) {
        let chunkCount = chunks.count
        var chunkStart = [Int](repeating: 0, count: chunkCount + 1)
        for c in 0 ..< chunkCount { chunkStart[c + 1] = chunkStart[c] + chunks[c].count }
        let total = chunkStart[chunkCount]
        let partitions = Self.partitions(forKeys: total)
        let shift = UInt64(64 - partitions.trailingZeroBitCount)

        // 1. Per chunk and partition: keys, and bytes of their records (hash, length, key bytes).
        let histograms = mapper.map(chunkCount) { c -> [Int] in
            var counts = [Int](repeating: 0, count: 2 * partitions)
            chunks[c].withStorage { _, offsets, hashes in
                for k in 0 ..< hashes.count {
                    let p = Int(hashes[k] >> shift)
                    counts[p] += 1
                    counts[partitions + p] += Self.recordHeader + offsets[k + 1] - offsets[k]
                }
            }
            return counts
        }
        // Region starts, partition-major: partition p's records are chunk 0's, then chunk 1's, ...
        // recordStart[c * partitions + p], byteStart[c * partitions + p]; partitionRecords/Bytes[p ... p + 1].
        var recordStart = [Int](repeating: 0, count: chunkCount * partitions)
        var byteStart = [Int](repeating: 0, count: chunkCount * partitions)
        var partitionRecords = [Int](repeating: 0, count: partitions + 1)
        var partitionBytes = [Int](repeating: 0, count: partitions + 1)
        do {
            var records = 0, bytes = 0
            for p in 0 ..< partitions {
                partitionRecords[p] = records
                partitionBytes[p] = bytes
                for c in 0 ..< chunkCount {
                    recordStart[c * partitions + p] = records
                    byteStart[c * partitions + p] = bytes
                    records += histograms[c][p]
                    bytes += histograms[c][partitions + p]
                }
            }
            partitionRecords[partitions] = records
            partitionBytes[partitions] = bytes
        }
        // The regions, then the partition tasks' verdict on each record, in the same order (the key's number within its
        // partition, with the top bit set when this record is the key's first occurrence), then (step 4) each
        // partition number's first-occurrence number.
        let streamBytes = (partitionBytes[partitions] + 7) & ~7
        let memory = scratch.reserve(streamBytes + 4 * total + 4 * total)
        let shared = MergeBuffers(
            stream: UnsafeMutableRawBufferPointer(start: memory, count: streamBytes),
            verdicts: UnsafeMutableBufferPointer(start: (memory + streamBytes).assumingMemoryBound(to: UInt32.self), count: total),
            rankOf: (memory + streamBytes + 4 * total).assumingMemoryBound(to: Int32.self))

        // 2. Scatter (chunks in parallel): every key's record into its partition's region.
        let frozenRecordStart = recordStart, frozenByteStart = byteStart
        _ = mapper.map(chunkCount) { c -> Int in
            var cursor = Array(frozenByteStart[c * partitions ..< (c + 1) * partitions])
            let out = shared.stream.baseAddress!
            chunks[c].withStorage { arena, offsets, hashes in
                for k in 0 ..< hashes.count {
                    let h = hashes[k]
                    let p = Int(h >> shift)
                    let from = offsets[k], length = offsets[k + 1] - from
                    let at = cursor[p]
                    out.storeBytes(of: h, toByteOffset: at, as: UInt64.self)
                    out.storeBytes(of: UInt32(length), toByteOffset: at + 8, as: UInt32.self)
                    if length > 0 {
                        (out + at + Self.recordHeader).copyMemory(from: arena.baseAddress! + from, byteCount: length)
                    }
                    cursor[p] = at + Self.recordHeader + length
                }
            }
            return 0
        }

        // 3. Deduplicate each partition (groups of partitions in parallel), reading its region in order.
        let frozenPartitionRecords = partitionRecords, frozenPartitionBytes = partitionBytes
        let groups = DeterministicRanges.split(partitions, into: 64)
        let distinctPerPartition = mapper.map(groups.count) { g -> [Int] in
            var table = PartitionTable()
            var distinct: [Int] = []
            for p in groups[g] {
                distinct.append(table.deduplicate(
                    stream: UnsafeRawBufferPointer(shared.stream),
                    bytes: frozenPartitionBytes[p] ..< frozenPartitionBytes[p + 1],
                    verdicts: shared.verdicts.baseAddress! + frozenPartitionRecords[p],
                    records: frozenPartitionRecords[p + 1] - frozenPartitionRecords[p]))
            }
            return distinct
        }.flatMap { $0 }
        var partitionNumberStart = [Int](repeating: 0, count: partitions + 1)
        for p in 0 ..< partitions { partitionNumberStart[p + 1] = partitionNumberStart[p] + distinctPerPartition[p] }
        let count = partitionNumberStart[partitions]

        // 4. Numbers by first occurrence, written straight into the result.
        let frozenChunkStart = chunkStart, frozenNumberStart = partitionNumberStart
        var originChunk = [Int32](), originKey = [Int32]()
        if keepOrigins {
            originChunk = [Int32](repeating: 0, count: count)
            originKey = [Int32](repeating: 0, count: count)
        }
        let ids = [Int32](unsafeUninitializedCapacity: total) { buffer, initialized in
            let idsShared = SharedInt32(base: buffer.baseAddress ?? shared.rankOf)
            // (a) Chunks in parallel read their verdicts back in key order: a first occurrence keeps its partition
            // number p (>= 0), a repeat gets ~p; first occurrences are counted.
            let firsts = mapper.map(chunkCount) { c -> Int in
                var cursor = Array(frozenRecordStart[c * partitions ..< (c + 1) * partitions])
                let out = idsShared.base + frozenChunkStart[c]
                let verdicts = shared.verdicts.baseAddress!
                var firsts = 0
                for (k, h) in chunks[c].hashes.enumerated() {
                    let p = Int(h >> shift)
                    let verdict = verdicts[cursor[p]]
                    cursor[p] += 1
                    let number = Int32(frozenNumberStart[p]) + Int32(bitPattern: verdict & 0x7FFF_FFFF)
                    if verdict >> 31 != 0 {
                        out[k] = number
                        firsts += 1
                    } else {
                        out[k] = ~number
                    }
                }
                return firsts
            }
            var firstStart = [Int](repeating: 0, count: chunkCount + 1)
            for c in 0 ..< chunkCount { firstStart[c + 1] = firstStart[c] + firsts[c] }
            precondition(firstStart[chunkCount] == count, "InternerMerge: first occurrences disagree with the partitions")
            // (b) Chunks in parallel: first occurrences numbered in order, their partition numbers mapped.
            originChunk.withUnsafeMutableBufferPointer { originChunk in
                originKey.withUnsafeMutableBufferPointer { originKey in
                    // (An empty array may still have a base address: origins are written only when kept.)
                    let origins = OriginBuffers(
                        chunk: keepOrigins ? originChunk.baseAddress : nil, key: keepOrigins ? originKey.baseAddress : nil)
                    let frozenFirstStart = firstStart
                    _ = mapper.map(chunkCount) { c -> Int in
                        let out = idsShared.base + frozenChunkStart[c]
                        var rank = frozenFirstStart[c]
                        for k in 0 ..< frozenChunkStart[c + 1] - frozenChunkStart[c] where out[k] >= 0 {
                            shared.rankOf[Int(out[k])] = Int32(rank)
                            if let chunk = origins.chunk, let key = origins.key {
                                chunk[rank] = Int32(c)
                                key[rank] = Int32(k)
                            }
                            out[k] = Int32(rank)
                            rank += 1
                        }
                        return 0
                    }
                }
            }
            // (c) Chunks in parallel: repeats take their first occurrence's number.
            _ = mapper.map(chunkCount) { c -> Int in
                let out = idsShared.base + frozenChunkStart[c]
                for k in 0 ..< frozenChunkStart[c + 1] - frozenChunkStart[c] where out[k] < 0 {
                    out[k] = shared.rankOf[Int(~out[k])]
                }
                return 0
            }
            initialized = total
        }
        self.ids = ids
        self.originChunk = originChunk
        self.originKey = originKey
        self.chunkStart = chunkStart
        self.count = count
    }

    /// Bytes before a key's bytes in a partition region: its 64-bit hash and 32-bit length.
    static let recordHeader = 12

    /// The merged keys, numbered as here, gathered from `chunks` (the interners this merge was made from) into one
    /// interner without a lookup table (see ``ByteInterner/freeLookupTable()``).
    public func keys(from chunks: [ByteInterner]) -> ByteInterner {
        var offsets = [Int](repeating: 0, count: count + 1)
        var hashes = [UInt64](repeating: 0, count: count)
        for n in 0 ..< count {
            let chunk = chunks[Int(originChunk[n])], k = Int(originKey[n])
            offsets[n + 1] = offsets[n] + chunk.keyLength(k)
            hashes[n] = chunk.hashes[k]
        }
        let arena = [UInt8](unsafeUninitializedCapacity: offsets[count]) { out, initialized in
            // Origins are in (chunk, key) order: each chunk's keys are read front to back.
            var n = 0
            while n < count {
                let c = Int(originChunk[n])
                chunks[c].withStorage { arena, keyOffsets, _ in
                    while n < count && Int(originChunk[n]) == c {
                        let k = Int(originKey[n])
                        let from = keyOffsets[k], length = keyOffsets[k + 1] - from
                        if length > 0 { (out.baseAddress! + offsets[n]).update(from: arena.baseAddress! + from, count: length) }
                        n += 1
                    }
                }
            }
            initialized = offsets[count]
        }
        return ByteInterner(readOnlyArena: arena, offsets: offsets, hashes: hashes)
    }
}

/// A cache-sized hash table over one partition's region at a time, reused from partition to partition.
private struct PartitionTable {
    private var slots: [UInt64] = []
    /// Byte offset in the region of each distinct key's record, by number within the partition.
    private var recordOf: [Int] = []

    /// Numbers the region's keys by first occurrence, writes each record's verdict (number, top bit on a first
    /// occurrence), and returns the number of distinct keys.
    mutating func deduplicate(
        stream: UnsafeRawBufferPointer, bytes: Range<Int>, verdicts: UnsafeMutablePointer<UInt32>, records: Int
    ) -> Int {
        var size = 16
        while size < 2 * records { size <<= 1 }
        if slots.count < size { slots = [UInt64](repeating: 0, count: size) }
        let mask = size - 1
        recordOf.removeAll(keepingCapacity: true)
        let base = stream.baseAddress!
        let header = InternerMerge.recordHeader
        return slots.withUnsafeMutableBufferPointer { slots in
            for i in 0 ..< size { slots[i] = 0 }
            var at = bytes.lowerBound
            var r = 0
            while at < bytes.upperBound {
                let h = base.loadUnaligned(fromByteOffset: at, as: UInt64.self)
                let length = Int(base.loadUnaligned(fromByteOffset: at + 8, as: UInt32.self))
                let key = (base + at + header).assumingMemoryBound(to: UInt8.self)
                // Slot from the low bits, tag from the middle ones (the top bits are the partition's, all alike).
                let tag = (h >> 20) & 0xFFFF_FFFF
                var slot = Int(truncatingIfNeeded: h) & mask
                var verdict: UInt32
                while true {
                    let entry = slots[slot]
                    if entry == 0 {
                        let number = recordOf.count
                        recordOf.append(at)
                        slots[slot] = tag << 32 | UInt64(number + 1)
                        verdict = UInt32(number) | 0x8000_0000
                        break
                    }
                    if entry >> 32 == tag {
                        let number = Int(entry & 0xFFFF_FFFF) - 1
                        let other = recordOf[number]
                        if Int(base.loadUnaligned(fromByteOffset: other + 8, as: UInt32.self)) == length
                            && base.loadUnaligned(fromByteOffset: other, as: UInt64.self) == h
                            && (length == 0 || memcompare(
                                (base + other + header).assumingMemoryBound(to: UInt8.self), key, length) == 0) {
                            verdict = UInt32(number)
                            break
                        }
                    }
                    slot = (slot + 1) & mask
                }
                verdicts[r] = verdict
                r += 1
                at += header + length
            }
            precondition(r == records, "InternerMerge: a partition region holds \(r) records, expected \(records)")
            return recordOf.count
        }
    }
}

/// Consecutive ranges cut independently of the thread count.
enum DeterministicRanges {
    /// `0 ..< n` in at most `parts` consecutive ranges of nearly equal size.
    static func split(_ n: Int, into parts: Int) -> [Range<Int>] {
        let size = max(1, (n + parts - 1) / max(1, parts))
        return stride(from: 0, to: n, by: size).map { $0 ..< min($0 + size, n) }
    }
}

/// Working memory for ``InternerMerge``, reused from merge to merge: large buffers are fresh memory from the system
/// when first allocated, and touching fresh memory costs a page fault per page (more, under a hypervisor that has
/// reclaimed the guest's free pages), so several merges share one. Used by one merge at a time.
public final class MergeScratch: @unchecked Sendable {
    private var memory: UnsafeMutableRawPointer?
    private var capacity = 0

    public init() {}

    deinit { memory?.deallocate() }

    /// At least `bytes` bytes, 8-aligned, valid until the next call or the scratch's end.
    func reserve(_ bytes: Int) -> UnsafeMutableRawPointer {
        if let memory, capacity >= max(1, bytes) { return memory }
        memory?.deallocate()
        capacity = max(1, bytes)
        memory = .allocate(byteCount: capacity, alignment: 8)
        return memory!
    }
}

/// The merge's partition regions, verdicts and first-occurrence numbers, written by parallel tasks at disjoint places.
private struct MergeBuffers: @unchecked Sendable {
    let stream: UnsafeMutableRawBufferPointer
    let verdicts: UnsafeMutableBufferPointer<UInt32>
    let rankOf: UnsafeMutablePointer<Int32>
}

/// A number array written by parallel tasks at disjoint places.
private struct SharedInt32: @unchecked Sendable {
    let base: UnsafeMutablePointer<Int32>
}

/// Where each number's key first occurs (absent when not kept), written by parallel tasks at disjoint places.
private struct OriginBuffers: @unchecked Sendable {
    let chunk: UnsafeMutablePointer<Int32>?
    let key: UnsafeMutablePointer<Int32>?
}
