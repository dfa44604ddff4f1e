internal import CIBStatistics

/// One language's compiled grammar (``TextGrammarData``, built by scripts/text-model/build.py from
/// data/text/grammar/) as raw pointers into memory that ``TextGrammar/Storage`` owns: what text writers read for
/// every choice. A probabilistic context-free grammar without recursion — each rule a weighted list of
/// alternatives, each alternative literal bytes and other rules — the template approach to generating text
/// ("templates/grammars filled with real words"; cf. K. Deemter, M. Theune, E. Krahmer, "Real versus template-based
/// natural language generation", Computational Linguistics 31(1), 2005, on templates with slots being as expressive
/// as a grammar).
///
/// Raw pointers, not arrays, for the same reason as before the grammars: hot loops on several threads read these
/// tables for every text, and arrays would cost atomic reference-count updates on shared cache lines.
struct TextGrammar: @unchecked Sendable {
    /// Rule `r` chooses among `choices[from ..< from + |count|]` of `rules[r]` (each alternative repeated by its
    /// weight). A rule with `count < 0` is a leaf — every alternative one literal (most inline choices, `{a|b|c}`) —
    /// and its choices are the literals themselves (``packed(start:length:)``), so a leaf is written without a call
    /// or a second lookup; other rules' choices are their alternatives' parts, `parts[start ..< start + length]` as
    /// ``packed(start:length:)``, so choosing an alternative is one load.
    struct Rule {
        var from: Int32
        var count: Int32
    }
    let rules: UnsafePointer<Rule>
    let choices: UnsafePointer<Int64>
    /// The alternatives' parts, each alternative's together: a literal (``packed(start:length:)``, `>= 0`) or a rule
    /// as the complement of its ``reference(_:)`` (`< 0`), so that a part that is a rule needs no lookup in
    /// ``rules``: in the text writers' hot loop every dependent load is a likely cache miss.
    let parts: UnsafePointer<Int64>
    /// The literals' bytes, with ``copyWidth`` bytes to spare at the end.
    let literalBytes: UnsafePointer<UInt8>
    /// The most bytes rule `r` can write.
    let maxBytes: UnsafePointer<Int32>
    let ruleCount: Int

    /// A literal as one value: where its bytes start in ``literalBytes`` and how many there are (fewer than 2^24).
    /// One load finds a literal: the tables are read for every word of every text, and each separate lookup is a
    /// likely cache miss.
    @inline(__always)
    static func packed(start: Int, length: Int) -> Int64 { Int64(start) << 24 | Int64(length) }

    /// A rule as one value: its first choice, whether it is a leaf (``leafFlag``) and its number of choices (below
    /// 65,536).
    @inline(__always)
    static func reference(_ rule: Rule) -> Int64 {
        Int64(rule.from) << 17 | (rule.count < 0 ? leafFlag : 0) | Int64(rule.count.magnitude)
    }
    static let leafFlag: Int64 = 1 << 16

    /// A source of 16-bit random numbers for one text, four per 64-bit word (a choice among fewer than 65,536
    /// alternatives by multiply-shift: Lemire, "Fast random integer generation in an interval", ACM TOMACS 29(1),
    /// 2019, without the rejection step — a bias below 2^-16 · count is of no consequence for text). The words come
    /// from SplitMix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014) seeded with
    /// one draw of the text's `RandomStream` at the first use: one call into GSL per text instead of one per four
    /// choices, and still a function of the stream alone.
    struct Bits {
        var word: UInt64 = 0
        var left = 0
        var state: UInt64 = 0
        var seeded = false

        /// Bits drawn from the text's stream at the first use.
        init() {}

        /// Bits from `seed` (material the caller already drew from its stream); the stream is not drawn from.
        init(seed: UInt64) {
            state = seed
            seeded = true
        }

        @inline(__always)
        mutating func below(_ count: Int, _ rng: RandomStream) -> Int {
            if left == 0 {
                if !seeded {
                    state = rng.next()
                    seeded = true
                }
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                word = z ^ (z >> 31)
                left = 4
            }
            let u = word & 0xFFFF
            word >>= 16
            left -= 1
            return Int((u &* UInt64(count)) >> 16)
        }

        /// True with probability `p` (to 1/65,536).
        @inline(__always)
        mutating func chance(_ p: Double, _ rng: RandomStream) -> Bool {
            below(65_536, rng) < Int(p * 65_536)
        }
    }

    /// Bytes copied at once; a text's room needs this many to spare after its most bytes (``TextGrammar/room(_:)``
    /// callers add it once per text).
    static let copyWidth = 16

    /// Writes an expansion of rule `rule` at `out`; returns the number of bytes written (at most `maxBytes[rule]`;
    /// up to ``copyWidth`` bytes after them are overwritten too).
    @inline(__always)
    func expand(_ rule: Int32, _ bits: inout Bits, _ rng: RandomStream, to out: UnsafeMutablePointer<UInt8>) -> Int {
        expand(reference: TextGrammar.reference(rules[Int(rule)]), &bits, rng, to: out)
    }

    /// ``expand(_:_:_:to:)`` of a rule given as its ``reference(_:)``. Draws (none where a rule has one choice) come
    /// in the order of the parts, depth first.
    func expand(reference: Int64, _ bits: inout Bits, _ rng: RandomStream, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let chosen = choose(reference, &bits, rng)
        if reference & TextGrammar.leafFlag != 0 { return copyLiteral(chosen, to: out) }
        var n = 0
        let first = Int(chosen >> 24)
        for k in first ..< first + Int(chosen & 0xFF_FFFF) {
            let part = parts[k]
            if part >= 0 {
                n += copyLiteral(part, to: out + n)
            } else if ~part & TextGrammar.leafFlag != 0 {
                n += copyLiteral(choose(~part, &bits, rng), to: out + n)
            } else {
                n += expand(reference: ~part, &bits, rng, to: out + n)
            }
        }
        return n
    }

    /// One of a rule's choices (drawn unless there is only one).
    @inline(__always)
    func choose(_ reference: Int64, _ bits: inout Bits, _ rng: RandomStream) -> Int64 {
        let count = Int(reference & 0xFFFF)
        return choices[Int(reference >> 17) + (count == 1 ? 0 : bits.below(count, rng))]
    }

    /// Copies a literal (``packed(start:length:)``) to `out` 16 bytes at a time (one unaligned vector load and
    /// store; most literals are shorter): the literals and every text's room have ``copyWidth`` bytes to spare.
    /// Returns its length.
    @inline(__always)
    func copyLiteral(_ literal: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let length = Int(literal & 0xFF_FFFF)
        let from = literalBytes + Int(literal >> 24)
        var n = 0
        while n < length {
            let chunk = UnsafeRawPointer(from + n).loadUnaligned(as: SIMD16<UInt8>.self)
            UnsafeMutableRawPointer(out + n).storeBytes(of: chunk, as: SIMD16<UInt8>.self)
            n += TextGrammar.copyWidth
        }
        return length
    }

    /// The memory behind a grammar, parsed from its compiled text; freed with the object.
    final class Storage: @unchecked Sendable {
        let grammar: TextGrammar
        /// Named rules (the anonymous inline choices have none).
        let rules: [String: Int32]
        private let owned: [UnsafeMutableRawPointer]

        /// Parses the compiled form written by scripts/text-model/build.py (see there); a malformed grammar is a
        /// defect of the build, so it traps.
        init(compiled: String) {
            var rules: [String: Int32] = [:]
            var alternatives: [(rule: Int, weight: Int, parts: [Int32])] = []
            var literals: [[UInt8]] = []
            var literalIndex: [[UInt8]: Int32] = [:]
            var ruleCount = 0
            // Read as UTF-8 bytes (the grammars are a few MB, parsed on the plan's critical path: splitting them as
            // Characters took about as long as the rest of the plan). Lines end at "\n" and fields at "\t", both
            // single bytes that never occur inside a multi-byte character and never join a Character with their neighbours
            // (Unicode's grapheme rules GB4 and GB5), so the fields are those of a Character split.
            var text = compiled
            text.withUTF8 { bytes in
                /// A decimal number (the compiler writes rule indices and weights as plain digits).
                func number(_ field: Slice<UnsafeBufferPointer<UInt8>>) -> Int {
                    precondition(!field.isEmpty, "TextGrammar: malformed number")
                    var value = 0
                    for b in field {
                        precondition(b >= 0x30 && b <= 0x39, "TextGrammar: malformed number")
                        value = value * 10 + Int(b - 0x30)
                    }
                    return value
                }
                var lineStart = 0
                var fields: [Slice<UnsafeBufferPointer<UInt8>>] = []
                while lineStart < bytes.count {
                    var lineEnd = lineStart
                    while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                    defer { lineStart = lineEnd + 1 }
                    if lineEnd == lineStart { continue }
                    fields.removeAll(keepingCapacity: true)
                    var fieldStart = lineStart
                    for i in lineStart ... lineEnd where i == lineEnd || bytes[i] == 0x09 {
                        fields.append(bytes[fieldStart ..< i])
                        fieldStart = i + 1
                    }
                    let line = bytes[lineStart ..< lineEnd]
                    precondition(fields.count >= 3, "TextGrammar: malformed line \(String(decoding: line, as: UTF8.self))")
                    let rule = number(fields[1])
                    ruleCount = max(ruleCount, rule + 1)
                    if fields[0].elementsEqual("N".utf8) {
                        rules[String(decoding: fields[2], as: UTF8.self)] = Int32(rule)
                        continue
                    }
                    precondition(fields[0].elementsEqual("A".utf8), "TextGrammar: malformed line \(String(decoding: line, as: UTF8.self))")
                    var parts: [Int32] = []
                    for field in fields.dropFirst(3) {
                        if field.first == UInt8(ascii: "R") {
                            let r = number(field.dropFirst())
                            ruleCount = max(ruleCount, r + 1)
                            parts.append(~Int32(r))
                        } else {
                            // The literal is the field after its one-byte marker (build.py refuses literals that start with
                            // a combining mark, which a Character split would have joined to the marker).
                            let bytes = Array(field.dropFirst())
                            if let i = literalIndex[bytes] {
                                parts.append(i)
                            } else {
                                literalIndex[bytes] = Int32(literals.count)
                                parts.append(Int32(literals.count))
                                literals.append(bytes)
                            }
                        }
                    }
                    alternatives.append((rule, number(fields[2]), parts))
                }
            }
            // An empty alternative is the empty literal (so that rules of literals and empty options are leaves).
            var emptyLiteral: Int32 = -1
            for a in alternatives.indices where alternatives[a].parts.isEmpty {
                if emptyLiteral < 0 {
                    emptyLiteral = Int32(literals.count)
                    literals.append([])
                }
                alternatives[a].parts = [emptyLiteral]
            }
            // Alternatives grouped by rule (stable: the grammar's order), each repeated by its weight.
            var byRule = [[Int32]](repeating: [], count: ruleCount)
            for (a, alternative) in alternatives.enumerated() {
                byRule[alternative.rule] += Array(repeating: Int32(a), count: alternative.weight)
            }
            precondition(byRule.allSatisfy { !$0.isEmpty && $0.count < 65_536 }, "TextGrammar: a rule without alternatives")
            // A rule with one choice draws nothing: its parts go straight into the alternatives that name it, and
            // neighbouring literals are joined into one, so that writing makes fewer calls, loads and copies — the
            // same draws in the same order, the same bytes.
            var flattened = [Bool](repeating: false, count: alternatives.count)
            func flatten(_ a: Int) {
                if flattened[a] { return }
                flattened[a] = true
                var out: [Int32] = []
                for p in alternatives[a].parts {
                    if p < 0, byRule[Int(~p)].count == 1 {
                        let only = Int(byRule[Int(~p)][0])
                        flatten(only)
                        out += alternatives[only].parts
                    } else {
                        out.append(p)
                    }
                }
                var joined: [Int32] = []
                for p in out {
                    if p >= 0, let last = joined.last, last >= 0 {
                        let bytes = literals[Int(last)] + literals[Int(p)]
                        if let i = literalIndex[bytes] {
                            joined[joined.count - 1] = i
                        } else {
                            literalIndex[bytes] = Int32(literals.count)
                            joined[joined.count - 1] = Int32(literals.count)
                            literals.append(bytes)
                        }
                    } else {
                        joined.append(p)
                    }
                }
                alternatives[a].parts = joined
            }
            for a in alternatives.indices { flatten(a) }
            // The most bytes each rule writes (the grammar is acyclic: build.py checks).
            var most = [Int32](repeating: -1, count: ruleCount)
            func maxOf(_ r: Int) -> Int32 {
                if most[r] >= 0 { return most[r] }
                var m: Int32 = 0
                for a in Set(byRule[r]) {
                    var n: Int32 = 0
                    for p in alternatives[Int(a)].parts { n += p >= 0 ? Int32(literals[Int(p)].count) : maxOf(Int(~p)) }
                    m = max(m, n)
                }
                most[r] = m
                return m
            }
            for r in 0 ..< ruleCount { _ = maxOf(r) }

            let leaf = byRule.map { $0.allSatisfy { a in alternatives[Int(a)].parts.count == 1 && alternatives[Int(a)].parts[0] >= 0 } }
            var literalStarts: [Int] = [0]
            for l in literals { literalStarts.append(literalStarts[literalStarts.count - 1] + l.count) }
            precondition(literals.allSatisfy { $0.count < 1 << 24 }, "TextGrammar: a literal of 16 MB")
            func packedLiteral(_ i: Int32) -> Int64 { TextGrammar.packed(start: literalStarts[Int(i)], length: literals[Int(i)].count) }
            var partStarts: [Int] = [0]
            for a in alternatives { partStarts.append(partStarts[partStarts.count - 1] + a.parts.count) }
            var ruleEntries: [Rule] = [], choiceValues: [Int64] = []
            for r in byRule.indices {
                ruleEntries.append(Rule(from: Int32(choiceValues.count), count: leaf[r] ? -Int32(byRule[r].count) : Int32(byRule[r].count)))
                choiceValues += byRule[r].map { a in
                    leaf[r] ? packedLiteral(alternatives[Int(a)].parts[0])
                        : TextGrammar.packed(start: partStarts[Int(a)], length: alternatives[Int(a)].parts.count)
                }
            }
            precondition(choiceValues.count < 1 << 31, "TextGrammar: more than 2^31 choices")
            var partValues: [Int64] = []
            for a in alternatives {
                for p in a.parts { partValues.append(p >= 0 ? packedLiteral(p) : ~TextGrammar.reference(ruleEntries[Int(~p)])) }
            }

            var owned: [UnsafeMutableRawPointer] = []
            func copy<T>(_ values: [T]) -> UnsafePointer<T> {
                let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, values.count))
                values.withUnsafeBufferPointer { if let b = $0.baseAddress { p.initialize(from: b, count: $0.count) } }
                owned.append(UnsafeMutableRawPointer(p))
                return UnsafePointer(p)
            }
            grammar = TextGrammar(
                rules: copy(ruleEntries), choices: copy(choiceValues), parts: copy(partValues),
                literalBytes: copy(literals.flatMap { $0 } + [UInt8](repeating: 0, count: TextGrammar.copyWidth)),
                maxBytes: copy(most), ruleCount: ruleCount)
            self.rules = rules
            self.owned = owned
        }

        deinit {
            for p in owned { p.deallocate() }
        }
    }
}
