internal import Foundation

/// The plot area, axes, ticks and legend shared by the line and bar charts.
struct ChartFrame {
    let width: Double
    let height: Double
    let legendHeight: Double
    let xRange: ClosedRange<Double>
    let yRange: ClosedRange<Double>
    let left = 56.0, right = 16.0, top = 32.0, bottom = 44.0

    /// Colour-blind-safe palette (Okabe & Ito 2008), then a few greys.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000", "#888888", "#444444"]

    init(width: Double, height: Double, legendHeight: Double, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.width = width
        self.height = height
        self.legendHeight = legendHeight
        self.xRange = xRange.lowerBound < xRange.upperBound ? xRange : xRange.lowerBound ... xRange.lowerBound + 1
        self.yRange = yRange.lowerBound < yRange.upperBound ? yRange : yRange.lowerBound ... yRange.lowerBound + 1
    }

    var plotBottom: Double { height - bottom }
    var plotRight: Double { width - right }

    func x(_ value: Double) -> Double {
        left + (value - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * (plotRight - left)
    }

    func y(_ value: Double) -> Double {
        plotBottom - (value - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * (plotBottom - top)
    }

    func open(title: String) -> String {
        let total = height + legendHeight
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Markup.coordinate(width)) \(Markup.coordinate(total))\" width=\"\(Markup.coordinate(width))\" height=\"\(Markup.coordinate(total))\" role=\"img\" aria-label=\"\(Markup.escape(title))\" font-family=\"sans-serif\" font-size=\"11\">\n"
            + "<title>\(Markup.escape(title))</title>\n"
            + "<text x=\"\(Markup.coordinate(width / 2))\" y=\"18\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">\(Markup.escape(title))</text>\n"
    }

    func axes(xTicks: [(Double, String)], yTicks: [(Double, String)], xLabel: String, yLabel: String) -> String {
        var out = "<g class=\"axes\" stroke=\"#333\" stroke-width=\"1\">\n"
        out += "<line x1=\"\(Markup.coordinate(left))\" y1=\"\(Markup.coordinate(plotBottom))\" x2=\"\(Markup.coordinate(plotRight))\" y2=\"\(Markup.coordinate(plotBottom))\"/>\n"
        out += "<line x1=\"\(Markup.coordinate(left))\" y1=\"\(Markup.coordinate(top))\" x2=\"\(Markup.coordinate(left))\" y2=\"\(Markup.coordinate(plotBottom))\"/>\n"
        out += "</g>\n<g class=\"ticks\" fill=\"#333\">\n"
        for (value, label) in xTicks where xRange.contains(value) {
            let px = Markup.coordinate(x(value))
            out += "<line x1=\"\(px)\" y1=\"\(Markup.coordinate(plotBottom))\" x2=\"\(px)\" y2=\"\(Markup.coordinate(plotBottom + 4))\" stroke=\"#333\"/>\n"
            out += "<text x=\"\(px)\" y=\"\(Markup.coordinate(plotBottom + 16))\" text-anchor=\"middle\">\(Markup.escape(label))</text>\n"
        }
        for (value, label) in yTicks where yRange.contains(value) {
            let py = Markup.coordinate(y(value))
            out += "<line x1=\"\(Markup.coordinate(left))\" y1=\"\(py)\" x2=\"\(Markup.coordinate(plotRight))\" y2=\"\(py)\" stroke=\"#ddd\"/>\n"
            out += "<text x=\"\(Markup.coordinate(left - 6))\" y=\"\(Markup.coordinate(y(value) + 4))\" text-anchor=\"end\">\(Markup.escape(label))</text>\n"
        }
        out += "</g>\n"
        if !xLabel.isEmpty {
            out += "<text x=\"\(Markup.coordinate((left + plotRight) / 2))\" y=\"\(Markup.coordinate(height - 8))\" text-anchor=\"middle\">\(Markup.escape(xLabel))</text>\n"
        }
        if !yLabel.isEmpty {
            let cy = Markup.coordinate((top + plotBottom) / 2)
            out += "<text x=\"14\" y=\"\(cy)\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(cy))\">\(Markup.escape(yLabel))</text>\n"
        }
        return out
    }

    static let legendColumnWidth = 160.0

    static func legendHeight(entries: Int, width: Double) -> Double {
        let columns = max(1, Int((width - 56) / legendColumnWidth))
        return Double((entries + columns - 1) / columns) * 16 + (entries > 0 ? 6 : 0)
    }

    func legend(_ entries: [(name: String, color: String)]) -> String {
        guard !entries.isEmpty else { return "" }
        let columns = max(1, Int((width - left) / Self.legendColumnWidth))
        var out = "<g class=\"legend\">\n"
        for (index, entry) in entries.enumerated() {
            let lx = left + Double(index % columns) * Self.legendColumnWidth
            let ly = height + Double(index / columns) * 16
            out += "<rect x=\"\(Markup.coordinate(lx))\" y=\"\(Markup.coordinate(ly))\" width=\"12\" height=\"12\" fill=\"\(Markup.escape(entry.color))\"/>\n"
            out += "<text x=\"\(Markup.coordinate(lx + 16))\" y=\"\(Markup.coordinate(ly + 10))\">\(Markup.escape(entry.name))</text>\n"
        }
        return out + "</g>\n"
    }

    /// The data range with 5% padding (0...1 for no data).
    static func paddedRange(_ values: [Double]) -> ClosedRange<Double> {
        guard let low = values.min(), let high = values.max() else { return 0 ... 1 }
        if low == high { return low - 1 ... high + 1 }
        let pad = (high - low) * 0.05
        return low - pad ... high + pad
    }

    /// About five round tick values (1, 2 or 5 × 10^k apart) inside `range`.
    static func niceTicks(_ range: ClosedRange<Double>) -> [Double] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [range.lowerBound] }
        let raw = span / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var ticks = [Double]()
        var value = (range.lowerBound / step).rounded(.up) * step
        while value <= range.upperBound + step * 1e-9, ticks.count < 50 {
            ticks.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return ticks
    }

    static func tickLabel(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e9 { return String(Int(value)) }
        var text = String(format: "%.4f", locale: Locale(identifier: "en_US_POSIX"), value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
