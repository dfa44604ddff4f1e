/// The tool's version, recorded in every manifest and run file. The minor version changes whenever the same scenario
/// and seed start giving a different world (0.2.0: the random generator became GSL's taus2).
enum ToolInfo {
    static let version = "0.2.0"
}
