import ArgumentParser
import Foundation

/// The `ciblab` command: a laboratory for coordinated inauthentic behaviour.
@main
struct CIBLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ciblab",
        abstract: "Generate synthetic influence campaigns inside organic activity, run detectors, evaluate them.",
        version: ToolInfo.version,
        subcommands: [
            DoctorCommand.self,
            GenerateCommand.self,
            ValidateCommand.self,
            DescribeCommand.self,
            RunCommand.self,
            AuditCommand.self,
            DetectorsCommand.self,
            DetectCommand.self,
            EvaluateCommand.self,
            CoordinationNetworkCommand.self,
            BaselineCommand.self,
            CheckCommand.self,
            SweepCommand.self,
            TextSampleCommand.self,
        ]
    )

    /// Parses and runs like swift-argument-parser's own `main()`, except for the exit code of a bad flag: the README
    /// promises exit code 2 and one line for every bad input, so an unknown flag, a missing argument, a value that
    /// does not parse or a `validate()` refusal (the parser's exit code 64) is `ciblab: error: ...` on one line and 2.
    /// Help and `--version` print and exit 0; an `ExitCode` thrown by a command (its message already printed by
    /// `fail`) exits with that code.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            exit(withError: code)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }  // --help, --version
            let command = invokedCommand()
            // The parser's message may span lines ("Help: ..."): one line, parts joined.
            let text = message(for: error).split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
            _ = fail(text + " (see 'ciblab \(command.isEmpty ? "" : command + " ")--help')")
            Foundation.exit(ExitStatus.badInput)
        }
    }

    /// The subcommand words at the start of the command line (`sweep run`), for the hint after a flag error.
    private static func invokedCommand() -> String {
        var words: [String] = []
        var level: [any ParsableCommand.Type] = configuration.subcommands
        for argument in CommandLine.arguments.dropFirst() {
            guard let sub = level.first(where: { $0.configuration.commandName == argument }) else { break }
            words.append(argument)
            level = sub.configuration.subcommands
        }
        return words.joined(separator: " ")
    }
}
