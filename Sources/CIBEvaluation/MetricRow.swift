/// One row of the tidy metrics table: one detector × entity kind × metric × seed (Wickham, "Tidy Data", 2014).
///
/// `kind` is `account`, `page`, `group` or `all`; `metric` is a ``MetricRegistry`` name, for families with the
/// key in brackets (`recall_by_tactic[6.3]`). `lower` and `upper` are absent when the metric has no interval;
/// `defined` is `false` when the metric is undefined for this input (value 0; see ``MetricValue``).
public struct MetricRow: Sendable, Equatable, Codable {
    public var seed: UInt64
    public var detector: String
    public var kind: String
    public var metric: String
    public var value: Double
    public var lower: Double?
    public var upper: Double?
    public var defined: Bool

    public init(
        seed: UInt64, detector: String, kind: String, metric: String, value: Double, lower: Double? = nil,
        upper: Double? = nil, defined: Bool = true
    ) {
        self.seed = seed
        self.detector = detector
        self.kind = kind
        self.metric = metric
        self.value = value
        self.lower = lower
        self.upper = upper
        self.defined = defined
    }

    public init(seed: UInt64, detector: String, kind: String, metric: String, value: MetricValue) {
        self.init(
            seed: seed, detector: detector, kind: kind, metric: metric, value: value.value, lower: value.lower,
            upper: value.upper, defined: value.defined)
    }

    enum CodingKeys: String, CodingKey {
        case seed, detector, kind, metric, value, lower, upper, defined
    }

    /// Writes `lower` and `upper` as `null` when absent, so every JSON row has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seed, forKey: .seed)
        try container.encode(detector, forKey: .detector)
        try container.encode(kind, forKey: .kind)
        try container.encode(metric, forKey: .metric)
        try container.encode(value, forKey: .value)
        try container.encode(lower, forKey: .lower)
        try container.encode(upper, forKey: .upper)
        try container.encode(defined, forKey: .defined)
    }
}
