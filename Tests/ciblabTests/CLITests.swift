import CIBStorage
import Foundation
import Testing

/// End-to-end tests of the command-line tool: the binary as a user runs it.
@Suite(.serialized) struct CLITests {
    @Test func versionAndDoctor() throws {
        let version = try CLI.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.2.0")
        let doctor = try CLI.run(["doctor"])
        #expect(doctor.status == 0)
        #expect(doctor.stdout.contains("gsl 2."))
        #expect(doctor.stdout.contains("cores "))
    }

    @Test func badOverrideIsOneLineWithKeyPathAndExitCode2() throws {
        let result = try CLI.run(["validate", "scenarios/smoke.yaml", "--set", "campaigns[0].schedule.jitter=soon"])
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(result.stderr.contains("scenarios/smoke.yaml"))
        #expect(result.stderr.contains("campaigns[0].schedule.jitter"))
    }

    @Test func unknownScenarioKeyNamesFileLineAndKey() throws {
        let dir = CLI.temporaryDirectory("unknown-key")
        let path = dir + "/bad.yaml"
        try "name: bad\nperiod:\n  days: 3\n  dayz: 4\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["validate", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yaml"))
        #expect(result.stderr.contains("period.dayz"))
        #expect(result.stderr.contains("4"))  // the line
    }

    @Test func generateWritesAVerifiableDatasetAndIsDeterministic() throws {
        let dir = CLI.temporaryDirectory("generate")
        let a = try CLI.run(["generate", "scenarios/smoke.yaml", "--out", dir + "/a", "--tasks", "1"])
        #expect(a.status == 0, "\(a.stderr)")
        let b = try CLI.run(["generate", "scenarios/smoke.yaml", "--out", dir + "/b", "--tasks", "2"])
        #expect(b.status == 0, "\(b.stderr)")
        let c = try CLI.run(["generate", "scenarios/smoke.yaml", "--out", dir + "/c", "--seed", "7"])
        #expect(c.status == 0, "\(c.stderr)")
        let ma = try DatasetReader.readManifest(directory: dir + "/a")
        let mb = try DatasetReader.readManifest(directory: dir + "/b")
        let mc = try DatasetReader.readManifest(directory: dir + "/c")
        #expect(ma.files == mb.files, "1 and 2 worker threads must give byte-identical files")
        #expect(ma.files["events.csv"] != mc.files["events.csv"], "another seed must give another world")
        // Writing over an existing dataset needs --force; the old one stays intact.
        let again = try CLI.run(["generate", "scenarios/smoke.yaml", "--out", dir + "/a"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("--force"))
        _ = try DatasetReader.readWorld(directory: dir + "/a")
    }

    @Test func detectAndEvaluateExternalScores() throws {
        let dir = CLI.temporaryDirectory("detect")
        #expect(try CLI.run(["generate", "scenarios/smoke.yaml", "--out", dir + "/ds"]).status == 0)
        let detect = try CLI.run(["detect", dir + "/ds", "--detector", "shared-infrastructure", "--out", dir + "/si.csv"])
        #expect(detect.status == 0, "\(detect.stderr)")
        let external = try CLI.run(["detect", dir + "/ds", "--external", "ext=python3 docs/examples/external_detector.py {dataset} {out}", "--out", dir + "/ext.csv"])
        #expect(external.status == 0, "\(external.stderr)")
        let evaluate = try CLI.run(["evaluate", dir + "/ds", "--scores", dir + "/si.csv", dir + "/ext.csv", "--bootstrap", "20"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        let rows = evaluate.stdout.split(separator: "\n").filter { $0.hasPrefix("si ") && $0.contains(" account ") }
        #expect(rows.count == 1)
        // Shared proxy infrastructure is the smoke campaign's clearest account-level trace: recall well above half.
        if let row = rows.first {
            let numbers = row.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: CharacterSet(charactersIn: "[],"))) }
            #expect(numbers.count >= 3)
            if numbers.count >= 3 { #expect(numbers[3] > 0.5, "recall in \(row)") }
        }
    }

    @Test func detectRejectsBadParametersAndUnknownDetectors() throws {
        let dir = CLI.temporaryDirectory("detect-bad")
        #expect(try CLI.run(["generate", "scenarios/smoke.yaml", "--out", dir + "/ds"]).status == 0)
        let unknown = try CLI.run(["detect", dir + "/ds", "--detector", "crystal-ball", "--out", dir + "/x.csv"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("crystal-ball"))
        let badParam = try CLI.run(["detect", dir + "/ds", "--detector", "co-action", "--param", "window=-5", "--out", dir + "/x.csv"])
        #expect(badParam.status == 2)
        #expect(badParam.stderr.contains("window"))
        let notDataset = try CLI.run(["detect", dir, "--detector", "co-action", "--out", dir + "/x.csv"])
        #expect(notDataset.status == 2)
        #expect(notDataset.stderr.contains("manifest.json"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.csv"))
    }

    @Test func runWritesEveryResultFile() throws {
        let dir = CLI.temporaryDirectory("run")
        let result = try CLI.run(["run", "scenarios/smoke.yaml", "--out", dir + "/r", "--bootstrap", "20", "--detectors", "shared-infrastructure,audience-mismatch"])
        #expect(result.status == 0, "\(result.stderr)")
        for file in ["run.json", "metrics.csv", "metrics.json", "summary.csv", "report.md", "report.html", "comparisons.csv"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/r/" + file), "\(file) missing")
        }
        let html = try String(contentsOfFile: dir + "/r/report.html", encoding: .utf8)
        #expect(html.components(separatedBy: "<svg").count - 1 >= 3)
        #expect(result.stdout.contains("audience-mismatch"))
        #expect(result.stderr.contains("generated"))
        // Running again into the same directory is refused up front: no world is generated first.
        let again = try CLI.run(["run", "scenarios/smoke.yaml", "--out", dir + "/r", "--detectors", "audience-mismatch"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("--force"))
        #expect(!again.stderr.contains("generated"), "the output directory must be checked before the experiment runs")
    }

    @Test func coordinationNetworkMatchesTheToolkitOracleByteForByte() throws {
        let dir = CLI.temporaryDirectory("toolkit")
        func python(_ arguments: [String]) throws -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", CLI.repositoryRoot + "/scripts/crosscheck-coaction.py"] + arguments
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            return p.terminationStatus
        }
        #expect(try python(["random", dir + "/in.csv", "11", "300"]) == 0)
        for (kind, window) in [("co_link", "30"), ("co_tweet", "60"), ("co_retweet", "10")] {
            let ours = try CLI.run(["coordination-network", dir + "/in.csv", "--kind", kind, "--window", window, "--out", dir + "/ours-\(kind).csv"])
            #expect(ours.status == 0, "\(ours.stderr)")
            #expect(try python(["oracle", dir + "/in.csv", kind, window, "1", dir + "/theirs-\(kind).csv", "--oracle", "sql"]) == 0)
            let a = FileManager.default.contents(atPath: dir + "/ours-\(kind).csv")
            let b = FileManager.default.contents(atPath: dir + "/theirs-\(kind).csv")
            #expect(a != nil && a == b, "\(kind) edge list differs from the toolkit's semantics")
        }
        let bad = try CLI.run(["coordination-network", dir + "/missing.csv", "--out", dir + "/x.csv"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("missing.csv"))
    }
}
