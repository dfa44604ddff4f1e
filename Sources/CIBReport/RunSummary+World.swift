public import CIBModel
public import CIBTruth

extension RunSummary.HourOfWeek {
    /// The hour-of-week activity of one campaign's events against organic entities' events, in a fixed UTC offset
    /// (Beijing time by default, as in Meta's Q2 2023 report), counted with ``HourOfWeekHistogram``.
    public init(observable: ObservableDataset, truth: GroundTruth, campaign: Int = 0, utcOffsetMinutes: Int = 480) {
        let campaignIndex = Int16(clamping: campaign)
        let actor = observable.events.actor
        let campaignEvents = HourOfWeekHistogram(events: observable.events, utcOffsetMinutes: utcOffsetMinutes) {
            $0 < truth.eventCampaign.count && truth.eventCampaign[$0] == campaignIndex
        }
        let organicEvents = HourOfWeekHistogram(events: observable.events, utcOffsetMinutes: utcOffsetMinutes) {
            let entity = Int(actor[$0])
            return entity < truth.entityClass.count && truth.entityClass[entity] == .organic
        }
        let hours = utcOffsetMinutes / 60, minutes = abs(utcOffsetMinutes % 60)
        let sign = utcOffsetMinutes < 0 ? "-" : "+"
        let offset = "UTC\(sign)\(abs(hours))" + (minutes == 0 ? "" : ":\(minutes < 10 ? "0" : "")\(minutes)")
        let zone = utcOffsetMinutes == 480 ? "Beijing time (\(offset))" : offset
        self.init(
            campaign: campaignEvents.counts.map(Double.init), organic: organicEvents.counts.map(Double.init),
            timeZone: zone)
    }
}
