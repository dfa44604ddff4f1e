import ArgumentParser
import CIBModel
import Foundation

/// Exit codes: 0 success, 1 a check failed (e.g. a regression), 2 bad input (scenario, dataset, flag, score file).
enum ExitStatus {
    static let checkFailed: Int32 = 1
    static let badInput: Int32 = 2
}

/// Prints `ciblab: error: <message>` as one line on stderr (printable text only: line breaks, control characters and
/// bytes that are not UTF-8 are escaped, see ``PrintableText``) and returns the exit code to throw.
func fail(_ message: String, code: Int32 = ExitStatus.badInput) -> ExitCode {
    let line = "ciblab: error: " + PrintableText.clean(message, limit: 4000) + "\n"
    FileHandle.standardError.write(Data(line.utf8))
    return ExitCode(code)
}

/// Writes a progress line on stderr.
func progress(_ message: String) {
    FileHandle.standardError.write(Data(("ciblab: " + message + "\n").utf8))
}
