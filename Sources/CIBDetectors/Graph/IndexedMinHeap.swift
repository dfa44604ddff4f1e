/// A binary min-heap over the items `0 ..< count`, keyed by a `Double` priority, supporting decrease-key and removal of
/// the minimum in O(log n) (Cormen et al., *Introduction to Algorithms*, ch. 6). Ties are broken by the smaller item,
/// so the pop order is a pure function of the priorities: peeling is deterministic.
///
/// This is the priority queue of FRAUDAR's greedy peeling (Hooi et al., KDD 2016), where priorities only decrease.
struct IndexedMinHeap {
    private var heap: [Int32]
    /// Position of each item in `heap`, or -1 once popped.
    private var position: [Int32]
    private(set) var priority: [Double]

    /// A heap holding every item with its initial priority.
    init(priorities: [Double]) {
        priority = priorities
        heap = (0 ..< Int32(priorities.count)).map { $0 }
        position = heap
        if heap.count > 1 {
            for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
        }
    }

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    func contains(_ item: Int32) -> Bool { position[Int(item)] >= 0 }

    /// Removes and returns the item with the smallest priority (smallest item among ties).
    mutating func popMin() -> Int32? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        position[Int(top)] = -1
        if !heap.isEmpty {
            heap[0] = last
            position[Int(last)] = 0
            siftDown(0)
        }
        return top
    }

    /// Lowers `item`'s priority by `amount` (≥ 0); the item must still be in the heap.
    mutating func decrease(_ item: Int32, by amount: Double) {
        let p = position[Int(item)]
        precondition(p >= 0, "item \(item) is no longer in the heap")
        priority[Int(item)] -= amount
        siftUp(Int(p))
    }

    @inline(__always)
    private func less(_ a: Int32, _ b: Int32) -> Bool {
        let pa = priority[Int(a)], pb = priority[Int(b)]
        return pa < pb || (pa == pb && a < b)
    }

    private mutating func siftUp(_ start: Int) {
        var i = start
        let item = heap[i]
        while i > 0 {
            let parent = (i - 1) / 2
            let p = heap[parent]
            guard less(item, p) else { break }
            heap[i] = p
            position[Int(p)] = Int32(i)
            i = parent
        }
        heap[i] = item
        position[Int(item)] = Int32(i)
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        let item = heap[i]
        let n = heap.count
        while true {
            let left = 2 * i + 1
            if left >= n { break }
            var child = left
            if left + 1 < n, less(heap[left + 1], heap[left]) { child = left + 1 }
            guard less(heap[child], item) else { break }
            heap[i] = heap[child]
            position[Int(heap[i])] = Int32(i)
            i = child
        }
        heap[i] = item
        position[Int(item)] = Int32(i)
    }
}
