import CIBRun
import Foundation
import Testing

/// `ciblab check` through the built binary: exit 1 for a weakened detector, 0 for the unchanged one, 2 for bad input,
/// and JUnit XML with a failure per regression.
@Suite struct CheckCLITests {
    /// The built `ciblab` beside the test bundle (after Tests/ciblabTests/CLITestSupport.swift).
    static var binary: String? {
        var candidates: [URL] = []
        #if os(Linux)
        candidates.append(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath())
        #endif
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath())
        candidates.append(Bundle.main.bundleURL)
        for start in candidates {
            var dir = start.deletingLastPathComponent()
            for _ in 0 ..< 4 {
                let path = dir.appendingPathComponent("ciblab").path
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue { return path }
                dir = dir.deletingLastPathComponent()
            }
        }
        return nil
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(binary))
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot)
        let errFile = NSTemporaryDirectory() + "ciblab-check-cli-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0 ... .max)).err"
        _ = FileManager.default.createFile(atPath: errFile, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errFile) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errFile))
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let err = (try? String(contentsOfFile: errFile, encoding: .utf8)) ?? ""
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), err)
    }

    @Test func exitCodesAndJUnit() throws {
        let dir = NSTemporaryDirectory() + "ciblab-check-cli-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let baselinePath = dir + "/shift.json"
        let recorded = try RegressionRun.record(
            scenarioPath: repositoryRoot + "/scenarios/smoke.yaml", seeds: [42, 43], detectors: ["shift-pattern"], tasks: 2, toolVersion: "test",
            workDirectory: dir + "/work", progress: { _ in })
        try recorded.encoded().write(to: URL(fileURLWithPath: baselinePath))

        let weak = try Self.run(["check", "--baseline", baselinePath, "--param", "shift-pattern.threshold=1000",
                                 "--junit", dir + "/weak.xml", "--tasks", "2"])
        #expect(weak.status == 1, "stderr: \(weak.stderr)")
        #expect(weak.stdout.contains("WORSE"))
        #expect(weak.stdout.contains("FAIL"))
        let xml = try String(contentsOfFile: dir + "/weak.xml", encoding: .utf8)
        #expect(xml.contains("<failure"))
        #expect(xml.contains("classname=\"shift-pattern.account\" name=\"recall\""))

        let same = try Self.run(["check", "--baseline", baselinePath, "--junit", dir + "/same.xml", "--tasks", "2"])
        #expect(same.status == 0, "stderr: \(same.stderr)")
        #expect(same.stdout.contains("PASS"))
        #expect(!(try String(contentsOfFile: dir + "/same.xml", encoding: .utf8)).contains("<failure"))

        let missing = try Self.run(["check", "--baseline", dir + "/nope.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.json"))
        let mismatch = try Self.run(["check", "--baseline", baselinePath, "scenarios/spamouflage-2023.yaml"])
        #expect(mismatch.status == 2)
        #expect(mismatch.stderr.contains("scenario mismatch"))
    }
}
