import CIBStorage
import Foundation
import Testing

/// Damaged datasets, scores files and flags, as a user or another tool would hand them over (issue 23): every case
/// must end with exit code 0, or 2 and exactly one `ciblab: error:` line — never a signal, a trap or a page of text.
/// Seeded, so a failure names a case that can be rerun; the larger out-of-suite corpus is `scripts/fuzz-inputs`.
@Suite(.serialized) struct BadInputFuzzTests {
    /// The smoke dataset (a small organic population), generated once, and a valid scores file for it.
    static let base: (dataset: String, scores: String) = {
        let dir = CLI.temporaryDirectory("fuzz-base")
        let generate = try! CLI.run(["generate", "scenarios/smoke.yaml", "--set", "organic.accounts=300", "--out", dir + "/ds"])
        precondition(generate.status == 0, generate.stderr)
        let detect = try! CLI.run(["detect", dir + "/ds", "--detector", "shared-infrastructure", "--out", dir + "/scores.csv"])
        precondition(detect.status == 0, detect.stderr)
        return (dir + "/ds", dir + "/scores.csv")
    }()

    static let tables = ["platforms.csv", "entities.csv", "events.csv", "follows.csv", "logins.csv", "texts.csv", "urls.csv",
                         "truth/entities.csv", "truth/events.csv"]

    /// Values that break a field in some way: out of every range, not numbers, not text.
    static let nastyFields: [[UInt8]] = [
        Array("9223372036854775807".utf8), Array("-9223372036854775808".utf8), Array("99999999999999999999".utf8),
        Array("-1".utf8), [], Array("nan".utf8), Array("1e400".utf8), Array("-".utf8), Array("+5".utf8),
        [0xFF, 0xFE, 0x41], [0x1B, 0x5B, 0x33, 0x31, 0x6D, 0x72, 0x65, 0x64], [0x00, 0x31], Array("2147483648".utf8),
        Array("253402300800".utf8), Array("zz".utf8), Array("\"a\nb\"".utf8),
    ]

    @Test func damagedDatasetsAreRefusedInOneLineOrRead() throws {
        var rng = SplitMix(seed: 23)
        let root = CLI.temporaryDirectory("fuzz-datasets")
        var refused = 0
        for k in 0 ..< 28 {
            let table = Self.tables[k % Self.tables.count]
            let rehash = k % 2 == 1  // as a third-party writer following docs/dataset.md would
            let dir = root + "/case\(k)"
            try FileManager.default.copyItem(atPath: Self.base.dataset, toPath: dir)
            let path = dir + "/" + table
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let (what, after) = Self.damage([UInt8](before), &rng)
            try Data(after).write(to: URL(fileURLWithPath: path))
            if rehash { try Self.rehash(dir) }
            let label = "case \(k): \(table) \(what)\(rehash ? ", manifest updated" : "")"
            let describe = try CLI.run(["describe", dir, "--tasks", "1"])
            try Self.expectOneLineOrSuccess(describe, label: "describe " + label, mustFail: !rehash && after != [UInt8](before))
            if describe.status == 2 { refused += 1 }
            if k % 4 == 0 {
                let evaluate = try CLI.run(["evaluate", dir, "--scores", Self.base.scores, "--bootstrap", "0", "--tasks", "1"])
                try Self.expectOneLineOrSuccess(evaluate, label: "evaluate " + label, mustFail: !rehash && after != [UInt8](before))
                let detect = try CLI.run(["detect", dir, "--detector", "shared-infrastructure", "--out", dir + "/s.csv", "--tasks", "1"])
                try Self.expectOneLineOrSuccess(detect, label: "detect " + label,
                                                mustFail: !rehash && !table.hasPrefix("truth/") && after != [UInt8](before))
            }
        }
        #expect(refused >= 14, "most damaged datasets must be refused; \(refused) were")
    }

    @Test func damagedManifestsAreRefusedInOneLine() throws {
        let root = CLI.temporaryDirectory("fuzz-manifests")
        let original = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.base.dataset + "/manifest.json"))) as! [String: Any]
        let edits: [(String, (inout [String: Any]) -> Void)] = [
            ("row count Int64.max", { m in var c = m["row_counts"] as! [String: Any]; c["events.csv"] = Int64.max; m["row_counts"] = c }),
            ("row count 10^18", { m in var c = m["row_counts"] as! [String: Any]; c["entities.csv"] = 1_000_000_000_000_000_000; m["row_counts"] = c }),
            ("row count negative", { m in var c = m["row_counts"] as! [String: Any]; c["follows.csv"] = -1; m["row_counts"] = c }),
            ("a country twice", { m in let c = m["countries"] as! [String]; m["countries"] = c + [c[0]] }),
            ("a language twice", { m in let l = m["languages"] as! [String]; m["languages"] = l + [l[0]] }),
            ("300 languages", { m in m["languages"] = (0 ..< 300).map { "l\($0)" } }),
            ("70,000 countries", { m in m["countries"] = (0 ..< 70_000).map { "C\($0)" } }),
            ("end Int64.max", { m in m["end"] = Int64.max }),
            ("end before start", { m in m["end"] = (m["start"] as! Int) - 1 }),
            ("start a string", { m in m["start"] = "yesterday" }),
            ("scale negative", { m in m["scale"] = -2 }),
            ("a bad checksum", { m in var f = m["files"] as! [String: Any]; f["events.csv"] = "not a digest\u{1B}[2J"; m["files"] = f }),
            ("escape codes in the name", { m in m["scenario_name"] = "\u{1B}[31mred\nsecond line" }),
        ]
        for (k, (what, edit)) in edits.enumerated() {
            let dir = root + "/case\(k)"
            try FileManager.default.copyItem(atPath: Self.base.dataset, toPath: dir)
            var manifest = original
            edit(&manifest)
            try JSONSerialization.data(withJSONObject: manifest).write(to: URL(fileURLWithPath: dir + "/manifest.json"))
            let describe = try CLI.run(["describe", dir])
            try Self.expectOneLineOrSuccess(describe, label: "describe manifest with \(what)", mustFail: what != "escape codes in the name")
        }
        // Not JSON at all: binary bytes, and nesting deeper than any parser should follow.
        for (k, bytes) in [[UInt8](0 ... 255) + [0x0A, 0x1B], [UInt8](repeating: 0x5B, count: 100_000)].enumerated() {
            let dir = root + "/garbage\(k)"
            try FileManager.default.copyItem(atPath: Self.base.dataset, toPath: dir)
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/manifest.json"))
            try Self.expectOneLineOrSuccess(try CLI.run(["describe", dir]), label: "describe garbage manifest \(k)", mustFail: true)
        }
    }

    @Test func damagedScoresFilesAreRefusedInOneLine() throws {
        var rng = SplitMix(seed: 76)
        let root = CLI.temporaryDirectory("fuzz-scores")
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.base.scores)))
        let lines = good.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        var cases: [(String, [UInt8], Bool)] = [
            ("NUL bytes", Array(good.prefix(good.count / 2)) + [0] + Array(good.suffix(from: good.count / 2)), true),
            ("random binary", (0 ..< 2000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, true),
            ("empty", [], true),
            ("header only", lines[0] + [0x0A], true),
            ("a missing row", Array(lines.dropLast(2).joined(separator: [0x0A])) + [0x0A], true),
            ("CRLF line ends", Array(lines.joined(separator: [0x0D, 0x0A])), false),
            ("byte-order mark", [0xEF, 0xBB, 0xBF] + good, false),
            ("hexadecimal score", Self.replacingField(lines, row: 3, column: 1, with: Array("0x1p3".utf8)), true),
        ]
        for k in 0 ..< 14 {
            let field = Self.nastyFields[Int(rng.next() % UInt64(Self.nastyFields.count))]
            let row = 1 + Int(rng.next() % UInt64(lines.count - 2))
            let column = Int(rng.next() % 3)
            let damaged = Self.replacingField(lines, row: row, column: column, with: field)
            cases.append(("field \(k): line \(row + 1) column \(column) = \(PrintableTextForTests.show(field))", damaged, damaged != good))
        }
        for (k, (what, bytes, mustFail)) in cases.enumerated() {
            let path = root + "/scores\(k).csv"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let result = try CLI.run(["evaluate", Self.base.dataset, "--scores", path, "--bootstrap", "0", "--tasks", "1"])
            // A field replaced by one that reads the same (e.g. "+5" for "5"'s flag column) may still be valid.
            try Self.expectOneLineOrSuccess(result, label: "evaluate scores \(what)", mustFail: mustFail && !what.hasPrefix("field"))
            if what.hasPrefix("field") { #expect(result.status == 2 || result.status == 0) }
        }
        // The same damage handed back by an external detector inside `ciblab run`.
        let external = try CLI.run(["run", "scenarios/smoke.yaml", "--set", "organic.accounts=300", "--detectors", "shared-infrastructure",
                                    "--bootstrap", "0", "--external", "bad=cat \(root)/scores0.csv > {out}", "--out", root + "/run"])
        try Self.expectOneLineOrSuccess(external, label: "run --external with NUL bytes", mustFail: true)
        #expect(external.stderr.contains("NUL"), "\(external.stderr)")
    }

    @Test func badFlagsExitWith2AndOneLine() throws {
        let ds = Self.base.dataset, scores = Self.base.scores
        let cases: [[String]] = [
            ["evaluate", ds], ["evaluate", ds, "--scores", scores, "--bootstrap", "-1"],
            ["evaluate", ds, "--scores", scores, "--bootstrap", "99999999999999"],
            ["evaluate", ds, "--scores", scores, "--bootstrap", "99999999999999999999999"],
            ["evaluate", ds, "--scores", scores, "--positives", "everyone"], ["evaluate", ds, "--scores", scores, "--tasks", "0"],
            ["describe", ds, "--seed", "-1"], ["describe", "scenarios/smoke.yaml", "--scale", "nan"],
            ["detect", ds, "--out", "x.csv", "--timeout", "1e300"], ["run", "--seeds", "99999999"], ["frobnicate"],
            ["sweep", "run", "x.yaml", "--shard", "3/2"],
        ]
        for arguments in cases {
            let result = try CLI.run(arguments)
            #expect(result.status == 2, "\(arguments): exit \(result.status)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("ciblab: error: "), "\(arguments): \(result.stderr)")
        }
        let bootstrap = try CLI.run(["evaluate", ds, "--scores", scores, "--bootstrap", "99999999999999"])
        #expect(bootstrap.stderr.contains("--bootstrap must be between 0 and 100000"), "\(bootstrap.stderr)")
    }

    // MARK: - Helpers

    /// One of several kinds of damage to a CSV file, chosen and placed by `rng`.
    static func damage(_ bytes: [UInt8], _ rng: inout SplitMix) -> (String, [UInt8]) {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        let dataLines = max(1, lines.count - 2)
        let row = 1 + Int(rng.next() % UInt64(dataLines))
        switch rng.next() % 8 {
        case 0: return ("truncated", Array(bytes.prefix(Int(rng.next() % UInt64(max(1, bytes.count))))))
        case 1:
            lines.insert((0 ..< 60).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: row)
            return ("binary line \(row + 1)", Array(lines.joined(separator: [0x0A])))
        case 2:
            lines.insert(lines[row], at: row)
            return ("line \(row + 1) twice", Array(lines.joined(separator: [0x0A])))
        case 3:
            lines.remove(at: row)
            return ("line \(row + 1) deleted", Array(lines.joined(separator: [0x0A])))
        case 4:
            lines[row] += Array(",extra".utf8)
            return ("extra field on line \(row + 1)", Array(lines.joined(separator: [0x0A])))
        default:
            let fields = lines[row].split(separator: 0x2C, omittingEmptySubsequences: false).count
            let column = Int(rng.next() % UInt64(max(1, fields)))
            let value = nastyFields[Int(rng.next() % UInt64(nastyFields.count))]
            return ("line \(row + 1) column \(column) = \(PrintableTextForTests.show(value))",
                    replacingField(lines, row: row, column: column, with: value))
        }
    }

    static func replacingField(_ lines: [[UInt8]], row: Int, column: Int, with value: [UInt8]) -> [UInt8] {
        var lines = lines
        var fields = lines[row].split(separator: 0x2C, omittingEmptySubsequences: false).map(Array.init)
        if column < fields.count { fields[column] = value }
        lines[row] = Array(fields.joined(separator: [0x2C]))
        return Array(lines.joined(separator: [0x0A]))
    }

    /// Updates `files` and `row_counts` in manifest.json from the files on disk.
    static func rehash(_ dir: String) throws {
        let url = URL(fileURLWithPath: dir + "/manifest.json")
        var manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        var files = manifest["files"] as! [String: Any], counts = manifest["row_counts"] as! [String: Any]
        for table in tables {
            let path = dir + "/" + table
            files[table] = try Checksum.sha256(file: path)
            let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            counts[table] = max(0, data.split(separator: 0x0A).count - 1)
        }
        manifest["files"] = files
        manifest["row_counts"] = counts
        try JSONSerialization.data(withJSONObject: manifest).write(to: url)
    }

    /// Exit 0, or exit 2 with exactly one `ciblab: error:` line and nothing but ciblab's own printable lines; never
    /// a signal or another code. `mustFail`: only 2 is right.
    static func expectOneLineOrSuccess(_ result: CLI.Result, label: String, mustFail: Bool) throws {
        #expect(result.status == 2 || (result.status == 0 && !mustFail), "\(label): exit \(result.status): \(result.stderr.suffix(300))")
        guard result.status == 2 else { return }
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let errors = lines.filter { $0.hasPrefix("ciblab: error: ") }
        #expect(errors.count == 1, "\(label): \(result.stderr)")
        #expect(lines.allSatisfy { $0.hasPrefix("ciblab: ") }, "\(label): \(result.stderr)")
        #expect(lines.allSatisfy { $0.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } }, "\(label): unprintable: \(result.stderr)")
    }
}

/// A small seeded generator for the fuzz cases (SplitMix64, Steele et al. 2014).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Bytes shown in a test label.
enum PrintableTextForTests {
    static func show(_ bytes: [UInt8]) -> String {
        "'" + bytes.map { $0 >= 0x20 && $0 < 0x7F ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16) }.joined() + "'"
    }
}
