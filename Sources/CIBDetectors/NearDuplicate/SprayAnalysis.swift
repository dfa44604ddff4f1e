internal import CIBModel
internal import Dispatch

/// The steps of ``NearDuplicateDetector`` on one dataset.
struct SprayAnalysis {
    let detector: NearDuplicateDetector
    let data: ObservableDataset
    let context: DetectorContext

    /// One sprayer of one content cluster.
    struct Spray {
        var cluster: Int32
        var entity: Int32
        var evidence: Double
        var discount: Double
    }

    /// Names shorter than this never stand for a brand family (two people called `amy` are not a brand).
    static let minimumBrandPrefix = 6

    /// Each name that begins with a shorter name of the list (of at least ``minimumBrandPrefix`` characters) mapped to
    /// that shortest such name; names that begin with no other are absent.
    static func brandFamilies(_ names: [String]) -> [String: String] {
        let sorted = Array(Set(names.filter { $0.count >= minimumBrandPrefix })).sorted()
        var family: [String: String] = [:]
        var root: String? = nil
        for n in sorted {
            if let r = root, n.hasPrefix(r) {
                family[n] = r
            } else {
                root = n
            }
        }
        return family
    }

    private struct BrandPlatform: Hashable {
        var brand: String
        var platform: UInt16
    }

    func output() -> DetectorOutput {
        let entityCount = data.entities.count
        let events = data.events
        let lsh = MinHashLSH(
            threshold: detector.similarity, shingleSize: detector.shingleSize, minLength: detector.minLength,
            seed: context.seed, tasks: context.tasks)
        let clock = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> String {
            let s = Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e9
            return s < 10 ? String(Int(s * 1000)) + " ms" : String(Int(s)) + " s"
        }
        let shingled = lsh.shingle(data.texts)
        context.progress("near-duplicate: shingles and MinHash signatures after \(elapsed())")
        let pairs = lsh.verifiedGroupPairs(shingled, allPairs: false)
        context.progress("near-duplicate: candidate pairs verified after \(elapsed())")
        var groupSets = UnionFind(count: shingled.groupCount)
        for p in pairs { groupSets.union(p.a, p.b) }
        let (groupCluster, clusterSizes) = groupSets.components()
        context.progress(
            "near-duplicate: \(data.texts.count) texts, \(shingled.groupCount) distinct, \(pairs.count) near-duplicate pairs "
                + "(\(lsh.banding)), \(clusterSizes.count) content clusters")

        // Events with text, bucketed by content cluster (stable, so each bucket stays in time order).
        let clusterCount = clusterSizes.count
        var bucketStart = [Int](repeating: 0, count: clusterCount + 1)
        var eventCluster = [Int32](repeating: -1, count: events.count)
        for e in 0 ..< events.count {
            let t = events.text[e]
            guard t != noReference, events.action[e] == .post || events.action[e] == .reply else { continue }
            let g = shingled.groupOf[Int(t)]
            guard g >= 0 else { continue }
            let c = groupCluster[Int(g)]
            eventCluster[e] = c
            bucketStart[Int(c) + 1] += 1
        }
        for c in 0 ..< clusterCount { bucketStart[c + 1] += bucketStart[c] }
        var bucket = [Int32](repeating: 0, count: bucketStart[clusterCount])
        var fill = bucketStart
        for e in 0 ..< events.count where eventCluster[e] >= 0 {
            let c = Int(eventCluster[e])
            bucket[fill[c]] = Int32(e)
            fill[c] += 1
        }

        // Fan-out per cluster and sprayed events, by a two-pointer window over each bucket.
        let platformCount = data.platforms.count
        var inWindow = [Int32](repeating: 0, count: platformCount)
        var cover = [Int32]()
        var fanout = [Int](repeating: 0, count: clusterCount)
        var sprayed = [Bool](repeating: false, count: events.count)
        for c in 0 ..< clusterCount {
            let lo = bucketStart[c], hi = bucketStart[c + 1]
            guard hi - lo >= detector.minPlatforms else { continue }
            cover.removeAll(keepingCapacity: true)
            cover.append(contentsOf: repeatElement(0, count: hi - lo + 1))
            var j = lo
            var distinct = 0
            for i in lo ..< hi {
                let end = events.time[Int(bucket[i])] + detector.window
                while j < hi && events.time[Int(bucket[j])] <= end {
                    let p = Int(data.entities.platform[Int(events.actor[Int(bucket[j])])])
                    if inWindow[p] == 0 { distinct += 1 }
                    inWindow[p] += 1
                    j += 1
                }
                fanout[c] = max(fanout[c], distinct)
                if distinct >= detector.minPlatforms {
                    cover[i - lo] += 1
                    cover[j - lo] -= 1
                }
                let p = Int(data.entities.platform[Int(events.actor[Int(bucket[i])])])
                inWindow[p] -= 1
                if inWindow[p] == 0 { distinct -= 1 }
            }
            var running: Int32 = 0
            for i in lo ..< hi {
                running += cover[i - lo]
                if running > 0 { sprayed[Int(bucket[i])] = true }
            }
        }

        context.progress("near-duplicate: fan-out windows after \(elapsed())")
        // Sprayers per cluster, with the brand discount.
        var sprays: [Spray] = []
        var sprayedClusters: [Int32] = []
        var names: [String?] = [String?](repeating: nil, count: entityCount)
        func brand(_ e: Int32) -> String {
            if let n = names[Int(e)] { return n }
            let n = String(String.UnicodeScalarView(
                data.entities.name[Int(e)].lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }))
            names[Int(e)] = n
            return n
        }
        for c in 0 ..< clusterCount where fanout[c] >= detector.minPlatforms {
            var sprayers: [Int32] = []
            for i in bucketStart[c] ..< bucketStart[c + 1] where sprayed[Int(bucket[i])] {
                sprayers.append(events.actor[Int(bucket[i])])
            }
            sprayers.sort()
            var unique: [Int32] = []
            for s in sprayers where unique.last != s { unique.append(s) }
            sprayedClusters.append(Int32(c))
            let evidence = min(1, Double(fanout[c]) / Double(detector.fullFanout))
            // A brand: sprayers with one name on at least min-platforms platforms (a newsroom's accounts). Content a
            // brand sprays is its story; everyone else posting it is sharing the news. An outlet that could not get
            // the same handle everywhere (`herald`, `heraldnews`, `herald_tw`) still carries its name: a name that
            // begins with another sprayer's (of at least `Self.minimumBrandPrefix` letters) counts as that brand.
            let family = Self.brandFamilies(unique.map(brand))
            var brandPlatforms: [String: Set<UInt16>] = [:]
            for a in unique { brandPlatforms[family[brand(a)] ?? brand(a), default: []].insert(data.entities.platform[Int(a)]) }
            let brands = brandPlatforms.filter { !$0.key.isEmpty && $0.value.count >= detector.minPlatforms }.map(\.key)
            // Sprayers per brand and per (brand, platform), for the share of other-platform sprayers carrying a's
            // brand, in O(sprayers).
            var perPlatform: [UInt16: Int] = [:]
            var perBrand: [String: Int] = [:]
            var perBrandPlatform: [BrandPlatform: Int] = [:]
            for a in unique {
                let p = data.entities.platform[Int(a)]
                perPlatform[p, default: 0] += 1
                let n = family[brand(a)] ?? brand(a)
                guard !n.isEmpty else { continue }
                perBrand[n, default: 0] += 1
                perBrandPlatform[BrandPlatform(brand: n, platform: p), default: 0] += 1
            }
            for a in unique {
                let discount: Double
                if !brands.isEmpty {
                    discount = detector.brandDiscount
                } else {
                    let pa = data.entities.platform[Int(a)]
                    let n = family[brand(a)] ?? brand(a)
                    let others = unique.count - perPlatform[pa]!
                    let branded = n.isEmpty ? 0 : perBrand[n]! - perBrandPlatform[BrandPlatform(brand: n, platform: pa)]!
                    let fraction = others == 0 ? 0 : Double(branded) / Double(others)
                    discount = 1 - (1 - detector.brandDiscount) * fraction
                }
                sprays.append(Spray(cluster: Int32(c), entity: a, evidence: evidence, discount: discount))
            }
        }

        // Unbranded items add up; branded ones (discount ≤ 0.5) never do: together they count as their best one.
        var evidence = [Double](repeating: 0, count: entityCount)
        var brandedBest = [Double](repeating: 0, count: entityCount)
        for s in sprays {
            if s.discount > 0.5 {
                evidence[Int(s.entity)] += s.evidence * s.discount
            } else {
                brandedBest[Int(s.entity)] = max(brandedBest[Int(s.entity)], s.evidence * s.discount)
            }
        }
        for e in 0 ..< entityCount { evidence[e] += brandedBest[e] }
        var score = [Double](repeating: 0, count: entityCount)
        var flag = [Bool](repeating: false, count: entityCount)
        for e in 0 ..< entityCount where evidence[e] > 0 {
            score[e] = evidence[e] / (evidence[e] + detector.scoreHalf)
            flag[e] = score[e] >= 0.5
        }
        var accountSets = UnionFind(count: entityCount)
        var firstFlagged = [Int32](repeating: -1, count: clusterCount)
        for s in sprays where flag[Int(s.entity)] && s.discount > detector.brandDiscount + 1e-12 {
            let c = Int(s.cluster)
            if firstFlagged[c] < 0 { firstFlagged[c] = s.entity } else { accountSets.union(firstFlagged[c], s.entity) }
        }
        let (accountLabel, _) = accountSets.components()
        var clusterOfLabel: [Int32: Int32] = [:]
        var cluster = [Int32](repeating: noReference, count: entityCount)
        var groupMembers: [[Int32]] = []
        for e in 0 ..< entityCount where flag[e] {
            let label = accountLabel[e]
            if clusterOfLabel[label] == nil {
                clusterOfLabel[label] = Int32(groupMembers.count)
                groupMembers.append([])
            }
            let id = clusterOfLabel[label]!
            cluster[e] = id
            groupMembers[Int(id)].append(Int32(e))
        }

        // Where the spraying lands: a Page or Group in which most posts are sprayed copies by flagged entities.
        var scores = EntityScores(detector: NearDuplicateDetector.name, score: score, flag: flag, cluster: cluster)
        let landing = ContextAssociation.counts(data) { e in sprayed[e] && flag[Int(events.actor[e])] }
        let contexts = ContextAssociation.propagate(landing, kinds: data.entities.kind, share: detector.contextShare,
                                                    minPosts: detector.contextMinPosts, flagScore: 0.5, into: &scores)
        if contexts > 0 {
            // Each such context joins the cluster of the first flagged entity that sprayed into it.
            for e in 0 ..< events.count where events.context[e] >= 0 && sprayed[e] {
                let c = Int(events.context[e]), a = Int(events.actor[e])
                if scores.flag[c] && !flag[c] && scores.cluster![c] == noReference && cluster[a] != noReference {
                    scores.cluster![c] = cluster[a]
                }
            }
        }

        let findings = describe(
            groupMembers: groupMembers, cluster: cluster, sprays: sprays, fanout: fanout, bucket: bucket,
            bucketStart: bucketStart)
        context.progress("near-duplicate: \(sprayedClusters.count) sprayed content clusters, \(flag.filter { $0 }.count) flagged entities, "
                         + "\(contexts) Pages and Groups the spraying landed in")
        return DetectorOutput(scores: scores, findings: findings)
    }

    private func describe(
        groupMembers: [[Int32]], cluster: [Int32], sprays: [Spray], fanout: [Int], bucket: [Int32], bucketStart: [Int]
    ) -> [Finding] {
        var contentOfGroup = [[Int32]](repeating: [], count: groupMembers.count)
        for s in sprays where cluster[Int(s.entity)] != noReference {
            contentOfGroup[Int(cluster[Int(s.entity)])].append(s.cluster)
        }
        return groupMembers.indices.map { g in
            var platformCounts: [UInt16: Int] = [:]
            for e in groupMembers[g] { platformCounts[data.entities.platform[Int(e)], default: 0] += 1 }
            let platforms = platformCounts.sorted { $0.key < $1.key }
                .map { "\(data.platforms[Int($0.key)].name) \($0.value)" }.joined(separator: ", ")
            var contents = Array(Set(contentOfGroup[g]))
            contents.sort { (-fanout[Int($0)], $0) < (-fanout[Int($1)], $1) }
            let examples = contents.prefix(3).map { c -> String in
                let first = Int(bucket[bucketStart[Int(c)]])
                let text = data.texts[data.events.text[first]]
                let shown = text.count > 60 ? String(text.prefix(57)) + "..." : text
                var variants = Set<Int32>()
                for i in bucketStart[Int(c)] ..< bucketStart[Int(c) + 1] { variants.insert(data.events.text[Int(bucket[i])]) }
                return "'\(shown)' (\(variants.count) variants, \(fanout[Int(c)]) platforms within \(detector.window / 3600)h)"
            }.joined(separator: "; ")
            return Finding(
                cluster: Int32(g), size: groupMembers[g].count,
                summary: "\(groupMembers[g].count) entities (\(platforms)) sprayed \(contents.count) near-duplicate items; e.g. \(examples)")
        }
    }
}
