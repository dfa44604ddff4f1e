/// One numbering for the keys of several ``ByteInterner``s (one per chunk of a file parsed in parallel), computed in
/// parallel: keys are split into a fixed number of partitions by the top bits of their hash, each partition is
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

    /// The number of partitions (a power of two; fixed, so that numbers never depend on the thread count).
    public static let partitions = 64

    /// Merges `chunks`, with the threads of `mapper`.
    public init(_ chunks: [ByteInterner], mapper: some ParallelMapper) {
        let shift = UInt64(64 - Self.partitions.trailingZeroBitCount)
        // Each chunk's keys grouped by partition, in key order (chunks in parallel).
        let buckets = mapper.map(chunks.count) { c in
            let hashes = chunks[c].hashes
            var start = [Int32](repeating: 0, count: Self.partitions + 1)
            for h in hashes { start[Int(h >> shift) + 1] += 1 }
            for p in 0 ..< Self.partitions { start[p + 1] += start[p] }
            var fill = start
            var grouped = [Int32](repeating: 0, count: hashes.count + Self.partitions + 1)
            for (k, h) in hashes.enumerated() {
                let p = Int(h >> shift)
                grouped[Self.partitions + 1 + Int(fill[p])] = Int32(k)
                fill[p] += 1
            }
            for p in 0 ... Self.partitions { grouped[p] = start[p] }
            return grouped
        }
        // Each partition numbered on its own (partitions in parallel).
        let parts = mapper.map(Self.partitions) { p in
            var result = PartitionResult()
            let expected = chunks.indices.reduce(0) { $0 + Int(buckets[$1][p + 1] - buckets[$1][p]) }
            var size = 16
            while size < 2 * expected { size <<= 1 }
            let mask = size - 1
            var slots = [UInt64](repeating: 0, count: size)
            result.local = chunks.indices.map { c in [Int32](repeating: 0, count: Int(buckets[c][p + 1] - buckets[c][p])) }
            for c in chunks.indices {
                let chunk = chunks[c], grouped = buckets[c]
                let from = Self.partitions + 1 + Int(grouped[p]), to = Self.partitions + 1 + Int(grouped[p + 1])
                for i in from ..< to {
                    let k = Int(grouped[i])
                    let h = chunk.hashes[k]
                    let tag = h & 0xFFFF_FFFF
                    var slot = Int(truncatingIfNeeded: h >> 8) & mask
                    var number = -1
                    while true {
                        let entry = slots[slot]
                        if entry == 0 { break }
                        if entry >> 32 == tag {
                            let n = Int(entry & 0xFFFF_FFFF) - 1
                            if chunk.keyEquals(k, chunks[Int(result.originChunk[n])], Int(result.originKey[n])) {
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
                        slots[slot] = tag << 32 | UInt64(number + 1)
                    }
                    result.local[c][i - from] = Int32(number)
                }
            }
            return result
        }
        var partitionStart = [Int](repeating: 0, count: Self.partitions + 1)
        for p in 0 ..< Self.partitions { partitionStart[p + 1] = partitionStart[p] + parts[p].originChunk.count }
        count = partitionStart[Self.partitions]
        originChunk = parts.flatMap(\.originChunk)
        originKey = parts.flatMap(\.originKey)
        // Back to each chunk's key order, with the partitions' offsets (chunks in parallel).
        let frozenStart = partitionStart
        ids = mapper.map(chunks.count) { c in
            let grouped = buckets[c]
            var ids = [Int32](repeating: 0, count: chunks[c].count)
            for p in 0 ..< Self.partitions {
                let from = Self.partitions + 1 + Int(grouped[p])
                let local = parts[p].local[c]
                for j in local.indices { ids[Int(grouped[from + j])] = Int32(frozenStart[p]) + local[j] }
            }
            return ids
        }
    }

    /// The numbers of one partition: for each chunk, its keys' numbers in partition order; and each number's origin.
    public struct PartitionResult: Sendable {
        var local: [[Int32]] = []
        var originChunk: [Int32] = []
        var originKey: [Int32] = []
    }
}
