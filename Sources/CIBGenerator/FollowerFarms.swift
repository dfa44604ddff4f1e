internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import CIBTruth

/// Follower-farm accounts: the inauthentic followers sold with Pages (Meta Q2 2023: ~560,000 accounts followed the
/// Spamouflage Pages, mostly from Vietnam, Bangladesh and Brazil). Farms register accounts in batches and age them
/// (``CreationTimes``), give them the names of their country (``NameBook``), and sell each to several customers —
/// commercial spam Pages and the operation alike. Between sales the accounts follow a few popular accounts as
/// camouflage (Hooi et al., "FRAUDAR", KDD 2016) and log in like the phones they run on.
extension WorldPlan {
    /// Creates `count` farm accounts on platform `p`, countries by `countries`, in registration batches of
    /// `batchSize` created within a day of each other. Returns their (consecutive) ids.
    mutating func createFarmAccounts(
        count: Int, platform p: Int, countries: Shares, batchSize: Int = 50, campaign: Int16 = -1, _ rng: RandomStream
    ) -> Range<Int32> {
        let first = Int32(entities.count)
        guard count > 0 else { return first ..< first }
        reserveEntities(count)
        let countryPick = try! DiscreteSampler(weights: countries.weights)
        let codes = countries.keys.map { country($0) }
        let cultures = countries.keys.map { NameBook.culture(of: $0) }
        var name: [UInt8] = []
        name.reserveCapacity(64)
        var anchor: Timestamp = 0
        var market = 0
        for i in 0 ..< count {
            if i % batchSize == 0 {
                anchor = ages.account(rng)
                market = countryPick.sample(rng)
            }
            // Mostly one market per batch, now and then an account of another.
            let k = rng.bernoulli(0.9) ? market : countryPick.sample(rng)
            addAccount(platform: p, createdAt: ages.batchMember(anchor: anchor, window: 86_400, rng), country: codes[k],
                       culture: cultures[k], region: -1, cls: .followerFarm, rng, scratch: &name, campaign: campaign,
                       tactics: TacticSet(.acquiringPageFollowers))
        }
        return first ..< Int32(entities.count)
    }

    /// A time at which farm account `f` follows `page`: after both exist, before `before` when possible (a Page's
    /// followers were sold with it), otherwise during the period.
    func farmFollowTime(_ f: EntityID, _ page: EntityID, before: Timestamp, _ rng: RandomStream) -> Timestamp {
        let from = max(entities.createdAt[Int(f)], entities.createdAt[Int(page)])
        if from < before - 3600 { return from + Timestamp(rng.uniformInt(Int(before - from))) }
        return followTime(f, page, rng)
    }
}

enum FollowerFarms {
    /// The farm accounts `accounts`: camouflage follows of public figures and outlets of their platform during the period,
    /// and sessions on the days they follow (or now and then, like any reader).
    static func generate(_ plan: WorldPlan, accounts: Range<Int32>, _ rng: RandomStream) -> EventBuffer {
        var out = EventBuffer()
        let sessions = plan.sessions!
        var times: [Timestamp] = []
        out.follows.reserveCapacity(accounts.count * 2)
        out.logins.reserveCapacity(accounts.count * 2)
        for a in accounts {
            let p = Int(plan.entities.platform[Int(a)])
            times.removeAll(keepingCapacity: true)
            for _ in 0 ..< rng.poisson(mean: 0.5) {
                guard let f = plan.celebrities.pick(platform: p, region: nil, rng) else { break }
                let t = plan.followTime(a, f, rng)
                guard t < plan.end else { continue }
                out.follows.append(follower: a, followee: f, time: t)
                times.append(t)
            }
            let source = HouseholdSource(model: sessions, entity: a, country: Int(plan.entities.country[Int(a)]))
            sessions.emit(a, times: &times, createdAt: plan.entities.createdAt[Int(a)], source: source, rng, into: &out.logins)
        }
        return out
    }
}
