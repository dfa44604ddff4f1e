/// Disjoint sets over `0 ..< count` with union by size and path halving (Tarjan 1975, "Efficiency of a Good But Not
/// Linear Set Union Algorithm"); near-constant amortised cost per operation.
///
/// Used for single-linkage clustering: the components do not depend on the order of ``union(_:_:)`` calls, and
/// ``componentLabels(minimumSize:)`` numbers them by their smallest member, so labels are deterministic too.
struct DisjointSets {
    private var parent: [Int32]
    private var size: [Int32]

    init(count: Int) {
        parent = (0 ..< Int32(count)).map { $0 }
        size = [Int32](repeating: 1, count: count)
    }

    var count: Int { parent.count }

    /// The representative of `x`'s set.
    mutating func find(_ x: Int32) -> Int32 {
        var x = x
        while parent[Int(x)] != x {
            let grandparent = parent[Int(parent[Int(x)])]
            parent[Int(x)] = grandparent
            x = grandparent
        }
        return x
    }

    /// Merges the sets of `a` and `b`; returns whether they were different sets.
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
