internal import CIBModel

/// A scores file that cannot be read or does not match the dataset: which file, which line (1-based, the header is
/// line 1) and what was wrong, in one line.
public struct ScoresFileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The scores file.
    public var path: String
    /// The 1-based line the problem is on, or `nil` when it concerns the file as a whole (e.g. missing entities).
    public var line: Int?
    public var message: String

    public init(path: String, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// One printable line (see ``PrintableText``).
    public var description: String {
        PrintableText.clean(line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)")
    }
}
