internal import CIBModel
internal import CIBStatistics

/// Ordinary users' replies, reposts and likes land on any recent post of their platform, not only on posts of the
/// accounts generated in the same unit: units are slices of a platform's users made in parallel, and engagement kept
/// inside a slice would make every slice a closed world — a dense, closed engagement community that no real platform
/// has, and that an engagement-ring detector rightly flags.
///
/// A unit leaves each ordinary interaction *pending* (its record names the interaction's number, see
/// ``EventBuffer/pendingTarget(_:)``). Once every unit is done, the posts open to engagement of each platform — from
/// every unit, ordinary users', Pages' and newsrooms' — are put in (time, global index) order, and each pending
/// interaction at time `t` picks one uniformly among its platform's posts in `[t − engagementWindow, t)` (an organic
/// unit makes it pending only when such a post exists; for others, the latest earlier post, or none when the platform
/// has none yet), taking the post's context too. Units are resolved in parallel,
/// each from its own stream, so the world does not depend on the thread count; the event merge writes the picked
/// targets (``EventMerge``).
enum PlatformEngagement {
    /// The first index of `list` (ordered by time) at which `atOrAfter` holds (it holds from there on).
    @inline(__always)
    static func firstIndex(_ list: [Post], _ atOrAfter: (Post) -> Bool) -> Int {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if atOrAfter(list[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// A post open to engagement: when, its global event index, and the Page or Group it was posted in.
    struct Post: Sendable {
        var time: Timestamp
        var index: Int32
        var context: EntityID
    }

    /// Per unit: the global target and the context of each of its pending interactions (by number; -1 for one the
    /// unit dropped).
    struct Resolution: Sendable {
        var target: [Int32] = []
        var context: [EntityID] = []
    }

    static func resolve(
        _ plan: WorldPlan, units: [EventBuffer], runStart: [Int32], seed: UInt64, tasks: Int
    ) -> [Resolution] {
        guard units.contains(where: { !$0.pending.isEmpty }) else { return units.map { _ in Resolution() } }
        // Each platform's posts in (time, global index) order: gathered unit by unit in index order, then sorted
        // stably by time.
        var posts = [[Post]](repeating: [], count: plan.platforms.count)
        for (u, b) in units.enumerated() {
            for local in b.posts {
                let r = b.events[Int(local)]
                posts[Int(plan.entities.platform[Int(r.actor)])].append(Post(time: r.time, index: runStart[u] + local, context: r.context))
            }
        }
        for p in posts.indices { StableOrder.sortByTime(&posts[p]) { $0.time } }
        let byPlatform = posts
        let window = plan.scenario.organic.engagementWindow.seconds
        let platform = plan.entities.platform
        return DeterministicParallel.map(chunks: units.count, tasks: tasks) { u -> Resolution in
            let b = units[u]
            guard !b.pending.isEmpty else { return Resolution() }
            let rng = RandomStream(seed: seed, stream: 3_000_000 + UInt64(u))
            var out = Resolution(target: [Int32](repeating: -1, count: b.pending.count), context: [EntityID](repeating: noReference, count: b.pending.count))
            // In time order (a unit's events are), the window over the platform's posts only moves forward.
            let order = b.pending.indices.filter { b.pending[$0] >= 0 }.sorted { b.pending[$0] < b.pending[$1] }
            var lo = 0, hi = 0, current = -1
            var list: [Post] = []
            for k in order {
                let r = b.events[Int(b.pending[k])]
                let p = Int(platform[Int(r.actor)])
                if p != current {
                    // Another platform (a campaign unit's interactions move between them): find the window anew.
                    current = p
                    list = byPlatform[p]
                    hi = firstIndex(list) { $0.time >= r.time }
                    lo = firstIndex(list) { $0.time >= r.time - window }
                }
                while hi < list.count && list[hi].time < r.time { hi += 1 }
                while lo < hi && list[lo].time < r.time - window { lo += 1 }
                guard hi > 0 else { continue }
                let j = hi > lo ? lo + rng.uniformInt(hi - lo) : hi - 1
                out.target[k] = list[j].index
                out.context[k] = list[j].context
            }
            return out
        }
    }
}
