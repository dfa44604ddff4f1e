/// Disjoint sets over `0 ..< count` with union by size and path halving (Tarjan, "Efficiency of a good but not
/// linear set union algorithm", JACM 1975): near-constant amortised cost per operation.
///
/// Shared helper: co-action, near-duplicate, shared-infrastructure and engagement-ring turn edges into connected
/// components with it; labels are numbered by each component's smallest member, so they do not depend on union order.
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

    /// The size of `x`'s set.
    mutating func setSize(_ x: Int32) -> Int { Int(size[Int(find(x))]) }

    /// One label per element: components with at least `minimumSize` members are numbered 0, 1, … in order of their
    /// smallest member; elements of smaller components get ``noReference`` (-1). Also returns each label's size.
    mutating func componentLabels(minimumSize: Int) -> (labels: [Int32], sizes: [Int]) {
        var labelOfRoot = [Int32](repeating: -2, count: count)
        var labels = [Int32](repeating: -1, count: count)
        var sizes: [Int] = []
        for x in 0 ..< Int32(count) {
            let root = Int(find(x))
            if labelOfRoot[root] == -2 {
                if Int(size[root]) >= minimumSize {
                    labelOfRoot[root] = Int32(sizes.count)
                    sizes.append(Int(size[root]))
                } else {
                    labelOfRoot[root] = -1
                }
            }
            labels[Int(x)] = labelOfRoot[root]
        }
        return (labels, sizes)
    }
}
