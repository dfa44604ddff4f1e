/// Greedy peeling for the densest block of a weighted undirected graph (Charikar 2000; the weighted form FRAUDAR uses,
/// Hooi et al., KDD 2016): repeatedly remove the node whose remaining incident weight is smallest and keep the
/// intermediate node set with the highest average weight per node `f(S) / |S|`. The result is within a factor 2 of
/// the optimum; cost O(E log V) with ``IndexedMinHeap``.
enum DensestBlock {
    struct Block {
        /// Nodes of the block, ascending.
        var nodes: [Int32]
        /// `f(S) / |S|` of the block.
        var density: Double
    }

    /// The densest block among the `candidates` that are `alive`; edges to other nodes are ignored. `adjacency` must
    /// hold every edge in both directions; `local` is a scratch array of `adjacency.rowCount` entries, all -1, and is
    /// left so. Cost O((|candidates| + their edges) · log |candidates|). Returns `nil` when no candidate has an edge.
    static func peel(adjacency: CSRGraph, candidates: [Int32], alive: [Bool], local: inout [Int32]) -> Block? {
        var nodes: [Int32] = []
        for u in candidates where alive[Int(u)] {
            local[Int(u)] = Int32(nodes.count)
            nodes.append(u)
        }
        defer { for u in nodes { local[Int(u)] = -1 } }
        var priorities = [Double](repeating: 0, count: nodes.count)
        var total = 0.0
        for (i, u) in nodes.enumerated() {
            var sum = 0.0
            for e in adjacency.range(of: Int(u)) where local[Int(adjacency.targets[e])] >= 0 { sum += adjacency.weights[e] }
            priorities[i] = sum
            total += sum
        }
        total /= 2
        guard total > 0 else { return nil }
        var heap = IndexedMinHeap(priorities: priorities)
        var removed = [Bool](repeating: false, count: nodes.count)
        var order: [Int32] = []
        order.reserveCapacity(nodes.count)
        var remaining = nodes.count
        var bestDensity = total / Double(nodes.count)
        var bestRemovedCount = 0
        var f = total
        while let i = heap.popMin() {
            removed[Int(i)] = true
            order.append(i)
            f -= heap.priority[Int(i)]
            for e in adjacency.range(of: Int(nodes[Int(i)])) {
                let j = local[Int(adjacency.targets[e])]
                if j >= 0, !removed[Int(j)] { heap.decrease(j, by: adjacency.weights[e]) }
            }
            remaining -= 1
            if remaining > 0 {
                let density = max(0, f) / Double(remaining)
                if density > bestDensity * (1 + 1e-12) {
                    bestDensity = density
                    bestRemovedCount = order.count
                }
            }
        }
        let block = order[bestRemovedCount...].map { nodes[Int($0)] }.sorted()
        return Block(nodes: block, density: bestDensity)
    }

    /// The densest block among all nodes with `alive[node]`.
    static func peel(adjacency: CSRGraph, alive: [Bool]) -> Block? {
        var local = [Int32](repeating: -1, count: adjacency.rowCount)
        return peel(adjacency: adjacency, candidates: (0 ..< Int32(adjacency.rowCount)).map { $0 }, alive: alive, local: &local)
    }
}
