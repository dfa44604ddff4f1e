import CIBStorage
import Foundation
import Testing

/// `ciblab suite build` and `ciblab suite evaluate` on scenarios/suites/smoke.yaml (four smoke worlds): deterministic
/// folders, the test truth kept from detector commands, the rows a trivial detector gives, refused suites.
@Suite(.serialized) struct SuiteCLITests {
    static let suite = "scenarios/suites/smoke.yaml"

    /// Every file under `root`, relative path → bytes.
    static func files(_ root: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue { out[relative] = try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative)) }
        }
        return out
    }

    /// The smoke suite built once for the evaluation tests: its folder, or why the build failed.
    static let builtOnce: (directory: String, failure: String?) = {
        let dir = CLI.temporaryDirectory("suite-built") + "/suite"
        do {
            let result = try CLI.run(["suite", "build", suite, "--out", dir])
            return (dir, result.status == 0 ? nil : "suite build exited \(result.status): \(result.stderr)")
        } catch {
            return (dir, "suite build did not run: \(error)")
        }
    }()

    static func built() throws -> String {
        try #require(builtOnce.failure == nil, "\(builtOnce.failure ?? "")")
        return builtOnce.directory
    }

    /// A shell script in its own folder that records its arguments and environment beside itself and writes a scores
    /// file flagging nothing: `script TRAIN DATASET OUT`.
    static func recordingDetector(_ name: String) throws -> (script: String, log: String) {
        let dir = CLI.temporaryDirectory(name)
        let script = dir + "/nothing.sh"
        try """
            #!/bin/sh
            here=$(dirname "$0")
            { echo "argv: $*"; env | sed 's/^/env: /'; } >> "$here/calls.log"
            awk -F, 'NR == 1 { print "entity,score,flag"; next } { print $1 ",0,0" }' "$2/entities.csv" > "$3"

            """.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        return (script, dir + "/calls.log")
    }

    @Test func buildIsByteIdenticalWhateverTheTasks() throws {
        let dir = CLI.temporaryDirectory("suite-build")
        let one = try CLI.run(["suite", "build", Self.suite, "--out", dir + "/a", "--tasks", "1"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stderr.contains("world 1 of 4: train/base-1"))
        #expect(one.stderr.contains("world 4 of 4: test/evasive-timing"))
        let two = try CLI.run(["suite", "build", Self.suite, "--out", dir + "/b", "--tasks", "2"])
        #expect(two.status == 0, "\(two.stderr)")
        let a = try Self.files(dir + "/a"), b = try Self.files(dir + "/b")
        #expect(a.count == 1 + 2 * 10 + 2 * 8 + 2 * 3, "suite.json, 2 train datasets with truth, 2 test datasets, 2 truth folders")
        #expect(a.keys.sorted() == b.keys.sorted())
        for (path, bytes) in a { #expect(b[path] == bytes, "\(path) differs between --tasks 1 and --tasks 2") }

        // Train worlds keep their truth; test worlds have none, and withhold the scenario and seed that would
        // regenerate it; the truth folders hold it with the world's complete manifest.
        #expect(a["train/base-1/truth/entities.csv"] != nil)
        #expect(a.keys.filter { $0.hasPrefix("test/") && $0.contains("truth") }.isEmpty)
        let test = try DatasetReader.readManifest(directory: dir + "/a/test/holdout")
        #expect(test.seed == 0 && test.scenario == .null && test.scenarioSHA256 == "withheld")
        #expect(test.files[DatasetFile.truthEntities] == nil)
        let truth = try DatasetReader.readManifest(directory: dir + "/a/truth/holdout")
        #expect(truth.seed == 11)
        #expect(truth.files[DatasetFile.truthEntities] != nil)
        for file in DatasetFile.observable { #expect(truth.files[file] == test.files[file], "\(file)") }
        #expect(a["truth/holdout/events.csv"] == nil, "the truth folder holds no observable table")

        // The folder is not written over without --force.
        let again = try CLI.run(["suite", "build", Self.suite, "--out", dir + "/a"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("--force"))
        #expect(!again.stderr.contains("world 1 of 4"), "the output folder is checked before anything is generated")
    }

    @Test func detectorCommandNeverReceivesTheTruthFolder() throws {
        let dir = try Self.built()
        let (script, log) = try Self.recordingDetector("suite-recorder")
        let result = try CLI.run(["suite", "evaluate", Self.suite, dir, "--detectors", "none", "--bootstrap", "0",
                                  "--external", "rec=\(script) {train} {dataset} {out}", "--out", dir + "-rec"])
        #expect(result.status == 0, "\(result.stderr)")
        let calls = try String(contentsOfFile: log, encoding: .utf8)
        let absolute = URL(fileURLWithPath: CLI.repositoryRoot).appendingPathComponent(dir).standardizedFileURL.path
        let root = dir.hasPrefix("/") ? URL(fileURLWithPath: dir).standardizedFileURL.path : absolute
        let argv = calls.split(separator: "\n").filter { $0.hasPrefix("argv: ") }
        #expect(argv.count == 2, "once per test world")
        #expect(argv.first?.contains("\(root)/train \(root)/test/holdout ") == true, "\(argv)")
        #expect(argv.last?.contains("\(root)/test/evasive-timing ") == true, "\(argv)")
        for line in calls.split(separator: "\n") {
            #expect(!line.contains("\(root)/truth"), "the command received a path into the truth folder: \(line)")
            #expect(!line.contains("\(dir)/truth"), "the command received a path into the truth folder: \(line)")
        }

        // A command that names the truth folder itself is refused before anything runs.
        let named = try CLI.run(["suite", "evaluate", Self.suite, dir, "--detectors", "none",
                                 "--external", "cheat=cat \(dir)/truth/holdout/truth/entities.csv > /dev/null; \(script) {train} {dataset} {out}"])
        #expect(named.status == 2)
        #expect(named.stderr.split(separator: "\n").count == 1, "\(named.stderr)")
        #expect(named.stderr.contains("truth"))
    }

    @Test func trivialDetectorGivesTheExpectedRows() throws {
        let dir = try Self.built()
        let (script, _) = try Self.recordingDetector("suite-nothing")
        let out = dir + "-nothing"
        let result = try CLI.run(["suite", "evaluate", Self.suite, dir, "--detectors", "shared-infrastructure", "--bootstrap", "0",
                                  "--external", "nothing=\(script) {train} {dataset} {out}", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: out + "/metrics.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.first == ["world", "distribution", "seed", "detector", "kind", "metric", "value", "lower", "upper", "defined"])
        let rows = lines.dropFirst()
        func row(_ world: String, _ detector: String, _ kind: String, _ metric: String) -> [String]? {
            rows.first { $0[0] == world && $0[3] == detector && $0[4] == kind && $0[5] == metric }
        }
        // Two test worlds × two detectors; each detector has the same metrics on both worlds.
        #expect(Set(rows.map { "\($0[0]) \($0[1]) \($0[2])" }) == ["holdout in 11", "evasive-timing shifted 12"])
        for detector in ["external:nothing", "shared-infrastructure"] {
            let metrics = ["holdout", "evasive-timing"].map { world in
                Set(rows.filter { $0[0] == world && $0[3] == detector && !$0[5].hasPrefix("recall_by_") }.map { "\($0[4]) \($0[5])" })
            }
            #expect(metrics[0] == metrics[1], "\(detector)")
            #expect(metrics[0].contains("all average_precision") && metrics[0].contains("account recall"))
        }
        for world in ["holdout", "evasive-timing"] {
            // Nothing flagged: recall 0 and no false positive, precision undefined, every score tied: ROC AUC 0.5.
            #expect(row(world, "external:nothing", "all", "recall")?[6] == "0")
            #expect(row(world, "external:nothing", "all", "recall")?[9] == "true")
            #expect(row(world, "external:nothing", "all", "false_positive_rate")?[6] == "0")
            #expect(row(world, "external:nothing", "all", "precision")?[9] == "false")
            #expect(row(world, "external:nothing", "all", "roc_auc")?[6] == "0.5")
            #expect(row(world, "shared-infrastructure", "all", "recall").map { Double($0[6])! > 0.3 } == true,
                    "the built-in detector is evaluated on the same worlds")
        }
        let gap = try String(contentsOfFile: out + "/gap.csv", encoding: .utf8)
        #expect(gap.contains("\nexternal:nothing,all,recall,*,1,0,1,0,0\n"))
        #expect(gap.contains("\nexternal:nothing,all,roc_auc,evasive-timing,1,0.5,1,0.5,0\n"))
        #expect(result.stdout.contains("holdout (in)"))
        #expect(result.stdout.contains("evasive-timing (shifted)"))
        for file in ["metrics.json", "gap.json", "summary.md", "evaluation.json"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file) missing")
        }
    }

    /// Two external detectors, the first slower than the second: with `--jobs 2` the second finishes first, yet the
    /// results are those of `--jobs 1`, byte for byte, with the detectors in the order given.
    @Test func resultsDoNotDependOnJobs() throws {
        let dir = try Self.built()
        let scripts = CLI.temporaryDirectory("suite-jobs")
        let script = scripts + "/ranked.sh"
        // `ranked.sh DELAY ORDER DATASET OUT`: after DELAY seconds, scores entity i by i (ORDER up) or -i (down).
        try """
            #!/bin/sh
            sleep "$1"
            awk -F, -v order="$2" 'NR == 1 { print "entity,score,flag"; next } { s = (order == "up") ? $1 : -$1; print $1 "," s "," (NR % 7 == 0) }' "$3/entities.csv" > "$4"

            """.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        var outputs: [[String: Data]] = []
        for jobs in ["1", "2"] {
            let out = dir + "-jobs" + jobs
            let result = try CLI.run(["suite", "evaluate", Self.suite, dir, "--detectors", "none", "--bootstrap", "20", "--jobs", jobs,
                                      "--external", "slow=\(script) 1 up {dataset} {out}",
                                      "--external", "fast=\(script) 0 down {dataset} {out}", "--out", out])
            #expect(result.status == 0, "\(result.stderr)")
            var files = try Self.files(out)
            files["evaluation.json"] = nil  // timings and the command line
            outputs.append(files)
            let detectors = try String(contentsOfFile: out + "/metrics.csv", encoding: .utf8).split(separator: "\n").dropFirst()
                .map { $0.split(separator: ",", omittingEmptySubsequences: false)[3] }
            #expect(detectors.first == "external:slow" && detectors.contains("external:fast"), "rows in the order the detectors were given")
        }
        #expect(outputs[0].keys.sorted() == ["gap.csv", "gap.json", "metrics.csv", "metrics.json", "summary.md"])
        for (file, bytes) in outputs[0] { #expect(outputs[1][file] == bytes, "\(file) differs between --jobs 1 and --jobs 2") }
    }

    @Test func refusedSuitesExitWithOneLine() throws {
        let dir = CLI.temporaryDirectory("suite-refused")
        let scenario = CLI.repositoryRoot + "/scenarios/smoke.yaml"
        let cases: [(name: String, text: String, expected: [String])] = [
            ("repeat", "scenario: \(scenario)\ntrain:\n  - {name: a, seed: 1}\ntest:\n  - {name: b, seed: 1, distribution: in}\n",
             ["repeat.yaml:5", "test[0]", "repeats training world 'a'"]),
            ("preset", "scenario: \(scenario)\ntrain:\n  - {name: a, seed: 1}\ntest:\n  - {name: b, seed: 2, presets: [no-such-preset], distribution: shifted}\n",
             ["preset.yaml:5", "test[0]", "unknown preset 'no-such-preset'"]),
            ("yaml", "scenario: \(scenario)\ntrain:\n  - {name: a, seed: 1\ntest: []\n", ["yaml.yaml:", "not valid YAML"]),
            ("key", "scenario: \(scenario)\ntrain:\n  - {name: a, seed: 1, sede: 2}\ntest:\n  - {name: b, seed: 2, distribution: in}\n",
             ["key.yaml:3", "train[0].sede", "unknown key"]),
            ("declared", "scenario: \(scenario)\ntrain:\n  - {name: a, seed: 1}\ntest:\n  - {name: b, seed: 2, presets: [evasive-timing], distribution: in}\n",
             ["declared.yaml:5", "declared in-distribution"]),
        ]
        for c in cases {
            let path = "\(dir)/\(c.name).yaml"
            try c.text.write(toFile: path, atomically: true, encoding: .utf8)
            for command in [["suite", "build", path, "--out", dir + "/out-" + c.name], ["suite", "evaluate", path, dir + "/none"]] {
                let result = try CLI.run(command)
                #expect(result.status == 2, "\(c.name): \(command[1]) exited \(result.status)")
                #expect(result.stderr.split(separator: "\n").count == 1, "\(c.name): \(result.stderr)")
                for part in c.expected { #expect(result.stderr.contains(part), "\(c.name): '\(part)' not in \(result.stderr)") }
            }
            #expect(!FileManager.default.fileExists(atPath: dir + "/out-" + c.name))
        }
    }
}
