internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import CIBTruth

/// Interactions between the campaign and the organic world, generated after the independent units are merged
/// (they need global event ids): off-topic propaganda replies to organic questions (6.3.2), and the rare organic
/// engagement with the campaign's posts (low organic reach).
enum CrossWorldEngagement {
    /// A campaign post that organic users may engage with.
    struct Post {
        var time: Timestamp
        var actor: EntityID
        /// Its global event index (the target of the engagement).
        var index: Int32
    }

    /// `questions[p]`: organic question posts on platform `p` as (time, global index), sorted by time;
    /// `campaignPosts`: sorted by time. The events returned target global indices.
    static func generate(
        _ plan: WorldPlan, questions: [[(time: Timestamp, index: Int32)]], campaignPosts: [Post], _ rng: RandomStream
    ) -> EventBuffer {
        var out = EventBuffer()
        let offTopic = TacticSet([.shiftPattern, .offTopicReplies])
        for cp in plan.campaigns {
            let c = cp.spec
            for cl in cp.clusters {
                let candidates = cl.platforms.filter { !questions[$0].isEmpty }
                guard !candidates.isEmpty, c.offTopicReplies.perOperatorPerDay > 0 else { continue }
                for d in cp.days {
                    let date = plan.period.date(d)
                    let factor = c.schedule.dayFactor(date)
                    guard factor > 0, !cp.directions[d].isEmpty else { continue }
                    let base = cp.schedule.midnight(date, clusterOffset: cl.offset)
                    for _ in cl.operators {
                        for _ in 0 ..< rng.poisson(mean: c.offTopicReplies.perOperatorPerDay * factor) {
                            let t = base + cp.schedule.localSecond(rng)
                            let p = candidates[rng.uniformInt(candidates.count)]
                            let list = questions[p]
                            let hi = upperBound(list.lazy.map(\.time), t - 60)
                            let lo = lowerBound(list.lazy.map(\.time), t - c.offTopicReplies.maxAge.seconds)
                            guard hi > lo else { continue }
                            let q = list[lo + rng.uniformInt(hi - lo)]
                            let h = cp.directions[d][rng.uniformInt(cp.directions[d].count)]
                            guard let a = cl.pick(p, at: t, rng) else { continue }
                            out.append(time: t, actor: a, action: .reply, target: q.index, text: h.text, language: h.language, campaign: cp.index, tactics: offTopic, topic: h.topic)
                        }
                    }
                }
            }
        }
        // Organic reach: a few real users like or answer the operation's posts.
        var meanReach: [Int16: Double] = [:]
        for cp in plan.campaigns { meanReach[cp.index] = cp.spec.reach.organicPerPost }
        for post in campaignPosts {
            let actor = post.actor, e = post.index
            let p = Int(plan.entities.platform[Int(actor)])
            let mean = meanReach[plan.truth.entityCampaign[Int(actor)]] ?? 0
            guard mean > 0 else { continue }
            for _ in 0 ..< rng.poisson(mean: mean) {
                guard let f = plan.pickAccount(platform: p, region: nil, rng) else { break }
                let t = post.time + 60 + Timestamp(rng.exponential(mean: 3 * 3600))
                guard t >= plan.entities.createdAt[Int(f)] else { continue }
                if rng.bernoulli(0.2) && plan.scenario.platforms[p].allows(.reply) {
                    out.append(time: t, actor: f, action: .reply, target: e, text: out.addText("what? source?"), language: plan.languageIndex["en"]!)
                } else if plan.scenario.platforms[p].allows(.like) {
                    out.append(time: t, actor: f, action: .like, target: e)
                }
            }
        }
        return out
    }
}
