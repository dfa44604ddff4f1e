internal import CIBModel
internal import CIBStatistics

/// The organic accounts that follows and organic reach are drawn from: for each platform, all its organic accounts
/// and those of each region, every list in entity order, the lists back to back in one flat array.
///
/// A pick is a position in that array. The accounts are tens of megabytes at scale, so reading the account as it is
/// drawn is nearly always a cache miss that stalls the unit drawing it (the organic units spent more than half their
/// own time there at 10^8 events). A unit whose later draws do not depend on which account was picked keeps the
/// positions and reads them afterwards, all at once (``resolve(_:)``), where the reads overlap.
struct AccountLists: Sendable {
    private let regions: Int
    private let accounts: [EntityID]
    /// List `l` is `accounts[bounds[l] ..< bounds[l + 1]]`: list `p * (regions + 1)` holds all of platform `p`'s
    /// accounts, list `p * (regions + 1) + 1 + r` those of region `r`.
    private let bounds: [Int]

    init() {
        regions = 0
        accounts = []
        bounds = [0]
    }

    /// The lists of the accounts `members` (ascending entity ids), each of platform `platform(a)` and region
    /// `region(a)`.
    init(platforms: Int, regions: Int, members: Range<EntityID>, platform: (EntityID) -> Int, region: (EntityID) -> Int) {
        self.regions = regions
        let lists = platforms * (regions + 1)
        var bounds = [Int](repeating: 0, count: lists + 1)
        for a in members {
            let l = platform(a) * (regions + 1)
            bounds[l + 1] += 1
            bounds[l + 2 + region(a)] += 1
        }
        for l in 0 ..< lists { bounds[l + 1] += bounds[l] }
        var next = bounds
        accounts = [EntityID](unsafeUninitializedCapacity: bounds[lists]) { out, count in
            for a in members {
                let l = platform(a) * (regions + 1)
                out[next[l]] = a
                next[l] += 1
                out[next[l + 1 + region(a)]] = a
                next[l + 1 + region(a)] += 1
            }
            count = bounds[lists]
        }
        self.bounds = bounds
    }

    @inline(__always)
    private func list(_ p: Int, _ region: Int?) -> Int { p * (regions + 1) + (region.map { $0 + 1 } ?? 0) }

    /// The positions of platform `p`'s accounts, or of those of `region`.
    @inline(__always)
    func positions(platform p: Int, region: Int? = nil) -> Range<Int> {
        let l = list(p, region)
        return bounds[l] ..< bounds[l + 1]
    }

    /// The account at a position.
    @inline(__always)
    subscript(position: Int) -> EntityID { accounts[position] }

    /// A random account's position: from `region`'s list when given and not empty, otherwise from the platform's
    /// (nil when that is empty too). One uniform draw over the list's length.
    @inline(__always)
    func pick(platform p: Int, region: Int?, _ rng: RandomStream) -> Int? {
        if let region {
            let r = positions(platform: p, region: region)
            if !r.isEmpty { return r.lowerBound + rng.uniformInt(r.count) }
        }
        let all = positions(platform: p)
        return all.isEmpty ? nil : all.lowerBound + rng.uniformInt(all.count)
    }

    /// The position of the first account at or after `id` in platform `p`'s list (or `region`'s): a unit's
    /// accounts, a range of entity ids, sit one after the other in every list, in their order, from there.
    func firstPosition(atLeast id: EntityID, platform p: Int, region: Int? = nil) -> Int {
        let r = positions(platform: p, region: region)
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if accounts[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Replaces the positions in `column` by their accounts.
    func resolve(_ column: inout [EntityID]) {
        accounts.withUnsafeBufferPointer { accounts in
            column.withUnsafeMutableBufferPointer { column in
                for k in column.indices { column[k] = accounts[Int(column[k])] }
            }
        }
    }
}
