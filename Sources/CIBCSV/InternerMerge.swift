/// One numbering for the keys of several ``ByteInterner``s (one per chunk of a file parsed in parallel), computed in
/// parallel: keys are split into partitions by the top bits of their hash (as many as keep each partition's table
/// in cache: radix-partitioned hashing), each partition is
/// numbered on its own (chunks in order, each chunk's keys in its own order) in a table small enough to stay in cache,
/// and partition `p`'s numbers follow those of partitions `0 ..< p`. The numbering depends only on the keys and the
/// chunking, never on the number of threads; it is not the order of first occurrence (use it where only equality
/// matters, or sort afterwards).
public struct InternerMerge: Sendable {
    /// `ids[c][k]` is the number of key `k` of chunk `c`.
    public let ids: [[Int32]]
    /// The number of distinct keys.
    public let count: Int
    /// Where each number's key first occurs: chunk and key within it.
    public let originChunk: [Int32]
    public let originKey: [Int32]

    /// The number of partitions for `keys` keys in all: a power of two giving about 4,096 keys per partition (a table
    /// of 64 KiB), at least 64. It depends on the input only, never on the thread count.
    public static func partitions(forKeys keys: Int) -> Int {
        var p = 64
        while p < 1 << 16 && keys / p > 4096 { p <<= 1 }
        return p
    }

    /// Merges `chunks`, with the threads of `mapper`.
    public init(_ chunks: [ByteInterner], mapper: some ParallelMapper) {
        let partitions = Self.partitions(forKeys: chunks.reduce(0) { $0 + $1.count })
        let shift = UInt64(64 - partitions.trailingZeroBitCount)
        // Each chunk's keys grouped by partition, in key order (chunks in parallel): `grouped[0 ... partitions]` are
        // the partitions' starts, then the keys.
        let buckets = mapper.map(chunks.count) { c in
            let hashes = chunks[c].hashes
            var grouped = [Int32](repeating: 0, count: partitions + 1 + hashes.count)
            for h in hashes { grouped[Int(h >> shift) + 1] += 1 }
            for p in 0 ..< partitions { grouped[p + 1] += grouped[p] }
            var fill = Array(grouped[0 ..< partitions])
            for (k, h) in hashes.enumerated() {
                let p = Int(h >> shift)
                grouped[partitions + 1 + Int(fill[p])] = Int32(k)
                fill[p] += 1
            }
            return grouped
        }
        // Each chunk's numbers, written by the partitions' tasks at disjoint places: first the number within the
        // partition, then (below) the partition's offset added.
        let buffers = chunks.map { UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(1, $0.count)) }
        defer { for b in buffers { b.deallocate() } }
        let targets = SharedTargets(pointers: buffers.map { $0.baseAddress! })
        let parts = mapper.map(partitions) { p in
            var result = PartitionResult()
            let expected = chunks.indices.reduce(0) { $0 + Int(buckets[$1][p + 1] - buckets[$1][p]) }
            var size = 16
            while size < 2 * expected { size <<= 1 }
            let mask = size - 1
            var slots = [UInt64](repeating: 0, count: size)
            // The partition's keys are copied into its own arena as they are first met, so that comparisons stay in
            // this partition's (cache-sized) memory instead of reaching into other chunks.
            var arena: [UInt8] = []
            var offsets: [Int] = [0]
            arena.reserveCapacity(16 * expected)
            offsets.reserveCapacity(expected + 1)
            result.originChunk.reserveCapacity(expected)
            result.originKey.reserveCapacity(expected)
            for c in chunks.indices {
                let grouped = buckets[c]
                let target = targets.pointers[c]
                chunks[c].withStorage { keyBytes, keyOffsets, hashes in
                    for i in partitions + 1 + Int(grouped[p]) ..< partitions + 1 + Int(grouped[p + 1]) {
                        let k = Int(grouped[i])
                        let h = hashes[k]
                        let from = keyOffsets[k], length = keyOffsets[k + 1] - from
                        let tag = h & 0xFFFF_FFFF
                        var slot = Int(truncatingIfNeeded: h >> 8) & mask
                        var number = -1
                        while true {
                            let entry = slots[slot]
                            if entry == 0 { break }
                            if entry >> 32 == tag {
                                let n = Int(entry & 0xFFFF_FFFF) - 1
                                let otherFrom = offsets[n]
                                if offsets[n + 1] - otherFrom == length
                                    && (length == 0 || arena.withUnsafeBufferPointer {
                                        memcompare($0.baseAddress! + otherFrom, keyBytes.baseAddress! + from, length) == 0
                                    }) {
                                    number = n
                                    break
                                }
                            }
                            slot = (slot + 1) & mask
                        }
                        if number < 0 {
                            number = result.originChunk.count
                            result.originChunk.append(Int32(c))
                            result.originKey.append(Int32(k))
                            for j in from ..< from + length { arena.append(keyBytes[j]) }
                            offsets.append(arena.count)
                            slots[slot] = tag << 32 | UInt64(number + 1)
                        }
                        target[k] = Int32(number)
                    }
                }
            }
            return result
        }
        var partitionStart = [Int32](repeating: 0, count: partitions + 1)
        for p in 0 ..< partitions { partitionStart[p + 1] = partitionStart[p] + Int32(parts[p].originChunk.count) }
        count = Int(partitionStart[partitions])
        originChunk = parts.flatMap(\.originChunk)
        originKey = parts.flatMap(\.originKey)
        // Partition offsets added (chunks in parallel).
        let frozenStart = partitionStart
        ids = mapper.map(chunks.count) { c in
            let hashes = chunks[c].hashes, local = targets.pointers[c]
            return hashes.indices.map { k in frozenStart[Int(hashes[k] >> shift)] + local[k] }
        }
    }

    /// Each number's origin, for one partition.
    struct PartitionResult: Sendable {
        var originChunk: [Int32] = []
        var originKey: [Int32] = []
    }
}

/// Each chunk's number array, written by several partition tasks at disjoint indices.
private struct SharedTargets: @unchecked Sendable {
    let pointers: [UnsafeMutablePointer<Int32>]
}
