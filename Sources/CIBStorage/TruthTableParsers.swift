import CIBCSV
import CIBModel
import CIBTruth

// How the ground-truth tables' rows are checked and stored, in the order a row-by-row reader checks them.

/// `truth/entities.csv`: one row per entity of entities.csv.
struct TruthEntityRowParser: TableRowParser {
    struct Rows: TableRows {
        var entityClass: [EntityClass] = []
        var campaign: [Int16] = []
        var cluster: [Int32] = []
        var `operator`: [Int32] = []
        var tactics: [TacticSet] = []
        var classes = VocabularyCache<EntityClass>()
        var tacticSets = VocabularyCache<TacticSet>()
        var count: Int { entityClass.count }
    }

    let entity: Int, entityClass: Int, campaign: Int, cluster: Int, `operator`: Int, tactics: Int
    let entityCount: Int
    let campaignRange: ClosedRange<Int64>
    var idColumn: Int? { entity }

    init(_ table: DatasetTableFile, entityCount: Int, campaigns: Int) throws(StorageError) {
        entity = try table.column("entity")
        entityClass = try table.column("class")
        campaign = try table.column("campaign")
        cluster = try table.column("cluster")
        `operator` = try table.column("operator")
        tactics = try table.column("tactics")
        self.entityCount = entityCount
        campaignRange = -1 ... Int64(campaigns) - 1
    }

    func makeRows() -> Rows { Rows() }

    func parse(_ record: RFC4180Scanner, row: Int, previousTime: inout Int64, into rows: inout Rows) throws(RowProblem) {
        _ = try record.id(entity, row: row)
        guard row < entityCount else { throw record.problem(entity, expected: "one row per entity of entities.csv (\(entityCount))") }
        guard let cls = record.withField(entityClass, { rows.classes.value($0) { EntityClass(name: $0) } }) else {
            throw record.problem(entityClass, expected: "one of \(EntityClass.allCases.map(\.name).joined(separator: ", "))")
        }
        guard let tactics = record.withField(tactics, { rows.tacticSets.value($0) { TacticSet(codes: $0) } }) else {
            throw record.problem(self.tactics, expected: "kill-chain codes separated by ';'")
        }
        let campaign = Int16(try record.int(campaign, in: campaignRange))
        let cluster = Int32(try record.int(cluster, in: -1 ... Int64(Int32.max)))
        let op = Int32(try record.int(`operator`, in: -1 ... Int64(Int32.max)))
        rows.entityClass.append(cls)
        rows.campaign.append(campaign)
        rows.cluster.append(cluster)
        rows.operator.append(op)
        rows.tactics.append(tactics)
    }
}

/// `truth/events.csv`: one row per event of events.csv.
struct TruthEventRowParser: TableRowParser {
    struct Rows: TableRows {
        var campaign: [Int16] = []
        var tactics: [TacticSet] = []
        var tacticSets = VocabularyCache<TacticSet>()
        /// The optional `topic` column: each row's index into this chunk's `topicNames` (0: everyday chatter, also
        /// written empty), names in order of first appearance in the chunk.
        var topic: [UInt8] = []
        var topicNames = ["everyday"]
        var topicCodes = VocabularyCache<UInt8>()
        var count: Int { campaign.count }
    }

    let event: Int, campaign: Int, tactics: Int
    let topic: Int?
    let eventCount: Int
    let campaignRange: ClosedRange<Int64>
    var idColumn: Int? { event }

    init(_ table: DatasetTableFile, eventCount: Int, campaigns: Int) throws(StorageError) {
        event = try table.column("event")
        campaign = try table.column("campaign")
        tactics = try table.column("tactics")
        topic = table.optionalColumn("topic")
        self.eventCount = eventCount
        campaignRange = -1 ... Int64(campaigns) - 1
    }

    func makeRows() -> Rows { Rows() }

    func parse(_ record: RFC4180Scanner, row: Int, previousTime: inout Int64, into rows: inout Rows) throws(RowProblem) {
        _ = try record.id(event, row: row)
        guard row < eventCount else { throw record.problem(event, expected: "one row per event of events.csv (\(eventCount))") }
        guard let tactics = record.withField(tactics, { rows.tacticSets.value($0) { TacticSet(codes: $0) } }) else {
            throw record.problem(self.tactics, expected: "kill-chain codes separated by ';'")
        }
        rows.campaign.append(Int16(try record.int(campaign, in: campaignRange)))
        rows.tactics.append(tactics)
        if let topic {
            var names = rows.topicNames
            let code = record.withField(topic) { bytes in
                rows.topicCodes.value(bytes) { name -> UInt8? in
                    if name.isEmpty || name == "everyday" { return 0 }
                    guard names.count < 255 else { return nil }
                    names.append(name)
                    return UInt8(names.count - 1)
                }
            }
            guard let code else { throw record.problem(topic, expected: "at most 254 distinct topic names") }
            rows.topicNames = names
            rows.topic.append(code)
        }
    }

    /// The chunks' topics as one column indexing one list of names, in order of first appearance in the file (empty
    /// when the file has no topic column).
    static func topics(_ chunks: inout [Rows], path: String) throws(StorageError) -> (topic: [UInt8], names: [String]) {
        guard chunks.contains(where: { !$0.topic.isEmpty }) else { return ([], []) }
        var names = ["everyday"], index = ["everyday": UInt8(0)]
        var column: [UInt8] = []
        column.reserveCapacity(chunks.reduce(0) { $0 + $1.topic.count })
        for k in chunks.indices {
            var map: [UInt8] = []
            for name in chunks[k].topicNames {
                if let i = index[name] { map.append(i); continue }
                guard names.count < 255 else {
                    throw StorageError(path: path, message: "has more than 254 distinct topic names")
                }
                index[name] = UInt8(names.count)
                map.append(UInt8(names.count))
                names.append(name)
            }
            for code in chunks[k].topic { column.append(map[Int(code)]) }
            chunks[k].topic = []
        }
        return (column, names)
    }
}
