import CIBModel
import CIBScenario
import Foundation
import Testing

@testable import CIBGenerator

/// A few hundred mutants of scenarios/smoke.yaml (issue 22), in process: loading either succeeds or fails with one
/// printable line naming the file; a scenario that loads is either generated or refused by the up-front estimate
/// with one line — never a trap, never a hang. Seeded, so a failing mutant can be rerun; generation is capped by a
/// small `maxEvents` and only every few accepted mutants are generated in full, to keep the debug run short. The
/// larger out-of-suite corpus is `scripts/fuzz-scenarios`.
@Suite struct ScenarioFuzzTests {
    static let smokeText = try! String(contentsOfFile: "\(repositoryRoot)/scenarios/smoke.yaml", encoding: .utf8)

    static let nasty = ["0", "-1", "-0", "1e308", "-1e308", "1000000000", "99999999999999999999", ".nan", ".inf", "-.inf", "''",
                        "null", "[1, 2]", "{a: 1}", "true", "abc", "1m1m", "zz", "0.5", "2", "1d", "0s", "2200-01-01",
                        "0001-01-01", "'09:00'", "0x10", "+5", "{zz: 1}", "{en: 2}", "[]", "{}"]

    /// (label, text, overrides)
    static func mutants() -> [(String, String, [String])] {
        var rng = SplitMix(seed: 22)
        var out: [(String, String, [String])] = []
        let lines = smokeText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for i in lines.indices {
            out.append(("line \(i + 1) deleted", (lines[..<i] + lines[(i + 1)...]).joined(separator: "\n"), []))
            out.append(("line \(i + 1) twice", (lines[...i] + lines[i...]).joined(separator: "\n"), []))
        }
        // Every leaf of the resolved scenario is a key a mutant may set.
        let resolved = try! JSONSerialization.jsonObject(with: smokeScenario.canonicalJSON())
        var paths: [String] = []
        func walk(_ value: Any, _ path: String) {
            if let object = value as? [String: Any] {
                for (k, v) in object.sorted(by: { $0.key < $1.key }) { walk(v, path.isEmpty ? k : path + "." + k) }
            } else if let array = value as? [Any], !array.isEmpty {
                for (i, v) in array.prefix(2).enumerated() { walk(v, path + "[\(i)]") }
            } else {
                paths.append(path)
            }
        }
        walk(resolved, "")
        while out.count < 420 {
            let path = paths[Int(rng.next() % UInt64(paths.count))]
            let value = nasty[Int(rng.next() % UInt64(nasty.count))]
            out.append(("set \(path)=\(value)", smokeText, ["\(path)=\(value)"]))
        }
        var bomb = ["name: bomb", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in 1 ..< 9 { bomb.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]") }
        out += [
            ("alias bomb", bomb.joined(separator: "\n"), []), ("alias key", "x: &x {a: 1}\ny: {*x : 1}\n", []),
            ("merge key", "b: &b {accounts: 10}\norganic:\n  <<: *b\n", []), ("empty", "", []), ("{}", "{}", []),
            ("JSON not a scenario", #"{"foo": [1, 2]}"#, []), ("tabs", smokeText.replacingOccurrences(of: "  ", with: "\t"), []),
            ("truncated", String(smokeText.prefix(smokeText.count / 3)), []), ("deep", "a: " + String(repeating: "[", count: 5000), []),
            ("two documents", smokeText + "\n---\nname: x\n", []), ("unknown language", smokeText, ["campaigns[0].content.languages={zz: 1}"]),
            ("huge marketing", smokeText, ["hardNegatives.marketing.agencies=1000000", "hardNegatives.marketing.accountsPerAgency=1000000"]),
            ("huge organic", smokeText, ["organic.accounts=1000000000", "organic.meanEventsPerDay=1000"]),
        ]
        return out
    }

    @Test func mutantsOfTheSmokeScenarioLoadOrFailInOneLineAndGenerateOrAreRefused() throws {
        var accepted = 0, generated = 0, refused = 0
        for (k, (label, text, overrides)) in Self.mutants().enumerated() {
            let scenario: Scenario
            do {
                scenario = try ScenarioLoader.load(text: text, file: "smoke-mutant.yaml", overrides: overrides,
                                                   presetDirectory: "\(repositoryRoot)/scenarios")
            } catch {
                let line = error.description
                #expect(!line.contains("\n") && line.hasPrefix("smoke-mutant.yaml"), "[\(k)] \(label): \(line)")
                #expect(line.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }, "[\(k)] \(label): unprintable: \(line)")
                continue
            }
            accepted += 1
            // Every accepted mutant goes through the up-front check; every 5th small enough is generated in full.
            let capped = WorldGenerator(scenario: scenario, tasks: 1, maxEvents: 40_000)
            do {
                try capped.checkResources()
            } catch {
                refused += 1
                #expect(!error.message.contains("\n") && !error.message.isEmpty, "[\(k)] \(label): \(error.message)")
                continue
            }
            if accepted % 5 == 0 {
                let world = try capped.generate()
                try world.observable.validate()
                generated += 1
            }
        }
        #expect(accepted >= 50 && accepted < 400, "accepted \(accepted)")
        #expect(generated >= 8, "generated \(generated)")
        #expect(refused >= 2, "refused \(refused)")
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
