import CIBModel
import Testing
@testable import CIBDetectors

@Suite("engagement-ring")
struct EngagementRingDetectorTests {
    @Test("a self-engaging ring is flagged; a popular author and its likers are not")
    func ringVersusPopularAuthor() throws {
        let world = try GraphFixtures.engagement()
        let out = try runDetector(EngagementRingDetector.self, on: world.data)
        let s = out.scores
        let caught = world.ring.filter { s.flag[Int($0)] }.count
        #expect(caught >= 28, "ring recall \(caught)/30")
        #expect(!s.flag[Int(world.popularAuthor)])
        let organicFlagged = world.organic.filter { s.flag[Int($0)] }.count
        #expect(organicFlagged <= 4, "\(organicFlagged) organic accounts flagged")
        #expect(world.fanClub.allSatisfy { !s.flag[Int($0)] })
        let clusters = try #require(s.cluster)
        let ringCluster = clusters[Int(world.ring[0])]
        #expect(ringCluster >= 0)
        #expect(world.ring.filter { clusters[Int($0)] == ringCluster }.count >= 28)
        let ringScore = s.score[Int(world.ring[0])]
        #expect(world.organic.allSatisfy { s.score[Int($0)] < ringScore })
        let finding = try #require(out.findings.first { $0.cluster == ringCluster })
        #expect(finding.summary.contains("from inside the block"))
    }

    @Test("peeling finds a clique hidden next to a star")
    func densestBlockOnToyGraph() throws {
        // Nodes 0-3: a 4-clique (weight 1 each); node 4 is the centre of a star with leaves 5-14 (weight 1 each).
        var sources: [Int32] = [], targets: [Int32] = []
        for a in 0 ..< 4 { for b in 0 ..< 4 where a != b { sources.append(Int32(a)); targets.append(Int32(b)) } }
        for leaf in 5 ..< 15 {
            sources += [4, Int32(leaf)]
            targets += [Int32(leaf), 4]
        }
        let graph = CSRGraph(rowCount: 15, sources: sources, targets: targets)
        let block = try #require(DensestBlock.peel(adjacency: graph, alive: [Bool](repeating: true, count: 15)))
        #expect(block.nodes == [0, 1, 2, 3])
        #expect(abs(block.density - 1.5) < 1e-12)
        var alive = [Bool](repeating: true, count: 15)
        for node in 0 ..< 4 { alive[node] = false }
        let next = try #require(DensestBlock.peel(adjacency: graph, alive: alive))
        #expect(next.nodes == Array(4 ..< 15).map { Int32($0) })
        #expect(abs(next.density - 10.0 / 11.0) < 1e-12)
    }

    @Test("the indexed heap pops in priority order after decreases, ties by item")
    func heap() {
        var heap = IndexedMinHeap(priorities: [5, 3, 8, 3, 9])
        heap.decrease(4, by: 8)  // 9 → 1
        heap.decrease(2, by: 5)  // 8 → 3
        var order: [Int32] = []
        while let x = heap.popMin() { order.append(x) }
        #expect(order == [4, 1, 2, 3, 0])
    }

    @Test("identical results on 1 and 3 tasks; more blocks never lower a score")
    func deterministic() throws {
        let world = try GraphFixtures.engagement()
        let a = try runDetector(EngagementRingDetector.self, on: world.data, tasks: 1)
        let b = try runDetector(EngagementRingDetector.self, on: world.data, tasks: 3)
        #expect(a.scores == b.scores && a.findings == b.findings)
        let one = try runDetector(EngagementRingDetector.self, on: world.data, overrides: ["blocks": "1"])
        #expect(zip(one.scores.score, a.scores.score).allSatisfy { $0 <= $1 })
        // One flagged block (the ring) and the summary of unflagged ones.
        #expect(one.findings.count == 2)
        #expect(one.findings.first?.cluster == 0 && one.findings.first?.size == 30)
        // Below the minimum block size the ring is not flagged.
        let strict = try runDetector(EngagementRingDetector.self, on: world.data, overrides: ["min-block": "31"])
        #expect(strict.scores.flag.allSatisfy { !$0 })
    }
}

@Suite("engagement-ring: engagers who engage everyone")
struct EngagementRingReachTests {
    @Test("heavy users who like everyone are left out: the ring is found, the hubs are not flagged")
    func hubsLeftOut() throws {
        let world = try GraphFixtures.engagement(hubs: 12)
        // Each hub engages all ~430 authors; every ring member engages its 29 fellow members and nobody else.
        let out = try runDetector(EngagementRingDetector.self, on: world.data, overrides: ["max-reach": "200"])
        let s = out.scores
        #expect(world.ring.filter { s.flag[Int($0)] }.count >= 28)
        #expect(world.hubs.allSatisfy { !s.flag[Int($0)] })
        // Without the limit the hubs make a block of their own with everyone they engaged, and it is flagged:
        // each hub's engagement all runs into it.
        let unlimited = try runDetector(EngagementRingDetector.self, on: world.data, overrides: ["max-reach": "1e12"])
        #expect(world.hubs.contains { unlimited.scores.flag[Int($0)] } || world.ring.filter { unlimited.scores.flag[Int($0)] }.count < 28)
    }
}
