public import CIBModel
internal import CIBStatistics
internal import Foundation

/// The values of every ``AuditFeature`` for every entity of a dataset, one column per feature (row `i` is entity `i`).
///
/// Numeric features hold their value; categorical ones hold an index into ``categories`` (country codes, kind names,
/// name shapes), so that two worlds can be matched by category *name* when one is scored with the other's
/// target encoding. Everything is read from the observable dataset only, in one pass over each table (events,
/// follows, logins; distinct IPs and devices by a radix sort of packed keys): linear in the dataset's size.
public struct EntityFeatureTable: Sendable {
    /// One column per feature of ``AuditFeature/all``, each ``count`` long.
    public var columns: [[Double]]
    /// Per feature: the category names for categorical features (empty for numeric ones).
    public var categories: [[String]]

    public var count: Int { columns.first?.count ?? 0 }

    public init(columns: [[Double]], categories: [[String]]) {
        precondition(columns.count == AuditFeature.all.count && categories.count == AuditFeature.all.count,
                     "EntityFeatureTable: one column and one category list per feature")
        self.columns = columns
        self.categories = categories
    }

    /// Computes every feature of every entity of `data`.
    public init(_ data: ObservableDataset) {
        let n = data.entities.count
        let features = AuditFeature.all
        var columns = [[Double]](repeating: [], count: features.count)
        var categories = [[String]](repeating: [], count: features.count)
        func set(_ name: String, _ column: [Double], categories names: [String] = []) {
            let index = AuditFeature.index(of: name)!
            precondition(column.count == n, "EntityFeatureTable: column \(name) has \(column.count) values for \(n) entities")
            columns[index] = column
            categories[index] = names
        }
        let entities = data.entities
        set("entity_id", (0 ..< n).map(Double.init))
        set("platform_id", entities.platformLocalID.map { Double($0) })
        set("platform_id_vs_created_rank", Self.rankDifference(entities))
        set("created_at", entities.createdAt.map { Double($0) })
        let names = Self.nameFeatures(entities.name)
        set("name_length", names.length)
        set("name_digits", names.digits)
        set("name_shape", names.shape, categories: names.shapes)
        set("country", entities.country.map { Double($0) }, categories: data.countries)
        set("kind", entities.kind.map { Double($0.rawValue) },
            categories: (0 ... Int(EntityKind.allCases.map(\.rawValue).max()!)).map { EntityKind(rawValue: UInt8($0))?.name ?? "kind-\($0)" })

        // Events: per action kind, and the hour-of-day histogram through packed (actor, hour) keys.
        var perAction = [[Double]](repeating: [Double](repeating: 0, count: n), count: ActionKind.allCases.count)
        var total = [Double](repeating: 0, count: n)
        let events = data.events
        var hourKeys = [UInt64](repeating: 0, count: events.count)
        for e in 0 ..< events.count {
            let actor = Int(events.actor[e])
            total[actor] += 1
            perAction[Int(events.action[e].rawValue)][actor] += 1
            let secondOfDay = ((events.time[e] % 86_400) + 86_400) % 86_400
            hourKeys[e] = UInt64(actor) << 8 | UInt64(secondOfDay / 3_600)
        }
        set("events", total)
        for kind in ActionKind.allCases { set("events_\(kind.name)", perAction[Int(kind.rawValue)]) }
        set("hour_entropy", Self.hourEntropy(&hourKeys, count: n))

        var out = [Double](repeating: 0, count: n), inDegree = [Double](repeating: 0, count: n)
        for f in 0 ..< data.follows.count {
            out[Int(data.follows.follower[f])] += 1
            inDegree[Int(data.follows.followee[f])] += 1
        }
        set("follows_out", out)
        set("followers", inDegree)

        let logins = data.logins
        var loginCount = [Double](repeating: 0, count: n)
        for l in 0 ..< logins.count { loginCount[Int(logins.entity[l])] += 1 }
        set("logins", loginCount)
        set("distinct_ips", Self.distinctPerEntity(logins.entity, logins.ip, count: n))
        set("distinct_devices", Self.distinctPerEntity(logins.entity, logins.device, count: n))
        self.columns = columns
        self.categories = categories
    }

    /// The column of the feature called `name`.
    public func column(_ name: String) -> [Double] { columns[AuditFeature.index(of: name)!] }

    /// Within each platform, the rank of `platformLocalID` minus the rank of `createdAt`, each the mean rank of its
    /// ties divided by the platform's entity count: 0 for everyone when ids grow with creation time.
    static func rankDifference(_ entities: EntityTable) -> [Double] {
        let n = entities.count
        var byPlatform = [UInt16: [Int]]()
        for i in 0 ..< n { byPlatform[entities.platform[i], default: []].append(i) }
        var result = [Double](repeating: 0, count: n)
        for platform in byPlatform.keys.sorted() {
            let members = byPlatform[platform]!
            let idRank = fractionalRanks(members) { entities.platformLocalID[$0] }
            let createdRank = fractionalRanks(members) { entities.createdAt[$0] }
            for (k, i) in members.enumerated() { result[i] = idRank[k] - createdRank[k] }
        }
        return result
    }

    /// Mean rank (0-based) of each member's key among the members, ties sharing their mean, over the member count.
    static func fractionalRanks<K: Comparable>(_ members: [Int], key: (Int) -> K) -> [Double] {
        let order = members.indices.sorted { (key(members[$0]), $0) < (key(members[$1]), $1) }
        var rank = [Double](repeating: 0, count: members.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            let k = key(members[order[start]])
            while end < order.count, key(members[order[end]]) == k { end += 1 }
            let mean = Double(start + end - 1) / 2
            for p in start ..< end { rank[order[p]] = mean / Double(members.count) }
            start = end
        }
        return rank
    }

    /// Name length (Unicode scalars), ASCII digits, and the shape (see ``AuditFeature``) as a category index.
    static func nameFeatures(_ names: StringTable) -> (length: [Double], digits: [Double], shape: [Double], shapes: [String]) {
        let n = names.count
        var length = [Double](repeating: 0, count: n), digits = length, shape = length
        var shapeIndex = [[UInt8]: Int]()
        var shapes = [String]()
        var buffer = [UInt8]()
        buffer.reserveCapacity(64)
        for i in 0 ..< n {
            buffer.removeAll(keepingCapacity: true)
            var scalars = 0, digitCount = 0
            names.withUTF8(i) { bytes in
                for b in bytes {
                    if b & 0xC0 == 0x80 { continue }  // a continuation byte: part of the scalar before it
                    scalars += 1
                    let symbol: UInt8
                    switch b {
                    case UInt8(ascii: "0") ... UInt8(ascii: "9"):
                        digitCount += 1
                        symbol = UInt8(ascii: "9")
                    case UInt8(ascii: "A") ... UInt8(ascii: "Z"): symbol = UInt8(ascii: "A")
                    case UInt8(ascii: "a") ... UInt8(ascii: "z"): symbol = UInt8(ascii: "a")
                    case 0x80 ... 0xFF: symbol = UInt8(ascii: "u")
                    default: symbol = b
                    }
                    if buffer.last != symbol { buffer.append(symbol) }
                }
            }
            length[i] = Double(scalars)
            digits[i] = Double(digitCount)
            if let known = shapeIndex[buffer] {
                shape[i] = Double(known)
            } else {
                shapeIndex[buffer] = shapes.count
                shape[i] = Double(shapes.count)
                shapes.append(String(decoding: buffer, as: UTF8.self))
            }
        }
        return (length, digits, shape, shapes)
    }

    /// Shannon entropy in bits of each entity's hour-of-day histogram, from keys `actor << 8 | hour` (sorted here).
    static func hourEntropy(_ keys: inout [UInt64], count n: Int) -> [Double] {
        RadixSort.sort(&keys)
        var entropy = [Double](repeating: 0, count: n)
        var start = 0
        var hours = [Int](repeating: 0, count: 24)
        while start < keys.count {
            let actor = keys[start] >> 8
            var end = start
            for h in 0 ..< 24 { hours[h] = 0 }
            while end < keys.count, keys[end] >> 8 == actor {
                hours[Int(keys[end] & 0xFF)] += 1
                end += 1
            }
            let total = Double(end - start)
            var h = 0.0
            for c in hours where c > 0 {
                let p = Double(c) / total
                h -= p * log2(p)
            }
            entropy[Int(actor)] = h
            start = end
        }
        return entropy
    }

    /// Distinct values of `value` per entity, through sorted unique `entity << 32 | value` keys.
    static func distinctPerEntity(_ entity: [EntityID], _ value: [UInt32], count n: Int) -> [Double] {
        var keys = [UInt64](repeating: 0, count: entity.count)
        for i in 0 ..< entity.count { keys[i] = UInt64(UInt32(bitPattern: entity[i])) << 32 | UInt64(value[i]) }
        RadixSort.sortUnique(&keys)
        var distinct = [Double](repeating: 0, count: n)
        for key in keys { distinct[Int(key >> 32)] += 1 }
        return distinct
    }
}
