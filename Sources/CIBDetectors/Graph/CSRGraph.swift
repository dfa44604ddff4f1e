/// A compressed-sparse-row adjacency: the neighbours of row `r` are `targets[offsets[r] ..< offsets[r + 1]]`, with
/// parallel `weights`. Built by a counting sort in O(rows + edges), which keeps, within each row, the order in which
/// edges were given (so construction is deterministic).
struct CSRGraph {
    /// `offsets.count == rowCount + 1`.
    private(set) var offsets: [Int]
    private(set) var targets: [Int32]
    private(set) var weights: [Double]

    var rowCount: Int { offsets.count - 1 }
    var edgeCount: Int { targets.count }

    /// Groups edges `(sources[i], targets[i], weights[i])` by source; `weights` may be empty (all 1).
    init(rowCount: Int, sources: [Int32], targets edgeTargets: [Int32], weights edgeWeights: [Double] = []) {
        precondition(sources.count == edgeTargets.count, "edge columns differ in length")
        precondition(edgeWeights.isEmpty || edgeWeights.count == sources.count, "weight column differs in length")
        var offsets = [Int](repeating: 0, count: rowCount + 1)
        for s in sources { offsets[Int(s) + 1] += 1 }
        for r in 0 ..< rowCount { offsets[r + 1] += offsets[r] }
        var cursor = offsets
        var targets = [Int32](repeating: 0, count: sources.count)
        var weights = [Double](repeating: 1, count: sources.count)
        for i in 0 ..< sources.count {
            let s = Int(sources[i])
            let at = cursor[s]
            cursor[s] = at + 1
            targets[at] = edgeTargets[i]
            if !edgeWeights.isEmpty { weights[at] = edgeWeights[i] }
        }
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
    }

    /// The edge index range of row `r`.
    @inline(__always)
    func range(of r: Int) -> Range<Int> { offsets[r] ..< offsets[r + 1] }

    func degree(of r: Int) -> Int { offsets[r + 1] - offsets[r] }

    /// The same edges grouped by target (the transpose), with `columnCount` rows.
    func transposed(columnCount: Int) -> CSRGraph {
        var sources = [Int32](repeating: 0, count: edgeCount)
        for r in 0 ..< rowCount {
            for e in range(of: r) { sources[e] = Int32(r) }
        }
        return CSRGraph(rowCount: columnCount, sources: targets, targets: sources, weights: weights)
    }
}
