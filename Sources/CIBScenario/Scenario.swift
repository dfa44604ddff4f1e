public import CIBModel

/// A world to generate (docs/scenario.md): a seed, an observation period, platforms, regions, an organic population,
/// hard negatives, and influence campaigns. Every field has a documented default (docs/scenario.md), so a file
/// only says what differs.
///
/// Load one with ``ScenarioLoader``; ``canonicalJSON()`` is the resolved form recorded in a dataset's manifest.
public struct Scenario: Codable, Sendable, Equatable {
    /// A short name, recorded in the manifest.
    public var name = "unnamed"
    /// Free text.
    public var description = ""
    /// The default random seed (a `--seed` on the command line replaces it).
    public var seed: UInt64 = 1
    /// Named presets that were applied (filled in by the loader; a `presets:` key in a file asks for them).
    public var presets: [String] = []
    public var period = Period()
    /// Platforms, each with its own id space. Default: ``StandardWorld/platforms`` (57 platforms).
    public var platforms: [PlatformSpec] = StandardWorld.platforms
    /// Regions of the organic population. Default: ``StandardWorld/regions``.
    public var regions: [RegionSpec] = StandardWorld.regions
    public var organic = OrganicSpec()
    public var hardNegatives = HardNegativesSpec()
    public var campaigns: [CampaignSpec] = []

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&name, .name)
        try c.read(&description, .description)
        try c.read(&seed, .seed)
        try c.read(&presets, .presets)
        try c.read(&period, .period)
        try c.read(&platforms, .platforms)
        try c.read(&regions, .regions)
        try c.read(&organic, .organic)
        try c.read(&hardNegatives, .hardNegatives)
        try c.read(&campaigns, .campaigns)
    }

    /// Index of the platform named `name`.
    public func platformIndex(_ name: String) -> Int? { platforms.firstIndex { $0.name == name } }
    /// Index of the region named `name`.
    public func regionIndex(_ name: String) -> Int? { regions.firstIndex { $0.name == name } }
}

/// The observation window: `days` whole UTC days from `start`.
public struct Period: Codable, Sendable, Equatable {
    /// First observed day (from 00:00 UTC).
    public var start = CalendarDate(year: 2023, month: 1, day: 1)!
    /// Number of observed days, 1-3660.
    public var days = 91

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(&start, .start)
        try c.read(&days, .days, in: 1 ... 3660, "a number of days between 1 and 3660")
    }

    /// `[start, end)` in UTC seconds.
    public var startTime: Timestamp { start.utcMidnight }
    public var endTime: Timestamp { start.utcMidnight + Timestamp(days) * 86_400 }
    /// The date of day `d` of the period.
    public func date(_ d: Int) -> CalendarDate { start.adding(days: Int64(d)) }
    /// The day of the period containing `date` (may be outside `0..<days`).
    public func dayIndex(_ date: CalendarDate) -> Int { Int(date.daysSinceEpoch - start.daysSinceEpoch) }
}
