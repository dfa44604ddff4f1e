import CIBGenerator
import CIBModel
import CIBScenario
import CIBTruth
import Testing

@Test func smokeWorldIsValidAndSmall() throws {
    let w = smokeWorld
    try w.observable.validate()
    #expect(w.observable.events.count > 2000)
    #expect(w.observable.events.count < 40_000)
    #expect(w.truth.entityClass.count == w.observable.entities.count)
    #expect(w.truth.eventCampaign.count == w.observable.events.count)
    print("smoke: \(w.observable.entities.count) entities, \(w.observable.events.count) events, \(w.observable.follows.count) follows, \(w.observable.logins.count) logins")
}
