internal import CGSL

/// An error raised by the statistics module: which operation failed, why, and GSL's status code when GSL
/// reported the failure.
///
/// Programmer errors (a probability outside [0, 1], a negative count) are `precondition` failures instead;
/// `StatisticsError` is for inputs that come from data or configuration, such as a weight vector read from a
/// scenario file.
public struct StatisticsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A GSL status code (the `GSL_E*` values of `gsl_errno.h`).
    public struct GSLStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The numeric GSL code.
        public let rawValue: Int32

        /// Wraps a GSL status code.
        public init(rawValue: Int32) {
            self.rawValue = rawValue
        }

        /// Input domain error (`GSL_EDOM`).
        public static let domain = GSLStatus(rawValue: 1)
        /// Invalid argument supplied by the caller (`GSL_EINVAL`).
        public static let invalidArgument = GSLStatus(rawValue: 4)
        /// Memory allocation failed (`GSL_ENOMEM`).
        public static let noMemory = GSLStatus(rawValue: 8)
        /// Lengths or sizes do not match (`GSL_EBADLEN`).
        public static let badLength = GSLStatus(rawValue: 19)

        /// GSL's own one-line explanation of the code (`gsl_strerror`).
        public var reason: String {
            String(cString: gsl_strerror(rawValue))
        }

        /// `"GSL error N (reason)"`.
        public var description: String {
            "GSL error \(rawValue) (\(reason))"
        }
    }

    /// The operation that failed, e.g. `"DiscreteSampler.init"`.
    public let operation: String
    /// GSL's status code when GSL reported the failure; `nil` when this module rejected the input itself.
    public let status: GSLStatus?
    /// What was wrong, with the offending value or position, e.g. `"weight 3 is negative (-0.5)"`.
    public let message: String

    /// Creates an error for `operation` with a human-readable `message` and, optionally, GSL's status code.
    public init(operation: String, message: String, status: GSLStatus? = nil) {
        self.operation = operation
        self.message = message
        self.status = status
    }

    /// `"operation: message"`, followed by the GSL status in brackets when there is one.
    public var description: String {
        if let status {
            return "\(operation): \(message) [\(status)]"
        }
        return "\(operation): \(message)"
    }
}
