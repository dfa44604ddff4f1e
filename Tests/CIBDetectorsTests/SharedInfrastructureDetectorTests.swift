import CIBModel
import Testing
@testable import CIBDetectors

@Suite("shared-infrastructure")
struct SharedInfrastructureDetectorTests {
    @Test("a proxy cluster is one flagged cluster; a 500-user carrier NAT is not a giant cluster")
    func clusterVersusNAT() throws {
        let world = try GraphFixtures.infrastructure()
        let out = try runDetector(SharedInfrastructureDetector.self, on: world.data)
        let s = out.scores
        let clusters = try #require(s.cluster)
        #expect(world.campaign.allSatisfy { s.flag[Int($0)] })
        let campaignCluster = clusters[Int(world.campaign[0])]
        #expect(campaignCluster >= 0)
        #expect(world.campaign.allSatisfy { clusters[Int($0)] == campaignCluster })
        #expect(world.campaign.allSatisfy { s.score[Int($0)] > 0.7 })
        // The cluster holds the campaign and nothing else.
        #expect(clusters.filter { $0 == campaignCluster }.count == world.campaign.count)
        let natFlagged = world.natUsers.filter { s.flag[Int($0)] }.count
        #expect(natFlagged == 0, "\(natFlagged) NAT users flagged")
        #expect(world.natUsers.allSatisfy { s.score[Int($0)] < 0.3 })
        let finding = try #require(out.findings.first { $0.cluster == campaignCluster })
        #expect(finding.size == 12)
        #expect(finding.summary.contains("3 IP addresses") && finding.summary.contains("2 device fingerprints"))
    }

    @Test("a household pair is similar but below the cluster minimum; a fingerprint above the popularity cap is ignored")
    func householdAndGenericDevice() throws {
        let world = try GraphFixtures.infrastructure()
        let s = try runDetector(SharedInfrastructureDetector.self, on: world.data).scores
        for a in world.household {
            #expect(!s.flag[Int(a)])
            #expect(s.score[Int(a)] > 0.3)  // halved similarity of a near-identical pair
        }
        #expect(world.genericDeviceUsers.allSatisfy { !s.flag[Int($0)] && s.score[Int($0)] == 0 })
        // Under a higher cap the fingerprint counts, but one shared constraint is below min-shared: no link.
        let uncapped = try runDetector(SharedInfrastructureDetector.self, on: world.data, overrides: ["max-popularity": "5000"]).scores
        #expect(world.genericDeviceUsers.allSatisfy { !uncapped.flag[Int($0)] && uncapped.score[Int($0)] == 0 })
        // With min-shared 1 the single shared fingerprint links all 1,100 users.
        let loose = try runDetector(
            SharedInfrastructureDetector.self, on: world.data, overrides: ["max-popularity": "5000", "min-shared": "1"]).scores
        #expect(world.genericDeviceUsers.allSatisfy { loose.flag[Int($0)] })
        // Lowering the cluster minimum to 2 flags the household.
        let pairs = try runDetector(SharedInfrastructureDetector.self, on: world.data, overrides: ["min-cluster": "2"]).scores
        #expect(world.household.allSatisfy { pairs.flag[Int($0)] })
    }

    @Test("without the shared-network discount, NAT users link up")
    func discountMatters() throws {
        let world = try GraphFixtures.infrastructure()
        let s = try runDetector(
            SharedInfrastructureDetector.self, on: world.data,
            overrides: ["shared-network-diversity": "100", "max-popularity": "5000", "similarity-threshold": "0.05"]).scores
        #expect(world.natUsers.filter { s.flag[Int($0)] }.count > 100)
    }

    @Test("identical results on 1 and 4 tasks")
    func deterministic() throws {
        let world = try GraphFixtures.infrastructure()
        let a = try runDetector(SharedInfrastructureDetector.self, on: world.data, tasks: 1)
        let b = try runDetector(SharedInfrastructureDetector.self, on: world.data, tasks: 4)
        #expect(a.scores == b.scores && a.findings == b.findings)
    }

    @Test("disjoint sets: components and labels by smallest member")
    func disjointSets() {
        var sets = UnionFind(count: 7)
        sets.union(5, 6)
        sets.union(1, 3)
        sets.union(3, 5)
        let (labels, sizes) = sets.componentLabels(minimumSize: 2)
        #expect(labels == [-1, 0, -1, 0, -1, 0, 0])
        #expect(sizes == [4])
        #expect(sets.setSize(6) == 4)
    }
}
