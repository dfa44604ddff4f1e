import CIBScenario
import Foundation
import Testing

/// The repository root, found from this file's path (Tests/CIBScenarioTests/ThisFile.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

private let minimal = """
    name: tiny
    seed: 7
    period: {start: 2023-03-01, days: 14}
    campaigns:
      - name: op
        accounts: {facebook: 10, x: 3}
        schedule:
          jitter: 10m
          blocks:
            - {start: "09:00", end: "11:30"}
            - {start: "13:30", end: "17:00"}
    """

/// Loads `text`, expecting an error; returns its one-line description.
private func failure(_ text: String, overrides: [String] = []) -> String? {
    do {
        _ = try ScenarioLoader.load(text: text, file: "bad.yaml", overrides: overrides)
        return nil
    } catch {
        #expect(!error.description.contains("\n"))
        return error.description
    }
}

@Test func minimalScenarioGetsDefaults() throws {
    let s = try ScenarioLoader.load(text: minimal, file: "tiny.yaml")
    #expect(s.name == "tiny")
    #expect(s.seed == 7)
    #expect(s.period.days == 14)
    #expect(s.platforms.count == StandardWorld.platforms.count)
    #expect(s.campaigns[0].schedule.jitter == .minutes(10))
    #expect(s.campaigns[0].schedule.blocks.count == 2)
    #expect(s.campaigns[0].schedule.blocks[1].end == TimeOfDay(hour: 17))
    #expect(s.campaigns[0].schedule.timezone == UTCOffset(hours: 8))
    #expect(s.campaigns[0].accounts["x"] == 3)
}

@Test func overridesApplyBeforeValidation() throws {
    let s = try ScenarioLoader.load(
        text: minimal, overrides: ["campaigns[0].schedule.jitter=45m", "organic.accounts=1234", "period.days=3"])
    #expect(s.campaigns[0].schedule.jitter == .minutes(45))
    #expect(s.organic.accounts == 1234)
    #expect(s.period.days == 3)
}

@Test func canonicalJSONIsStableAndSorted() throws {
    let a = try ScenarioLoader.load(text: minimal)
    let b = try ScenarioLoader.load(text: minimal)
    #expect(a.canonicalJSON() == b.canonicalJSON())
    let json = String(decoding: a.canonicalJSON(), as: UTF8.self)
    #expect(json.hasPrefix("{\"campaigns\":"))
    #expect(json.contains("\"jitter\":\"10m\""))
    let c = try ScenarioLoader.load(text: minimal, overrides: ["seed=8"])
    #expect(a.canonicalJSON() != c.canonicalJSON())
}

@Test func valueTypesParseAndPrint() {
    #expect(TimeSpan(parsing: "90m")?.seconds == 5400)
    #expect(TimeSpan(parsing: "1h30m")?.description == "1h30m")
    #expect(TimeSpan(parsing: "2d")?.seconds == 172_800)
    #expect(TimeSpan(parsing: "45") == nil)
    #expect(TimeSpan(parsing: "m") == nil)
    #expect(TimeOfDay(parsing: "09:00")?.minutes == 540)
    #expect(TimeOfDay(parsing: "25:00") == nil)
    #expect(UTCOffset(parsing: "+08:00")?.minutes == 480)
    #expect(UTCOffset(parsing: "-05:30")?.description == "-05:30")
    #expect(CalendarDate(parsing: "2023-02-29") == nil)
    let d = CalendarDate(parsing: "2023-01-01")!
    #expect(d.weekday == 6)  // a Sunday
    #expect(CalendarDate(daysSinceEpoch: d.daysSinceEpoch) == d)
    #expect(DateRange(parsing: "2023-01-21..2023-01-27")!.contains(CalendarDate(parsing: "2023-01-25")!))
}

@Test func daylightSavingRules() {
    let march1 = CalendarDate(parsing: "2023-03-01")!, march13 = CalendarDate(parsing: "2023-03-13")!
    #expect(!DSTRule.us.isActive(on: march1))
    #expect(DSTRule.us.isActive(on: march13))  // second Sunday of March 2023 was the 12th
    #expect(DSTRule.eu.isActive(on: CalendarDate(parsing: "2023-03-26")!))
    #expect(!DSTRule.eu.isActive(on: CalendarDate(parsing: "2023-03-25")!))
    #expect(DSTRule.au.isActive(on: CalendarDate(parsing: "2023-01-15")!))
    #expect(!DSTRule.au.isActive(on: CalendarDate(parsing: "2023-06-15")!))
}

@Test func unknownKeyNamesPathLineAndSuggestion() throws {
    let text = minimal.replacingOccurrences(of: "jitter: 10m", with: "jiter: 10m")
    let message = try #require(failure(text))
    #expect(message.hasPrefix("bad.yaml:8: campaigns[0].schedule.jiter: unknown key 'jiter'"))
    #expect(message.contains("did you mean 'jitter'"))
}

@Test func wrongTypeIsReported() throws {
    let message = try #require(failure(minimal.replacingOccurrences(of: "days: 14", with: "days: fourteen")))
    #expect(message.hasPrefix("bad.yaml:3: period.days:"))
    #expect(message.contains("expected an integer, found 'fourteen'"))
}

@Test func negativeCountIsReported() throws {
    let message = try #require(failure(minimal.replacingOccurrences(of: "x: 3", with: "x: -3")))
    #expect(message.contains("campaigns[0].accounts.x"))
    #expect(message.contains("expected a count"))
    #expect(message.hasPrefix("bad.yaml:6:"))
    let organic = try #require(failure(minimal + "\norganic: {accounts: -5}\n"))
    #expect(organic.contains("organic.accounts: expected a count between 0 and 10^9, found -5"))
}

@Test func emptyShiftIsReported() throws {
    let text = minimal.replacingOccurrences(
        of: "blocks:\n        - {start: \"09:00\", end: \"11:30\"}\n        - {start: \"13:30\", end: \"17:00\"}", with: "blocks: []")
    let message = try #require(failure(text))
    #expect(message.contains("campaigns[0].schedule.blocks: expected at least one shift block"))
    let empty = try #require(failure(minimal.replacingOccurrences(of: "end: \"11:30\"", with: "end: \"09:00\"")))
    #expect(empty.hasPrefix("bad.yaml:10: campaigns[0].schedule.blocks[0]:"))
}

@Test func overlappingBlocksAreReported() throws {
    let message = try #require(failure(minimal.replacingOccurrences(of: "start: \"13:30\"", with: "start: \"11:00\"")))
    #expect(message.hasPrefix("bad.yaml:11: campaigns[0].schedule.blocks[1]:"))
    #expect(message.contains("overlaps"))
}

@Test func sharesMustSumToOne() throws {
    let message = try #require(failure(minimal + "\nhardNegatives:\n  spamPages:\n    followerCountries: {VN: 0.5, BD: 0.3}\n"))
    #expect(message.hasPrefix("bad.yaml:14: hardNegatives.spamPages.followerCountries: shares must sum to 1, they sum to 0.8"))
}

@Test func unknownPlatformIsReported() throws {
    let message = try #require(failure(minimal.replacingOccurrences(of: "x: 3", with: "twiter: 3")))
    #expect(message.hasPrefix("bad.yaml:6: campaigns[0].accounts.twiter: unknown platform 'twiter'"))
    let pages = try #require(failure(minimal + "\n    pages: {x: 2}\n"))
    #expect(pages.contains("campaigns[0].pages.x: platform 'x' has no pages"))
}

@Test func overrideErrorsNameTheOverride() throws {
    let unknown = try #require(failure(minimal, overrides: ["campaigns[0].schedule.jiter=45m"]))
    #expect(unknown.contains("campaigns[0].schedule.jiter: unknown key 'jiter'"))
    #expect(unknown.contains("--set campaigns[0].schedule.jiter=45m"))
    let range = try #require(failure(minimal, overrides: ["campaigns[3].clusters=2"]))
    #expect(range.contains("campaigns[3]: index 3 is out of range"))
    let value = try #require(failure(minimal, overrides: ["campaigns[0].schedule.jitter=soon"]))
    #expect(value.contains("expected a duration"))
    let malformed = try #require(failure(minimal, overrides: ["campaigns[0].schedule"]))
    #expect(malformed.contains("expected KEY.PATH=VALUE"))
}

@Test func badYAMLAndUnknownRegionAndPreset() throws {
    let yaml = try #require(failure("name: [unclosed\n"))
    #expect(yaml.hasPrefix("bad.yaml:"))
    #expect(yaml.contains("not valid YAML"))
    let region = try #require(failure(minimal + "\nhardNegatives:\n  newsrooms: {regions: {XX: 1}}\n"))
    #expect(region.contains("hardNegatives.newsrooms.regions.XX: unknown region 'XX'"))
    let preset = try #require(failure("presets: [no-such-preset]\n" + minimal))
    #expect(preset.contains("unknown preset 'no-such-preset'"))
}

@Test func shippedScenariosLoad() throws {
    for name in ["spamouflage-2023", "smoke"] {
        let s = try ScenarioLoader.load(path: "\(repositoryRoot)/scenarios/\(name).yaml")
        #expect(!s.campaigns.isEmpty)
    }
    let full = try ScenarioLoader.load(path: "\(repositoryRoot)/scenarios/spamouflage-2023.yaml")
    let c = full.campaigns[0]
    #expect(c.accounts["facebook"] == 7704)
    #expect(c.accounts["instagram"] == 15)
    #expect(c.pages["facebook"] == 954)
    #expect(c.groups["facebook"] == 15)
    #expect(c.accounts.entries.filter { $0.value > 0 }.count >= 50)
    #expect(c.boughtPages.followers == 560_000)
}

@Test func presetsMergeOverTheBase() throws {
    let names = ScenarioLoader.presetNames(directory: "\(repositoryRoot)/scenarios")
    #expect(!names.isEmpty)
    for name in names {
        let s = try ScenarioLoader.load(path: "\(repositoryRoot)/scenarios/smoke.yaml", presets: [name])
        #expect(s.presets == [name])
    }
}

@Test func canonicalJSONLoadsBackToTheSameScenario() throws {
    let original = try ScenarioLoader.load(path: "\(repositoryRoot)/scenarios/spamouflage-2023.yaml")
    let json = String(decoding: original.canonicalJSON(), as: UTF8.self)
    let reloaded = try ScenarioLoader.load(text: json, file: "manifest.json")
    #expect(reloaded == original)
    #expect(reloaded.canonicalJSON() == original.canonicalJSON())
    // Key order in a mapping does not matter.
    let a = try ScenarioLoader.load(text: "hardNegatives: {spamPages: {followerCountries: {VN: 0.5, BR: 0.5}}}")
    let b = try ScenarioLoader.load(text: "hardNegatives: {spamPages: {followerCountries: {BR: 0.5, VN: 0.5}}}")
    #expect(a == b)
}

// MARK: - Bad scenarios (issue 22)

@Test func valuesIssue22FoundAcceptedAreRefusedWithKeyAndRange() throws {
    let cases: [(String, String)] = [
        ("campaigns[0].schedule.jitter=1m1m", "each unit once"),
        ("campaigns[0].schedule.jitter=30m1h", "larger units first"),
        ("campaigns[0].content.languages={zz: 1}", "'zz' (not in ISO 639-1)"),
        ("seed=-0", "digits only"),
        ("seed=+3", "digits only"),
        ("period.start=0001-01-01", "between 1970-01-01 and 2100-12-31"),
        ("hardNegatives.marketing.pushesPerWeek=1e308", "between 0 and 10000"),
        ("hardNegatives.newsrooms.headlinesPerDay=1000000000", "between 0 and 10000"),
        ("hardNegatives.marketing.agencies=1000000000", "between 0 and 10^6"),
        ("organic.accounts=2000000000", "between 0 and 10^9"),
        ("organic.meanEventsPerDay=.nan", "expected a number"),
        ("campaigns[0].schedule.offDayFactor=.inf", "expected a number"),
        ("campaigns[0].accounts.x=20000000", "between 0 and 10000000"),
        ("campaigns[0].content.camouflageShare=1", "between 0 and 0.95"),
        ("campaigns[0].content.stateMediaShare=1.5", "between 0 and 1"),
        ("hardNegatives.newsrooms.statusMessageShare=-0.1", "between 0 and 1"),
        ("hardNegatives.newsrooms.statusMessageShare=2", "between 0 and 1"),
    ]
    for (override, expected) in cases {
        let message = failure(minimal, overrides: [override])
        #expect(message?.contains(expected) == true, "\(override): \(message ?? "accepted")")
        let key = String(override.prefix { $0 != "=" })
        #expect(message?.contains(key) == true, "\(override): the message must name the key: \(message ?? "")")
    }
    // A valid duration, date and language still load.
    _ = try ScenarioLoader.load(text: minimal, overrides: ["campaigns[0].schedule.jitter=1h30m", "campaigns[0].content.languages={vi: 1}"])
}

@Test func aDocumentThatIsNotAScenarioIsRefused() {
    for text in ["", "# nothing\n", "{}", "[1, 2]", "\"text\"", #"{"foo": 1}"#, #"{"schema_version": 1, "files": {}}"#] {
        let message = failure(text)
        #expect(message != nil, "'\(text)' was accepted as a scenario")
    }
    #expect(failure("{}")?.contains("empty mapping") == true)
    #expect(failure(#"{"foo": 1}"#)?.contains("unknown key 'foo'") == true)
}

@Test func yamlAliasBombsDeepNestingAndHugeDocumentsAreRefusedQuickly() {
    var lol = ["name: bomb", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in 1 ..< 9 { lol.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]") }
    let started = Date()
    let bomb = failure(lol.joined(separator: "\n"))
    #expect(bomb?.contains("bad.yaml:3: YAML aliases") == true, "\(bomb ?? "accepted")")
    #expect(failure("x: &x {a: 1}\ny: {*x : 1}\n")?.contains("aliases") == true)
    #expect(failure("a: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))?.contains("nests deeper than 200") == true)
    #expect(failure("name: big\ndescription: " + String(repeating: "x", count: 5 << 20))?.contains("at most 4 MiB") == true)
    #expect(Date().timeIntervalSince(started) < 20)
    // Stars inside text are not aliases; anchors alone are fine.
    _ = try? ScenarioLoader.load(text: minimal + "\ndescription: a *bold* claim, children's *toys*\n")
    #expect(failure(minimal + "\ndescription: a *bold* claim, children's *toys*\n") == nil)
    #expect(failure("name: &n anchored\nperiod: {days: 3}\n") == nil)
    #expect(failure("name: x\na: &a [1, 2]\nb: &b [*a, *a]\n")?.contains("bad.yaml:3: YAML aliases") == true)
    #expect(failure("name: x\nb: !!seq [*a]\n")?.contains("aliases") == true)
}

@Test func everyShippedPresetLoadsOverTheDefaultScenario() throws {
    let names = ScenarioLoader.presetNames(directory: "\(repositoryRoot)/scenarios")
    #expect(names.count >= 4)
    for name in names {
        let s = try ScenarioLoader.load(path: "\(repositoryRoot)/scenarios/spamouflage-2023.yaml", presets: [name])
        #expect(s.presets == [name])
    }
    // A preset's shares replace the base's whole (merged key by key they would sum to 2).
    let building = try ScenarioLoader.load(path: "\(repositoryRoot)/scenarios/spamouflage-2023.yaml", presets: ["audience-building"])
    #expect(building.campaigns[0].boughtPages.followerCountries.keys == ["GB", "TW", "US"])
}
