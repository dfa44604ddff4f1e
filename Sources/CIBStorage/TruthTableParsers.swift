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
        var count: Int { campaign.count }
    }

    let event: Int, campaign: Int, tactics: Int
    let eventCount: Int
    let campaignRange: ClosedRange<Int64>
    var idColumn: Int? { event }

    init(_ table: DatasetTableFile, eventCount: Int, campaigns: Int) throws(StorageError) {
        event = try table.column("event")
        campaign = try table.column("campaign")
        tactics = try table.column("tactics")
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
    }
}
