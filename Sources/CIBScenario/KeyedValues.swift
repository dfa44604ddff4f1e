/// A mapping from names to values (e.g. accounts per platform: `facebook: 7704`), kept sorted by key so that the
/// order written in a file never matters: a scenario and its canonical JSON generate the same world.
public struct KeyedValues<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var entries: [(key: String, value: Value)]

    public init(_ entries: [(key: String, value: Value)] = []) { self.entries = entries.sorted { $0.key < $1.key } }

    public var keys: [String] { entries.map(\.key) }
    public var values: [Value] { entries.map(\.value) }
    public var isEmpty: Bool { entries.isEmpty }

    public subscript(key: String) -> Value? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if let v = newValue { entries[i].value = v } else { entries.remove(at: i) }
            } else if let v = newValue {
                entries.append((key, v))
                entries.sort { $0.key < $1.key }
            }
        }
    }

    public static func == (a: KeyedValues, b: KeyedValues) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        var out: [(key: String, value: Value)] = []
        for key in c.allKeys { out.append((key.stringValue, try c.decode(Value.self, forKey: key))) }
        self.entries = out.sorted { $0.key < $1.key }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        for (k, v) in entries { try c.encode(v, forKey: AnyKey(k)) }
    }
}

extension KeyedValues: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, Value)...) { self.init(elements.map { ($0.0, $0.1) }) }
}

/// Shares of a whole: non-negative numbers keyed by name (countries, languages, actions) that must sum to 1
/// (within 0.001). Written as a mapping, e.g. `{VN: 0.45, BD: 0.30, BR: 0.25}`.
public struct Shares: Codable, Sendable, Equatable {
    public var values: KeyedValues<Double>

    public init(_ values: KeyedValues<Double>) { self.values = values }

    public var keys: [String] { values.keys }
    public var weights: [Double] { values.values }
    public subscript(key: String) -> Double { values[key] ?? 0 }
    public var isEmpty: Bool { values.isEmpty }

    public init(from decoder: any Decoder) throws {
        let v = try KeyedValues<Double>(from: decoder)
        for (k, x) in v.entries where x < 0 {
            throw ScenarioIssue(decoder.codingPath + [AnyKey(k)], "expected a share ≥ 0, found \(x)")
        }
        guard !v.isEmpty else { throw ScenarioIssue(decoder.codingPath, "expected at least one share") }
        let total = v.values.reduce(0, +)
        guard abs(total - 1) <= 0.001 else {
            throw ScenarioIssue(decoder.codingPath, "shares must sum to 1, they sum to \(Shares.format(total))")
        }
        self.values = v
    }

    public func encode(to encoder: any Encoder) throws { try values.encode(to: encoder) }

    static func format(_ x: Double) -> String {
        let r = (x * 10_000).rounded() / 10_000
        return "\(r)"
    }
}

extension Shares: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, Double)...) {
        self.values = KeyedValues(elements.map { ($0.0, $0.1) })  // sorted by key
    }
}
