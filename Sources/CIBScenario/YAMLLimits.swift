/// Bounds on a scenario document, checked on its text before the YAML parser sees it (issue 22): a scenario is a few
/// hundred lines, so a document far larger, nested far deeper or using aliases is refused with a clear error instead
/// of exhausting memory, the stack or time.
///
/// - Size: at most ``maxBytes``.
/// - Nesting: at most ``maxDepth`` levels, counted as an upper bound from the text (indentation, `- ` and `? `
///   entries on a line, open `[` and `{`), so that the parser's recursion stays shallow.
/// - Aliases (`*name`): not supported, so none is expanded — a "billion laughs" document of nested anchors and aliases
///   fails at once, on the line of its first alias. (The YAML parser would share the aliased node, but hashing a
///   mapping's keys and converting the tree both walk every expansion, which grows exponentially.) As a second line,
///   the converted tree may hold at most ``maxNodes`` nodes.
enum YAMLLimits {
    static let maxBytes = 4 << 20
    static let maxDepth = 200
    static let maxNodes = 1_000_000

    /// Checks `text`; the error names the file and the line.
    static func check(_ text: String, file: String) throws(ScenarioError) {
        let size = text.utf8.count
        guard size <= maxBytes else {
            throw ScenarioError(file: file, path: "", line: nil, message: "the document is \(size) bytes; a scenario may have at most \(maxBytes >> 20) MiB")
        }
        var line = 1
        var flowDepth = 0
        var indent = 0
        var atLineStart = true
        var entries = 0  // "- " and "? " indicators on this line
        var tokenStart = true  // the next non-space character starts a token
        var quote: UInt8? = nil
        var previous: UInt8 = 0x20
        var bytes = text.utf8.makeIterator()
        var pending: UInt8? = nil
        func bound() -> Int { indent + entries + flowDepth }
        while let b = pending ?? bytes.next() {
            pending = nil
            defer { previous = b }
            if b == 0x0A {
                line += 1
                atLineStart = true
                indent = 0
                entries = 0
                tokenStart = true
                if quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") { continue }  // multi-line quoted scalar
                continue
            }
            if let q = quote {
                if b == q {
                    if q == UInt8(ascii: "'") {
                        // '' is an escaped quote inside a single-quoted scalar.
                        if let next = bytes.next() {
                            if next == q { continue }
                            pending = next
                        }
                    } else if previous == UInt8(ascii: "\\") {
                        continue
                    }
                    quote = nil
                    tokenStart = false
                }
                continue
            }
            if atLineStart, b == 0x20 {
                indent += 1
                continue
            }
            atLineStart = false
            let isSpace = b == 0x20 || b == 0x09
            if b == UInt8(ascii: "#") && (previous == 0x20 || previous == 0x09 || tokenStart) {
                // A comment: skip to the end of the line.
                while let c = bytes.next() {
                    if c == 0x0A { pending = c; break }
                }
            } else if isSpace {
                continue
            } else if tokenStart && (b == UInt8(ascii: "'") || b == UInt8(ascii: "\"")) {
                quote = b
            } else if tokenStart && (b == UInt8(ascii: "&") || b == UInt8(ascii: "!")) {
                // An anchor or a tag: a property of the node that follows, which still starts a token.
                while let c = bytes.next() {
                    if c == 0x20 || c == 0x09 || c == 0x0A { pending = c; break }
                }
            } else if tokenStart && b == UInt8(ascii: "*") {
                throw ScenarioError(
                    file: file, path: "", line: line,
                    message: "YAML aliases (*name) are not supported in a scenario; write the value out (no alias is expanded, so nested aliases cannot blow up)")
            } else if tokenStart && (b == UInt8(ascii: "-") || b == UInt8(ascii: "?")) {
                // An entry indicator when followed by a space or the end of the line.
                let next = bytes.next()
                pending = next
                if next == nil || next == 0x20 || next == 0x0A || next == 0x09 {
                    entries += 1
                    guard bound() <= maxDepth else { throw depthError(file, line) }
                } else {
                    tokenStart = false
                }
            } else if (b == UInt8(ascii: "[") || b == UInt8(ascii: "{")) && (tokenStart || flowDepth > 0) {
                flowDepth += 1
                guard bound() <= maxDepth else { throw depthError(file, line) }
                tokenStart = true
            } else if (b == UInt8(ascii: "]") || b == UInt8(ascii: "}")) && flowDepth > 0 {
                flowDepth -= 1
                tokenStart = false
            } else if b == UInt8(ascii: ",") && flowDepth > 0 {
                tokenStart = true
            } else if b == UInt8(ascii: ":") {
                // A value indicator when followed by a space (or, in flow context, anything): a value token follows.
                let next = bytes.next()
                pending = next
                tokenStart = next == nil || next == 0x20 || next == 0x0A || next == 0x09 || flowDepth > 0
            } else {
                tokenStart = false
            }
        }
    }

    private static func depthError(_ file: String, _ line: Int) -> ScenarioError {
        ScenarioError(file: file, path: "", line: line, message: "the document nests deeper than \(maxDepth) levels; a scenario needs a few")
    }
}
