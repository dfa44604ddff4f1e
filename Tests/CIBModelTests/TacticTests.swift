import CIBModel
import CIBTruth
import Foundation
import Testing

/// Meta's kill-chain table as the repository carries it (provenance in data/meta-threat-research/README.md).
let killChainCSV = URL(fileURLWithPath: #filePath)  // <root>/Tests/CIBModelTests/TacticTests.swift
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("data/meta-threat-research/Online_Operations_Killchain-TTPs.csv").path

/// Every tactic code we label events with must exist in Meta's kill-chain file.
@Test func tacticCodesExistInTheKillChain() throws {
    let data = try #require(
        FileManager.default.contents(atPath: killChainCSV),
        "\(killChainCSV) is missing: the repository carries it (see data/meta-threat-research/README.md)")
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.hasPrefix("Tactic,Technique,Procedure"), "\(killChainCSV) is not the kill-chain table")
    for tactic in Tactic.allCases {
        #expect(text.contains(",\(tactic.code) ") || text.contains(",\"\(tactic.code) "), "code \(tactic.code) not in the kill chain")
    }
}

@Test func tacticSetRoundTripsThroughCodes() {
    let set = TacticSet([.sprayingContent, .shiftPattern, .offTopicReplies])
    #expect(set.codes == "3.1.1;6.3;6.3.2")
    #expect(TacticSet(codes: set.codes) == set)
    #expect(TacticSet(codes: "") == TacticSet())
    #expect(TacticSet(codes: "9.9.9") == nil)
}

@Test func stringTableStoresBytesContiguously() {
    var table = StringTable(["a", "", "郭文贵"])
    #expect(table.count == 3)
    #expect(table[2] == "郭文贵")
    #expect(table[1] == "")
    #expect(table.withUTF8(2) { $0.count } == 9)
    var other = StringTable(["x"])
    other.append(contentsOf: table)
    #expect(other.strings == ["x", "a", "", "郭文贵"])
    table.append("b")
    #expect(table.offsets.last == table.bytes.count)
}

@Test func stringTableKeepsOnlyTheBytesWrittenInPlace() {
    var table = StringTable(["a"])
    // Room for 8 bytes, 3 written: the string is exactly those 3, and the next one starts right after them.
    let i = table.append(maxBytes: 8) { room in
        for (k, b) in "xyz".utf8.enumerated() { room[k] = b }
        room[3] = 0x21  // written beyond the count returned: not part of the string
        return 3
    }
    let j = table.append(maxBytes: 4) { room in room[0] = 0x71; return 1 }
    #expect(i == 1 && j == 2)
    #expect(table.strings == ["a", "xyz", "q"])
    #expect(table.bytes == Array("axyzq".utf8))
}

@Test func stringTableFromPartsChecksTheOffsets() {
    #expect(StringTable(bytes: Array("abc".utf8), offsets: [0, 1, 3])?.strings == ["a", "bc"])
    #expect(StringTable(bytes: [], offsets: [0])?.count == 0)
    #expect(StringTable(bytes: Array("abc".utf8), offsets: [0, 2]) == nil)  // does not end at the last byte
    #expect(StringTable(bytes: Array("abc".utf8), offsets: [1, 3]) == nil)  // does not start at 0
    #expect(StringTable(bytes: Array("abc".utf8), offsets: [0, 2, 1, 3]) == nil)  // goes back
    #expect(StringTable(bytes: [], offsets: []) == nil)
}

@Test func permuteRemapsTargets() {
    var events = EventTable()
    events.append(time: 5, actor: 0, action: .post)
    events.append(time: 1, actor: 1, action: .post)
    events.append(time: 9, actor: 2, action: .like, target: 0)
    events.permute(by: [1, 0, 2])
    #expect(events.time == [1, 5, 9])
    #expect(events.target == [-1, -1, 1])
}

@Test func ipv4FormatsAndParses() {
    #expect(IPv4.format(IPv4.parse("10.200.3.254")!) == "10.200.3.254")
    #expect(IPv4.parse("1.2.3") == nil)
    #expect(IPv4.parse("1.2.3.256") == nil)
    #expect(IPv4.parse("0.0.0.0") == 0 && IPv4.parse("255.255.255.255") == .max)
    #expect(IPv4.parse("192.168.001.010") == 0xC0A8_010A)
    for bad in ["", "1.2.3.4.5", "1..3.4", ".1.2.3", "1.2.3.", "1.2.3.x", "1.2.3.4 ", "+1.2.3.4", "1.2.3.99999999999"] {
        #expect(IPv4.parse(bad) == nil, "\(bad)")
    }
}
