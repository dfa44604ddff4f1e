/// The tool's version, recorded in every manifest and run file.
enum ToolInfo {
    static let version = "0.1.0"
}
