/// A grouped bar chart as a standalone inline SVG element: one group of bars per category, one bar per series,
/// axes with ticks, a legend. Values outside the y range are clipped to it.
public struct SVGBarChart: Sendable {
    /// One series: a value per category (`nil` draws no bar, e.g. an undefined recall).
    public struct Series: Sendable, Equatable {
        public var name: String
        public var values: [Double?]
        public var color: String?

        public init(name: String, values: [Double?], color: String? = nil) {
            self.name = name
            self.values = values
            self.color = color
        }
    }

    public var title: String
    public var yLabel: String
    public var categories: [String]
    public var series: [Series]
    public var yRange: ClosedRange<Double>
    public var width: Double = 640
    public var height: Double = 360

    public init(title: String, yLabel: String, categories: [String], series: [Series], yRange: ClosedRange<Double> = 0 ... 1) {
        self.title = title
        self.yLabel = yLabel
        self.categories = categories
        self.series = series
        self.yRange = yRange
    }

    /// The `<svg>` element.
    public func svg() -> String {
        let legendHeight = ChartFrame.legendHeight(entries: series.count, width: width)
        let n = Double(max(1, categories.count))
        let frame = ChartFrame(width: width, height: height, legendHeight: legendHeight, xRange: 0 ... n, yRange: yRange)
        var out = frame.open(title: title)
        let xTicks = categories.enumerated().map { (Double($0.offset) + 0.5, $0.element) }
        out += frame.axes(
            xTicks: xTicks, yTicks: ChartFrame.niceTicks(yRange).map { ($0, ChartFrame.tickLabel($0)) }, xLabel: "",
            yLabel: yLabel)
        let groupWidth = frame.x(1) - frame.x(0)
        let barWidth = groupWidth * 0.8 / Double(max(1, series.count))
        let base = frame.y(max(yRange.lowerBound, min(yRange.upperBound, 0)))
        out += "<g class=\"bars\">\n"
        for (index, s) in series.enumerated() {
            let color = Markup.escape(s.color ?? ChartFrame.palette[index % ChartFrame.palette.count])
            for (c, value) in s.values.enumerated() where c < categories.count {
                guard let value, value.isFinite else { continue }
                let clipped = max(yRange.lowerBound, min(yRange.upperBound, value))
                let top = frame.y(clipped)
                let x = frame.x(Double(c)) + groupWidth * 0.1 + Double(index) * barWidth
                out += "<rect x=\"\(Markup.coordinate(x))\" y=\"\(Markup.coordinate(min(top, base)))\" width=\"\(Markup.coordinate(max(0.5, barWidth - 1)))\" height=\"\(Markup.coordinate(abs(base - top)))\" fill=\"\(color)\"><title>\(Markup.escape(s.name)) \(Markup.escape(categories[c])): \(Markup.value(value))</title></rect>\n"
            }
        }
        out += "</g>\n"
        out += frame.legend(series.enumerated().map {
            ($0.element.name, $0.element.color ?? ChartFrame.palette[$0.offset % ChartFrame.palette.count])
        })
        out += "</svg>"
        return out
    }
}
