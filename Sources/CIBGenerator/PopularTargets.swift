internal import CIBModel
internal import CIBStatistics

/// The entities people follow besides each other: news outlets, Pages, public figures and Groups (joining a Group
/// is a follow), each with a popularity weight and the regions its audience lives in. A follow picks one of a
/// platform's popular entities with probability proportional to its weight, from the follower's own region's list
/// when it has one (most follows stay home) or from the platform's whole list.
///
/// Every population follows through this: ordinary users, hard negatives, the operation's accounts (cheap fake
/// accounts follow a few popular Pages to look real) and follower-farm accounts (camouflage: following popular
/// accounts besides the customers; Hooi et al., "FRAUDAR", KDD 2016). So an entity's follower count comes from one
/// mechanism, whoever it belongs to.
struct PopularTargets: Sendable {
    private let regions: Int
    /// List `p * (regions + 1)`: all of platform `p`'s popular entities; list `p * (regions + 1) + 1 + r`: those
    /// whose audience includes region `r`. Entities back to back, `bounds` delimiting the lists.
    private let entities: [EntityID]
    private let bounds: [Int]
    private let samplers: [DiscreteSampler?]

    init() {
        regions = 0
        entities = []
        bounds = [0]
        samplers = []
    }

    /// A candidate: `entity` on `platform`, with `weight`, followed from `audience` (region indices; empty: the
    /// platform's list only).
    struct Candidate {
        var entity: EntityID
        var platform: Int
        var weight: Double
        var audience: [Int]
    }

    init(platforms: Int, regions: Int, candidates: [Candidate]) {
        self.regions = regions
        let lists = platforms * (regions + 1)
        var members = [[(EntityID, Double)]](repeating: [], count: lists)
        for c in candidates where c.weight > 0 {
            let base = c.platform * (regions + 1)
            members[base].append((c.entity, c.weight))
            for r in c.audience where r >= 0 && r < regions { members[base + 1 + r].append((c.entity, c.weight)) }
        }
        var flat: [EntityID] = [], bounds = [0]
        var samplers: [DiscreteSampler?] = []
        for list in members {
            flat += list.map(\.0)
            bounds.append(flat.count)
            samplers.append(list.isEmpty ? nil : try! DiscreteSampler(weights: list.map(\.1)))
        }
        entities = flat
        self.bounds = bounds
        self.samplers = samplers
    }

    /// A popular entity of platform `p`: from `region`'s list when given and not empty, otherwise from the
    /// platform's list; nil when the platform has none.
    @inline(__always)
    func pick(platform p: Int, region: Int?, _ rng: RandomStream) -> EntityID? {
        let base = p * (regions + 1)
        guard base < samplers.count else { return nil }
        if let region, let s = samplers[base + 1 + region] {
            return entities[bounds[base + 1 + region] + s.sample(rng)]
        }
        guard let s = samplers[base] else { return nil }
        return entities[bounds[base] + s.sample(rng)]
    }

    /// Whether platform `p` has any popular entity.
    func has(platform p: Int) -> Bool {
        let base = p * (regions + 1)
        return base < samplers.count && samplers[base] != nil
    }
}
