internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import Foundation

/// Organic link bursts: many real users sharing the same news link within minutes of each other, soon after the
/// newsroom published it — honest co-link activity that a co-action detector must not flag.
enum LinkBursts {
    static func stage(
        _ plan: WorldPlan, platform p: Int, accounts: Range<Int32>, _ rng: RandomStream,
        into staged: inout [Staged], burstKind: UInt8
    ) {
        let b = plan.scenario.organic.linkBursts
        let platformAccounts = plan.accountLists.positions(platform: p).count
        guard b.enabled, !plan.newsFeed.isEmpty, platformAccounts > 0, !accounts.isEmpty else { return }
        let share = Double(accounts.count) / Double(platformAccounts)
        let mean = b.perDay * plan.scenario.platforms[p].size * plan.scale * share * Double(plan.period.days)
        let mu = log(b.meanSize) - b.sizeSigma * b.sizeSigma / 2
        let spread = Double(max(1, b.spread.seconds))
        for _ in 0 ..< rng.poisson(mean: mean) {
            let item = rng.uniformInt(plan.newsFeed.count)
            let t0 = plan.newsFeed[item].time + 60 + Timestamp(rng.exponential(mean: 2700))
            let size = max(2, Int(drawnCount: rng.lognormal(mu: mu, sigma: b.sizeSigma)))
            for _ in 0 ..< size {
                let t = t0 + Timestamp(rng.exponential(mean: spread))
                guard t < plan.end else { continue }
                let a = accounts.lowerBound + Int32(rng.uniformInt(accounts.count))
                staged.append(Staged(time: t, actor: a, aux: Int32(item), kind: burstKind, region: plan.entityRegion[Int(a)]))
            }
        }
    }
}
