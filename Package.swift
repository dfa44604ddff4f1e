// swift-tools-version: 6.0
// ciblab — a laboratory for coordinated inauthentic behaviour (CIB) detection.
import PackageDescription

let package = Package(
    name: "ciblab",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ciblab", targets: ["ciblab"]),
        .library(name: "CIBStatistics", targets: ["CIBStatistics"]),
        .library(name: "CIBModel", targets: ["CIBModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // GSL through pkg-config; no Swift API (see docs/gsl.md).
        .systemLibrary(
            name: "CGSL", pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"]), .brew(["gsl"])]),
        // The one Swift face of GSL: seeded streams, distributions, statistics, intervals.
        .target(name: "CIBStatistics", dependencies: ["CGSL"]),
        // Observable data: entities, events, follows, logins, content; what a detector may see.
        .target(name: "CIBModel"),
        // Ground truth: entity classes, campaign/cluster/operator ids, kill-chain tactics per event.
        // Detectors do not depend on this module, so they cannot read the truth.
        .target(name: "CIBTruth", dependencies: ["CIBModel"]),
        // Scenario schema, YAML/JSON loading, validation, overrides, presets.
        .target(name: "CIBScenario", dependencies: ["CIBModel", .product(name: "Yams", package: "Yams")]),
        // The world generator: organic population, hard negatives, campaign behaviours.
        .target(
            name: "CIBGenerator",
            dependencies: ["CIBScenario", "CIBModel", "CIBTruth", "CIBStatistics"]),
        // Dataset and results files: CSV tables, manifests, checksums, atomic writes.
        .target(
            name: "CIBStorage",
            dependencies: ["CIBModel", "CIBTruth", "CIBCSV", "CIBStatistics", .product(name: "Crypto", package: "swift-crypto")]),
        // Byte-level CSV reading: Python's csv dialect without decoding, chunks cut at record boundaries for parallel
        // parsing (quoted line breaks included), byte-string interning, UTF-8 checks. Depends on nothing, so any reader
        // of large CSVs (the toolkit path in CIBDetectors, CIBStorage's datasets through its strict RFC 4180 scanner) can
        // use it.
        .target(name: "CIBCSV"),
        // Small C kernels compiled for several instruction sets and chosen at start-up (see ckernels.h).
        .target(name: "CKernels"),
        // Detectors: the protocol, the registry, the built-ins, external programs. Observable data only.
        .target(name: "CIBDetectors", dependencies: ["CIBModel", "CIBStatistics", "CKernels", "CIBCSV"]),
        // Metrics, curves, intervals, paired tests.
        .target(name: "CIBEvaluation", dependencies: ["CIBModel", "CIBTruth", "CIBStatistics"]),
        // The benchmark checks itself: public features, learned and text probes against the truth (docs/audit.md).
        .target(name: "CIBAudit", dependencies: ["CIBModel", "CIBTruth", "CIBStatistics", "CIBEvaluation"]),
        // Markdown / HTML / SVG reports.
        .target(name: "CIBReport", dependencies: ["CIBEvaluation", "CIBModel", "CIBTruth", "CIBAudit"]),
        // Experiments: generate → detect → evaluate over seeds (the engine of run, sweeps and regression checks).
        .target(
            name: "CIBRun",
            dependencies: [
                "CIBScenario", "CIBGenerator", "CIBModel", "CIBTruth", "CIBStorage", "CIBDetectors", "CIBEvaluation",
                "CIBReport", "CIBStatistics", "CIBAudit", .product(name: "Yams", package: "Yams"),
            ]),
        // The command-line tool; the only place that knows about argv.
        .executableTarget(
            name: "ciblab",
            dependencies: [
                "CIBStatistics", "CIBModel", "CIBTruth", "CIBScenario", "CIBGenerator", "CIBStorage",
                "CIBDetectors", "CIBEvaluation", "CIBReport", "CIBRun", "CIBAudit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(name: "CIBStatisticsTests", dependencies: ["CIBStatistics"]),
        .testTarget(name: "CIBCSVTests", dependencies: ["CIBCSV"]),
        .testTarget(name: "CIBModelTests", dependencies: ["CIBModel", "CIBTruth"]),
        .testTarget(name: "CIBScenarioTests", dependencies: ["CIBScenario"]),
        .testTarget(
            name: "CIBGeneratorTests",
            dependencies: ["CIBGenerator", "CIBScenario", "CIBModel", "CIBTruth", "CIBStatistics", "CIBStorage"]),
        .testTarget(name: "CIBDetectorsTests", dependencies: ["CIBDetectors", "CIBModel", "CIBStatistics", "CKernels"]),
        .testTarget(name: "CIBEvaluationTests", dependencies: ["CIBEvaluation", "CIBModel", "CIBTruth", "CIBStatistics"]),
        // Detectors on generated worlds: recall on the tactic each targets, false positives on its hard negatives.
        .testTarget(
            name: "CIBIntegrationTests",
            dependencies: ["CIBGenerator", "CIBScenario", "CIBDetectors", "CIBEvaluation", "CIBModel", "CIBTruth"]),
        .testTarget(
            name: "CIBRunTests",
            dependencies: ["CIBRun", "CIBEvaluation", "CIBDetectors", "CIBModel", "CIBScenario", "CIBStorage", "CIBReport", "CIBAudit"]),
        .testTarget(
            name: "CIBAuditTests",
            dependencies: ["CIBAudit", "CIBEvaluation", "CIBModel", "CIBTruth", "CIBStatistics", "CIBGenerator", "CIBScenario"]),
        .testTarget(name: "CIBReportTests", dependencies: ["CIBReport", "CIBEvaluation", "CIBModel", "CIBTruth"]),
        .testTarget(name: "CIBStorageTests", dependencies: ["CIBStorage", "CIBModel", "CIBTruth", "CIBCSV"]),
        .testTarget(name: "ciblabTests", dependencies: ["CIBStorage", "CIBModel", "CIBTruth", "CIBStatistics", "CIBAudit"]),
    ],
    swiftLanguageModes: [.v6]
)
