/// Disjoint sets over `0 ..< count` with union by size and path halving (Tarjan, "Efficiency of a good but not
/// linear set union algorithm", JACM 1975): near-constant amortised cost per operation.
///
/// Shared helper: the co-action and near-duplicate detectors use it to turn edges into connected components, and any
/// other detector of this module may reuse it.
struct UnionFind: Sendable {
    private var parent: [Int32]
    private var size: [Int32]

    init(count: Int) {
        parent = (0 ..< count).map { Int32($0) }
        size = [Int32](repeating: 1, count: count)
    }

    var count: Int { parent.count }

    /// The representative of `x`'s set.
    mutating func find(_ x: Int32) -> Int32 {
        var x = x
        while parent[Int(x)] != x {
            let grand = parent[Int(parent[Int(x)])]
            parent[Int(x)] = grand
            x = grand
        }
        return x
    }

    /// Merges the sets of `a` and `b`; returns false when they were already one set.
    @discardableResult
    mutating func union(_ a: Int32, _ b: Int32) -> Bool {
        var ra = find(a)
        var rb = find(b)
        if ra == rb { return false }
        if size[Int(ra)] < size[Int(rb)] || (size[Int(ra)] == size[Int(rb)] && rb < ra) { swap(&ra, &rb) }
        parent[Int(rb)] = ra
        size[Int(ra)] += size[Int(rb)]
        return true
    }

    /// Component labels `0 ..< k` numbered in order of each component's smallest member (deterministic whatever the
    /// union order), and each component's size.
    mutating func components() -> (label: [Int32], sizes: [Int32]) {
        var label = [Int32](repeating: -1, count: count)
        var rootLabel = [Int32](repeating: -1, count: count)
        var sizes: [Int32] = []
        for x in 0 ..< count {
            let r = Int(find(Int32(x)))
            if rootLabel[r] < 0 {
                rootLabel[r] = Int32(sizes.count)
                sizes.append(0)
            }
            label[x] = rootLabel[r]
            sizes[Int(rootLabel[r])] += 1
        }
        return (label, sizes)
    }
}
