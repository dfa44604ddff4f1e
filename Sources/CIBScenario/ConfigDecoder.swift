/// A strict `Decoder` over a ``ConfigNode`` tree: unknown keys, wrong types and malformed numbers are errors that
/// name the key path; lines are attached by the loader. Only the types a scenario uses are supported.
struct ConfigDecoder: Decoder {
    let node: ConfigNode
    let codingPath: [any CodingKey]
    /// The keys the decoded type asked for, to find unknown keys once it is done.
    let log = KeyLog()
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: ConfigNode, codingPath: [any CodingKey] = []) {
        self.node = node
        self.codingPath = codingPath
    }

    /// Decodes the whole tree as `T`, rejecting keys `T` (or any nested type) does not know.
    static func decodeRoot<T: Decodable>(_ type: T.Type, from node: ConfigNode) throws -> T {
        try decodeScalar(type, node: node, path: [])
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let pairs) = node.value else {
            if node.isNull { return KeyedDecodingContainer(KeyedConfigContainer<Key>(pairs: [], codingPath: codingPath, log: log)) }
            throw ScenarioIssue(codingPath, "expected a mapping, found \(describe(node))")
        }
        return KeyedDecodingContainer(KeyedConfigContainer<Key>(pairs: pairs, codingPath: codingPath, log: log))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let items) = node.value else {
            if node.isNull { return UnkeyedConfigContainer(items: [], codingPath: codingPath) }
            throw ScenarioIssue(codingPath, "expected a list, found \(describe(node))")
        }
        return UnkeyedConfigContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleConfigContainer(node: node, codingPath: codingPath)
    }
}

/// The keys a type's `init(from:)` looked up (in order), shared by a decoder and its keyed containers.
final class KeyLog {
    var asked: [String] = []
    var all = false
    func note(_ key: String) { if !asked.contains(key) { asked.append(key) } }
}

/// Levenshtein distance, for "did you mean" hints.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    var row = Array(0 ... b.count)
    for i in 1 ... a.count {
        var previous = row[0]
        row[0] = i
        for j in stride(from: 1, through: b.count, by: 1) {
            let saved = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
            previous = saved
        }
    }
    return row[b.count]
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ s: String) { stringValue = s; intValue = nil }
    init(index: Int) { stringValue = "[\(index)]"; intValue = index }
    init?(stringValue: String) { self.stringValue = stringValue; intValue = nil }
    init?(intValue: Int) { self.stringValue = "[\(intValue)]"; self.intValue = intValue }
}

func describe(_ node: ConfigNode) -> String {
    switch node.value {
    case .scalar(let s, _): node.isNull ? "nothing (null)" : "'\(s)'"
    case .mapping: "a mapping"
    case .sequence: "a list"
    }
}

private func scalarText(_ node: ConfigNode, _ path: [any CodingKey], expected: String) throws -> String {
    guard case .scalar(let s, _) = node.value, !node.isNull else {
        throw ScenarioIssue(path, "expected \(expected), found \(describe(node))")
    }
    return s
}

private func decodeScalar<T: Decodable>(_ type: T.Type, node: ConfigNode, path: [any CodingKey]) throws -> T {
    if type == String.self { return try scalarText(node, path, expected: "a string") as! T }
    if type == Bool.self {
        let s = try scalarText(node, path, expected: "true or false")
        switch s {
        case "true", "True", "TRUE", "yes", "on": return true as! T
        case "false", "False", "FALSE", "no", "off": return false as! T
        default: throw ScenarioIssue(path, "expected true or false, found '\(s)'")
        }
    }
    if type == Int.self || type == Int64.self || type == UInt64.self || type == Int32.self || type == UInt16.self {
        let s = try scalarText(node, path, expected: "an integer")
        let digits = s.replacingUnderscores
        // A sign on an unsigned value (`seed: -0`, `+1`) is a mistake, not a number.
        if type == UInt64.self || type == UInt16.self, !digits.isEmpty, !digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw ScenarioIssue(path, "expected a non-negative integer written with digits only, found '\(s)'")
        }
        switch type {
        case is Int.Type: if let v = Int(digits) { return v as! T }
        case is Int64.Type: if let v = Int64(digits) { return v as! T }
        case is Int32.Type: if let v = Int32(digits) { return v as! T }
        case is UInt16.Type: if let v = UInt16(digits) { return v as! T }
        default: if let v = UInt64(digits) { return v as! T }
        }
        throw ScenarioIssue(path, "expected \(type == UInt64.self ? "a non-negative integer" : "an integer"), found '\(s)'")
    }
    if type == Double.self {
        let s = try scalarText(node, path, expected: "a number")
        guard let v = Double(s.replacingUnderscores), v.isFinite else { throw ScenarioIssue(path, "expected a number, found '\(s)'") }
        return v as! T
    }
    do {
        let decoder = ConfigDecoder(node: node, codingPath: path)
        let value = try T(from: decoder)
        if case .mapping(let pairs) = node.value, !decoder.log.all {
            for (k, _) in pairs where !decoder.log.asked.contains(k) {
                var message = "unknown key '\(k)'"
                if let near = decoder.log.asked.min(by: { editDistance($0, k) < editDistance($1, k) }), editDistance(near, k) <= 2 {
                    message += " (did you mean '\(near)'?)"
                }
                message += "; expected one of: " + decoder.log.asked.joined(separator: ", ")
                throw ScenarioIssue(path + [AnyKey(k)], message)
            }
        }
        return value
    } catch let issue as ScenarioIssue {
        throw issue
    } catch DecodingError.dataCorrupted(let context) {
        // Raw-value enums: say which values are allowed.
        var message = "invalid value \(describe(node))"
        if let cases = (T.self as? any CaseIterable.Type)?.allCases as? [any RawRepresentable] {
            message += "; expected one of: " + cases.map { "\($0.rawValue)" }.joined(separator: ", ")
        } else {
            message += ": \(context.debugDescription)"
        }
        throw ScenarioIssue(path, message)
    }
}

extension String {
    fileprivate var replacingUnderscores: String { contains("_") ? String(filter { $0 != "_" }) : self }
}

private struct KeyedConfigContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let pairs: [(key: String, value: ConfigNode)]
    let codingPath: [any CodingKey]
    let log: KeyLog

    var allKeys: [Key] {
        log.all = true
        return pairs.compactMap { Key(stringValue: $0.key) }
    }
    func contains(_ key: Key) -> Bool {
        log.note(key.stringValue)
        return pairs.contains { $0.key == key.stringValue }
    }

    private func node(_ key: Key) throws -> ConfigNode {
        log.note(key.stringValue)
        guard let n = pairs.first(where: { $0.key == key.stringValue })?.value else {
            throw ScenarioIssue(codingPath + [key], "missing required key '\(key.stringValue)'")
        }
        return n
    }

    func decodeNil(forKey key: Key) throws -> Bool { try node(key).isNull }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decodeScalar(type, node: try node(key), path: codingPath + [key])
    }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ConfigDecoder(node: try node(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ConfigDecoder(node: try node(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder {
        log.all = true
        return ConfigDecoder(node: ConfigNode(value: .mapping(pairs), line: nil, origin: ""), codingPath: codingPath)
    }
    func superDecoder(forKey key: Key) throws -> any Decoder { ConfigDecoder(node: try node(key), codingPath: codingPath + [key]) }
}

private struct UnkeyedConfigContainer: UnkeyedDecodingContainer {
    let items: [ConfigNode]
    let codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(items: [ConfigNode], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    private mutating func next() throws -> (ConfigNode, [any CodingKey]) {
        guard !isAtEnd else { throw ScenarioIssue(codingPath, "list ended early") }
        defer { currentIndex += 1 }
        return (items[currentIndex], codingPath + [AnyKey(index: currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        if items[currentIndex].isNull { currentIndex += 1; return true }
        return false
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (n, p) = try next()
        return try decodeScalar(type, node: n, path: p)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (n, p) = try next()
        return try ConfigDecoder(node: n, codingPath: p).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (n, p) = try next()
        return try ConfigDecoder(node: n, codingPath: p).unkeyedContainer()
    }
    mutating func superDecoder() throws -> any Decoder {
        let (n, p) = try next()
        return ConfigDecoder(node: n, codingPath: p)
    }
}

private struct SingleConfigContainer: SingleValueDecodingContainer {
    let node: ConfigNode
    let codingPath: [any CodingKey]
    func decodeNil() -> Bool { node.isNull }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeScalar(type, node: node, path: codingPath) }
}

// MARK: - Helpers for hand-written `init(from:)` with defaults

extension KeyedDecodingContainer {
    /// Decodes `key` into `value` if present (and not null); otherwise leaves the default.
    func read<T: Decodable>(_ value: inout T, _ key: Key) throws {
        if contains(key), try !decodeNil(forKey: key) { value = try decode(T.self, forKey: key) }
    }

    /// Like ``read(_:_:)`` for a number that must lie in `range`.
    func read<T: Decodable & Comparable>(_ value: inout T, _ key: Key, in range: ClosedRange<T>, _ expected: String) throws {
        if contains(key), try !decodeNil(forKey: key) {
            let v = try decode(T.self, forKey: key)
            guard range.contains(v) else { throw ScenarioIssue(codingPath + [key], "expected \(expected), found \(v)") }
            value = v
        }
    }

    /// A count: an integer in `0 ... maximum` (by default ``ScenarioRanges/maxCount``).
    func readCount(_ value: inout Int, _ key: Key, max maximum: Int = ScenarioRanges.maxCount) throws {
        try read(&value, key, in: 0 ... maximum, "a count between 0 and \(ScenarioRanges.format(Double(maximum)))")
    }

    /// A probability or share: a number in [0, 1].
    func readFraction(_ value: inout Double, _ key: Key) throws {
        try read(&value, key, in: 0 ... 1, "a number between 0 and 1")
    }

    /// A rate or mean: a number in `0 ... maximum` (by default ``ScenarioRanges/maxRate``).
    func readRate(_ value: inout Double, _ key: Key, max maximum: Double = ScenarioRanges.maxRate) throws {
        try read(&value, key, in: 0 ... maximum, "a number between 0 and \(ScenarioRanges.format(maximum))")
    }
}
