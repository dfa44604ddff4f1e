import CIBCSV
import CIBModel

/// What a dataset's files may hold, checked before anything read from them is trusted (issue 23): the limits of the
/// in-memory tables (ids are 32-bit, country indices 16-bit, language indices 8-bit) and sane ranges for times and
/// counts. A dataset written by another tool that breaks one of them is refused with a one-line error naming the
/// file, the line and the column, never a crash.
///
/// The checks are plain functions of parsed values, kept apart from the CSV byte scanning (``RFC4180Scanner``) and
/// from the chunked parsing (``DatasetTableFile``), so that the rules are stated once whoever applies them.
public enum DatasetLimits {
    /// The earliest time a dataset may hold: 1900-01-01T00:00:00Z, in UTC seconds.
    public static let earliestTime: Int64 = -2_208_988_800
    /// The first time past the latest a dataset may hold: 2200-01-01T00:00:00Z.
    public static let latestTime: Int64 = 7_258_118_400
    /// Every time in every table (creation, event, follow and login times) lies in this range.
    public static let times: ClosedRange<Int64> = earliestTime ... latestTime - 1
    /// Rows per table: ids are 32-bit signed integers.
    public static let maxRows = Int(Int32.max)
    /// `countries` in the manifest: entities store a 16-bit index.
    public static let maxCountries = Int(UInt16.max)
    /// `languages`: events store an 8-bit index, 255 meaning "none".
    public static let maxLanguages = Int(EventTable.noLanguage)
    /// `campaigns`: the truth stores a 16-bit signed index, -1 meaning "none".
    public static let maxCampaigns = Int(Int16.max)
    /// Rows of `platforms.csv`: entities store a 16-bit index.
    public static let maxPlatforms = Int(UInt16.max)
    /// `manifest.json` is read whole; a larger one is not a ciblab manifest.
    public static let maxManifestBytes = 64 << 20

    // MARK: - Field rules (a problem as "expected ..." text, or nil)

    /// A row id must equal its row number.
    public static func checkID(_ id: Int64, row: Int) -> String? {
        id == Int64(row) ? nil : "id \(row) (ids are row numbers 0, 1, 2, ... in order)"
    }

    /// A time anywhere in the dataset.
    public static func checkTime(_ t: Int64) -> String? {
        times.contains(t) ? nil : "a time between 1900-01-01 and 2200-01-01 (UTC seconds \(times.lowerBound) ... \(times.upperBound))"
    }

    /// An event time: inside the observation window and not before the previous event's.
    public static func checkEventTime(_ t: Int64, previous: Int64, start: Int64, end: Int64) -> String? {
        guard t >= start, t < end else { return "a time inside the observation window [\(start), \(end)) of manifest.json" }
        return t >= previous ? nil : "events sorted by time (the previous event is at \(previous))"
    }

    /// A reference to a row of a table of `count` rows.
    public static func checkReference(_ id: Int64, count: Int, of what: String) -> String? {
        id >= 0 && id < Int64(count) ? nil : "\(what) id in 0 ..< \(count)"
    }

    /// A text field that is kept (a name, a text, an address): valid UTF-8, as docs/dataset.md says every file is.
    public static func checkText(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = bytes.baseAddress, UTF8Check.firstInvalid(base, from: 0, to: bytes.count) != nil else { return nil }
        return "valid UTF-8 text"
    }

    /// An event's target: an earlier event.
    public static func checkTarget(_ id: Int64, event: Int) -> String? {
        id >= 0 && id < Int64(event) ? nil : "an earlier event (an id in 0 ..< \(event)) or empty"
    }
}
