/// The built-in defaults a scenario starts from: 57 platforms (those Meta's Q2 2023 Spamouflage indicators name,
/// plus large and Taiwan/Japan-local ones), ten regions with time zones, daylight saving, languages and 2023 public
/// holidays (China's for the operators; Taiwan's, Hong Kong's, Japan's, the US', UK's and Australia's for the
/// audiences), and a human activity curve.
public enum StandardWorld {
    /// Relative activity per local hour 0-23 of an ordinary user: low at night, rising in the morning, an evening
    /// peak.
    public static let humanDaily: [Double] = [
        0.35, 0.2, 0.12, 0.08, 0.07, 0.1, 0.25, 0.5, 0.75, 0.85, 0.9, 0.95,
        1.0, 0.95, 0.9, 0.9, 0.92, 0.95, 1.0, 1.1, 1.2, 1.2, 1.0, 0.65,
    ]
    /// Relative activity Monday-Sunday of an ordinary user (slightly more at weekends).
    public static let humanWeekly: [Double] = [1, 1, 1, 1, 1.02, 1.1, 1.1]
    /// Relative activity per local hour of an account used at work or school: morning and afternoon blocks, a
    /// lunch break (12:00-13:00, half of 13:00-14:00), a supper break and a little evening work or study.
    public static let officeDaily: [Double] = [
        0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.5, 1.0, 1.0, 0.95,
        0.1, 0.5, 0.95, 1.0, 0.95, 0.6, 0.08, 0.35, 0.45, 0.3, 0.05, 0.02,
    ]
    /// Relative activity Monday-Sunday of an account used at work or school (quiet weekends).
    public static let officeWeekly: [Double] = [1, 1, 1, 1, 0.95, 0.12, 0.08]

    /// The platforms, with relative organic sizes.
    public static let platforms: [PlatformSpec] = [
        PlatformSpec(name: "facebook", kind: .social, size: 1.0, entities: [.account, .page, .group]),
        PlatformSpec(name: "instagram", kind: .photo, size: 0.6),
        PlatformSpec(name: "x", kind: .microblog, size: 0.5),
        PlatformSpec(name: "youtube", kind: .video, size: 0.5),
        PlatformSpec(name: "tiktok", kind: .video, size: 0.45),
        PlatformSpec(name: "reddit", kind: .forum, size: 0.25, entities: [.account, .group]),
        PlatformSpec(name: "pinterest", kind: .photo, size: 0.12),
        PlatformSpec(name: "linkedin", kind: .social, size: 0.08, entities: [.account, .page, .group]),
        PlatformSpec(name: "quora", kind: .qa, size: 0.08),
        PlatformSpec(name: "tumblr", kind: .blog, size: 0.06),
        PlatformSpec(name: "medium", kind: .blog, size: 0.06),
        PlatformSpec(name: "blogspot", kind: .blog, size: 0.05),
        PlatformSpec(name: "vk", kind: .social, size: 0.05, entities: [.account, .page, .group]),
        PlatformSpec(name: "soundcloud", kind: .audio, size: 0.04),
        PlatformSpec(name: "vimeo", kind: .video, size: 0.03),
        PlatformSpec(name: "disqus", kind: .forum, size: 0.03),
        PlatformSpec(name: "9gag", kind: .forum, size: 0.03),
        PlatformSpec(name: "tripadvisor", kind: .qa, size: 0.03),
        PlatformSpec(name: "twitch", kind: .video, size: 0.03),
        PlatformSpec(name: "livejournal", kind: .blog, size: 0.02),
        PlatformSpec(name: "flickr", kind: .photo, size: 0.02),
        PlatformSpec(name: "pixiv", kind: .photo, size: 0.02),
        PlatformSpec(name: "wattpad", kind: .blog, size: 0.02),
        PlatformSpec(name: "ameblo", kind: .blog, size: 0.02),
        PlatformSpec(name: "dzen", kind: .blog, size: 0.02),
        PlatformSpec(name: "github", kind: .forum, size: 0.02),
        PlatformSpec(name: "google-groups", kind: .forum, size: 0.01, entities: [.account, .group]),
        PlatformSpec(name: "ptt", kind: .forum, size: 0.01),
        PlatformSpec(name: "dcard", kind: .forum, size: 0.01),
        PlatformSpec(name: "5ch", kind: .forum, size: 0.01),
        PlatformSpec(name: "livedoor", kind: .blog, size: 0.01),
        PlatformSpec(name: "dailymotion", kind: .video, size: 0.01),
        PlatformSpec(name: "bilibili", kind: .video, size: 0.01),
        PlatformSpec(name: "nairaland", kind: .forum, size: 0.01),
        PlatformSpec(name: "artstation", kind: .photo, size: 0.01),
        PlatformSpec(name: "naver-blog", kind: .blog, size: 0.01),
        PlatformSpec(name: "steemit", kind: .blog, size: 0.005),
        PlatformSpec(name: "skyrock", kind: .blog, size: 0.005),
        PlatformSpec(name: "thestudentroom", kind: .forum, size: 0.005),
        PlatformSpec(name: "indiatimes", kind: .forum, size: 0.005),
        PlatformSpec(name: "fanfiction", kind: .forum, size: 0.005),
        PlatformSpec(name: "mastodon", kind: .microblog, size: 0.005),
        PlatformSpec(name: "liveinternet", kind: .blog, size: 0.004),
        PlatformSpec(name: "scoop-it", kind: .blog, size: 0.003),
        PlatformSpec(name: "opendiary", kind: .blog, size: 0.002),
        PlatformSpec(name: "backchina", kind: .forum, size: 0.002),
        PlatformSpec(name: "ftchinese", kind: .forum, size: 0.002),
        PlatformSpec(name: "bastillepost", kind: .forum, size: 0.002),
        PlatformSpec(name: "plurk", kind: .microblog, size: 0.002),
        PlatformSpec(name: "cont-ws", kind: .blog, size: 0.002),
        PlatformSpec(name: "mixi", kind: .social, size: 0.002),
        PlatformSpec(name: "molihua-forum", kind: .forum, size: 0.001),
        PlatformSpec(name: "nanyangmoney", kind: .forum, size: 0.001),
        PlatformSpec(name: "wort-lu", kind: .forum, size: 0.001),
        PlatformSpec(name: "poemhunter", kind: .forum, size: 0.001),
        PlatformSpec(name: "pakistan-forums", kind: .forum, size: 0.001),
        PlatformSpec(name: "bad-news", kind: .forum, size: 0.001),
    ]

    static func dates(_ list: [String]) -> [DateRange] { list.map { DateRange(parsing: $0)! } }

    /// Mainland China's 2023 public holidays (State Council schedule).
    public static let chinaHolidays2023 = dates([
        "2022-12-31..2023-01-02", "2023-01-21..2023-01-27", "2023-04-05", "2023-04-29..2023-05-03",
        "2023-06-22..2023-06-24", "2023-09-29..2023-10-06",
    ])
    /// Mainland China's 2023 weekend days worked in exchange for holidays.
    public static let chinaMakeupWorkdays2023 = dates(["2023-01-28..2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07..2023-10-08"])
    /// Taiwan's 2023 public holidays and bridge days.
    public static let taiwanHolidays2023 = dates([
        "2023-01-01..2023-01-02", "2023-01-20..2023-01-29", "2023-02-25..2023-02-28", "2023-04-01..2023-04-05",
        "2023-04-29..2023-05-01", "2023-06-22..2023-06-25", "2023-09-29..2023-10-01", "2023-10-07..2023-10-10",
    ])
    public static let hongKongHolidays2023 = dates([
        "2023-01-02", "2023-01-23..2023-01-25", "2023-04-05", "2023-04-07..2023-04-10", "2023-05-01", "2023-05-26",
        "2023-06-22", "2023-07-01", "2023-09-30", "2023-10-02", "2023-10-23", "2023-12-25..2023-12-26",
    ])
    public static let japanHolidays2023 = dates([
        "2023-01-01..2023-01-03", "2023-01-09", "2023-02-11", "2023-02-23", "2023-03-21", "2023-04-29",
        "2023-05-03..2023-05-05", "2023-07-17", "2023-08-11", "2023-09-18", "2023-09-23", "2023-10-09", "2023-11-03",
        "2023-11-23",
    ])
    public static let usHolidays2023 = dates([
        "2023-01-02", "2023-01-16", "2023-02-20", "2023-05-29", "2023-06-19", "2023-07-04", "2023-09-04",
        "2023-10-09", "2023-11-10", "2023-11-23", "2023-12-25",
    ])
    public static let ukHolidays2023 = dates([
        "2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-28",
        "2023-12-25..2023-12-26",
    ])
    public static let australiaHolidays2023 = dates(["2023-01-02", "2023-01-26", "2023-04-07..2023-04-10", "2023-04-25", "2023-06-12", "2023-12-25..2023-12-26"])

    /// The audience regions (Meta Q2 2023 targets: Taiwan, the US, Australia, the UK, Japan, Chinese speakers
    /// globally), with shares of the organic population.
    public static let regions: [RegionSpec] = [
        RegionSpec(name: "TW", utcOffset: UTCOffset(hours: 8), languages: ["zh": 0.85, "en": 0.15], share: 0.14, holidays: taiwanHolidays2023),
        RegionSpec(name: "HK", utcOffset: UTCOffset(hours: 8), languages: ["zh": 0.75, "en": 0.25], share: 0.04, holidays: hongKongHolidays2023),
        RegionSpec(name: "SG", utcOffset: UTCOffset(hours: 8), languages: ["en": 0.6, "zh": 0.4], share: 0.03),
        RegionSpec(name: "US", utcOffset: UTCOffset(hours: -5), dst: .us, languages: ["en": 0.9, "es": 0.1], share: 0.35, holidays: usHolidays2023),
        RegionSpec(name: "GB", utcOffset: UTCOffset(hours: 0), dst: .eu, languages: ["en": 1.0], share: 0.10, holidays: ukHolidays2023),
        RegionSpec(name: "AU", utcOffset: UTCOffset(hours: 10), dst: .au, languages: ["en": 1.0], share: 0.06, holidays: australiaHolidays2023),
        RegionSpec(name: "JP", utcOffset: UTCOffset(hours: 9), languages: ["ja": 0.95, "en": 0.05], share: 0.12, holidays: japanHolidays2023),
        RegionSpec(name: "DE", utcOffset: UTCOffset(hours: 1), dst: .eu, languages: ["de": 0.8, "en": 0.2], share: 0.06),
        RegionSpec(name: "IN", utcOffset: UTCOffset(minutes: 330), languages: ["en": 0.5, "hi": 0.5], share: 0.05),
        RegionSpec(name: "BR", utcOffset: UTCOffset(hours: -3), languages: ["pt": 0.95, "en": 0.05], share: 0.05),
    ]
}
