/// Evaluation could not run: inputs that do not fit together (a scores file for another dataset, truth for another
/// world, an unknown campaign). The message names what was expected and what was found.
public struct EvaluationError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
