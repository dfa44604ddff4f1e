/// A problem with a scenario file, reported as one line: the file, the line (when the parser knows it), the key
/// path (e.g. `campaigns[0].schedule.blocks[1]`) and what was expected.
///
/// The CLI prints ``description`` and exits with status 2; nothing is generated or written.
public struct ScenarioError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The scenario file (or preset file) as given.
    public var file: String
    /// The key path inside the scenario, or empty for the whole file.
    public var path: String
    /// The 1-based line of the offending node, when known (not for values set with `--set`).
    public var line: Int?
    /// What was wrong and what was expected.
    public var message: String

    public init(file: String, path: String, line: Int?, message: String) {
        self.file = file
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}

/// An error raised while decoding or checking a value, before the file and line are known; the loader turns it
/// into a ``ScenarioError``.
public struct ScenarioIssue: Error, Sendable {
    /// The key path as text (`campaigns[0].schedule`).
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public init(_ codingPath: [any CodingKey], _ message: String) {
        self.path = ScenarioPath.format(codingPath)
        self.message = message
    }
}

/// Formatting and parsing of key paths (`campaigns[0].schedule.jitter`).
public enum ScenarioPath {
    /// One step of a path: a mapping key or a sequence index.
    public enum Component: Sendable, Equatable, CustomStringConvertible {
        case key(String)
        case index(Int)
        public var description: String {
            switch self {
            case .key(let k): k
            case .index(let i): "[\(i)]"
            }
        }
    }

    public static func format(_ codingPath: [any CodingKey]) -> String {
        format(codingPath.map { key in key.intValue.map { .index($0) } ?? .key(key.stringValue) })
    }

    public static func format(_ components: [Component]) -> String {
        var out = ""
        for c in components {
            switch c {
            case .key(let k): out += out.isEmpty ? k : "." + k
            case .index(let i): out += "[\(i)]"
            }
        }
        return out
    }

    /// Parses `a.b[2].c`; `nil` when malformed.
    public static func parse(_ text: String) -> [Component]? {
        var out: [Component] = []
        var current = ""
        var chars = Array(text)
        var i = 0
        func flush() -> Bool {
            guard !current.isEmpty else { return false }
            out.append(.key(current))
            current = ""
            return true
        }
        chars.append(".")
        while i < chars.count {
            let ch = chars[i]
            if ch == "." {
                if i == chars.count - 1 { if !current.isEmpty { _ = flush() }; break }
                if !current.isEmpty { _ = flush() } else if out.isEmpty || chars[i - 1] != "]" { return nil }
            } else if ch == "[" {
                if !current.isEmpty { _ = flush() }
                guard !out.isEmpty else { return nil }
                var j = i + 1
                var digits = ""
                while j < chars.count, chars[j] != "]" { digits.append(chars[j]); j += 1 }
                guard j < chars.count, let n = Int(digits), n >= 0 else { return nil }
                out.append(.index(n))
                i = j
            } else if ch.isLetter || ch.isNumber || ch == "_" || ch == "-" {
                current.append(ch)
            } else {
                return nil
            }
            i += 1
        }
        return out.isEmpty ? nil : out
    }
}
