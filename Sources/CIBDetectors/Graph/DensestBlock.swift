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

    /// The densest block among nodes with `alive[node]`; edges to dead nodes are ignored. `adjacency` must hold every
    /// edge in both directions. Returns `nil` when no alive node has an edge.
    static func peel(adjacency: CSRGraph, alive: [Bool]) -> Block? {
        let nodeCount = adjacency.rowCount
        var incident = [Double](repeating: 0, count: nodeCount)
        var total = 0.0
        var aliveCount = 0
        for u in 0 ..< nodeCount where alive[u] {
            aliveCount += 1
            var sum = 0.0
            for e in adjacency.range(of: u) where alive[Int(adjacency.targets[e])] { sum += adjacency.weights[e] }
            incident[u] = sum
            total += sum
        }
        total /= 2
        guard total > 0 else { return nil }
        // Dead nodes enter the heap with -infinity so they pop first and are skipped.
        var priorities = incident
        for u in 0 ..< nodeCount where !alive[u] { priorities[u] = -.infinity }
        var heap = IndexedMinHeap(priorities: priorities)
        var removed = [Bool](repeating: false, count: nodeCount)
        for u in 0 ..< nodeCount where !alive[u] { removed[u] = true }
        var order: [Int32] = []
        order.reserveCapacity(aliveCount)
        var remaining = aliveCount
        var bestDensity = total / Double(aliveCount)
        var bestRemovedCount = 0
        var f = total
        while let u = heap.popMin() {
            if !alive[Int(u)] { continue }
            removed[Int(u)] = true
            order.append(u)
            f -= heap.priority[Int(u)]
            for e in adjacency.range(of: Int(u)) {
                let v = adjacency.targets[e]
                if !removed[Int(v)] { heap.decrease(v, by: adjacency.weights[e]) }
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
        let nodes = order[bestRemovedCount...].sorted()
        return Block(nodes: nodes, density: bestDensity)
    }
}
