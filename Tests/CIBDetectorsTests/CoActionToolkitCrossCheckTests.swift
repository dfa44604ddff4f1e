import Foundation
import Testing

@testable import CIBDetectors

/// Edge-for-edge comparison with an independent oracle: `scripts/crosscheck-coaction.py` writes random toolkit CSVs
/// full of edge cases and computes their networks either with coordination-network-toolkit 1.5.2 itself (when the
/// Python running it can import it; set `CIBLAB_CROSSCHECK_PYTHON` to such an interpreter) or by replaying the
/// toolkit's preprocessing and SQL queries on sqlite3. Our edge list must be byte-identical.
@Suite struct CoActionToolkitCrossCheckTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/crosscheck-coaction.py").path
    static let python = ProcessInfo.processInfo.environment["CIBLAB_CROSSCHECK_PYTHON"] ?? "/usr/bin/python3"
    /// Only the interpreter may be absent (a machine without Python); the script is part of the repository.
    static let available = FileManager.default.isExecutableFile(atPath: python)

    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "oracle failed: \(arguments)"])
        }
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.enabled(if: available, "needs \(python) (set CIBLAB_CROSSCHECK_PYTHON to another interpreter)"),
          arguments: [1, 2, 3, 4, 5, 6])
    func matchesTheToolkitOnRandomCSVs(seed: Int) throws {
        try #require(FileManager.default.fileExists(atPath: Self.script), "\(Self.script) is missing from the checkout")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coact-crosscheck-\(seed)-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.csv").path
        try Self.run(["random", input, String(seed), String(40 + 20 * seed)])
        let messages = try CoordinationToolkitCSV.readMessages(path: input)
        var nonEmpty = 0
        for kind in CoordinationKind.allCases {
            for (window, minWeight) in [(0, 1), (5, 1), (10, 2), (30, 1)] {
                let oraclePath = dir.appendingPathComponent("oracle.csv").path
                try Self.run(["oracle", input, kind.rawValue, String(window), String(minWeight), oraclePath])
                let expected = try String(contentsOfFile: oraclePath, encoding: .utf8)
                let edges = coordinationNetwork(
                    messages: messages, kind: kind, window: Double(window), minWeight: minWeight, tasks: 2)
                let ours = CoordinationToolkitCSV.edgeList(edges, kind: kind)
                #expect(ours == expected, "seed \(seed) \(kind.rawValue) window \(window) min weight \(minWeight)")
                if !edges.isEmpty { nonEmpty += 1 }
            }
        }
        #expect(nonEmpty >= 8, "random CSVs should produce edges in most configurations")
    }
}
