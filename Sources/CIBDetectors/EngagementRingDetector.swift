public import CIBModel
internal import CIBStatistics
internal import Foundation

/// Engagement that comes from inside a dense group: dense-subgraph peeling in the style of FRAUDAR.
///
/// Spamouflage's posts were mostly commented on, liked and shared by its own accounts (Meta Q2 2023: an echo chamber
/// that rarely reached real users; kill-chain 6.2, amplifying with fake accounts). The detector builds the bipartite
/// graph engager → author from every reply, repost and like (self-engagement ignored), one edge per (engager,
/// author) pair with weight `r(count) / ln(indegree(author) + column-constant)`, where `r = 1` (binary edges, as in
/// FRAUDAR; the default) or `r = 1 + ln(count)` when `repeat-weight` is 1 — FRAUDAR's logarithmic column weighting,
/// which makes engagement of a popular author by many independent users cheap, so camouflage and natural
/// popularity do not create density (Hooi et al., KDD 2016, §4.3). Greedy peeling then finds the block `S` of engagers
/// and authors maximising `f(S)/|S|`; the block's nodes are removed and peeling repeats, up to `blocks` times.
///
/// A peeled block is the dense core of a ring; the ring's periphery — members who act rarely, so peeling removes them
/// early — still engages mostly inside it. Each block is therefore grown by **absorption** before it is judged: any
/// node next to it whose own engagement weight runs at least `absorb-share` into the block joins it, repeatedly, until
/// none does (an organic heavy user next to a dense core engages widely and stays out).
///
/// Engagers that engage more than `max-reach` distinct authors in the data (default 1,000: eleven new authors a day
/// for 91 days) are left out of the graph. Such an account engages everyone, so it belongs to no ring; left in, the
/// few heavy users of a platform (on Twitter the top 10 % of users write 80 % of the tweets: Pew Research Center,
/// "Sizing Up Twitter Users", 2019) and the authors they engage make a block denser than any ring, which spans most
/// of the platform, is rightly not flagged — and takes the closed groups it touched with it when its nodes are
/// removed. The operation's accounts engage their own network (a few hundred distinct authors at most here).
///
/// For each block the detector also measures its **closedness**: the block's internal weight over all the weight
/// touching it, `f(S) / (out(engagers) + in(authors) − f(S))` — 1 for an echo chamber whose members engage only with
/// each other and are engaged only by each other; low for a clique of fans of popular accounts (the authors are
/// engaged by many outsiders) or for busy organic users (the engagers engage with many outsiders). Block score =
/// density × closedness. A block is flagged when its closedness is at least `min-closedness`, its density at least
/// `min-density` and it has at least `min-block` entities: peeling on a large organic world finds organic blocks
/// that are *denser* than a campaign's (heavy users around popular authors), but far less closed. Engagement never
/// crosses platforms, so the whole active core of a small platform is closed too; a block is therefore not flagged
/// when its engagers are more than `max-coverage` of their platforms' engagers (weighted by where the block's
/// engagers are): a ring is a minority of the platform it hides in.
///
/// Members: an entity of the block gets `block score × own share`, where its own share is the part of its outgoing
/// engagement that goes to the block's authors (1 if it never engages, e.g. a Page). It is flagged with the block
/// only when that share is at least one half and, for accounts, when it engages at all: an organic user whose
/// question drew a flood of off-topic replies from the operation sits in the block as an author, but engages with
/// outsiders or not at all (Pages and Groups never engage, so they are judged as authors). Scores are the highest over
/// blocks; clusters are block numbers in the order found.
///
/// Cost: O(E log E) to build the graph and O(blocks × E log V) to peel, E = distinct (engager, author) pairs.
public struct EngagementRingDetector: Detector {
    public static let name = "engagement-ring"
    public static let summary = "Engagement from inside a dense group (FRAUDAR-style dense-subgraph peeling)."
    public static let citation = """
        B. Hooi, H. A. Song, A. Beutel, N. Shah, K. Shin, C. Faloutsos, "FRAUDAR: Bounding Graph Fraud in the Face \
        of Camouflage", KDD 2016; M. Charikar, "Greedy approximation algorithms for finding dense components in a \
        graph", APPROX 2000; Meta, Adversarial Threat Report Q2 2023 (self-engagement, kill-chain 6.2).
        """
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("blocks", "How many dense blocks to peel", default: 30, unit: .count, range: 1 ... 1000, integer: true),
        ParameterSpec(
            "column-constant", "c in the author-column weight 1 / ln(indegree + c)", default: 5, range: 1.000001 ... 1e9),
        ParameterSpec(
            "repeat-weight", "0: one engagement or many count the same (binary edges); 1: weight 1 + ln(count)",
            default: 0, range: 0 ... 1, integer: true),
        ParameterSpec(
            "min-block",
            "Fewest entities (engagers and authors) in a flagged block (small closed friend groups exist everywhere)",
            default: 25, unit: .count,
            range: 2 ... 1e9, integer: true),
        ParameterSpec(
            "min-closedness", "Flag blocks whose internal share of the engagement touching them is at least this",
            default: 0.6, unit: .fraction, range: 0 ... 1),
        ParameterSpec(
            "max-coverage", "Do not flag blocks whose engagers are more than this share of their platforms' engagers",
            default: 0.5, unit: .fraction, range: 0 ... 1),
        ParameterSpec("min-density", "Flag blocks at least this dense (weighted edges per node)", default: 0.5, range: 0 ... 1e12),
        ParameterSpec(
            "max-reach",
            "Leave out engagers who engage more distinct authors than this (an account that engages everyone is in no ring)",
            default: 1000, unit: .count, range: 1 ... 1e12),
        ParameterSpec(
            "absorb-share", "A node next to a block joins it when at least this share of its engagement weight runs into the block",
            default: 0.5, unit: .fraction, range: 0.5 ... 1),
    ]

    let blockCount: Int
    let columnConstant: Double
    let minBlock: Int
    let repeatWeight: Bool
    let minCloseness: Double
    let minDensity: Double
    let maxCoverage: Double
    let absorbShare: Double
    let maxReach: Double

    public init(parameters: ParameterValues) throws(DetectorError) {
        blockCount = parameters.int("blocks")
        columnConstant = parameters["column-constant"]
        minBlock = parameters.int("min-block")
        repeatWeight = parameters.int("repeat-weight") == 1
        minCloseness = parameters["min-closedness"]
        minDensity = parameters["min-density"]
        maxCoverage = parameters["max-coverage"]
        absorbShare = parameters["absorb-share"]
        maxReach = parameters["max-reach"]
    }

    public func run(on data: ObservableDataset, context: DetectorContext) throws(DetectorError) -> DetectorOutput {
        let n = data.entities.count
        var scores = EntityScores(detector: Self.name, count: n)
        var cluster = [Int32](repeating: noReference, count: n)
        let events = data.events

        // Distinct (engager, author) pairs with counts.
        var pairs: [UInt64] = []
        for i in 0 ..< events.count {
            let action = events.action[i]
            guard action != .post else { continue }
            let target = events.target[i]
            guard target >= 0 else { continue }
            let engager = events.actor[i]
            let author = events.actor[Int(target)]
            if engager == author { continue }
            pairs.append(UInt64(UInt32(bitPattern: engager)) << 32 | UInt64(UInt32(bitPattern: author)))
        }
        RadixSort.sort(&pairs)
        var edgeEngager: [Int32] = []
        var edgeAuthor: [Int32] = []
        var edgeCount: [Int32] = []
        var i = 0
        // Each engager's reach: the distinct authors it engages (the pairs are sorted, so each pair's first copy counts).
        var reach = [Int32](repeating: 0, count: n)
        for k in pairs.indices where k == 0 || pairs[k] != pairs[k - 1] { reach[Int(pairs[k] >> 32)] += 1 }
        while i < pairs.count {
            var j = i + 1
            while j < pairs.count, pairs[j] == pairs[i] { j += 1 }
            if Double(reach[Int(pairs[i] >> 32)]) > maxReach { i = j; continue }
            edgeEngager.append(Int32(truncatingIfNeeded: pairs[i] >> 32))
            edgeAuthor.append(Int32(truncatingIfNeeded: pairs[i] & 0xffff_ffff))
            edgeCount.append(Int32(j - i))
            i = j
        }
        pairs = []
        guard !edgeEngager.isEmpty else {
            scores.cluster = cluster
            return DetectorOutput(scores: scores)
        }

        // Nodes: engager rows 0 ..< R, author columns R ..< R + C.
        var rowOf = [Int32](repeating: -1, count: n)
        var columnOf = [Int32](repeating: -1, count: n)
        var nodeEntity: [Int32] = []
        for e in edgeEngager where rowOf[Int(e)] < 0 {
            rowOf[Int(e)] = Int32(nodeEntity.count)
            nodeEntity.append(e)
        }
        let rowCount = nodeEntity.count
        var indegree = [Int](repeating: 0, count: n)
        for a in edgeAuthor {
            indegree[Int(a)] += 1
            if columnOf[Int(a)] < 0 {
                columnOf[Int(a)] = Int32(nodeEntity.count)
                nodeEntity.append(a)
            }
        }
        let nodeCount = nodeEntity.count
        var sources = [Int32](repeating: 0, count: 2 * edgeEngager.count)
        var targets = [Int32](repeating: 0, count: 2 * edgeEngager.count)
        var weights = [Double](repeating: 0, count: 2 * edgeEngager.count)
        for k in edgeEngager.indices {
            let row = rowOf[Int(edgeEngager[k])]
            let column = columnOf[Int(edgeAuthor[k])]
            let w = (repeatWeight ? 1 + log(Double(edgeCount[k])) : 1) / log(Double(indegree[Int(edgeAuthor[k])]) + columnConstant)
            sources[2 * k] = row
            targets[2 * k] = column
            sources[2 * k + 1] = column
            targets[2 * k + 1] = row
            weights[2 * k] = w
            weights[2 * k + 1] = w
        }
        let adjacency = CSRGraph(rowCount: nodeCount, sources: sources, targets: targets, weights: weights)
        // Each node's total weight (an engager's outgoing, an author's incoming), for the block's closedness.
        var strength = [Double](repeating: 0, count: nodeCount)
        for node in 0 ..< nodeCount {
            for e in adjacency.range(of: node) { strength[node] += adjacency.weights[e] }
        }

        // Active engagers per platform, for a block's coverage.
        let platformCount = max(1, data.platforms.count)
        var engagersOnPlatform = [Int](repeating: 0, count: platformCount)
        for row in 0 ..< rowCount {
            engagersOnPlatform[Int(data.entities.platform[Int(nodeEntity[row])]) % platformCount] += 1
        }
        var blockEngagersOnPlatform = [Int](repeating: 0, count: platformCount)
        var alive = [Bool](repeating: true, count: nodeCount)
        var ownShare = [Double](repeating: -1, count: n)
        var findings: [Finding] = []
        var inBlock = [Bool](repeating: false, count: nodeCount)
        var flaggedBlocks = 0
        // Engagement never crosses platforms: peel each platform's graph on its own, up to `blocks` blocks each.
        var candidatesByPlatform = [[Int32]](repeating: [], count: platformCount)
        for node in 0 ..< nodeCount {
            candidatesByPlatform[Int(data.entities.platform[Int(nodeEntity[node])]) % platformCount].append(Int32(node))
        }
        var local = [Int32](repeating: -1, count: nodeCount)
        var blockNumber = 0
        var unflaggedBlocks = 0
        for platform in 0 ..< platformCount where !candidatesByPlatform[platform].isEmpty {
            for _ in 0 ..< blockCount {
                guard let block = DensestBlock.peel(
                    adjacency: adjacency, candidates: candidatesByPlatform[platform], alive: alive, local: &local)
                else { break }
                for node in block.nodes { alive[Int(node)] = false }
                // The peeled set can join dense groups that share no edge (a ring and an unrelated closed
                // community of similar density): judge each connected component on its own.
                for core in Self.components(of: block.nodes, adjacency: adjacency, scratch: &local) {
                    for node in core { inBlock[Int(node)] = true }
                    let nodes = Self.absorb(core, adjacency: adjacency, strength: strength, share: absorbShare,
                                            inBlock: &inBlock, alive: &alive)
                    var authorWeight = 0.0
                    var engagerWeight = 0.0
                    var insideWeight = 0.0
                    var engagers = 0
                    var authors = 0
                    var entities: [Int32] = []
                    for node in nodes {
                        entities.append(nodeEntity[Int(node)])
                        if Int(node) < rowCount {
                            engagers += 1
                            engagerWeight += strength[Int(node)]
                            blockEngagersOnPlatform[Int(data.entities.platform[Int(nodeEntity[Int(node)])]) % platformCount] += 1
                            var inside = 0.0
                            for e in adjacency.range(of: Int(node)) where inBlock[Int(adjacency.targets[e])] {
                                inside += adjacency.weights[e]
                            }
                            ownShare[Int(nodeEntity[Int(node)])] = strength[Int(node)] > 0 ? inside / strength[Int(node)] : 1
                            continue
                        }
                        authors += 1
                        authorWeight += strength[Int(node)]
                        for e in adjacency.range(of: Int(node)) where inBlock[Int(adjacency.targets[e])] {
                            insideWeight += adjacency.weights[e]
                        }
                    }
                    let touching = authorWeight + engagerWeight - insideWeight
                    let closedness = touching > 0 ? insideWeight / touching : 0
                    let density = insideWeight / Double(nodes.count)
                    let blockScore = density * closedness
                    var coverage = 0.0
                    for p in 0 ..< platformCount where blockEngagersOnPlatform[p] > 0 {
                        let here = Double(blockEngagersOnPlatform[p])
                        coverage += here * here / Double(engagersOnPlatform[p])
                        blockEngagersOnPlatform[p] = 0
                    }
                    coverage = engagers > 0 ? coverage / Double(engagers) : 0
                    entities.sort()
                    var distinct = entities
                    distinct.removeAdjacentDuplicates()
                    let flagged = closedness >= minCloseness && density >= minDensity && coverage <= maxCoverage
                        && distinct.count >= minBlock
                    var members = 0
                    for entity in distinct {
                        // An entity that engages (row node) has its share set above; one that only authors engages
                        // elsewhere or not at all: its share is its outgoing weight into this block's authors.
                        var share = ownShare[Int(entity)]
                        if share < 0 {
                            let row = rowOf[Int(entity)]
                            if row < 0 || strength[Int(row)] == 0 {
                                share = 1
                            } else {
                                var inside = 0.0
                                for e in adjacency.range(of: Int(row)) where inBlock[Int(adjacency.targets[e])] {
                                    inside += adjacency.weights[e]
                                }
                                share = inside / strength[Int(row)]
                            }
                        }
                        ownShare[Int(entity)] = -1
                        let score = blockScore * share
                        if score > scores.score[Int(entity)] { scores.score[Int(entity)] = score }
                        let engages = rowOf[Int(entity)] >= 0
                        let judged = engages || data.entities.kind[Int(entity)] != .account
                        if flagged, judged, share >= 0.5, !scores.flag[Int(entity)] {
                            scores.flag[Int(entity)] = true
                            cluster[Int(entity)] = Int32(blockNumber)
                            members += 1
                        }
                    }
                    if flagged { flaggedBlocks += 1 }
                    for node in nodes { inBlock[Int(node)] = false }
                    blockNumber += 1
                    guard flagged else {
                        unflaggedBlocks += 1
                        continue
                    }
                    findings.append(Finding(
                        cluster: Int32(blockNumber - 1), size: members,
                        summary: "block \(blockNumber - 1) on \(data.platforms.isEmpty ? "?" : data.platforms[platform].name), "
                            + "\(members) members flagged: \(engagers) engagers and \(authors) authors "
                            + "(\(distinct.count) entities), density \(Self.format(density)), closedness \(Self.format(closedness)), "
                            + "\(AudienceMismatchDetector.percent(coverage)) of its platforms' engagers: "
                            + "\(AudienceMismatchDetector.percent(authorWeight > 0 ? insideWeight / authorWeight : 0)) of the authors' "
                            + "engagement from inside the block, \(AudienceMismatchDetector.percent(engagerWeight > 0 ? insideWeight / engagerWeight : 0)) "
                            + "of the engagers' engagement into it"))
                }
            }
        }
        findings.append(Finding(
            cluster: nil, size: unflaggedBlocks,
            summary: "\(unflaggedBlocks) further dense blocks were not flagged (not closed enough, too sparse, too small, or most of their platform)"))
        scores.cluster = cluster
        context.progress("\(Self.name): \(edgeEngager.count) engager-author pairs, \(flaggedBlocks) blocks flagged")
        return DetectorOutput(scores: scores, findings: findings)
    }

    /// `core` grown by absorption: every alive node adjacent to the block whose engagement weight runs at least `share`
    /// into it joins it (marked in `inBlock`, no longer `alive`), pass after pass until no node joins (at most 64
    /// passes). Returns the grown block, ascending.
    static func absorb(
        _ core: [Int32], adjacency: CSRGraph, strength: [Double], share: Double, inBlock: inout [Bool], alive: inout [Bool]
    ) -> [Int32] {
        var nodes = core
        var frontier = core
        var pass = 0
        while !frontier.isEmpty && pass < 64 {
            pass += 1
            var joined: [Int32] = []
            for u in frontier {
                for e in adjacency.range(of: Int(u)) {
                    let v = Int(adjacency.targets[e])
                    guard !inBlock[v], alive[v], strength[v] > 0 else { continue }
                    var inside = 0.0
                    for f in adjacency.range(of: v) where inBlock[Int(adjacency.targets[f])] { inside += adjacency.weights[f] }
                    if inside >= share * strength[v] {
                        inBlock[v] = true
                        alive[v] = false
                        joined.append(Int32(v))
                    }
                }
            }
            nodes += joined
            frontier = joined
        }
        if nodes.count > core.count { nodes.sort() }
        return nodes
    }

    /// The connected components of the subgraph induced by `nodes` (ascending), each ascending, ordered by their
    /// smallest node. `scratch` has one entry per node, all -1, and is left so.
    static func components(of nodes: [Int32], adjacency: CSRGraph, scratch: inout [Int32]) -> [[Int32]] {
        for (i, u) in nodes.enumerated() { scratch[Int(u)] = Int32(i) }
        defer { for u in nodes { scratch[Int(u)] = -1 } }
        var sets = UnionFind(count: nodes.count)
        for (i, u) in nodes.enumerated() {
            for e in adjacency.range(of: Int(u)) {
                let j = scratch[Int(adjacency.targets[e])]
                if j >= 0 { sets.union(Int32(i), j) }
            }
        }
        let (labels, sizes) = sets.componentLabels(minimumSize: 1)
        var result = sizes.map { [Int32]().reserved($0) }
        for (i, u) in nodes.enumerated() { result[Int(labels[i])].append(u) }
        return result
    }

    static func format(_ x: Double) -> String { String(format: "%.2f", x) }
}

extension Array {
    /// An empty array with room for `n` elements.
    fileprivate func reserved(_ n: Int) -> [Element] {
        var copy = self
        copy.reserveCapacity(n)
        return copy
    }
}

