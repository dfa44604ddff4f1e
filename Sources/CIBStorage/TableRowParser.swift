import CIBCSV

/// How one table's records become rows: the checks of every value (``DatasetLimits``' rules) and the columns they
/// are stored in. A parser is handed each record of a chunk in order, with the row's number in the table.
protocol TableRowParser: Sendable {
    associatedtype Rows: TableRows
    /// The column holding row ids (which must equal row numbers), if the table has one.
    var idColumn: Int? { get }
    /// Empty rows for one chunk.
    func makeRows() -> Rows
    /// Checks record `record` (it has the header's number of fields) as row `row` and appends it to `rows`;
    /// `previousTime` is the previous row's time in a table sorted by time (`Int64.min` before the first row, or when
    /// not known yet), for the parser to check and advance.
    func parse(_ record: RFC4180Scanner, row: Int, previousTime: inout Int64, into rows: inout Rows) throws(RowProblem)
}

/// The rows of one chunk of a table, column by column.
protocol TableRows: Sendable {
    var count: Int { get }
    /// The first and last row's times, for a table sorted by time; nil otherwise (and when empty).
    var timeSpan: (first: Int64, last: Int64)? { get }
}

extension TableRows {
    var timeSpan: (first: Int64, last: Int64)? { nil }
}
