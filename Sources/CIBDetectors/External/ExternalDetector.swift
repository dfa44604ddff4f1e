public import CIBModel
internal import Foundation

/// A detector that is any program: it reads a dataset directory and writes a scores file (see ``ScoresFile``), which
/// is then validated and evaluated exactly like a built-in detector's output (docs/detectors.md, "External").
///
/// The command template is a `/bin/sh` command line in which `{dataset}` is replaced by the dataset directory and
/// `{out}` by the path of the scores file to write, each single-quoted for the shell (so do not quote the
/// placeholders yourself), e.g. `python3 mine.py {dataset} {out}`. The program runs in its own process group with
/// the caller's working directory and environment; its standard output and error go to
/// `<work>/<name>.stdout.log` and `<work>/<name>.stderr.log`. If it runs longer than the timeout its whole process
/// group is sent SIGTERM, then SIGKILL two seconds later.
public struct ExternalDetector: Sendable {
    /// The name given on the command line or in the config; scores carry the name ``detectorName``.
    public var name: String
    public var commandTemplate: String
    /// Seconds the program may run.
    public var timeout: Double

    public init(name: String, commandTemplate: String, timeout: Double) {
        self.name = name
        self.commandTemplate = commandTemplate
        self.timeout = timeout
    }

    /// The detector name the scores carry: `external:<name>`.
    public var detectorName: String { name.hasPrefix("external:") ? name : "external:" + name }

    /// The shell command for a dataset directory and output path: placeholders replaced by single-quoted paths.
    ///
    /// `placeholders` adds more `{name}` → value substitutions (a benchmark suite gives `{train}` and `{work}`, see
    /// docs/suite.md). The template is read once from left to right, so a value that itself contains `{out}` is
    /// never substituted again; braces that name no placeholder (`awk '{print $1}'`) are left as written.
    public func command(datasetDirectory: String, out: String, placeholders: [String: String] = [:]) -> String {
        var values = placeholders
        values["dataset"] = datasetDirectory
        values["out"] = out
        var result = ""
        var rest = commandTemplate[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let value = values[String(rest[afterOpen ..< close])] {
                result += Self.shellQuoted(value)
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[afterOpen...]
            }
        }
        return result + rest
    }

    /// Runs the program on the dataset in `datasetDirectory` (which has `entityCount` entities), with its scores file
    /// and logs in `workDirectory` (created if needed), and returns its validated scores. `placeholders` are further
    /// substitutions for the command template (see ``command(datasetDirectory:out:placeholders:)``).
    ///
    /// Errors: an empty template or one without `{out}`, a bad timeout, a program that cannot start, exits non-zero
    /// (with the exit code and the last lines of its standard error), is killed by a signal, runs past the timeout,
    /// or writes a scores file that ``ScoresFile/read(path:entityCount:detector:)`` rejects.
    public func run(
        datasetDirectory: String, entityCount: Int, workDirectory: String, placeholders: [String: String] = [:]
    ) throws(DetectorError) -> EntityScores {
        let detector = detectorName
        func fail(_ message: String) -> DetectorError { DetectorError(detector: detector, message: message) }

        guard !commandTemplate.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail("the command is empty") }
        guard commandTemplate.contains("{out}") else {
            throw fail("the command '\(commandTemplate)' has no {out} placeholder for the scores file it must write")
        }
        guard timeout.isFinite, timeout > 0 else { throw fail("the timeout must be a positive number of seconds, got \(timeout)") }

        let files = FileManager.default
        do {
            try files.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        } catch {
            throw fail("cannot create the work directory \(workDirectory) (\(ScoresFile.reason(error)))")
        }
        let base = workDirectory + "/" + Self.fileSafe(name)
        let out = base + ".scores.csv"
        let stdoutPath = base + ".stdout.log"
        let stderrPath = base + ".stderr.log"
        // A scores file left by an earlier run must not pass for this run's output.
        unlink(out)
        guard files.createFile(atPath: stdoutPath, contents: nil), files.createFile(atPath: stderrPath, contents: nil),
            let stdoutHandle = FileHandle(forWritingAtPath: stdoutPath),
            let stderrHandle = FileHandle(forWritingAtPath: stderrPath)
        else {
            throw fail("cannot create log files in \(workDirectory)")
        }
        defer {
            try? stdoutHandle.close()
            try? stderrHandle.close()
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command(datasetDirectory: datasetDirectory, out: out, placeholders: placeholders)]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw fail("cannot start /bin/sh (\(ScoresFile.reason(error)))")
        }
        let pid = process.processIdentifier

        if finished.wait(timeout: .now() + timeout) == .timedOut {
            Self.signalGroup(pid, SIGTERM)
            if finished.wait(timeout: .now() + 2) == .timedOut {
                Self.signalGroup(pid, SIGKILL)
                finished.wait()
            }
            process.waitUntilExit()
            throw fail("'\(commandTemplate)' timed out after \(Self.seconds(timeout)) s and was stopped\(Self.tail(stderrPath))")
        }
        process.waitUntilExit()

        switch process.terminationReason {
        case .uncaughtSignal:
            throw fail("'\(commandTemplate)' was killed by signal \(process.terminationStatus)\(Self.tail(stderrPath))")
        case .exit:
            guard process.terminationStatus == 0 else {
                throw fail("'\(commandTemplate)' failed with exit code \(process.terminationStatus)\(Self.tail(stderrPath))")
            }
        @unknown default:
            throw fail("'\(commandTemplate)' ended abnormally\(Self.tail(stderrPath))")
        }

        guard files.fileExists(atPath: out) else {
            throw fail("'\(commandTemplate)' exited 0 but wrote no scores file at \(out)\(Self.tail(stderrPath))")
        }
        do {
            return try ScoresFile.read(path: out, entityCount: entityCount, detector: detector)
        } catch {
            throw fail("invalid output: \(error)")
        }
    }

    // MARK: - Helpers

    /// `text` as one single-quoted `/bin/sh` word (`'` becomes `'\''`).
    public static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A name usable as a file name: letters, digits, `-`, `_` and `.` kept, anything else `_`.
    static func fileSafe(_ name: String) -> String {
        let safe = String(name.unicodeScalars.map { scalar -> Character in
            let ok = (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar))) || "-_.".unicodeScalars.contains(scalar)
            return ok ? Character(scalar) : "_"
        })
        return safe.isEmpty || safe.hasPrefix(".") ? "external" + safe : safe
    }

    /// Signals the process group led by `pid` (Foundation's `Process` starts each child in its own group), or the
    /// process alone when it leads no group.
    private static func signalGroup(_ pid: Int32, _ signal: Int32) {
        if getpgid(pid) == pid {
            kill(-pid, signal)
        } else {
            kill(pid, signal)
        }
    }

    private static func seconds(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }

    /// The last few non-empty lines of the program's standard error, joined for a one-line message.
    static func tail(_ path: String, lines: Int = 5, maxCharacters: Int = 600) -> String {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return "" }
        let text = String(decoding: data.suffix(16_384), as: UTF8.self)
        let last = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.suffix(lines)
        guard !last.isEmpty else { return "" }
        var joined = last.joined(separator: " | ")
        if joined.count > maxCharacters { joined = "..." + String(joined.suffix(maxCharacters)) }
        return "; stderr: " + joined
    }
}
