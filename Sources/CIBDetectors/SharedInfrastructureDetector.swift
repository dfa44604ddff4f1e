public import CIBModel
internal import CIBStatistics
internal import Foundation

/// Accounts that share IP addresses or device fingerprints over time, in the style of SynchroTrap.
///
/// SynchroTrap (Cao, Yang, Yu, Palow; CCS 2014) describes each account by its set of *constraints* — here
/// `(IP address, time window of `window` seconds)` (one window over the whole observation when `window` is 0) and
/// `(device fingerprint)` — and links accounts whose constraint sets have a high Jaccard similarity, then clusters
/// them. The default window is a day because accounts log in about once per day on which they act. Spamouflage's operators were centrally provisioned with
/// proxies (Meta Q2 2023, kill-chain 3.3.1) and, per the DOJ complaint, several accounts used the same device and IP.
///
/// Steps, all O(logins log logins) plus the pair work bounded below:
/// 1. Constraints are interned in login order; each account's distinct constraints are collected.
/// 2. Each constraint `c` used by `p(c)` distinct entities gets the weight `w(c) = log(1 + A / p(c))` (an inverse
///    document frequency; `A` = entities with logins), so rare shared constraints count most. Two kinds of
///    constraint get weight 0 and count nowhere (neither in shared nor in total weights):
///    - a constraint of a single entity: it cannot link anyone, and counting it would make similarity depend on how
///      often an account logs in (an operator's account logging in once a day through a random proxy has mostly
///      unique `(IP, day)` constraints, yet shares devices with its cluster);
///    honest shared networks are discounted, not evidence:
///    - an `(IP, window)` constraint with `p(c) ≥ shared-network-accounts` whose *personal* devices (fingerprints
///      used by one entity only, anywhere in the data) per entity are at least `shared-network-diversity`: people
///      each on their own phone behind a carrier NAT or campus gateway, not a proxy used from operator devices that
///      each log in many accounts;
///    - any constraint with `p(c) > max-popularity`; this cap bounds the pair work by `max-popularity × Σ p(c)`, so
///      there is no quadratic blow-up (a proxy or device shared by more entities than this is missed: raise the cap
///      for very large operations).
/// 3. Weighted Jaccard similarity `sim(u, v) = Σ_{c ∈ S(u) ∩ S(v)} w(c) / Σ_{c ∈ S(u) ∪ S(v)} w(c)` for every
///    pair sharing at least `min-shared` weighted constraints (one shared fingerprint alone — a popular phone model —
///    links nobody; SynchroTrap likewise requires several matched actions), with a sparse accumulator per account (no hash map, no per-pair
///    allocation); chunks of accounts run in parallel and merge in chunk order, so results do not depend on the
///    thread count.
/// 4. Single-linkage clustering (union-find) over pairs with `sim ≥ similarity-threshold`; clusters smaller than
///    `min-cluster` are dropped.
///
/// Score: an entity's highest similarity to any other, halved when it is not in a kept cluster. Flag: in a kept
/// cluster. Clusters: the kept clusters, numbered by their smallest member. Known gap: logins a few minutes apart
/// across a window boundary do not share an `(IP, window)` constraint; a generic device fingerprint shared by many
/// honest users (same phone model and OS) would link them unless it exceeds `max-popularity`.
public struct SharedInfrastructureDetector: Detector {
    public static let name = "shared-infrastructure"
    public static let summary = "Accounts sharing IP addresses or device fingerprints over time (SynchroTrap-style)."
    public static let citation = """
        Q. Cao, X. Yang, J. Yu, C. Palow, "Uncovering Large Groups of Active Malicious Accounts in Online Social \
        Networks", ACM CCS 2014 (SynchroTrap); Meta, Adversarial Threat Report Q2 2023 (centralised internet access, \
        kill-chain 3.3.1).
        """
    public static let parameters: [ParameterSpec] = [
        ParameterSpec(
            "window", "Time window of an (IP, window) constraint; 0 = one window for the whole observation",
            default: 86_400, unit: .seconds, range: 0 ... 1e9),
        ParameterSpec(
            "use-devices", "1: device fingerprints are constraints too; 0: IP addresses only", default: 1,
            range: 0 ... 1, integer: true),
        ParameterSpec(
            "max-popularity", "Constraints shared by more entities than this are ignored (shared networks)",
            default: 1000, unit: .count, range: 2 ... 1e9, integer: true),
        ParameterSpec(
            "shared-network-accounts", "An (IP, window) used by at least this many entities may be an honest shared network",
            default: 2, unit: .count, range: 2 ... 1e9, integer: true),
        ParameterSpec(
            "shared-network-diversity", "...and is ignored when its personal (single-entity) devices per entity are at least this",
            default: 0.8, unit: .fraction, range: 0 ... 1e9),
        ParameterSpec(
            "similarity-threshold", "Weighted Jaccard similarity that links two entities", default: 0.1,
            unit: .fraction, range: 0 ... 1),
        ParameterSpec(
            "min-shared", "Fewest shared weighted constraints for two entities to be compared", default: 2,
            unit: .count, range: 1 ... 1e9, integer: true),
        ParameterSpec("min-cluster", "Smallest cluster that is flagged", default: 3, unit: .count, range: 2 ... 1e9, integer: true),
    ]

    let window: Int64
    let useDevices: Bool
    let maxPopularity: Int
    let sharedNetworkAccounts: Int
    let sharedNetworkDiversity: Double
    let similarityThreshold: Double
    let minCluster: Int
    let minShared: Int

    public init(parameters: ParameterValues) throws(DetectorError) {
        window = Int64(parameters["window"].rounded())
        useDevices = parameters.int("use-devices") == 1
        maxPopularity = parameters.int("max-popularity")
        sharedNetworkAccounts = parameters.int("shared-network-accounts")
        sharedNetworkDiversity = parameters["shared-network-diversity"]
        similarityThreshold = parameters["similarity-threshold"]
        minCluster = parameters.int("min-cluster")
        minShared = parameters.int("min-shared")
    }

    static let deviceBit: UInt64 = 1 << 63

    public func run(on data: ObservableDataset, context: DetectorContext) throws(DetectorError) -> DetectorOutput {
        let n = data.entities.count
        var scores = EntityScores(detector: Self.name, count: n)
        let logins = data.logins
        guard n > 0, logins.count > 0 else {
            scores.cluster = [Int32](repeating: noReference, count: n)
            return DetectorOutput(scores: scores)
        }

        // 1. Intern constraints in login order; (constraint, entity) and (IP constraint, device) pairs.
        var constraintOfKey: [UInt64: Int32] = [:]
        constraintOfKey.reserveCapacity(min(logins.count, 1 << 20))
        var keys: [UInt64] = []
        var memberPairs: [UInt64] = []
        memberPairs.reserveCapacity(logins.count * 2)
        var devicePairs: [UInt64] = []
        devicePairs.reserveCapacity(logins.count)
        for i in 0 ..< logins.count {
            let entity = UInt64(UInt32(bitPattern: logins.entity[i]))
            let t = logins.time[i]
            let slot = window == 0 ? 0 : (t >= 0 ? t / window : (t - window + 1) / window)
            let ipKey = UInt64(logins.ip[i]) << 31 | (UInt64(bitPattern: slot) & 0x7fff_ffff)
            let ipConstraint = Self.intern(ipKey, &constraintOfKey, &keys)
            memberPairs.append(UInt64(ipConstraint) << 32 | entity)
            // Device constraints are always interned (their popularity tells personal devices from shared ones);
            // they get weight 0 when devices are not used as constraints.
            let deviceConstraint = Self.intern(Self.deviceBit | UInt64(logins.device[i]), &constraintOfKey, &keys)
            memberPairs.append(UInt64(deviceConstraint) << 32 | entity)
            devicePairs.append(UInt64(ipConstraint) << 32 | UInt64(deviceConstraint))
        }
        let constraintCount = keys.count
        RadixSort.sortUnique(&memberPairs)
        RadixSort.sortUnique(&devicePairs)

        // 2. Members per constraint (CSR, members ascending) and weights.
        var memberSources = [Int32](repeating: 0, count: memberPairs.count)
        var memberTargets = [Int32](repeating: 0, count: memberPairs.count)
        for (i, pair) in memberPairs.enumerated() {
            memberSources[i] = Int32(truncatingIfNeeded: pair >> 32)
            memberTargets[i] = Int32(truncatingIfNeeded: pair & 0xffff_ffff)
        }
        let members = CSRGraph(rowCount: constraintCount, sources: memberSources, targets: memberTargets)
        // Personal devices (used by one entity only) seen at each (IP, window).
        var personalDevices = [Int32](repeating: 0, count: constraintCount)
        for pair in devicePairs where members.degree(of: Int(pair & 0xffff_ffff)) == 1 {
            personalDevices[Int(pair >> 32)] += 1
        }
        var activeEntities = 0
        do {
            var seen = [Bool](repeating: false, count: n)
            for e in memberTargets where !seen[Int(e)] {
                seen[Int(e)] = true
                activeEntities += 1
            }
        }
        var weight = [Double](repeating: 0, count: constraintCount)
        var ignoredShared = 0
        var ignoredPopular = 0
        for c in 0 ..< constraintCount {
            let p = members.degree(of: c)
            let isIP = keys[c] & Self.deviceBit == 0
            if p < 2 {
                continue
            } else if p > maxPopularity {
                ignoredPopular += 1
            } else if !isIP && !useDevices {
                continue
            } else if isIP, p >= sharedNetworkAccounts, Double(personalDevices[c]) / Double(p) >= sharedNetworkDiversity {
                ignoredShared += 1
            } else {
                weight[c] = log(1 + Double(activeEntities) / Double(p))
            }
        }
        // Constraints per entity (the transpose) and total weights.
        let constraintsOf = CSRGraph(rowCount: n, sources: memberTargets, targets: memberSources)
        var totalWeight = [Double](repeating: 0, count: n)
        for u in 0 ..< n {
            var sum = 0.0
            for e in constraintsOf.range(of: u) { sum += weight[Int(constraintsOf.targets[e])] }
            totalWeight[u] = sum
        }

        // 3. Similarities, in chunks of entities whose number depends only on n.
        let chunkCount = max(1, min(32, (n + 8191) / 8192))
        let ranges = DeterministicParallel.ranges(count: n, chunkSize: (n + chunkCount - 1) / chunkCount)
        let threshold = similarityThreshold
        let minShared = self.minShared
        let constraintWeight = weight
        let entityWeight = totalWeight
        let chunkResults = DeterministicParallel.map(chunks: ranges.count, tasks: context.tasks) { chunk in
            Self.similarities(
                entities: ranges[chunk], n: n, members: members, constraintsOf: constraintsOf, weight: constraintWeight,
                totalWeight: entityWeight, threshold: threshold, minShared: minShared)
        }

        // 4. Single linkage.
        var maxSimilarity = [Double](repeating: 0, count: n)
        var sets = UnionFind(count: n)
        var linkCount = 0
        for (chunk, result) in chunkResults.enumerated() {
            let range = ranges[chunk]
            for (offset, s) in result.maxSimilarity.enumerated() { maxSimilarity[range.lowerBound + offset] = s }
            for i in stride(from: 0, to: result.links.count, by: 2) {
                sets.union(result.links[i], result.links[i + 1])
                linkCount += 1
            }
        }
        let (labels, sizes) = sets.componentLabels(minimumSize: minCluster)
        for u in 0 ..< n {
            let inCluster = labels[u] >= 0
            scores.score[u] = inCluster ? maxSimilarity[u] : maxSimilarity[u] / 2
            scores.flag[u] = inCluster
        }
        scores.cluster = labels

        // Findings: per cluster, the weighted constraints shared inside it.
        var sharedIPs = [[UInt32]](repeating: [], count: sizes.count)
        var sharedDevices = [Int](repeating: 0, count: sizes.count)
        for c in 0 ..< constraintCount where weight[c] > 0 && members.degree(of: c) >= 2 {
            let range = members.range(of: c)
            let label = labels[Int(members.targets[range.lowerBound])]
            guard label >= 0 else { continue }
            var inside = 0
            for e in range where labels[Int(members.targets[e])] == label { inside += 1 }
            guard inside >= 2 else { continue }
            if keys[c] & Self.deviceBit != 0 {
                sharedDevices[Int(label)] += 1
            } else {
                sharedIPs[Int(label)].append(UInt32(truncatingIfNeeded: keys[c] >> 31))
            }
        }
        var findings: [Finding] = []
        for label in sizes.indices {
            let ips = Array(Set(sharedIPs[label])).sorted()
            let shown = ips.prefix(3).map { IPv4.format($0) }.joined(separator: ", ")
            findings.append(Finding(
                cluster: Int32(label), size: sizes[label],
                summary: "\(sizes[label]) entities share \(ips.count) IP addresses (\(shown)\(ips.count > 3 ? ", …" : "")) "
                    + "in \(window == 0 ? "the whole period" : "\(window)s windows") and \(sharedDevices[label]) device fingerprints"))
        }
        context.progress(
            "\(Self.name): \(constraintCount) constraints (\(ignoredPopular) too popular, \(ignoredShared) shared networks), "
                + "\(linkCount) links, \(sizes.count) clusters")
        return DetectorOutput(scores: scores, findings: findings)
    }

    struct ChunkResult: Sendable {
        var maxSimilarity: [Double]
        /// Flattened `(u, v)` pairs with `u < v` and similarity at or above the threshold.
        var links: [Int32]
    }

    /// Similarities of the entities in `entities` to every entity sharing a weighted constraint with them.
    static func similarities(
        entities: Range<Int>, n: Int, members: CSRGraph, constraintsOf: CSRGraph, weight: [Double], totalWeight: [Double],
        threshold: Double, minShared: Int
    ) -> ChunkResult {
        var accumulator = [Double](repeating: 0, count: n)
        var sharedCount = [Int32](repeating: 0, count: n)
        var touched: [Int32] = []
        var result = ChunkResult(maxSimilarity: [Double](repeating: 0, count: entities.count), links: [])
        for u in entities {
            for e in constraintsOf.range(of: u) {
                let c = Int(constraintsOf.targets[e])
                let w = weight[c]
                guard w > 0 else { continue }
                for m in members.range(of: c) {
                    let v = members.targets[m]
                    if Int(v) == u { continue }
                    if sharedCount[Int(v)] == 0 { touched.append(v) }
                    accumulator[Int(v)] += w
                    sharedCount[Int(v)] += 1
                }
            }
            var best = 0.0
            for v in touched {
                let shared = accumulator[Int(v)]
                let count = Int(sharedCount[Int(v)])
                accumulator[Int(v)] = 0
                sharedCount[Int(v)] = 0
                guard count >= minShared else { continue }
                let union = totalWeight[u] + totalWeight[Int(v)] - shared
                let similarity = union > 0 ? min(1, shared / union) : 0
                best = max(best, similarity)
                if similarity >= threshold, u < Int(v) {
                    result.links.append(Int32(u))
                    result.links.append(v)
                }
            }
            touched.removeAll(keepingCapacity: true)
            result.maxSimilarity[u - entities.lowerBound] = best
        }
        return result
    }

    @inline(__always)
    static func intern(_ key: UInt64, _ table: inout [UInt64: Int32], _ keys: inout [UInt64]) -> Int32 {
        if let id = table[key] { return id }
        let id = Int32(keys.count)
        table[key] = id
        keys.append(key)
        return id
    }

}
