internal import Foundation
/// A documented, numeric detector parameter with a default (durations are seconds; `90s`, `5m`, `2h`, `1d` are
/// accepted where ``unit`` is ``Unit/seconds``).
public struct ParameterSpec: Sendable, Equatable {
    public enum Unit: String, Sendable {
        case none = ""
        case seconds = "s"
        case count = "count"
        case fraction = "fraction"
        case hours = "h"
    }

    public var name: String
    public var summary: String
    public var defaultValue: Double
    public var unit: Unit
    /// Accepted values (inclusive).
    public var range: ClosedRange<Double>
    /// Whether the value must be a whole number.
    public var integer: Bool

    public init(
        _ name: String, _ summary: String, default defaultValue: Double, unit: Unit = .none,
        range: ClosedRange<Double> = -Double.greatestFiniteMagnitude ... Double.greatestFiniteMagnitude,
        integer: Bool = false
    ) {
        self.name = name
        self.summary = summary
        self.defaultValue = defaultValue
        self.unit = unit
        self.range = range
        self.integer = integer
    }

    /// Parses a value as typed on the command line or in a detector config.
    public func parse(_ text: String, detector: String) throws(DetectorError) -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var value: Double?
        if unit == .seconds, let last = trimmed.last, let factor = ["s": 1.0, "m": 60, "h": 3600, "d": 86400][String(last)] {
            value = Double(trimmed.dropLast()).map { $0 * factor }
        } else {
            value = Double(trimmed)
        }
        guard let v = value, v.isFinite else {
            throw DetectorError(detector: detector, message: "parameter \(name): expected \(expectation), got '\(text)'")
        }
        guard range.contains(v) else {
            throw DetectorError(detector: detector, message: "parameter \(name): \(text) is outside \(range.lowerBound) ... \(range.upperBound)")
        }
        guard !integer || v.rounded() == v else {
            throw DetectorError(detector: detector, message: "parameter \(name): expected a whole number, got '\(text)'")
        }
        return v
    }

    private var expectation: String {
        switch unit {
        case .seconds: "a duration such as 90s, 5m, 2h or a number of seconds"
        default: integer ? "a whole number" : "a number"
        }
    }
}

/// The values of a detector's parameters after defaults and overrides.
public struct ParameterValues: Sendable, Equatable {
    public private(set) var values: [String: Double]

    public init(_ values: [String: Double]) { self.values = values }

    /// Defaults of `specs` overridden by `overrides` (name → text); unknown names are errors.
    public static func resolve(
        _ specs: [ParameterSpec], overrides: [String: String], detector: String
    ) throws(DetectorError) -> ParameterValues {
        var values: [String: Double] = [:]
        for spec in specs { values[spec.name] = spec.defaultValue }
        for (name, text) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let spec = specs.first(where: { $0.name == name }) else {
                let known = specs.map(\.name).joined(separator: ", ")
                throw DetectorError(detector: detector, message: "unknown parameter '\(name)' (known: \(known.isEmpty ? "none" : known))")
            }
            values[name] = try spec.parse(text, detector: detector)
        }
        return ParameterValues(values)
    }

    public subscript(_ name: String) -> Double {
        guard let v = values[name] else { preconditionFailure("parameter \(name) was not resolved") }
        return v
    }

    public func int(_ name: String) -> Int { Int(self[name]) }
}
