public import Foundation

/// The tidy metrics of a run: rows of ``MetricRow`` in the order they were added, written as CSV and JSON.
///
/// Both encodings are deterministic: rows keep their order, numbers are written in Swift's shortest round-trip
/// form (`0.25`, `1e-05`), JSON keys are sorted. The caller writes the bytes to disk (atomically).
public struct MetricsTable: Sendable, Equatable, Codable {
    public var rows: [MetricRow]

    public init(rows: [MetricRow] = []) {
        self.rows = rows
    }

    /// The CSV header.
    public static let header = ["seed", "detector", "kind", "metric", "value", "lower", "upper", "defined"]

    /// Appends one detector's rows for one world.
    public mutating func append(_ evaluation: DetectorEvaluation, seed: UInt64, registry: MetricRegistry = .standard) {
        rows.append(contentsOf: evaluation.rows(seed: seed, registry: registry))
    }

    /// RFC 4180 CSV with ``header``, `\n` line ends; absent interval ends are empty fields.
    public func csv() -> String {
        var out = Self.header.joined(separator: ",") + "\n"
        for row in rows {
            let fields = [
                String(row.seed), CSV.escape(row.detector), CSV.escape(row.kind), CSV.escape(row.metric),
                CSV.number(row.value), row.lower.map(CSV.number) ?? "", row.upper.map(CSV.number) ?? "",
                row.defined ? "true" : "false",
            ]
            out += fields.joined(separator: ",")
            out += "\n"
        }
        return out
    }

    /// A JSON array of rows with sorted keys; absent interval ends are `null`.
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Rows hold only strings, integers, finite doubles and booleans: encoding cannot fail.
        var data = (try? encoder.encode(rows)) ?? Data("[]".utf8)
        data.append(0x0A)
        return data
    }

    /// Reads a table written by ``csv()`` (for merging shards, resuming sweeps and reading baselines).
    /// - Throws: ``EvaluationError`` naming the line and field that could not be read.
    public init(csv text: String) throws(EvaluationError) {
        let records = try CSV.parse(text)
        guard let header = records.first, header == Self.header else {
            throw EvaluationError(
                "metrics CSV: line 1: expected header '\(Self.header.joined(separator: ","))'")
        }
        var rows = [MetricRow]()
        rows.reserveCapacity(records.count - 1)
        for (index, record) in records.enumerated().dropFirst() {
            let line = index + 1
            guard record.count == Self.header.count else {
                throw EvaluationError("metrics CSV: line \(line): expected \(Self.header.count) fields, found \(record.count)")
            }
            func number(_ field: Int) throws(EvaluationError) -> Double? {
                if record[field].isEmpty { return nil }
                guard let value = Double(record[field]), value.isFinite else {
                    throw EvaluationError(
                        "metrics CSV: line \(line), column \(Self.header[field]): expected a finite number, found '\(record[field])'")
                }
                return value
            }
            guard let seed = UInt64(record[0]) else {
                throw EvaluationError("metrics CSV: line \(line), column seed: expected an unsigned integer, found '\(record[0])'")
            }
            guard let value = try number(4) else {
                throw EvaluationError("metrics CSV: line \(line), column value: expected a number, found an empty field")
            }
            guard record[7] == "true" || record[7] == "false" else {
                throw EvaluationError("metrics CSV: line \(line), column defined: expected true or false, found '\(record[7])'")
            }
            rows.append(MetricRow(
                seed: seed, detector: record[1], kind: record[2], metric: record[3], value: value,
                lower: try number(5), upper: try number(6), defined: record[7] == "true"))
        }
        self.rows = rows
    }
}

/// Minimal RFC 4180 writing and reading for the metric tables.
enum CSV {
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func parse(_ text: String) throws(EvaluationError) -> [[String]] {
        var records = [[String]]()
        var record = [String]()
        var field = ""
        var quoted = false
        var fieldStarted = false
        var iterator = Array(text.unicodeScalars)[...]
        var line = 1
        while let c = iterator.popFirst() {
            if quoted {
                if c == "\"" {
                    if iterator.first == "\"" {
                        iterator.removeFirst()
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty else {
                    throw EvaluationError("CSV line \(line): a quote inside an unquoted field")
                }
                quoted = true
                fieldStarted = true
            case ",":
                record.append(field)
                field = ""
                fieldStarted = true
            case "\r":
                continue
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
                fieldStarted = false
                line += 1
            default:
                field.unicodeScalars.append(c)
                fieldStarted = true
            }
        }
        if quoted { throw EvaluationError("CSV line \(line): unterminated quoted field") }
        if fieldStarted || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}
