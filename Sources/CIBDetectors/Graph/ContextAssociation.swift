internal import CIBModel

/// Where flagged activity lands: for every Page and Group, how many posts and replies were made in it (its
/// `context`) and how many of those a detector counts against it (posts by entities it flagged, or sprayed copies).
/// A Group the operation created, joined and sprayed its content into is, for a platform, the operation's Group:
/// Meta's takedowns remove the Pages and Groups a network runs together with its accounts (Meta, Adversarial Threat
/// Report Q2 2023: 7,704 accounts, 954 Pages and 15 Groups). Used by near-duplicate (Groups that sprayed content
/// lands in) and fusion (Groups whose posts come from flagged entities).
enum ContextAssociation {
    /// Per entity: posts and replies made in its context, and those of them for which `hit(event)` holds.
    static func counts(_ data: ObservableDataset, hit: (Int) -> Bool) -> (posts: [Int32], hits: [Int32]) {
        let n = data.entities.count
        var posts = [Int32](repeating: 0, count: n), hits = [Int32](repeating: 0, count: n)
        let events = data.events
        for e in 0 ..< events.count {
            let c = events.context[e]
            guard c >= 0, events.action[e] == .post || events.action[e] == .reply else { continue }
            posts[Int(c)] += 1
            if hit(e) { hits[Int(c)] += 1 }
        }
        return (posts, hits)
    }

    /// Raises the score of every Page and Group with at least `minPosts` hits whose hit share is at least `share` to
    /// that share (at least `flagScore`), and flags it. Returns how many were flagged this way.
    @discardableResult
    static func propagate(
        _ counts: (posts: [Int32], hits: [Int32]), kinds: [EntityKind], share: Double, minPosts: Int, flagScore: Double,
        into scores: inout EntityScores
    ) -> Int {
        var flagged = 0
        for e in counts.posts.indices where kinds[e] != .account && counts.hits[e] >= Int32(minPosts) {
            let s = Double(counts.hits[e]) / Double(counts.posts[e])
            guard s >= share else { continue }
            scores.score[e] = max(scores.score[e], max(flagScore, s))
            if !scores.flag[e] { flagged += 1 }
            scores.flag[e] = true
        }
        return flagged
    }
}
