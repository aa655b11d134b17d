import Foundation
import MinshengCore

/// A progress-over-time chart (进度曲线): the expected schedule curve (序时进度) as a dashed line
/// and the actual progress as a solid line (a plan's mean) or as bars (one commitment's months).
///
/// Pure: values in, an SVG string out, with a `viewBox` so it scales to a phone, an accessible
/// `<title>` and a `<desc>` that states the figures in words for screen readers.
///
/// Example: `ProgressChart(id: "plan-1", title: "2026年民生实事 序时进度", xLabels: ["1月", …],
/// expected: [8, 17, …], actual: [6, 15, nil, …]).svg()`.
struct ProgressChart: Sendable, Equatable {
    /// How the actual values are drawn.
    enum ActualStyle: String, Sendable, Equatable {
        /// A polyline with dots: a plan's mean over time.
        case line
        /// One bar per period: a single commitment's monthly reports.
        case bars
    }

    /// Element id prefix; must be unique within the page.
    var id: String
    /// Accessible title, shown as the chart's caption too.
    var title: String
    /// One label per period, e.g. `1月` … `12月`.
    var xLabels: [String]
    /// Expected percent per period (nil where the schedule says nothing).
    var expected: [Double?]
    /// Actual percent per period (nil where nothing is known yet, e.g. future months).
    var actual: [Double?]
    /// Bars or a line for the actual series.
    var actualStyle: ActualStyle
    /// Index of the current period, marked by a vertical rule; nil for none.
    var currentIndex: Int?
    /// Canvas size in user units.
    var width: Double
    var height: Double
    /// Label size in user units; the legend's spacing follows it.
    var fontSize: Double = 11
    /// At most this many x labels (every n-th period when there are more).
    var maxLabels: Int = 12
    /// Extra class on the `<svg>` (`chart-wide`, `chart-narrow`).
    var variant: String = ""

    init(id: String, title: String, xLabels: [String], expected: [Double?], actual: [Double?],
                actualStyle: ActualStyle = .line, currentIndex: Int? = nil,
                width: Double = 640, height: Double = 260) {
        self.id = id
        self.title = title
        self.xLabels = xLabels
        self.expected = expected
        self.actual = actual
        self.actualStyle = actualStyle
        self.currentIndex = currentIndex
        self.width = width
        self.height = height
    }

    static let left = 44.0, right = 16.0, top = 28.0, bottom = 34.0

    /// The top of the y axis: 100%, or more when an actual value overshoots (rounded up to 25).
    var yMax: Double {
        let peak = (expected + actual).compactMap { $0 }.max() ?? 100
        return peak <= 100 ? 100 : (peak / 25).rounded(.up) * 25
    }

    var plotWidth: Double { width - Self.left - Self.right }
    var plotHeight: Double { height - Self.top - Self.bottom }
    var count: Int { max(xLabels.count, expected.count, actual.count, 1) }
    var step: Double { plotWidth / Double(count) }

    func x(_ i: Int) -> Double { Self.left + step * (Double(i) + 0.5) }
    func y(_ v: Double) -> Double { Self.top + plotHeight * (1 - min(max(v, 0), yMax) / yMax) }

    /// The SVG markup.
    func svg() -> String {
        let sid = SVG.safeID(id)
        let f = SVG.number(fontSize), k = fontSize / 11
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-progress\(variant.isEmpty ? "" : " " + variant)\" viewBox=\"0 0 \(SVG.number(width)) \(SVG.number(height))\" role=\"img\" aria-labelledby=\"\(sid)-title \(sid)-desc\">"
        s += "<title id=\"\(sid)-title\">\(SVG.escape(title))</title>"
        s += "<desc id=\"\(sid)-desc\">\(SVG.escape(description()))</desc>"
        // Grid and y labels.
        for tick in stride(from: 0.0, through: yMax, by: yMax / 4) {
            let ty = SVG.number(y(tick))
            s += "<line class=\"grid\" x1=\"\(SVG.number(Self.left))\" y1=\"\(ty)\" x2=\"\(SVG.number(width - Self.right))\" y2=\"\(ty)\" stroke=\"#d0d4da\" stroke-width=\"1\"/>"
            s += "<text x=\"\(SVG.number(Self.left - 6))\" y=\"\(SVG.number(y(tick) + 4))\" text-anchor=\"end\" font-size=\"\(f)\" fill=\"#444\">\(SVG.number(tick))%</text>"
        }
        // X labels: every label when they fit, else every n-th one.
        let every = count > maxLabels ? Int((Double(count) / Double(maxLabels)).rounded(.up)) : 1
        for (i, label) in xLabels.enumerated() where i % every == 0 {
            s += "<text x=\"\(SVG.number(x(i)))\" y=\"\(SVG.number(height - Self.bottom + 16))\" text-anchor=\"middle\" font-size=\"\(f)\" fill=\"#444\">\(SVG.escape(label))</text>"
        }
        if let c = currentIndex, c >= 0, c < count {
            s += "<line class=\"now\" x1=\"\(SVG.number(x(c)))\" y1=\"\(SVG.number(Self.top))\" x2=\"\(SVG.number(x(c)))\" y2=\"\(SVG.number(Self.top + plotHeight))\" stroke=\"#8a6d00\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>"
        }
        // Actual.
        switch actualStyle {
        case .bars:
            let w = max(step * 0.56, 2)
            for (i, v) in actual.enumerated() {
                guard let v else { continue }
                let top = y(v), base = y(0)
                s += "<rect class=\"actual\" x=\"\(SVG.number(x(i) - w / 2))\" y=\"\(SVG.number(top))\" width=\"\(SVG.number(w))\" height=\"\(SVG.number(max(base - top, 0)))\" fill=\"#1f5fa8\"><title>\(SVG.escape(label(i)))：实际 \(SVG.number(v))%</title></rect>"
            }
        case .line:
            s += polyline(actual, cls: "actual", stroke: "#1f5fa8", dash: nil)
            for (i, v) in actual.enumerated() {
                guard let v else { continue }
                s += "<circle class=\"actual-dot\" cx=\"\(SVG.number(x(i)))\" cy=\"\(SVG.number(y(v)))\" r=\"3\" fill=\"#1f5fa8\"><title>\(SVG.escape(label(i)))：实际 \(SVG.number(v))%</title></circle>"
            }
        }
        // Expected on top so the dashes stay visible over bars.
        s += polyline(expected, cls: "expected", stroke: "#555", dash: "6 4")
        // Legend.
        let lx = width - Self.right - 170 * k
        s += "<g class=\"legend\" font-size=\"\(f)\" fill=\"#222\">"
        s += "<line x1=\"\(SVG.number(lx))\" y1=\"12\" x2=\"\(SVG.number(lx + 22))\" y2=\"12\" stroke=\"#555\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>"
        s += "<text x=\"\(SVG.number(lx + 26))\" y=\"16\">序时进度</text>"
        s += "<rect x=\"\(SVG.number(lx + 88 * k))\" y=\"7\" width=\"14\" height=\"10\" fill=\"#1f5fa8\"/>"
        s += "<text x=\"\(SVG.number(lx + 106 * k))\" y=\"16\">实际进度</text>"
        s += "</g></svg>"
        return s
    }

    /// Two drawings of the same figures: the 640-wide one for screens, and one 280 units wide
    /// for phones (280 units: a card on a 390 px phone is about 260 px wide), where the wide one would shrink its labels to about 5 px. A stylesheet shows
    /// one (`.chart-wide` / `.chart-narrow`); the narrow one has bigger labels and fewer of them,
    /// so at 390 px its text is drawn at about its own size (≥ 10 px).
    func responsiveSVG() -> String {
        var wide = self
        wide.variant = "chart-wide"
        var narrow = self
        narrow.id = id + "-n"
        narrow.width = 280
        narrow.height = 230
        narrow.fontSize = 13
        narrow.maxLabels = 5
        narrow.variant = "chart-narrow"
        return wide.svg() + narrow.svg()
    }

    func label(_ i: Int) -> String { i < xLabels.count ? xLabels[i] : "第\(i + 1)期" }

    func polyline(_ values: [Double?], cls: String, stroke: String, dash: String?) -> String {
        // Gaps (nil) break the line into runs so an unknown month is not drawn as zero.
        var runs: [[(Int, Double)]] = [[]]
        for (i, v) in values.enumerated() {
            if let v { runs[runs.count - 1].append((i, v)) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        var s = ""
        for run in runs where !run.isEmpty {
            let pts = run.map { "\(SVG.number(x($0.0))),\(SVG.number(y($0.1)))" }.joined(separator: " ")
            let dashAttr = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            s += "<polyline class=\"\(cls)\" points=\"\(pts)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"2\"\(dashAttr)/>"
        }
        return s
    }

    /// The figures in words: the latest known actual against the expected at the same period.
    func description() -> String {
        guard let last = actual.lastIndex(where: { $0 != nil }), let a = actual[last] else {
            return "尚无实际进度数据。"
        }
        var d = "截至\(label(last))，实际进度 \(SVG.number(a))%"
        if last < expected.count, let e = expected[last] {
            d += "，序时进度 \(SVG.number(e))%"
            let gap = a - e
            d += gap >= 0 ? "，超前 \(SVG.number(gap)) 个百分点。" : "，滞后 \(SVG.number(-gap)) 个百分点。"
        } else {
            d += "。"
        }
        return d
    }
}
