import CIBModel
import CIBTruth
import Testing

/// The organic population's activity is concentrated as on real platforms (Pew Research Center, "Sizing Up Twitter
/// Users", 2019: the top 10 % of users wrote 80 % of the tweets), and news is shared by the active, not by anyone.
@Suite("organic activity")
struct OrganicActivityTests {
    @Test("the most active tenth of organic accounts makes most events and most link shares")
    func activityIsConcentrated() {
        let w = smokeWorld
        let d = w.observable
        let n = d.entities.count
        var events = [Int](repeating: 0, count: n), links = [Int](repeating: 0, count: n)
        for e in 0 ..< d.events.count {
            let a = Int(d.events.actor[e])
            events[a] += 1
            if d.events.action[e] == .post && d.events.url[e] >= 0 { links[a] += 1 }
        }
        let organic = (0 ..< n).filter { w.truth.entityClass[$0] == .organic && d.entities.kind[$0] == .account }
        let byActivity = organic.sorted { (events[$0], $0) > (events[$1], $1) }
        let top = byActivity.prefix(organic.count / 10)
        let eventShare = Double(top.map { events[$0] }.reduce(0, +)) / Double(organic.map { events[$0] }.reduce(0, +))
        let linkShare = Double(top.map { links[$0] }.reduce(0, +)) / Double(organic.map { links[$0] }.reduce(0, +))
        #expect(eventShare > 0.65, "top tenth's share of organic events \(eventShare)")
        // Drawn uniformly, sharers would spread the links over the population (the top tenth's share near its share of
        // the other posts' authors, well under this).
        #expect(linkShare > 0.6, "top tenth's share of organic link posts \(linkShare)")
        let silent = Double(organic.filter { events[$0] == 0 }.count) / Double(organic.count)
        #expect(silent > 0.2 && silent < 0.8, "silent organic accounts \(silent)")
    }
}
