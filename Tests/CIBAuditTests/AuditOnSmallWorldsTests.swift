import CIBAudit
import CIBEvaluation
import CIBModel
import CIBTruth
import Testing

/// The audit's single-feature AUCs and verdict on worlds small enough to work out by hand.
@Suite struct AuditOnSmallWorldsTests {
    /// Three campaign entities with 3, 1, 2 digits in their names, four organic ones with 0, 1, 2, 0 and a newsroom
    /// with 5; entity ids put the campaign in the middle.
    static func world(seed: UInt64) -> AuditWorld {
        var data = ObservableDataset()
        data.platforms = [PlatformInfo(name: "facebook", kind: .social)]
        data.countries = ["US"]
        data.languages = ["en"]
        var truth = GroundTruth()
        truth.campaignNames = ["c"]
        let members: [(EntityClass, String)] = [
            (.organic, "ab"), (.organic, "ab1"), (.campaign, "ab111"), (.campaign, "ab1"), (.campaign, "ab11"),
            (.organic, "ab11"), (.organic, "ab"), (.newsroom, "ab11111"),
        ]
        for (i, (cls, name)) in members.enumerated() {
            data.entities.append(platform: 0, kind: .account, platformLocalID: UInt64(i), createdAt: 0, country: 0, name: name)
            truth.appendEntity(cls, campaign: cls == .campaign ? 0 : -1)
        }
        return AuditWorld(world: LabelledWorld(observable: data, truth: truth), seed: seed)
    }

    static func settings() -> AuditSettings {
        var settings = AuditSettings()
        settings.bootstrapReplicates = 0
        settings.minimumClassSize = 1
        settings.probes = false
        settings.textProbe = false
        return settings
    }

    @Test func featureAUCsMatchHandComputedFigures() throws {
        let report = try Audit.run(train: Self.world(seed: 1), test: Self.world(seed: 2), settings: Self.settings())
        func auc(_ feature: String, _ against: String) -> Double? {
            report.features.first { $0.feature == feature }?.comparisons.first { $0.against == against }?.auc.value
        }
        // Digits, campaign {3, 1, 2} vs organic {0, 1, 2, 0}: 3 beats all (4); 1 beats two zeros, ties one (2.5); 2 beats three, ties one (3.5).
        #expect(auc("name_digits", "organic") == 10.0 / 12)
        // vs rest adds the newsroom's 5, which beats every campaign entity: 10 / 15.
        #expect(auc("name_digits", "rest") == 10.0 / 15)
        #expect(auc("name_digits", "newsroom") == 0)
        // Entity ids: campaign {2, 3, 4} vs organic {0, 1, 5, 6}: each beats 2 of 4 → 6 / 12.
        #expect(auc("entity_id", "organic") == 0.5)
        // Name length is digits + 2 here: the same ranking.
        #expect(auc("name_length", "organic") == 10.0 / 12)
        // created_at is constant: every pair ties.
        #expect(auc("created_at", "rest") == 0.5)
        #expect(report.features.first { $0.feature == "entity_id" }?.comparisons.map(\.against) == ["rest", "organic", "newsroom"])
        // The newsroom's id (7) is above every campaign id: AUC 0, as telling as 1.
        #expect(auc("entity_id", "newsroom") == 0)
        // The verdict: name_digits and name_length vs organic are outside [0.40, 0.60], entity_id only vs newsroom,
        // created_at never.
        #expect(!report.passed)
        #expect(report.failures.contains { $0.hasPrefix("name_digits:") && $0.contains("vs organic") })
        #expect(report.failures.contains { $0.hasPrefix("entity_id:") && $0.contains("vs newsroom") })
        #expect(!report.failures.contains { $0.hasPrefix("entity_id:") && $0.contains("vs organic") })
        #expect(!report.failures.contains { $0.hasPrefix("created_at:") })
        // Behavioural features are reported, never checked.
        #expect(report.features.first { $0.feature == "events" }!.comparisons.allSatisfy { !$0.checked })
        let csv = report.csv()
        #expect(csv.contains("2,1,feature,name_digits,identity,organic,roc_auc,0.8333333333333334,,,3,4,true,false\n"))
    }

    @Test func anEstimateOutsideWhoseIntervalReachesInIsAWarning() throws {
        var settings = Self.settings()
        settings.bootstrapReplicates = 200
        let report = try Audit.run(train: Self.world(seed: 1), test: Self.world(seed: 2), settings: settings)
        let digits = report.features.first { $0.feature == "name_digits" }!.comparisons.first { $0.against == "organic" }!
        // 0.833 with three entities against four: the interval reaches far into [0.40, 0.60].
        #expect(digits.auc.value > 0.6 && (digits.auc.lower ?? 1) < 0.6)
        #expect(digits.checked && !digits.outOfRange)
        #expect(!report.failures.contains { $0.hasPrefix("name_digits:") && $0.contains("vs organic") })
        #expect(report.notes.contains { $0.hasPrefix("name_digits:") && $0.contains("vs organic") && $0.contains("not a failure") })
        // Every resample puts the newsroom's id above the campaign's: AUC 0, interval [0, 0] — still a failure.
        #expect(report.failures.contains { $0.hasPrefix("entity_id:") && $0.contains("vs newsroom") })
        #expect(!report.passed)
        #expect(report.table().contains(" ?"))
    }

    @Test func smallClassesAreNotChecked() throws {
        var settings = Self.settings()
        settings.minimumClassSize = 2
        let report = try Audit.run(train: Self.world(seed: 1), test: Self.world(seed: 2), settings: settings)
        let newsroom = report.features.flatMap(\.comparisons).filter { $0.against == "newsroom" }
        #expect(!newsroom.isEmpty && newsroom.allSatisfy { !$0.checked })
        #expect(!report.failures.contains { $0.contains("vs newsroom") })
    }

    @Test func aWorldWithoutCampaignIsRefused() {
        var data = ObservableDataset()
        data.platforms = [PlatformInfo(name: "facebook", kind: .social)]
        data.countries = ["US"]
        var truth = GroundTruth()
        data.entities.append(platform: 0, kind: .account, platformLocalID: 0, createdAt: 0, country: 0, name: "a")
        truth.appendEntity(.organic)
        let empty = AuditWorld(world: LabelledWorld(observable: data, truth: truth), seed: 1)
        #expect(throws: AuditError.self) { try Audit.run(train: empty, test: Self.world(seed: 2), settings: Self.settings()) }
    }
}
