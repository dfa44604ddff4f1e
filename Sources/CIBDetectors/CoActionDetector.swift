public import CIBModel

/// Accounts (and Pages posting as themselves) that repeatedly act on the same link, the same normalised text, the same
/// repost target or the same reply target within a time window: the co-action networks of coordination-network-toolkit
/// (Graham, QUT Digital Observatory, 1.5.2), made robust to organic bursts, then thresholded and clustered.
///
/// Steps:
/// 1. **Keys.** Every event gives up to one key of each kind (on its own platform unless `cross-platform` is 1):
///    its URL and its text normalised as the toolkit does (``ToolkitText``) when it is not a repost (the toolkit ignores
///    URLs and text of reposts), its target when it is a repost or a reply, and — off by default — its target when it
///    is a like. Texts shorter than `min-text-length` characters after normalisation ("thanks!", "lol") are not keys.
/// 2. **Directed co-action weights** with the toolkit's semantics (see
///    ``coordinationNetwork(messages:kind:window:minWeight:includeSelfLoops:tasks:)``): two events of different
///    accounts match when a key is equal and `|t1 − t2| ≤ window` (inclusive); `count(u→v)` is the number of distinct
///    events of `u` matched by `v`. Unlike the toolkit, all key kinds feed one network (an event matched through its
///    link and its text counts once) and each matched event counts with the weight of its best matching key:
///    `w(k) = min(1, viral-users / n(k))`, `n(k)` = distinct accounts acting on key `k`. A news link shared by 60
///    people in a burst thus weighs 0.08, while a post liked and replied to by 3 sock puppets weighs 1 (an
///    inverse-popularity weight in the spirit of resource-allocation link prediction; Zhou, Lü & Zhang, EPJ B 2009).
///    Keys with more than `max-key-users` accounts are skipped (their weight is negligible and their pairs quadratic).
/// 3. **Evidence per entity**: `E(u)` = the popularity-weighted number of `u`'s actions matched by at least one other
///    account. Spamouflage's accounts act almost only in coordination (spraying, self-engagement), organic accounts
///    rarely and mostly in popular bursts.
/// 4. **Pairs and communities**, thresholded per direction as the toolkit does: a pair is kept when both
///    `count(u→v), count(v→u) ≥ min-co-actions` and `min(W(u→v), W(v→u)) ≥ min-strength` (`W` the weighted count);
///    connected components of kept pairs (union-find) are the communities. A community with at least `min-cluster`
///    members having `E ≥ min-evidence` is a flagged cluster; those members are flagged. Pages and Groups that act are
///    scored like accounts; entities that never act get 0.
///
/// Score: `E / (E + score-half)` (in [0, 1)). Flag: `E ≥ min-evidence` in a flagged cluster. Cluster: the flagged
/// cluster's id, numbered by smallest member. Findings: one per flagged cluster with its size, platforms and the keys
/// most of its members acted on.
///
/// Hard negatives: organic link bursts are discounted by `viral-users` (on the smoke scenario 14 of ~950 active
/// organic accounts are flagged, none wholesale); newsrooms cross-posting one headline to many platforms are not
/// co-action at all with `cross-platform` 0 (one account per platform never shares a platform-local key with its
/// siblings), though a newsroom account can meet organic sharers of its own link. Fan communities that really do
/// post together are flagged: co-action cannot tell honest from inauthentic coordination.
/// Cost: O(keyed events · log + matches), matches bounded by `max-key-users` per key; parallel over accounts.
public struct CoActionDetector: Detector {
    public static let name = "co-action"
    public static let summary = "Accounts acting on the same link, text, repost or reply target within a time window."
    public static let citation = """
        T. Graham, A. Bruns, D. Angus et al., coordination-network-toolkit 1.5.2 (QUT Digital Observatory, 2020-2023), \
        co-link / co-tweet / co-retweet / co-reply networks; F. Giglietto et al., "It takes a village to manipulate the \
        media: coordinated link sharing behavior", Information, Communication & Society 23(6), 2020 (CooRnet); \
        T. Zhou, L. Lü, Y.-C. Zhang, "Predicting missing links via local information", EPJ B 71, 2009 (resource \
        allocation); Meta, Adversarial Threat Report Q2 2023 (Spamouflage spraying, kill-chain 6.2 and 6.3).
        """
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("window", "Two actions on the same key co-occur when at most this far apart (inclusive).",
                      default: 21_600, unit: .seconds, range: 0 ... 30 * 86400),
        ParameterSpec("min-co-actions", "Distinct co-acting events needed in each direction of a pair (toolkit min_edge_weight).",
                      default: 1, unit: .count, range: 1 ... 1_000_000, integer: true),
        ParameterSpec("min-strength", "Popularity-weighted co-actions needed in the weaker direction of a pair.",
                      default: 1, range: 0 ... 1_000_000),
        ParameterSpec("viral-users", "Keys acted on by more accounts than this weigh viral-users / accounts.",
                      default: 5, unit: .count, range: 1 ... 1_000_000_000, integer: true),
        ParameterSpec("max-key-users", "Keys acted on by more accounts than this are ignored.",
                      default: 2000, unit: .count, range: 2 ... 1_000_000_000, integer: true),
        ParameterSpec("min-cluster", "Smallest connected group of kept pairs that is flagged.",
                      default: 3, unit: .count, range: 2 ... 1_000_000, integer: true),
        ParameterSpec("min-evidence", "Popularity-weighted co-acted actions an entity needs to be flagged.",
                      default: 4, range: 0 ... 1_000_000),
        ParameterSpec("min-rate", "Share of an entity's keyed actions that must be co-acted (weighted) for a flag.",
                      default: 0.3, unit: .fraction, range: 0 ... 1),
        ParameterSpec("score-half", "Popularity-weighted co-acted actions at which an entity's score is 0.5.",
                      default: 4, range: 0.001 ... 1_000_000),
        ParameterSpec("min-text-length", "Normalised texts shorter than this many characters are not keys.",
                      default: 12, unit: .count, range: 0 ... 10_000, integer: true),
        ParameterSpec("use-links", "1: co-link keys (same URL).", default: 1, range: 0 ... 1, integer: true),
        ParameterSpec("use-texts", "1: co-tweet keys (same normalised text).", default: 1, range: 0 ... 1, integer: true),
        ParameterSpec("use-reposts", "1: co-repost keys (same repost target).", default: 1, range: 0 ... 1, integer: true),
        ParameterSpec("use-replies", "1: co-reply keys (same reply target).", default: 1, range: 0 ... 1, integer: true),
        ParameterSpec("use-likes", "1: co-like keys (same liked event).", default: 1, range: 0 ... 1, integer: true),
        ParameterSpec("cross-platform", "1: a key on one platform matches the same key on another.",
                      default: 0, range: 0 ... 1, integer: true),
    ]

    public let window: Int64
    public let minCoActions: Int
    public let minStrength: Double
    public let viralUsers: Int
    public let maxKeyUsers: Int
    public let minCluster: Int
    public let scoreHalf: Double
    public let minEvidence: Double
    public let minRate: Double
    public let minTextLength: Int
    public let useLinks, useTexts, useReposts, useReplies, useLikes, crossPlatform: Bool

    public init(parameters: ParameterValues) throws(DetectorError) {
        window = Int64(parameters["window"].rounded())
        minCoActions = parameters.int("min-co-actions")
        minStrength = parameters["min-strength"]
        viralUsers = parameters.int("viral-users")
        maxKeyUsers = parameters.int("max-key-users")
        minCluster = parameters.int("min-cluster")
        scoreHalf = parameters["score-half"]
        minEvidence = parameters["min-evidence"]
        minRate = parameters["min-rate"]
        minTextLength = parameters.int("min-text-length")
        useLinks = parameters["use-links"] != 0
        useTexts = parameters["use-texts"] != 0
        useReposts = parameters["use-reposts"] != 0
        useReplies = parameters["use-replies"] != 0
        useLikes = parameters["use-likes"] != 0
        crossPlatform = parameters["cross-platform"] != 0
    }

    /// The detector with its default parameters.
    public init() {
        var defaults: [String: Double] = [:]
        for spec in Self.parameters { defaults[spec.name] = spec.defaultValue }
        // Defaults are always valid.
        try! self.init(parameters: ParameterValues(defaults))
    }

    public func run(on data: ObservableDataset, context: DetectorContext) throws(DetectorError) -> DetectorOutput {
        let entityCount = data.entities.count
        let keys = CoActionKeys.build(data, detector: self, tasks: context.tasks)
        context.progress("co-action: \(keys.rowKey.count) keyed actions over \(keys.keyCount) keys")
        guard !keys.rowKey.isEmpty else {
            return DetectorOutput(scores: EntityScores(detector: Self.name, count: entityCount))
        }

        var options = CoActionOptions<Int64>(window: window)
        options.minCount = minCoActions
        options.minWeight = minStrength
        options.maxKeyUsers = maxKeyUsers
        options.viralUsers = viralUsers
        options.tasks = context.tasks
        let input = CoActionInput<Int64>(
            keyCount: keys.keyCount, userCount: entityCount, messageUser: keys.messageUser, rowKey: keys.rowKey,
            rowTime: keys.rowTime, rowMessage: keys.rowMessage, keyWeight: nil)
        let directed = CoActionEngine.run(input, options)
        context.progress("co-action: \(directed.edgeCount) directed edges above the per-direction thresholds")

        // Symmetrise: keep u < v when v→u also passed; strength is the weaker direction.
        var sourceStart = [Int](repeating: 0, count: entityCount + 1)
        for s in directed.source { sourceStart[Int(s) + 1] += 1 }
        for u in 0 ..< entityCount { sourceStart[u + 1] += sourceStart[u] }
        var pairU: [Int32] = [], pairV: [Int32] = [], pairS: [Double] = []
        for e in 0 ..< directed.edgeCount {
            let u = directed.source[e], v = directed.target[e]
            guard u < v else { continue }
            let back = directed.target[sourceStart[Int(v)] ..< sourceStart[Int(v) + 1]]
            guard let r = binarySearch(back, u) else { continue }
            pairU.append(u)
            pairV.append(v)
            pairS.append(min(directed.weight[e], directed.weight[r]))
        }

        var sets = UnionFind(count: entityCount)
        for i in pairU.indices { sets.union(pairU[i], pairV[i]) }
        let (label, sizes) = sets.components()
        // Evidence per entity and its rate (share of its keyed actions that were co-acted, popularity-weighted);
        // components count only entities with enough of both.
        var keyedActions = [Int32](repeating: 0, count: entityCount)
        for u in keys.messageUser { keyedActions[Int(u)] += 1 }
        func rate(_ e: Int) -> Double {
            keyedActions[e] == 0 ? 0 : directed.matchedWeight[e] / Double(keyedActions[e])
        }
        func qualifies(_ e: Int) -> Bool { directed.matchedWeight[e] >= minEvidence && rate(e) >= minRate }
        var evidenced = [Int32](repeating: 0, count: sizes.count)
        for e in 0 ..< entityCount where qualifies(e) { evidenced[Int(label[e])] += 1 }
        var clusterOfComponent = [Int32](repeating: noReference, count: sizes.count)
        var clusterSizes: [Int] = []
        for e in 0 ..< entityCount {
            let c = Int(label[e])
            if evidenced[c] >= minCluster && clusterOfComponent[c] == noReference {
                clusterOfComponent[c] = Int32(clusterSizes.count)
                clusterSizes.append(Int(evidenced[c]))
            }
        }
        var score = [Double](repeating: 0, count: entityCount)
        var flag = [Bool](repeating: false, count: entityCount)
        var cluster = [Int32](repeating: noReference, count: entityCount)
        for e in 0 ..< entityCount {
            let s = directed.matchedWeight[e] * rate(e)
            score[e] = s > 0 ? s / (s + scoreHalf) : 0
            let c = clusterOfComponent[Int(label[e])]
            if c != noReference && qualifies(e) {
                flag[e] = true
                cluster[e] = c
            }
        }
        let findings = CoActionKeys.describe(
            clusters: cluster, clusterSizes: clusterSizes, pairs: pairU.count, keys: keys, data: data)
        return DetectorOutput(
            scores: EntityScores(detector: Self.name, score: score, flag: flag, cluster: cluster), findings: findings)
    }

    private func binarySearch(_ sorted: ArraySlice<Int32>, _ value: Int32) -> Int? {
        var lo = sorted.startIndex, hi = sorted.endIndex
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.endIndex && sorted[lo] == value ? lo : nil
    }
}
