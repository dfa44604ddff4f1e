import ArgumentParser
import CIBDetectors

/// `ciblab detectors`: lists the built-in detectors with their parameters.
struct DetectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detectors",
        abstract: "List the built-in detectors and their parameters (defaults, units, ranges).")

    func run() throws {
        for type in DetectorRegistry.all {
            print("\(type.name) — \(type.summary)")
            print("  source: \(type.citation)")
            if !type.dependencies.isEmpty { print("  uses: \(type.dependencies.joined(separator: ", "))") }
            for p in type.parameters {
                let unit = p.unit == .none ? "" : " \(p.unit.rawValue)"
                print("  \(type.name).\(p.name) = \(formatValue(p.defaultValue))\(unit)  \(p.summary)")
            }
            print("")
        }
        print("External detectors: ciblab detect DATASET --external 'python3 mine.py {dataset} {out}' (see docs/detectors.md).")
    }

    private func formatValue(_ v: Double) -> String {
        v.rounded() == v && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
