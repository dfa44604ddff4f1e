import CIBModel
import CIBScenario
import CIBTruth
import Foundation
import Testing

@testable import CIBGenerator

/// The up-front estimate of a world (issues 18 and 22): right within ±20 % on the smoke world, a sum of named terms,
/// and a refusal of worlds that do not fit before anything is built. (`scripts/check-estimate` holds every scenario
/// and preset to the same ±20 % on a release build.)
@Suite struct WorldEstimateTests {
    @Test func smokeEstimateIsWithinTwentyPercentOfTheEventsGenerated() {
        let estimate = WorldEstimate(scenario: smokeScenario, scale: 1)
        let actual = Double(smokeWorld.observable.events.count)
        #expect(abs(estimate.events / actual - 1) <= 0.2, "estimate \(estimate.events), generated \(actual): \(estimate.terms.map { "\($0.name) \(Int($0.events))" })")
        #expect(abs(estimate.entities / Double(smokeWorld.observable.entities.count) - 1) <= 0.2,
                "entities: estimate \(estimate.entities), generated \(smokeWorld.observable.entities.count)")
        #expect(abs(estimate.follows / Double(smokeWorld.observable.follows.count) - 1) <= 0.3,
                "follows: estimate \(estimate.follows), generated \(smokeWorld.observable.follows.count)")
    }

    @Test func eachBehaviourHasItsOwnTermCloseToWhatItGenerates() {
        let estimate = WorldEstimate(scenario: smokeScenario, scale: 1)
        let names = estimate.terms.map(\.name)
        for name in ["organic accounts", "shared-network users", "newsrooms", "link bursts", "organic Pages and Groups", "marketing",
                     "fan communities", "spam Pages", "campaign 'spamouflage': sprayed posts", "campaign 'spamouflage': self-engagement",
                     "campaign 'spamouflage': off-topic replies", "campaign 'spamouflage': organic reach",
                     "campaign 'spamouflage': bought-Page history", "campaign 'spamouflage': blog articles"] {
            #expect(names.contains(name), "no term '\(name)' in \(names)")
        }
        // Events by the acting entity's class against the terms that produce them.
        var byClass: [EntityClass: Double] = [:]
        let truth = smokeWorld.truth, events = smokeWorld.observable.events
        for i in 0 ..< events.count where truth.eventCampaign[i] >= 0 { byClass[.campaign, default: 0] += 1 }
        let campaignTerms = estimate.terms.filter { $0.name.hasPrefix("campaign") && !$0.name.hasSuffix("organic reach") && !$0.name.hasSuffix("bought-Page history") }
        let campaignEstimate = campaignTerms.reduce(0) { $0 + $1.events }
        #expect(abs(campaignEstimate / byClass[.campaign, default: 1] - 1) <= 0.25,
                "campaign events: estimate \(campaignEstimate), generated \(byClass[.campaign, default: 0])")
    }

    @Test func aScenarioAskingForTooMuchIsRefusedAtOnce() throws {
        var huge = smokeScenario
        huge.organic.accounts = 1_000_000_000
        huge.organic.meanEventsPerDay = 1000
        // 10^12 events: the estimate itself must be instant and the refusal name the 32-bit limit.
        let started = Date()
        #expect {
            try WorldGenerator(scenario: huge, scale: 1, tasks: 1, allowLarge: true).generate()
        } throws: { error in
            ((error as? GeneratorError)?.message ?? "").contains("32-bit ids")
        }
        #expect(Date().timeIntervalSince(started) < 30, "the refusal must come before anything is built")
        // Within the 32-bit limits but above --max-events: refused, and the override generates it.
        let limited = WorldGenerator(scenario: smokeScenario, tasks: 1, maxEvents: 1000)
        #expect {
            try limited.checkResources()
        } throws: { error in
            let message = (error as? GeneratorError)?.message ?? ""
            return message.contains("more than --max-events 1000") && message.contains("--allow-large-world") && !message.contains("\n")
        }
        try WorldGenerator(scenario: smokeScenario, tasks: 1, maxEvents: 1000, allowLarge: true).checkResources()
    }

    @Test func sprayWidthMatchesItsDefinition() {
        // k = min(platforms, 1 + Poisson(mean - 1)): one platform gives 1; a large cap gives the mean.
        #expect(WorldEstimate.sprayWidth(platforms: 1, mean: 4).0 == 1)
        let (m1, m2) = WorldEstimate.sprayWidth(platforms: 1000, mean: 4)
        #expect(abs(m1 - 4) < 1e-9)
        #expect(abs(m2 - (3 + 16)) < 1e-9)  // Var(1 + Poisson(3)) = 3
    }
}
