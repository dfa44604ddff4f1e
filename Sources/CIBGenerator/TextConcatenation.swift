internal import CIBModel
internal import CIBStatistics

extension StringTable {
    /// The strings of `tables`, table after table, copied on up to `tasks` threads (each table's bytes and offsets
    /// go to their own place in the result, so the result does not depend on the thread count).
    static func concatenating(_ tables: [StringTable], tasks: Int) -> StringTable {
        var bytes = 0, strings = 0
        let byteBase = tables.map { t in defer { bytes += t.bytes.count }; return bytes }
        let stringBase = tables.map { t in defer { strings += t.count }; return strings }
        let allBytes = [UInt8](unsafeUninitializedCapacity: bytes) { out, c in
            let shared = SharedRows(out)
            _ = DeterministicParallel.map(chunks: tables.count, tasks: tasks) { u in
                tables[u].bytes.withUnsafeBufferPointer { src in
                    guard let from = src.baseAddress else { return 0 }
                    (shared.base.baseAddress! + byteBase[u]).initialize(from: from, count: src.count)
                    return 0
                }
            }
            c = bytes
        }
        let allOffsets = [Int](unsafeUninitializedCapacity: strings + 1) { out, c in
            out[0] = 0
            let shared = SharedRows(out)
            _ = DeterministicParallel.map(chunks: tables.count, tasks: tasks) { u in
                tables[u].offsets.withUnsafeBufferPointer { ends in
                    let first = stringBase[u] + 1, base = byteBase[u]
                    for i in 1 ..< ends.count { shared.base[first + i - 1] = ends[i] + base }
                }
                return 0
            }
            c = strings + 1
        }
        return StringTable(bytes: allBytes, offsets: allOffsets)!
    }
}
