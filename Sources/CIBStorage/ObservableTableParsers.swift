import CIBCSV
import CIBModel

// How each observable table's rows are checked and stored (docs/dataset.md, "What readers check"). Every check
// comes in the order a row-by-row reader makes it, so the first problem of a row is the same whoever reads it.

/// Ids are 32-bit: a table may not grow past ``DatasetLimits/maxRows``.
@inline(__always)
private func checkRowLimit(_ row: Int) throws(RowProblem) {
    guard row < DatasetLimits.maxRows else { throw RowProblem(column: nil, text: "more than \(DatasetLimits.maxRows) rows") }
}

/// `platforms.csv`: read as one chunk, since names must be unique across all rows.
struct PlatformRowParser: TableRowParser {
    struct Rows: TableRows {
        var platforms: [PlatformInfo] = []
        var index: [String: UInt16] = [:]
        var count: Int { platforms.count }
    }

    let platform: Int, name: Int, kind: Int
    var idColumn: Int? { platform }

    init(_ table: DatasetTableFile) throws(StorageError) {
        platform = try table.column("platform")
        name = try table.column("name")
        kind = try table.column("kind")
    }

    func makeRows() -> Rows { Rows() }

    func parse(_ record: RFC4180Scanner, row: Int, previousTime: inout Int64, into rows: inout Rows) throws(RowProblem) {
        _ = try record.id(platform, row: row)
        guard rows.platforms.count < DatasetLimits.maxPlatforms else {
            throw RowProblem(column: nil, text: "more than \(DatasetLimits.maxPlatforms) platforms")
        }
        guard let kind = record.withField(kind, { PlatformKind(rawValue: String(decoding: $0, as: UTF8.self)) }) else {
            throw record.problem(self.kind, expected: "one of \(PlatformKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let name = try record.withText(name) { String(decoding: $0, as: UTF8.self) }
        guard rows.index.updateValue(UInt16(rows.platforms.count), forKey: name) == nil else {
            throw record.problem(self.name, expected: "a platform name not used by an earlier row")
        }
        rows.platforms.append(PlatformInfo(name: name, kind: kind))
    }
}

/// `entities.csv`.
struct EntityRowParser: TableRowParser {
    struct Rows: TableRows {
        var table = EntityTable()
        var platforms = VocabularyCache<UInt16>()
        var kinds = VocabularyCache<EntityKind>()
        var countries = VocabularyCache<UInt16>()
        var count: Int { table.count }
    }

    let entity: Int, platform: Int, kind: Int, platformID: Int, createdAt: Int, country: Int, name: Int
    let platformIndex: [String: UInt16]
    let countryIndex: [String: UInt16]
    var idColumn: Int? { entity }

    init(_ table: DatasetTableFile, platformIndex: [String: UInt16], countryIndex: [String: UInt16]) throws(StorageError) {
        entity = try table.column("entity")
        platform = try table.column("platform")
        kind = try table.column("kind")
        platformID = try table.column("platform_id")
        createdAt = try table.column("created_at")
        country = try table.column("country")
        name = try table.column("name")
        self.platformIndex = platformIndex
        self.countryIndex = countryIndex
    }

    func makeRows() -> Rows { Rows() }

    func parse(_ record: RFC4180Scanner, row: Int, previousTime: inout Int64, into rows: inout Rows) throws(RowProblem) {
        _ = try record.id(entity, row: row)
        try checkRowLimit(row)
        guard let platform = record.withField(platform, { rows.platforms.value($0) { platformIndex[$0] } }) else {
            throw record.problem(self.platform, expected: "a platform from platforms.csv")
        }
        guard let kind = record.withField(kind, { rows.kinds.value($0) { EntityKind(name: $0) } }) else {
            throw record.problem(self.kind, expected: "account, page or group")
        }
        guard let country = record.withField(country, { rows.countries.value($0) { countryIndex[$0] } }) else {
            throw record.problem(self.country, expected: "a country listed in the manifest")
        }
        let platformLocalID = try record.uint64(platformID)
        let createdAt = try record.time(createdAt)
        try record.withText(name) { name in
            rows.table.append(platform: platform, kind: kind, platformLocalID: platformLocalID, createdAt: createdAt,
                              country: country, nameUTF8: name)
        }
    }
}

/// `texts.csv` and `urls.csv`: an id and a text.
struct StringRowParser: TableRowParser {
    struct Rows: TableRows {
        var table = StringTable()
        var count: Int { table.count }
    }

    let id: Int, value: Int
    var idColumn: Int? { id }

    init(_ table: DatasetTableFile, idColumn: String, valueColumn: String) throws(StorageError) {
        id = try table.column(idColumn)
        value = try table.column(valueColumn)
    }

    func makeRows() -> Rows { Rows() }

    func parse(_ record: RFC4180Scanner, row: Int, previousTime: inout Int64, into rows: inout Rows) throws(RowProblem) {
        _ = try record.id(id, row: row)
        try checkRowLimit(row)
        try record.withText(value) { rows.table.append(utf8: $0) }
    }
}

/// `events.csv`: sorted by time, inside the observation window; targets are earlier events.
struct EventRowParser: TableRowParser {
    struct Rows: TableRows {
        var table = EventTable()
        var actions = VocabularyCache<ActionKind>()
        var languages = VocabularyCache<UInt8>()
        var count: Int { table.count }
        var timeSpan: (first: Int64, last: Int64)? {
            guard let first = table.time.first, let last = table.time.last else { return nil }
            return (first, last)
        }
    }

    let event: Int, time: Int, actor: Int, action: Int, target: Int, context: Int, text: Int, url: Int, language: Int
    let start: Int64, end: Int64
    let entityCount: Int, textCount: Int, urlCount: Int
    let languageIndex: [String: UInt8]
    var idColumn: Int? { event }

    init(_ table: DatasetTableFile, start: Int64, end: Int64, entityCount: Int, textCount: Int, urlCount: Int,
         languageIndex: [String: UInt8]) throws(StorageError) {
        event = try table.column("event")
        time = try table.column("time")
        actor = try table.column("actor")
        action = try table.column("action")
        target = try table.column("target")
        context = try table.column("context")
        text = try table.column("text")
        url = try table.column("url")
        language = try table.column("language")
        self.start = start
        self.end = end
        self.entityCount = entityCount
        self.textCount = textCount
        self.urlCount = urlCount
        self.languageIndex = languageIndex
    }

    func makeRows() -> Rows { Rows() }

    func parse(_ record: RFC4180Scanner, row: Int, previousTime: inout Int64, into rows: inout Rows) throws(RowProblem) {
        let id = try record.id(event, row: row)
        try checkRowLimit(row)
        let time = try record.int(time)
        if let problem = DatasetLimits.checkEventTime(time, previous: previousTime, start: start, end: end) {
            throw record.problem(self.time, expected: problem)
        }
        previousTime = time
        guard let action = record.withField(action, { rows.actions.value($0) { ActionKind(name: $0) } }) else {
            throw record.problem(self.action, expected: "post, reply, repost or like")
        }
        var target = noReference
        if !record.isEmpty(self.target) {
            let t = try record.int(self.target)
            if let problem = DatasetLimits.checkTarget(t, event: id) { throw record.problem(self.target, expected: problem) }
            target = Int32(t)
        }
        var language = EventTable.noLanguage
        if !record.isEmpty(self.language) {
            guard let l = record.withField(self.language, { rows.languages.value($0) { languageIndex[$0] } }) else {
                throw record.problem(self.language, expected: "a language listed in the manifest")
            }
            language = l
        }
        let actor = try record.reference(actor, count: entityCount, of: "an entity")
        let context = try record.optionalReference(context, count: entityCount, of: "an entity")
        let text = try record.optionalReference(text, count: textCount, of: "a texts.csv")
        let url = try record.optionalReference(url, count: urlCount, of: "a urls.csv")
        rows.table.append(time: time, actor: actor, action: action, target: target, context: context, text: text, url: url,
                          language: language)
    }
}

/// `follows.csv`.
struct FollowRowParser: TableRowParser {
    struct Rows: TableRows {
        var table = FollowTable()
        var count: Int { table.count }
    }

    let follower: Int, followee: Int, time: Int
    let entityCount: Int
    var idColumn: Int? { nil }

    init(_ table: DatasetTableFile, entityCount: Int) throws(StorageError) {
        follower = try table.column("follower")
        followee = try table.column("followee")
        time = try table.column("time")
        self.entityCount = entityCount
    }

    func makeRows() -> Rows { Rows() }

    func parse(_ record: RFC4180Scanner, row: Int, previousTime: inout Int64, into rows: inout Rows) throws(RowProblem) {
        try checkRowLimit(row)
        rows.table.append(follower: try record.reference(follower, count: entityCount, of: "an entity"),
                          followee: try record.reference(followee, count: entityCount, of: "an entity"),
                          time: try record.time(time))
    }
}

/// `logins.csv`.
struct LoginRowParser: TableRowParser {
    struct Rows: TableRows {
        var table = LoginTable()
        var count: Int { table.count }
    }

    let entity: Int, time: Int, ip: Int, device: Int
    let entityCount: Int
    var idColumn: Int? { nil }

    init(_ table: DatasetTableFile, entityCount: Int) throws(StorageError) {
        entity = try table.column("entity")
        time = try table.column("time")
        ip = try table.column("ip")
        device = try table.column("device")
        self.entityCount = entityCount
    }

    func makeRows() -> Rows { Rows() }

    func parse(_ record: RFC4180Scanner, row: Int, previousTime: inout Int64, into rows: inout Rows) throws(RowProblem) {
        try checkRowLimit(row)
        guard let ip = record.withField(ip, { IPv4.parse(utf8: $0) }) else {
            throw record.problem(self.ip, expected: "an IPv4 address a.b.c.d")
        }
        rows.table.append(entity: try record.reference(entity, count: entityCount, of: "an entity"), time: try record.time(time),
                          ip: ip, device: UInt32(try record.int(device, in: 0 ... Int64(UInt32.max))))
    }
}
