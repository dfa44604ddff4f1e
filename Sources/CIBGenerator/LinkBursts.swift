internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import Foundation

/// Organic link bursts: many real users sharing the same news link within minutes of each other, soon after the
/// newsroom published it — honest co-link activity that a co-action detector must not flag. The sharers read the
/// outlet's language: each is drawn among the unit's accounts whose region speaks it (a few tries, then the share is
/// not made), so a Japanese paper's story is shared in Japan and by Japanese speakers elsewhere, not by anyone. An
/// account is drawn in proportion to its own activity: the few heavy users who make most of the posts (Pew Research
/// Center, "Sizing Up Twitter Users", 2019: the top 10 % of US adult users wrote 80 % of the tweets) also share most of
/// the news, and a silent account is not made to share a story. And a person shares when they are about: a drawn
/// account takes the share with the probability of its own clock at that hour relative to its busiest (its region's
/// day and week; an office worker's working hours, with their off-hours share), so a story that breaks at 3 a.m. in
/// Tokyo is shared there by the few who are up, not by people asleep.
enum LinkBursts {
    /// Draws of an account per share before giving it up (a language no region of the unit speaks much).
    static let sharerTries = 8

    static func stage(
        _ plan: WorldPlan, platform p: Int, accounts: Range<Int32>, activity: [Double], _ rng: RandomStream,
        into staged: inout [Staged], burstKind: UInt8
    ) {
        let b = plan.scenario.organic.linkBursts
        let platformAccounts = plan.accountLists.positions(platform: p).count
        guard b.enabled, !plan.newsFeed.isEmpty, platformAccounts > 0, !accounts.isEmpty else { return }
        // `activity` is the running sum of the accounts' expected activity, in account order.
        precondition(activity.count == accounts.count, "LinkBursts: one activity sum per account")
        let total = activity.last ?? 0
        guard total > 0 else { return }
        let share = Double(accounts.count) / Double(platformAccounts)
        let mean = b.perDay * plan.scenario.platforms[p].size * plan.scale * share * Double(plan.period.days)
        let mu = log(b.meanSize) - b.sizeSigma * b.sizeSigma / 2
        let spread = Double(max(1, b.spread.seconds))
        let offHours = plan.scenario.hardNegatives.officeWorkers.offHoursShare
        let clocks = plan.clocks, officeClocks = plan.officeClocks, entityClass = plan.truth.entityClass
        // speaks[r * languages + l]: region r has language l among its languages.
        let languages = plan.languages.count
        var speaks = [Bool](repeating: false, count: plan.regionLanguageIndex.count * languages)
        for (r, list) in plan.regionLanguageIndex.enumerated() { for l in list { speaks[r * languages + Int(l)] = true } }
        for _ in 0 ..< rng.poisson(mean: mean) {
            let item = rng.uniformInt(plan.newsFeed.count)
            let language = Int(plan.outlets[Int(plan.newsFeed[item].outlet)].language)
            let t0 = plan.newsFeed[item].time + 60 + Timestamp(rng.exponential(mean: 2700))
            let size = max(2, Int(drawnCount: rng.lognormal(mu: mu, sigma: b.sizeSigma)))
            for _ in 0 ..< size {
                let t = t0 + Timestamp(rng.exponential(mean: spread))
                guard t < plan.end else { continue }
                var sharer: Int32?
                for _ in 0 ..< sharerTries {
                    // The first running sum above a uniform point of the total (the last account if rounding passes it).
                    let a = accounts.lowerBound + Int32(min(upperBound(activity, rng.uniform() * total), activity.count - 1))
                    let r = Int(plan.entityRegion[Int(a)])
                    guard speaks[r * languages + language] else { continue }
                    var awake = clocks[r].relativeActivity(at: t)
                    if entityClass[Int(a)] == .officeWorker {
                        awake = (1 - offHours) * officeClocks[r].relativeActivity(at: t) + offHours * awake
                    }
                    if rng.uniform() < awake { sharer = a; break }
                }
                guard let a = sharer, t >= plan.entities.createdAt[Int(a)] else { continue }
                staged.append(Staged(time: t, actor: a, aux: Int32(item), kind: burstKind, region: plan.entityRegion[Int(a)]))
            }
        }
    }
}
