/// Everything a platform could observe about a world, and nothing more: the only input a detector gets.
///
/// Ground truth (who is part of a campaign, which tactic produced an event) is deliberately not reachable from this
/// type; it lives in the `CIBTruth` module, which the detectors module does not depend on.
public struct ObservableDataset: Sendable, Equatable {
    public var platforms: [PlatformInfo] = []
    /// ISO 3166-1 alpha-2 codes; ``EntityTable/country`` indexes this.
    public var countries: [String] = []
    /// ISO 639-1 codes; ``EventTable/language`` indexes this.
    public var languages: [String] = []
    /// The observation window `[start, end)`.
    public var start: Timestamp = 0
    public var end: Timestamp = 0

    public var entities = EntityTable()
    public var events = EventTable()
    public var follows = FollowTable()
    public var logins = LoginTable()
    /// Distinct texts referenced by ``EventTable/text``.
    public var texts = StringTable()
    /// Distinct URLs referenced by ``EventTable/url``.
    public var urls = StringTable()

    public init() {}

    /// Looks up a platform index by name.
    public func platformIndex(named name: String) -> Int? { platforms.firstIndex { $0.name == name } }
    public func countryIndex(_ code: String) -> Int? { countries.firstIndex(of: code) }
    public func languageIndex(_ code: String) -> Int? { languages.firstIndex(of: code) }

    /// Checks referential integrity and ordering; the first problem found is thrown with the table, row and column.
    public func validate() throws(DatasetError) {
        let entityCount = Int32(entities.count)
        for row in 0 ..< entities.count {
            guard Int(entities.platform[row]) < platforms.count else {
                throw DatasetError(table: "entities", row: row, column: "platform", message: "unknown platform index \(entities.platform[row])")
            }
            guard Int(entities.country[row]) < countries.count else {
                throw DatasetError(table: "entities", row: row, column: "country", message: "unknown country index \(entities.country[row])")
            }
        }
        var previous = Timestamp.min
        for row in 0 ..< events.count {
            let t = events.time[row]
            guard t >= previous else {
                throw DatasetError(table: "events", row: row, column: "time", message: "events are not sorted by time")
            }
            previous = t
            guard events.actor[row] >= 0, events.actor[row] < entityCount else {
                throw DatasetError(table: "events", row: row, column: "actor", message: "unknown entity \(events.actor[row])")
            }
            let target = events.target[row]
            guard target == noReference || (target >= 0 && Int(target) < row) else {
                throw DatasetError(table: "events", row: row, column: "target", message: "target \(target) is not an earlier event")
            }
            let context = events.context[row]
            guard context == noReference || (context >= 0 && context < entityCount) else {
                throw DatasetError(table: "events", row: row, column: "context", message: "unknown entity \(context)")
            }
            let text = events.text[row]
            guard text == noReference || (text >= 0 && Int(text) < texts.count) else {
                throw DatasetError(table: "events", row: row, column: "text", message: "unknown text \(text)")
            }
            let url = events.url[row]
            guard url == noReference || (url >= 0 && Int(url) < urls.count) else {
                throw DatasetError(table: "events", row: row, column: "url", message: "unknown url \(url)")
            }
            let language = events.language[row]
            guard language == EventTable.noLanguage || Int(language) < languages.count else {
                throw DatasetError(table: "events", row: row, column: "language", message: "unknown language index \(language)")
            }
        }
        for row in 0 ..< follows.count {
            for (column, id) in [("follower", follows.follower[row]), ("followee", follows.followee[row])] {
                guard id >= 0, id < entityCount else {
                    throw DatasetError(table: "follows", row: row, column: column, message: "unknown entity \(id)")
                }
            }
        }
        for row in 0 ..< logins.count {
            guard logins.entity[row] >= 0, logins.entity[row] < entityCount else {
                throw DatasetError(table: "logins", row: row, column: "entity", message: "unknown entity \(logins.entity[row])")
            }
        }
    }
}

/// A problem in a dataset's contents: which table, row and column, and what was wrong.
public struct DatasetError: Error, CustomStringConvertible, Sendable, Equatable {
    public var table: String
    public var row: Int
    public var column: String
    public var message: String

    public init(table: String, row: Int, column: String, message: String) {
        self.table = table
        self.row = row
        self.column = column
        self.message = message
    }

    public var description: String { "\(table) row \(row), column \(column): \(message)" }
}
