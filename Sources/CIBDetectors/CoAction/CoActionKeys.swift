internal import CIBModel
internal import CIBStatistics

/// The kinds of key two actions can share in ``CoActionDetector``.
enum CoActionKeyKind: UInt8, CaseIterable {
    case link = 0, text, repost, reply, like

    var label: String {
        switch self {
        case .link: "link"
        case .text: "text"
        case .repost: "repost target"
        case .reply: "reply target"
        case .like: "like target"
        }
    }
}

/// The keyed actions of a dataset, as ``CoActionEngine`` input: one row per (event, key), one "message" per keyed
/// event (events with a link and a text have two rows, counted once per partner).
struct CoActionKeys {
    var keyCount = 0
    var keyKind: [UInt8] = []
    /// URL index, normalised-text index (into ``normalisedTexts``) or target event, by kind.
    var keyValue: [Int32] = []
    var keyPlatform: [UInt16] = []
    var normalisedTexts: [String] = []
    var messageUser: [Int32] = []
    var rowKey: [Int32] = []
    var rowTime: [Int64] = []
    var rowMessage: [Int32] = []

    static func build(_ data: ObservableDataset, detector d: CoActionDetector, tasks: Int = 1) -> CoActionKeys {
        var keys = CoActionKeys()
        let events = data.events
        var keyIndex: [UInt64: Int32] = [:]
        // Every text normalised up front, in parallel (nil: too short to be a key); numbered below in order of first
        // use, exactly as a serial pass would.
        let texts = data.texts, minTextLength = d.minTextLength
        let textRanges = DeterministicParallel.ranges(count: d.useTexts ? texts.count : 0, chunkSize: 8192)
        let normalisedChunks = DeterministicParallel.map(chunks: textRanges.count, tasks: tasks) { chunk -> [String?] in
            textRanges[chunk].map { t in
                let normalised = ToolkitText.normalise(texts[t])
                return normalised.unicodeScalars.count < minTextLength ? nil : normalised
            }
        }
        let normalisedText = normalisedChunks.flatMap { $0 }
        // Normalised text per text index: -2 not seen yet, -1 too short, else index into normalisedTexts.
        var textKey = [Int32](repeating: -2, count: data.texts.count)
        var normalisedIndex: [ExactString: Int32] = [:]
        keys.rowKey.reserveCapacity(events.count)
        keys.rowTime.reserveCapacity(events.count)
        keys.rowMessage.reserveCapacity(events.count)

        func key(_ kind: CoActionKeyKind, _ value: Int32, _ platform: UInt16) -> Int32 {
            let p: UInt64 = d.crossPlatform ? 0 : UInt64(platform)
            let packed = UInt64(kind.rawValue) << 60 | p << 40 | UInt64(UInt32(bitPattern: value))
            if let k = keyIndex[packed] { return k }
            let k = Int32(keys.keyCount)
            keyIndex[packed] = k
            keys.keyCount += 1
            keys.keyKind.append(kind.rawValue)
            keys.keyValue.append(value)
            keys.keyPlatform.append(UInt16(p))
            return k
        }

        var pending: [Int32] = []
        for e in 0 ..< events.count {
            let actor = events.actor[e]
            let platform = data.entities.platform[Int(actor)]
            let action = events.action[e]
            pending.removeAll(keepingCapacity: true)
            switch action {
            case .post, .reply:
                if d.useLinks, events.url[e] != noReference {
                    pending.append(key(.link, events.url[e], platform))
                }
                let t = events.text[e]
                if d.useTexts, t != noReference {
                    if textKey[Int(t)] == -2 {
                        if let normalised = normalisedText[Int(t)] {
                            if let existing = normalisedIndex[ExactString(normalised)] {
                                textKey[Int(t)] = existing
                            } else {
                                let i = Int32(keys.normalisedTexts.count)
                                normalisedIndex[ExactString(normalised)] = i
                                keys.normalisedTexts.append(normalised)
                                textKey[Int(t)] = i
                            }
                        } else {
                            textKey[Int(t)] = -1
                        }
                    }
                    if textKey[Int(t)] >= 0 { pending.append(key(.text, textKey[Int(t)], platform)) }
                }
                if action == .reply, d.useReplies, events.target[e] != noReference {
                    pending.append(key(.reply, events.target[e], platform))
                }
            case .repost:
                if d.useReposts, events.target[e] != noReference {
                    pending.append(key(.repost, events.target[e], platform))
                }
            case .like:
                if d.useLikes, events.target[e] != noReference {
                    pending.append(key(.like, events.target[e], platform))
                }
            }
            if pending.isEmpty { continue }
            let m = Int32(keys.messageUser.count)
            keys.messageUser.append(actor)
            for k in pending {
                keys.rowKey.append(k)
                keys.rowTime.append(events.time[e])
                keys.rowMessage.append(m)
            }
        }
        return keys
    }

    func describe(_ k: Int, data: ObservableDataset) -> String {
        let kind = CoActionKeyKind(rawValue: keyKind[k]) ?? .link
        let value = keyValue[k]
        switch kind {
        case .link: return "link \(data.urls[value])"
        case .text:
            let text = normalisedTexts[Int(value)]
            let shown = text.count > 60 ? String(text.prefix(57)) + "..." : text
            return "text '\(shown)'"
        case .repost, .reply, .like: return "\(kind.label) event \(value)"
        }
    }

    /// One finding per flagged cluster: size, platforms, how many keys at least two members shared (by kind), and the
    /// keys the most members acted on.
    static func describe(
        clusters: [Int32], clusterSizes: [Int], pairs: Int, keys: CoActionKeys, data: ObservableDataset
    ) -> [Finding] {
        guard !clusterSizes.isEmpty else { return [] }
        // (cluster, key, entity) triples of clustered entities, deduplicated.
        var triples: [(c: Int32, k: Int32, e: Int32)] = []
        for r in 0 ..< keys.rowKey.count {
            let e = keys.messageUser[Int(keys.rowMessage[r])]
            let c = clusters[Int(e)]
            if c != noReference { triples.append((c, keys.rowKey[r], e)) }
        }
        triples.sort { ($0.c, $0.k, $0.e) < ($1.c, $1.k, $1.e) }
        var sharedByKind = [[Int]](repeating: [Int](repeating: 0, count: CoActionKeyKind.allCases.count), count: clusterSizes.count)
        var top = [[(members: Int, key: Int32)]](repeating: [], count: clusterSizes.count)
        var i = 0
        while i < triples.count {
            var j = i
            var members = 0
            var last: Int32 = -1
            while j < triples.count && triples[j].c == triples[i].c && triples[j].k == triples[i].k {
                if triples[j].e != last { members += 1; last = triples[j].e }
                j += 1
            }
            if members >= 2 {
                let c = Int(triples[i].c)
                sharedByKind[c][Int(keys.keyKind[Int(triples[i].k)])] += 1
                top[c].append((members, triples[i].k))
            }
            i = j
        }
        var platformCounts = [[Int]](repeating: [Int](repeating: 0, count: data.platforms.count), count: clusterSizes.count)
        for e in 0 ..< clusters.count where clusters[e] != noReference {
            platformCounts[Int(clusters[e])][Int(data.entities.platform[e])] += 1
        }
        return clusterSizes.indices.map { c in
            let platforms = platformCounts[c].enumerated().filter { $0.element > 0 }
                .map { "\(data.platforms[$0.offset].name) \($0.element)" }.joined(separator: ", ")
            let kinds = CoActionKeyKind.allCases.map { "\($0.label)s \(sharedByKind[c][Int($0.rawValue)])" }
                .joined(separator: ", ")
            let best = top[c].sorted { $0.members > $1.members || ($0.members == $1.members && $0.key < $1.key) }
                .prefix(3).map { "\(keys.describe(Int($0.key), data: data)) (\($0.members) members)" }
                .joined(separator: "; ")
            let shared = sharedByKind[c].reduce(0, +)
            return Finding(
                cluster: Int32(c), size: clusterSizes[c],
                summary: "\(clusterSizes[c]) entities (\(platforms)) co-acted on \(shared) shared keys (\(kinds)); top: \(best)")
        }
    }
}
