import Foundation
import MinshengCore

/// A horizontal stacked bar of counts by colour (三色预警统计), each segment a link to the
/// filtered list it counts, followed by a legend that repeats the numbers as text.
///
/// Example: `CountBars(id: "plan-1-colours", title: "按预警颜色", segments: [
///   .init(label: "正常", count: 30, colour: "#2e7d32", href: "/commitments?health=green"), …]).svg()`.
struct CountBars: Sendable, Equatable {
    /// One coloured part of the bar.
    struct Segment: Sendable, Equatable {
        /// What is counted, e.g. `滞后` (yellow) or `严重滞后` (red).
        var label: String
        var count: Int
        /// A CSS colour with enough contrast against white for the text label.
        var colour: String
        /// Where a click goes: the list filtered to what this segment counts.
        var href: String?

        init(label: String, count: Int, colour: String, href: String? = nil) {
            self.label = label
            self.count = count
            self.colour = colour
            self.href = href
        }
    }

    var id: String
    var title: String
    var segments: [Segment]
    var width: Double
    /// Extra class on the `<svg>` (`chart-wide`, `chart-narrow`).
    var variant: String = ""

    init(id: String, title: String, segments: [Segment], width: Double = 640) {
        self.id = id
        self.title = title
        self.segments = segments
        self.width = width
    }

    /// The total of all segments.
    var total: Int { segments.reduce(0) { $0 + $1.count } }

    /// Segment widths in user units; zero-count segments take no room, and rounding never
    /// makes the bar longer than the canvas.
    func widths() -> [Double] {
        let t = total
        guard t > 0 else { return segments.map { _ in 0 } }
        return segments.map { width * Double($0.count) / Double(t) }
    }

    /// The SVG markup.
    func svg() -> String {
        let sid = SVG.safeID(id)
        let barH = 28.0, legendH = 22.0
        // Legend entries wrap onto more rows when the canvas is narrow (a phone's drawing).
        var rows = 1
        var cursor = 0.0
        for seg in segments {
            let w = Self.legendWidth(seg)
            if cursor > 0, cursor + w > width { rows += 1; cursor = 0 }
            cursor += w
        }
        let height = barH + 8 + legendH * Double(rows)
        let desc = segments.map { "\($0.label) \($0.count) 项" }.joined(separator: "，") + "，共 \(total) 项。"
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-counts\(variant.isEmpty ? "" : " " + variant)\" viewBox=\"0 0 \(SVG.number(width)) \(SVG.number(height))\" role=\"img\" aria-labelledby=\"\(sid)-title \(sid)-desc\">"
        s += "<title id=\"\(sid)-title\">\(SVG.escape(title))</title>"
        s += "<desc id=\"\(sid)-desc\">\(SVG.escape(desc))</desc>"
        var x = 0.0
        let ws = widths()
        if total == 0 {
            s += "<rect x=\"0\" y=\"0\" width=\"\(SVG.number(width))\" height=\"\(SVG.number(barH))\" fill=\"#e6e8eb\"/>"
        }
        for (seg, w) in zip(segments, ws) where seg.count > 0 {
            var rect = "<rect x=\"\(SVG.number(x))\" y=\"0\" width=\"\(SVG.number(w))\" height=\"\(SVG.number(barH))\" fill=\"\(SVG.escape(seg.colour))\"><title>\(SVG.escape(seg.label))：\(seg.count) 项</title></rect>"
            if w >= 28 {
                rect += "<text x=\"\(SVG.number(x + w / 2))\" y=\"\(SVG.number(barH / 2 + 5))\" text-anchor=\"middle\" font-size=\"13\" fill=\"#fff\" font-weight=\"bold\">\(seg.count)</text>"
            }
            if let href = seg.href {
                rect = "<a href=\"\(SVG.escape(href))\" aria-label=\"\(SVG.escape(seg.label))：\(seg.count) 项\">\(rect)</a>"
            }
            s += rect
            x += w
        }
        // Legend: the same numbers as text, so colour is never the only carrier.
        var lx = 0.0
        var ly = barH + 8
        for seg in segments {
            if lx > 0, lx + Self.legendWidth(seg) > width { lx = 0; ly += legendH }
            s += "<rect x=\"\(SVG.number(lx))\" y=\"\(SVG.number(ly + 3))\" width=\"12\" height=\"12\" fill=\"\(SVG.escape(seg.colour))\"/>"
            let text = "\(seg.label) \(seg.count)"
            s += "<text x=\"\(SVG.number(lx + 16))\" y=\"\(SVG.number(ly + 14))\" font-size=\"12\" fill=\"#222\">\(SVG.escape(text))</text>"
            lx += Self.legendWidth(seg)
        }
        s += "</svg>"
        return s
    }

    /// A legend entry's width: swatch, text, gap. CJK glyphs are about one em wide, digits and
    /// Latin about half.
    static func legendWidth(_ seg: Segment) -> Double {
        let em = "\(seg.label) \(seg.count)".reduce(0.0) { $0 + ($1.isASCII ? 0.6 : 1.0) }
        return 16 + em * 12 + 14
    }

    /// The bar drawn twice, 640 and 280 units wide, for a stylesheet to show one (see
    /// ``ProgressChart/responsiveSVG()``).
    func responsiveSVG() -> String {
        var wide = self
        wide.variant = "chart-wide"
        var narrow = self
        narrow.id = id + "-n"
        narrow.width = 280
        narrow.variant = "chart-narrow"
        return wide.svg() + narrow.svg()
    }
}
