import CIBAudit
import CIBModel
import CIBStatistics
import CIBStorage
import CIBTruth
import Foundation
import Testing

/// Synthetic worlds for the audit: 2,000 organic, 300 newsroom, 300 marketing and 300 campaign entities whose
/// behaviour (posts, words, follows, logins, creation times, countries) is drawn from the same distributions for every
/// class. An *honest* world also gives every class the same ids and names: entities in a random order, platform ids
/// growing with creation time, names from one generator. A *leaky* world keeps the behaviour but numbers entities
/// class by class (campaign last), and names campaign accounts `user` + six digits.
enum SyntheticWorlds {
    static let day: Timestamp = 86_400
    static let start: Timestamp = 1_677_628_800  // 2023-03-01
    static let first = ["anna", "li", "wei", "john", "maria", "chen", "sara", "omar", "yuki", "paul", "mei", "ivan"]
    static let last = ["smith", "wang", "lee", "garcia", "kim", "tan", "brown", "ng", "sato", "khan"]
    static let words = ["the", "news", "today", "rain", "city", "team", "game", "food", "market", "school", "music",
                        "train", "coffee", "friend", "weekend", "story", "photo", "price", "park", "movie"]

    static func world(seed: UInt64, leaky: Bool) -> LabelledWorld {
        let rng = RandomStream(seed: seed, stream: 77)
        var classes = [EntityClass](repeating: .organic, count: 2_000) + [EntityClass](repeating: .newsroom, count: 300)
            + [EntityClass](repeating: .marketing, count: 300) + [EntityClass](repeating: .campaign, count: 300)
        if !leaky {
            var generator = rng  // a second reference to the same stream, for the standard library's shuffle
            classes.shuffle(using: &generator)
        }
        let n = classes.count
        var data = ObservableDataset()
        data.platforms = [PlatformInfo(name: "facebook", kind: .social), PlatformInfo(name: "x", kind: .microblog)]
        data.countries = ["US", "TW", "JP"]
        data.languages = ["en"]
        data.start = start
        data.end = start + 14 * day
        let platform = (0 ..< n).map { _ in UInt16(rng.uniformInt(2)) }
        let created = (0 ..< n).map { _ in start - Timestamp(rng.uniformInt(1_000)) * day - Timestamp(rng.uniformInt(Int(day))) }
        // Platform ids: by creation time on each platform (honest), or by entity order (leaky, class-ordered).
        var platformID = [UInt64](repeating: 0, count: n)
        for p in 0 ..< 2 {
            let members = (0 ..< n).filter { platform[$0] == p }
            let order = leaky ? members : members.sorted { (created[$0], $0) < (created[$1], $1) }
            for (rank, i) in order.enumerated() { platformID[i] = 1_000 + UInt64(rank) * 3 }
        }
        var truth = GroundTruth()
        truth.campaignNames = ["synthetic"]
        for i in 0 ..< n {
            let name: String
            if leaky && classes[i] == .campaign {
                name = "user" + String(100_000 + rng.uniformInt(900_000))
            } else {
                let base = first[rng.uniformInt(first.count)].capitalized + " " + last[rng.uniformInt(last.count)].capitalized
                name = rng.bernoulli(0.3) ? base + String(rng.uniformInt(100)) : base
            }
            data.entities.append(platform: platform[i], kind: .account, platformLocalID: platformID[i], createdAt: created[i],
                                 country: UInt16(rng.uniformInt(3)), name: name)
            truth.appendEntity(classes[i], campaign: classes[i] == .campaign ? 0 : -1)
        }
        var events = [(time: Timestamp, actor: Int32, text: String)]()
        for i in 0 ..< n {
            for _ in 0 ..< 1 + rng.uniformInt(4) {
                let text = (0 ..< 4 + rng.uniformInt(6)).map { _ in words[rng.uniformInt(words.count)] }.joined(separator: " ")
                events.append((start + Timestamp(rng.uniformInt(Int(14 * day))), Int32(i), text))
            }
            for _ in 0 ..< rng.uniformInt(4) {
                data.follows.append(follower: Int32(i), followee: Int32(rng.uniformInt(n)), time: start)
            }
            for _ in 0 ..< 1 + rng.uniformInt(3) {
                data.logins.append(entity: Int32(i), time: start, ip: UInt32(rng.uniformInt(1_000)), device: UInt32(rng.uniformInt(5_000)))
            }
        }
        events.sort { ($0.time, $0.actor) < ($1.time, $1.actor) }
        for event in events {
            let text = data.texts.append(event.text)
            data.events.append(time: event.time, actor: event.actor, action: .post, text: text, language: 0)
            truth.appendEvent(campaign: classes[Int(event.actor)] == .campaign ? 0 : -1)
        }
        return LabelledWorld(observable: data, truth: truth)
    }
}

/// The audit on worlds built to leak (it must fail) and built not to (it must pass), through the library and the CLI.
@Suite(.serialized) struct AuditEndToEndTests {
    static func settings() -> AuditSettings {
        var settings = AuditSettings()
        settings.bootstrapReplicates = 50
        settings.textHashBits = 12
        settings.textIterations = 30
        settings.boosting.rounds = 30
        return settings
    }

    @Test func leakyWorldFailsOnIdsAndNames() throws {
        let settings = Self.settings()
        let report = try Audit.run(
            train: AuditWorld(world: SyntheticWorlds.world(seed: 11, leaky: true), seed: 11, textsPerGroup: settings.textsPerGroup),
            test: AuditWorld(world: SyntheticWorlds.world(seed: 12, leaky: true), seed: 12, textsPerGroup: settings.textsPerGroup),
            settings: settings)
        #expect(!report.passed)
        func auc(_ feature: String, _ against: String) -> Double {
            report.features.first { $0.feature == feature }!.comparisons.first { $0.against == against }!.auc.value
        }
        for feature in ["entity_id", "name_shape", "name_digits"] {
            #expect(auc(feature, "rest") > 0.95, "\(feature)")
            #expect(report.failures.contains { $0.hasPrefix(feature + ":") }, "\(feature)")
        }
        // Campaign ids sit above every other class's.
        #expect(auc("entity_id", "newsroom") == 1)
        // Behaviour is drawn alike for every class: no behavioural feature separates them.
        for feature in ["events", "follows_out", "distinct_ips", "hour_entropy"] {
            #expect(abs(auc(feature, "rest") - 0.5) < 0.1, "\(feature)")
        }
        // A model that sees the identity features finds the campaign; one without them does not.
        let with = try #require(report.probe("with-identity")), without = try #require(report.probe("without-identity"))
        #expect(with.averagePrecision.value > 0.9)
        #expect(without.averagePrecision.value < 0.3)
        // Everyone posts the same words.
        let text = try #require(report.text)
        #expect(text.comparisons.allSatisfy { abs($0.auc.value - 0.5) < 0.1 })
        #expect(text.comparisons.map(\.against) == ["all other posts", "organic", "newsroom", "marketing"])
    }

    @Test func honestWorldPasses() throws {
        var settings = Self.settings()
        settings.probes = false
        settings.textProbe = false
        let report = try Audit.run(
            train: AuditWorld(world: SyntheticWorlds.world(seed: 11, leaky: false), seed: 11),
            test: AuditWorld(world: SyntheticWorlds.world(seed: 12, leaky: false), seed: 12), settings: settings)
        #expect(report.passed, "\(report.failures)")
        let range = try #require(report.identityRange)
        #expect(range.lower >= 0.4 && range.upper <= 0.6)
        // rest, organic, newsroom, marketing for each of the seven identity features, less newsroom's three name
        // features (a branded class: outlets keep their mastheads, see AuditSettings.brandedClasses).
        #expect(report.features.flatMap(\.comparisons).filter(\.checked).count == 7 * 4 - 3)
    }

    static func write(_ world: LabelledWorld, seed: UInt64, to directory: String, truth: Bool = true) throws {
        let provenance = DatasetProvenance(toolVersion: "test", scenarioName: "synthetic", scenarioJSON: Data("{}".utf8),
                                           seed: seed, scale: 1)
        try DatasetWriter.write(world, provenance: provenance, to: directory, includeTruth: truth, replace: true)
    }

    @Test func commandExitsOneOnALeakyDatasetAndZeroOnAnHonestOne() throws {
        let dir = CLI.temporaryDirectory("audit")
        for (name, leaky) in [("leaky", true), ("honest", false)] {
            try Self.write(SyntheticWorlds.world(seed: 11, leaky: leaky), seed: 11, to: "\(dir)/\(name)-11")
            try Self.write(SyntheticWorlds.world(seed: 12, leaky: leaky), seed: 12, to: "\(dir)/\(name)-12")
        }
        let fast = ["--bootstrap", "20", "--no-text", "--no-probes"]
        let leaky = try CLI.run(["audit", "\(dir)/leaky-12", "--train", "\(dir)/leaky-11", "--out", "\(dir)/out"] + fast)
        #expect(leaky.status == 1, "\(leaky.stderr)")
        #expect(leaky.stdout.contains("FAIL:"))
        #expect(leaky.stdout.contains("entity_id: ROC AUC 1.000 [1.000, 1.000] for campaign vs rest ("))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/out/audit.json"))) as? [String: Any]
        #expect((json?["failures"] as? [String])?.isEmpty == false)
        let csv = try String(contentsOfFile: "\(dir)/out/audit.csv", encoding: .utf8)
        #expect(csv.hasPrefix(AuditReport.csvHeader.joined(separator: ",") + "\n"))
        #expect(csv.contains(",feature,entity_id,identity,rest,roc_auc,1,"))

        let honest = try CLI.run(["audit", "\(dir)/honest-12", "--train", "\(dir)/honest-11"] + fast)
        #expect(honest.status == 0, "\(honest.stdout)\(honest.stderr)")
        #expect(honest.stdout.contains("PASS:"))
        // Tighter bounds than the world can meet fail it: the bounds are flags.
        let strict = try CLI.run(["audit", "\(dir)/honest-12", "--train", "\(dir)/honest-11", "--min-auc", "0.499", "--max-auc", "0.501"] + fast)
        #expect(strict.status == 1)
    }

    @Test func badInputExitsTwoWithOneLine() throws {
        let dir = CLI.temporaryDirectory("audit-bad")
        try Self.write(SyntheticWorlds.world(seed: 11, leaky: true), seed: 11, to: "\(dir)/with-truth")
        try Self.write(SyntheticWorlds.world(seed: 12, leaky: true), seed: 12, to: "\(dir)/no-truth", truth: false)
        let cases: [([String], String)] = [
            (["audit", "\(dir)/with-truth"], "--train"),
            (["audit", "\(dir)/no-truth", "--train", "\(dir)/with-truth"], "truth/"),
            (["audit", "\(dir)/missing"], "no such scenario file or dataset directory"),
            (["audit", "scenarios/smoke.yaml", "--seed", "5", "--train-seed", "5"], "--train-seed must differ"),
            (["audit", "scenarios/smoke.yaml", "--min-auc", "0.7", "--max-auc", "0.6"], "--min-auc"),
        ]
        for (arguments, message) in cases {
            let result = try CLI.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
    }
}
