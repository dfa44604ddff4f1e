import CIBEvaluation
import CIBReport
import CIBRun
import CIBStatistics
import CIBStorage
import Foundation

/// `run.json`: what a run did and how to reproduce it.
struct RunRecord: Codable {
    struct TimingRecord: Codable {
        var step: String
        var seconds: Double
    }

    struct Machine: Codable {
        var cores: Int
        var memoryMiB: UInt64
        var os: String
        var gsl: String

        enum CodingKeys: String, CodingKey {
            case cores, os, gsl
            case memoryMiB = "memory_mib"
        }
    }

    var toolVersion: String
    var command: [String]
    var startedAt: String
    var scenarioName: String
    var scenarioSHA256: String
    var scenario: JSONValue
    var seeds: [UInt64]
    var scale: Double
    var positives: String
    var detectors: [ExperimentDetector]
    var timings: [TimingRecord]
    var totalSeconds: Double
    var machine: Machine

    enum CodingKeys: String, CodingKey {
        case command, scenario, seeds, scale, positives, detectors, timings, machine
        case toolVersion = "tool_version"
        case startedAt = "started_at"
        case scenarioName = "scenario_name"
        case scenarioSHA256 = "scenario_sha256"
        case totalSeconds = "total_seconds"
    }
}

/// Writes a run's result directory atomically: run.json, metrics.csv, metrics.json, summary.csv, report.md,
/// report.html (and comparisons.csv when there are paired tests, audit.json and audit.csv when the audit ran).
enum RunOutput {
    static func write(
        directory: String, record: RunRecord, summary: RunSummary, replace: Bool
    ) throws {
        do {
            try AtomicOutput.directory(at: directory, replace: replace) { (dir: String) throws(StorageError) in
                let runJSON: Data
                do { runJSON = try CanonicalJSON.encode(record) } catch {
                    throw StorageError(path: dir + "/run.json", message: "cannot encode: \(error)")
                }
                try AtomicOutput.write(runJSON, to: dir + "/run.json")
                try AtomicOutput.write(summary.metrics.csv(), to: dir + "/metrics.csv")
                try AtomicOutput.write(summary.metrics.json(), to: dir + "/metrics.json")
                try AtomicOutput.write(summary.metrics.summaryCSV(), to: dir + "/summary.csv")
                try AtomicOutput.write(MarkdownReport.render(summary) + findingsMarkdown(record), to: dir + "/report.md")
                try AtomicOutput.write(HTMLReport.render(summary), to: dir + "/report.html")
                if !summary.comparisons.isEmpty {
                    try AtomicOutput.write(comparisonsCSV(summary.comparisons), to: dir + "/comparisons.csv")
                }
                if let audit = summary.validity {
                    try AtomicOutput.write(audit.json(), to: dir + "/audit.json")
                    try AtomicOutput.write(audit.csv(), to: dir + "/audit.csv")
                }
            }
        } catch {
            throw fail("\(error)")
        }
    }

    static func comparisonsCSV(_ comparisons: [PairedComparison]) -> String {
        var out = "first,second,kind,worlds,mcnemar_b,mcnemar_c,mcnemar_p,ap_difference,ap_lower,ap_upper,ap_p,f1_difference,f1_lower,f1_upper,f1_p\n"
        func number(_ v: Double?) -> String { v.map { String(format: "%.6g", $0) } ?? "" }
        for c in comparisons {
            let fields: [String] = [
                c.first, c.second, c.kind, String(c.worlds), String(c.mcnemar.b), String(c.mcnemar.c),
                number(c.mcnemar.exactPValue),
                number(c.averagePrecision.estimate), number(c.averagePrecision.lower), number(c.averagePrecision.upper),
                number(c.averagePrecision.pValue),
                number(c.f1.estimate), number(c.f1.lower), number(c.f1.upper), number(c.f1.pValue),
            ]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    static func findingsMarkdown(_ record: RunRecord) -> String {
        let with = record.detectors.filter { !$0.findings.isEmpty }
        guard !with.isEmpty else { return "" }
        var out = "\n## Findings (seed \(record.seeds.first ?? 0))\n\nWhat each detector reported about the groups it flagged.\n"
        for detector in with {
            out += "\n### \(detector.name)\n\n"
            for finding in detector.findings.prefix(20) { out += "- \(finding)\n" }
            if detector.findings.count > 20 { out += "- … and \(detector.findings.count - 20) more (run.json has them all)\n" }
        }
        return out
    }

    static func machine() -> RunRecord.Machine {
        #if os(Linux)
        let os = "linux"
        #else
        let os = "other"
        #endif
        return RunRecord.Machine(cores: ProcessInfo.processInfo.activeProcessorCount,
                                 memoryMiB: ProcessInfo.processInfo.physicalMemory / (1 << 20), os: os, gsl: GSLInfo.version)
    }

    static func timestamp(_ date: Date, compact: Bool) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = compact ? "yyyyMMdd'T'HHmmss'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'"
        return f.string(from: date)
    }
}
