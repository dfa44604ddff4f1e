public import CIBModel
internal import Foundation

/// Resolves detector names and parameter overrides into a runnable plan (dependencies first) and runs it.
///
/// Parameter overrides are written `detector.key=value` (`co-action.window=5m`); a bare `key=value` is accepted when
/// exactly one detector is requested.
public struct DetectorPipeline: Sendable {
    /// One configured detector.
    public struct Step: Sendable {
        public var detector: any Detector
        public var name: String
        public var parameters: ParameterValues
        /// Whether the user asked for it (false for a dependency pulled in by another detector).
        public var requested: Bool
    }

    /// The output of one step with its wall-clock time.
    public struct Result: Sendable {
        public var name: String
        public var output: DetectorOutput
        public var parameters: ParameterValues
        public var seconds: Double
        public var requested: Bool
    }

    public private(set) var steps: [Step]

    /// Builds the plan. `names` empty means every registered detector.
    public init(names: [String], overrides: [String]) throws(DetectorError) {
        let requested = names.isEmpty ? DetectorRegistry.names : names
        for name in requested where DetectorRegistry.named(name) == nil {
            throw DetectorError(detector: name, message: "unknown detector (known: \(DetectorRegistry.names.joined(separator: ", ")))")
        }
        // Parameter overrides per detector.
        var perDetector: [String: [String: String]] = [:]
        for text in overrides {
            guard let eq = text.firstIndex(of: "=") else {
                throw DetectorError(detector: requested.count == 1 ? requested[0] : "?", message: "--param '\(text)': expected detector.key=value")
            }
            let key = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
            let value = String(text[text.index(after: eq)...])
            let detector: String
            let parameter: String
            if let dot = key.firstIndex(of: "."), DetectorRegistry.named(String(key[..<dot])) != nil {
                detector = String(key[..<dot])
                parameter = String(key[key.index(after: dot)...])
            } else if requested.count == 1 {
                detector = requested[0]
                parameter = key
            } else {
                throw DetectorError(detector: "?", message: "--param '\(text)': name the detector, e.g. \(requested[0]).\(key)=\(value)")
            }
            guard requested.contains(detector) || DetectorRegistry.named(detector) != nil else {
                throw DetectorError(detector: detector, message: "--param '\(text)': unknown detector")
            }
            perDetector[detector, default: [:]][parameter] = value
        }
        // Dependencies first, in registry order, each once.
        var ordered: [String] = []
        func visit(_ name: String, depth: Int) throws(DetectorError) {
            guard !ordered.contains(name) else { return }
            guard depth < 16, let type = DetectorRegistry.named(name) else {
                throw DetectorError(detector: name, message: "unknown detector or dependency cycle")
            }
            for dependency in type.dependencies { try visit(dependency, depth: depth + 1) }
            ordered.append(name)
        }
        for name in requested { try visit(name, depth: 0) }
        for name in perDetector.keys where !ordered.contains(name) {
            throw DetectorError(detector: name, message: "parameters given for a detector that is not run")
        }
        steps = []
        for name in ordered {
            let type = DetectorRegistry.named(name)!
            let values = try ParameterValues.resolve(type.parameters, overrides: perDetector[name] ?? [:], detector: name)
            steps.append(Step(detector: try type.init(parameters: values), name: name, parameters: values,
                              requested: requested.contains(name)))
        }
    }

    /// Runs every step in order on `data`.
    public func run(
        on data: ObservableDataset, tasks: Int, seed: UInt64, progress: @escaping @Sendable (String) -> Void
    ) throws(DetectorError) -> [Result] {
        var upstream: [String: EntityScores] = [:]
        var results: [Result] = []
        for step in steps {
            let context = DetectorContext(tasks: tasks, seed: seed, upstream: upstream, progress: progress)
            let started = Date()
            let output = try step.detector.run(on: data, context: context)
            let seconds = Date().timeIntervalSince(started)
            guard output.scores.count == data.entities.count, output.scores.score.allSatisfy(\.isFinite) else {
                throw DetectorError(detector: step.name, message: "returned \(output.scores.count) scores for \(data.entities.count) entities or a non-finite score")
            }
            upstream[step.name] = output.scores
            let flagged = output.scores.flag.lazy.filter { $0 }.count
            progress("\(step.name): \(flagged) of \(data.entities.count) entities flagged in \(String(format: "%.2f", seconds)) s")
            results.append(Result(name: step.name, output: output, parameters: step.parameters, seconds: seconds,
                                  requested: step.requested))
        }
        return results
    }
}
