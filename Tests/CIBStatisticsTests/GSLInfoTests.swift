import CIBStatistics
import Testing

@Suite("GSL facade")
struct GSLInfoTests {
    @Test func versionIsReported() {
        let parts = GSLInfo.version.split(separator: ".")
        #expect(parts.count >= 2, "version \(GSLInfo.version)")
        #expect(Int(parts[0]) ?? 0 >= 2)
    }

    @Test func errorDescriptionsCarryContext() {
        let error = StatisticsError(operation: "Histogram.init", message: "bad range", status: .invalidArgument)
        #expect(error.description.hasPrefix("Histogram.init: bad range"))
        #expect(error.description.contains("GSL error 4"))
        #expect(StatisticsError.GSLStatus.invalidArgument.reason.contains("invalid argument"))
    }
}
