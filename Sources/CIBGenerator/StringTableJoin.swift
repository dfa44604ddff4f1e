internal import CIBModel
internal import CIBStatistics

extension StringTable {
    /// The strings of `tables`, table after table: each table's bytes stay where they are, as a chunk of the result
    /// (``StringTable/init(joining:forEachTable:)``), and the offsets are rewritten on up to `tasks` threads (each
    /// table's to its own rows, so the result does not depend on the thread count).
    static func joined(_ tables: [StringTable], tasks: Int) -> StringTable {
        StringTable(joining: tables) { count, work in
            _ = DeterministicParallel.map(chunks: count, tasks: tasks) { t in work(t) }
        }
    }
}
