import ArgumentParser
import CIBStatistics
import Foundation

/// `ciblab doctor`: what a new user runs first when something does not work.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Print the tool version, the GSL version found, the Swift version and the cores.")

    func run() throws {
        print("ciblab \(ToolInfo.version)")
        print("gsl \(GSLInfo.version)")
        print("swift \(swiftVersion)")
        print("cores \(ProcessInfo.processInfo.activeProcessorCount)")
        print("memory \(ProcessInfo.processInfo.physicalMemory / (1 << 20)) MiB")
        #if os(Linux)
        print("os linux")
        #else
        print("os other")
        #endif
    }

    private var swiftVersion: String {
        #if swift(>=6.3)
        "6.3 or later"
        #elseif swift(>=6.2)
        "6.2"
        #elseif swift(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }
}
