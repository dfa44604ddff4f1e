public import CIBModel
public import CIBTruth

/// Activity by hour of the week in a fixed time zone: 168 bins, Monday 00:00-00:59 first (Meta's Q2 2023 report
/// charts Spamouflage's posting by hour of the day in Beijing time; the weekly view adds the quiet weekends).
public struct HourOfWeekHistogram: Sendable, Equatable {
    /// Offset of the chart's time zone from UTC, in minutes (480 = Beijing time).
    public var utcOffsetMinutes: Int
    /// Event counts per hour of the week (168 bins, Monday 00h first).
    public var counts: [Int]

    /// Counts the events for which `include(row)` is true.
    public init(events: EventTable, utcOffsetMinutes: Int = 480, include: (Int) -> Bool) {
        self.utcOffsetMinutes = utcOffsetMinutes
        var counts = [Int](repeating: 0, count: 168)
        let offset = Int64(utcOffsetMinutes) * 60
        for row in 0 ..< events.count where include(row) {
            counts[Self.bin(events.time[row] + offset)] += 1
        }
        self.counts = counts
    }

    /// The hour-of-week bin of a local time in seconds since the epoch (1970-01-01 was a Thursday).
    @inline(__always)
    public static func bin(_ local: Int64) -> Int {
        let hours = local >= 0 ? local / 3600 : (local - 3599) / 3600
        let dayIndex = Int(((hours / 24) % 7 + 7) % 7)  // 0 = Thursday
        let weekday = (dayIndex + 3) % 7                 // 0 = Monday
        return weekday * 24 + Int((hours % 24 + 24) % 24)
    }

    public var total: Int { counts.reduce(0, +) }

    /// Counts per hour of the day (summed over weekdays).
    public var hourOfDay: [Int] { (0 ..< 24).map { h in (0 ..< 7).reduce(0) { $0 + counts[$1 * 24 + h] } } }

    /// Counts per day of the week, Monday first.
    public var dayOfWeek: [Int] { (0 ..< 7).map { d in counts[d * 24 ..< d * 24 + 24].reduce(0, +) } }

    /// Shares of the total per bin (all zero when empty).
    public var shares: [Double] {
        let t = Double(total)
        return counts.map { t > 0 ? Double($0) / t : 0 }
    }
}

/// The text `ciblab describe` prints for a dataset: counts per platform, kind, class and tactic, followers of bought
/// Pages by country, and the campaign's hour-of-week activity in Beijing time against organic activity.
public enum WorldDescription {
    /// Describes a dataset; sections that need the truth are left out when `truth` is `nil`.
    public static func text(observable d: ObservableDataset, truth: GroundTruth?) -> String {
        var out: [String] = []
        let days = Double(d.end - d.start) / 86_400
        out.append("Period: \(formatDate(d.start)) to \(formatDate(d.end)) (\(format(days)) days)")
        out.append("Totals: \(d.entities.count) entities, \(d.events.count) events, \(d.follows.count) follows, \(d.logins.count) logins, \(d.texts.count) texts, \(d.urls.count) URLs")
        out.append("")

        // Entities and events per platform and kind.
        let pc = d.platforms.count
        var kinds = Array(repeating: [0, 0, 0], count: pc)
        for i in 0 ..< d.entities.count { kinds[Int(d.entities.platform[i])][Int(d.entities.kind[i].rawValue)] += 1 }
        var eventsPer = [Int](repeating: 0, count: pc)
        for a in d.events.actor { eventsPer[Int(d.entities.platform[Int(a)])] += 1 }
        var campaignKinds = Array(repeating: [0, 0, 0], count: pc)
        if let truth {
            for i in 0 ..< d.entities.count where truth.entityClass[i] == .campaign {
                campaignKinds[Int(d.entities.platform[i])][Int(d.entities.kind[i].rawValue)] += 1
            }
        }
        out.append("Per platform (\(pc) platforms)" + (truth == nil ? ":" : "; campaign assets in brackets:"))
        out.append(row(["platform", "kind", "accounts", "pages", "groups", "events"], widths: [16, 10, 18, 14, 10, 10]))
        for p in 0 ..< pc {
            func cell(_ k: Int) -> String { truth == nil ? "\(kinds[p][k])" : "\(kinds[p][k]) [\(campaignKinds[p][k])]" }
            out.append(row([d.platforms[p].name, d.platforms[p].kind.rawValue, cell(0), cell(1), cell(2), "\(eventsPer[p])"], widths: [16, 10, 18, 14, 10, 10]))
        }
        out.append("")
        var actions = [Int](repeating: 0, count: ActionKind.allCases.count)
        for a in d.events.action { actions[Int(a.rawValue)] += 1 }
        out.append("Events by action: " + ActionKind.allCases.map { "\($0.name) \(actions[Int($0.rawValue)])" }.joined(separator: ", "))
        let kindTotals = (0 ..< 3).map { k in kinds.reduce(0) { $0 + $1[k] } }
        out.append("Entities by kind: " + EntityKind.allCases.map { "\($0.name) \(kindTotals[Int($0.rawValue)])" }.joined(separator: ", "))

        if let truth {
            out.append("")
            out.append("Entities by class (accounts / pages / groups), and their events:")
            var byClass = Array(repeating: [0, 0, 0], count: EntityClass.allCases.count)
            for i in 0 ..< d.entities.count { byClass[Int(truth.entityClass[i].rawValue)][Int(d.entities.kind[i].rawValue)] += 1 }
            var eventsByClass = [Int](repeating: 0, count: EntityClass.allCases.count)
            for a in d.events.actor { eventsByClass[Int(truth.entityClass[Int(a)].rawValue)] += 1 }
            for c in EntityClass.allCases {
                let k = byClass[Int(c.rawValue)]
                out.append("  \(pad(c.name, 16)) \(pad("\(k[0]) / \(k[1]) / \(k[2])", 26)) events \(eventsByClass[Int(c.rawValue)])")
            }
            for (ci, name) in truth.campaignNames.enumerated() {
                let events = truth.eventCampaign.reduce(0) { $0 + ($1 == Int16(ci) ? 1 : 0) }
                let clusters = Set(truth.entityCluster.indices.filter { truth.entityCampaign[$0] == Int16(ci) && truth.entityCluster[$0] >= 0 }.map { truth.entityCluster[$0] }).count
                let operators = Set(truth.entityOperator.indices.filter { truth.entityCampaign[$0] == Int16(ci) && truth.entityOperator[$0] >= 0 }.map { truth.entityOperator[$0] }).count
                let platforms = Set((0 ..< d.entities.count).filter { truth.entityClass[$0] == .campaign && truth.entityCampaign[$0] == Int16(ci) }.map { d.entities.platform[$0] }).count
                out.append("Campaign \(name): \(events) events, \(clusters) clusters, \(operators) operators, assets on \(platforms) platforms")
            }
            out.append("")
            out.append("Tactics (kill-chain code: events, entities):")
            var tacticEvents = [Int](repeating: 0, count: Tactic.allCases.count)
            var tacticEntities = [Int](repeating: 0, count: Tactic.allCases.count)
            for s in truth.eventTactics where s.rawValue != 0 { for t in Tactic.allCases where s.contains(t) { tacticEvents[t.rawValue] += 1 } }
            for s in truth.entityTactics where s.rawValue != 0 { for t in Tactic.allCases where s.contains(t) { tacticEntities[t.rawValue] += 1 } }
            for t in Tactic.allCases {
                out.append("  \(pad(t.code, 6)) \(pad(t.title, 58)) \(pad("\(tacticEvents[t.rawValue])", 9)) \(tacticEntities[t.rawValue])")
            }
        }

        out.append("")
        out.append(contentsOf: followerCountries(d, truth: truth))
        out.append("")
        out.append(contentsOf: activityChart(d, truth: truth))
        return out.joined(separator: "\n") + "\n"
    }

    /// Followers by country of the bought Pages (with truth: campaign Pages with tactic 0.9.9, then commercial spam
    /// Pages) or of all Pages (without truth).
    static func followerCountries(_ d: ObservableDataset, truth: GroundTruth?) -> [String] {
        var groups: [(String, (Int) -> Bool)] = []
        if let truth {
            groups.append(("bought campaign Pages", { truth.entityClass[$0] == .campaign && truth.entityTactics[$0].contains(.acquiringRepurposingAccounts) }))
            groups.append(("commercial spam Pages", { truth.entityClass[$0] == .commercialSpam }))
            groups.append(("organic Pages", { truth.entityClass[$0] == .organic && d.entities.kind[$0] == .page }))
        } else {
            groups.append(("all Pages", { d.entities.kind[$0] == .page }))
        }
        var lines: [String] = []
        for (label, isPage) in groups {
            var counts = [Int](repeating: 0, count: d.countries.count)
            var total = 0
            var pages = Set<Int32>()
            for i in 0 ..< d.follows.count {
                let followee = Int(d.follows.followee[i])
                guard d.entities.kind[followee] == .page, isPage(followee) else { continue }
                counts[Int(d.entities.country[Int(d.follows.follower[i])])] += 1
                total += 1
                pages.insert(Int32(followee))
            }
            guard total > 0 else { continue }
            let top = counts.indices.sorted { (counts[$0], -$0) > (counts[$1], -$1) }.prefix(8).filter { counts[$0] > 0 }
            lines.append("Followers of \(label) by country (\(total) follows of \(pages.count) Pages): "
                + top.map { "\(d.countries[$0]) \(format(100 * Double(counts[$0]) / Double(total)))%" }.joined(separator: ", "))
        }
        return lines
    }

    /// The hour-of-week chart: per-hour shares of campaign and organic events in Beijing time (UTC+8).
    static func activityChart(_ d: ObservableDataset, truth: GroundTruth?) -> [String] {
        var lines = ["Activity by hour in Beijing time (UTC+8), share of each group's events:"]
        var series: [(String, HourOfWeekHistogram)] = []
        if let truth {
            series.append(("campaign", HourOfWeekHistogram(events: d.events) { truth.eventCampaign[$0] >= 0 }))
            series.append(("organic", HourOfWeekHistogram(events: d.events) { truth.entityClass[Int(d.events.actor[$0])] == .organic }))
        } else {
            series.append(("all", HourOfWeekHistogram(events: d.events) { _ in true }))
        }
        // Hour of day: one bar per hour for each series.
        let width = 40
        for (name, h) in series where h.total > 0 {
            lines.append("  \(name) (\(h.total) events), hour of day:")
            let byHour = h.hourOfDay
            let peak = Double(byHour.max() ?? 1)
            for hour in 0 ..< 24 {
                let share = Double(byHour[hour]) / Double(h.total)
                let bar = String(repeating: "#", count: peak > 0 ? Int((Double(byHour[hour]) / peak * Double(width)).rounded()) : 0)
                lines.append("    \(hour < 10 ? "0" : "")\(hour)h \(pad(format(100 * share) + "%", 7)) \(bar)")
            }
        }
        // Hour of week: a shade per hour, one row per weekday.
        let shades = Array(" .:-=+*#%@")
        lines.append("  Hour of week (rows Mon-Sun, columns 00h-23h; shade = share of the group's peak hour):")
        for (name, h) in series where h.total > 0 {
            lines.append("    \(name):")
            let peak = Double(h.counts.max() ?? 1)
            for (dIndex, day) in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].enumerated() {
                var s = "      \(day) |"
                for hour in 0 ..< 24 {
                    let v = Double(h.counts[dIndex * 24 + hour]) / peak
                    s.append(shades[min(shades.count - 1, Int((v * Double(shades.count - 1)).rounded()))])
                }
                lines.append(s + "|  \(h.dayOfWeek[dIndex])")
            }
        }
        return lines
    }

    private static func row(_ cells: [String], widths: [Int]) -> String {
        "  " + zip(cells, widths).map { pad($0, $1) }.joined(separator: " ")
    }

    private static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }

    private static func format(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? "\(Int(r))" : "\(r)"
    }

    private static func formatDate(_ t: Timestamp) -> String { CivilDate.format(t) }
}
