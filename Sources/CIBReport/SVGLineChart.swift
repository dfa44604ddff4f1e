/// A line chart as a standalone inline SVG element: axes with ticks and labels, one polyline per series, a legend.
/// No scripts, no external fonts or styles, so it renders the same inside any HTML page or on its own.
public struct SVGLineChart: Sendable {
    /// One line.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        /// CSS colour; the chart picks one from its palette when `nil`.
        public var color: String?
        /// Draws the area under the line with a light fill.
        public var filled: Bool

        public init(name: String, points: [(x: Double, y: Double)], color: String? = nil, filled: Bool = false) {
            self.name = name
            self.points = points
            self.color = color
            self.filled = filled
        }

        public static func == (a: Series, b: Series) -> Bool {
            a.name == b.name && a.color == b.color && a.filled == b.filled && a.points.count == b.points.count
                && zip(a.points, b.points).allSatisfy { $0.x == $1.x && $0.y == $1.y }
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// Axis ranges; computed from the data when `nil`.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    /// Explicit x ticks (value, label); "nice" ticks are computed when `nil`.
    public var xTicks: [(value: Double, label: String)]?
    public var width: Double = 640
    public var height: Double = 360

    public init(
        title: String, xLabel: String, yLabel: String, series: [Series], xRange: ClosedRange<Double>? = nil,
        yRange: ClosedRange<Double>? = nil, xTicks: [(value: Double, label: String)]? = nil
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.xRange = xRange
        self.yRange = yRange
        self.xTicks = xTicks
    }

    /// The `<svg>` element.
    public func svg() -> String {
        let allX = series.flatMap { $0.points.map(\.x) }.filter(\.isFinite)
        let allY = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
        let xr = xRange ?? ChartFrame.paddedRange(allX)
        let yr = yRange ?? ChartFrame.paddedRange(allY)
        let legendHeight = ChartFrame.legendHeight(entries: series.count, width: width)
        let frame = ChartFrame(width: width, height: height, legendHeight: legendHeight, xRange: xr, yRange: yr)
        var out = frame.open(title: title)
        out += frame.axes(
            xTicks: xTicks ?? ChartFrame.niceTicks(xr).map { ($0, ChartFrame.tickLabel($0)) },
            yTicks: ChartFrame.niceTicks(yr).map { ($0, ChartFrame.tickLabel($0)) }, xLabel: xLabel, yLabel: yLabel)
        out += "<g class=\"series\">\n"
        for (index, s) in series.enumerated() {
            let color = s.color ?? ChartFrame.palette[index % ChartFrame.palette.count]
            let points = s.points.filter { $0.x.isFinite && $0.y.isFinite }
                .map { "\(Markup.coordinate(frame.x($0.x))),\(Markup.coordinate(frame.y($0.y)))" }
            guard !points.isEmpty else { continue }
            if s.filled, let first = s.points.first, let last = s.points.last {
                let base = Markup.coordinate(frame.y(max(yr.lowerBound, min(yr.upperBound, 0))))
                let polygon = ["\(Markup.coordinate(frame.x(first.x))),\(base)"] + points
                    + ["\(Markup.coordinate(frame.x(last.x))),\(base)"]
                out += "<polygon points=\"\(polygon.joined(separator: " "))\" fill=\"\(Markup.escape(color))\" fill-opacity=\"0.15\" stroke=\"none\"/>\n"
            }
            out += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(Markup.escape(color))\" stroke-width=\"2\"><title>\(Markup.escape(s.name))</title></polyline>\n"
        }
        out += "</g>\n"
        out += frame.legend(series.enumerated().map {
            ($0.element.name, $0.element.color ?? ChartFrame.palette[$0.offset % ChartFrame.palette.count])
        })
        out += "</svg>"
        return out
    }
}
