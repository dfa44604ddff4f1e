import CIBModel
import Testing

@testable import CIBGenerator

@Test func lifetimesAnswerForAnyAccountInAnyOrderOfAssignment() {
    var life = Lifetimes()
    #expect(life.isEmpty && life.isAlive(7, 0), "no lifetimes: everyone is alive")
    life[100] = 10 ..< 20
    life[95] = 0 ..< 5  // below the first id given a lifetime
    life[103] = 30 ..< 40
    #expect(!life.isEmpty)
    #expect(life.isAlive(100, 10) && !life.isAlive(100, 20) && !life.isAlive(100, 9))
    #expect(life.isAlive(95, 4) && !life.isAlive(95, 5))
    #expect(life.isAlive(103, 35) && !life.isAlive(103, 29))
    for a: Int32 in [94, 96, 101, 102, 104, 1_000_000] { #expect(life.isAlive(a, 12) && life.isAlive(a, -5), "account \(a) has no lifetime") }
    life[100] = life[100].lowerBound ..< 15
    #expect(life[100] == 10 ..< 15)
}
