import Foundation
import MinshengCore
import Testing
@testable import MinshengApp

@Suite struct ChartsTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("A<B & \"C\"", "A&lt;B &amp; &quot;C&quot;"),
        ("它's", "它&#39;s"),
        ("</title><script>", "&lt;/title&gt;&lt;script&gt;"),
    ])
    func escape(input: String, expected: String) {
        #expect(SVG.escape(input) == expected)
    }

    @Test(arguments: [(12.349, "12.3"), (40.0, "40"), (-0.25, "-0.3"), (0.04, "0"), (99.96, "100"), (Double.nan, "0")])
    func number(value: Double, expected: String) {
        #expect(SVG.number(value) == expected)
    }

    func months() -> [String] { (1...12).map { "\($0)月" } }

    @Test func progressChartHasViewBoxTitleAndBothSeries() {
        // setup
        let chart = ProgressChart(id: "plan 1", title: "2026年<民生实事>序时进度", xLabels: months(),
                                  expected: [8, 17, 25, 34, 42, 60, 68, 76, 84, 92, 100, 100],
                                  actual: [6, 15, 20, nil, nil, nil, nil, nil, nil, nil, nil, nil],
                                  currentIndex: 2)
        // MUT
        let svg = chart.svg()
        // validate
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("viewBox=\"0 0 640 260\""))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("<title id=\"plan-1-title\">2026年&lt;民生实事&gt;序时进度</title>"))
        #expect(svg.contains("aria-labelledby=\"plan-1-title plan-1-desc\""))
        #expect(!svg.contains("<民生实事>"))
        #expect(svg.components(separatedBy: "class=\"expected\"").count == 2)   // one unbroken run
        #expect(svg.components(separatedBy: "class=\"actual\"").count == 2)
        #expect(svg.components(separatedBy: "class=\"actual-dot\"").count == 4) // three known months
        #expect(svg.contains("class=\"now\""))
        #expect(svg.hasSuffix("</svg>"))
    }

    @Test func descriptionStatesGap() {
        let behind = ProgressChart(id: "a", title: "t", xLabels: months(), expected: [10, 20, 30], actual: [8, 12, nil])
        #expect(behind.description() == "截至2月，实际进度 12%，序时进度 20%，滞后 8 个百分点。")
        let ahead = ProgressChart(id: "a", title: "t", xLabels: months(), expected: [10], actual: [15.5])
        #expect(ahead.description() == "截至1月，实际进度 15.5%，序时进度 10%，超前 5.5 个百分点。")
        let none = ProgressChart(id: "a", title: "t", xLabels: months(), expected: [10], actual: [nil])
        #expect(none.description() == "尚无实际进度数据。")
    }

    @Test func gapsBreakTheLine() {
        let chart = ProgressChart(id: "g", title: "t", xLabels: months(), expected: [], actual: [10, nil, 30, 40])
        #expect(chart.svg().components(separatedBy: "<polyline class=\"actual\"").count == 3)
    }

    @Test func barsForOneCommitmentAndYAxisGrowsPast100() {
        let chart = ProgressChart(id: "c", title: "t", xLabels: months(), expected: [50, 100], actual: [60, 130], actualStyle: .bars)
        let svg = chart.svg()
        #expect(chart.yMax == 150)
        #expect(svg.components(separatedBy: "<rect class=\"actual\"").count == 3)
        #expect(svg.contains(">150%</text>"))
        // The bar for 130% on a 150% axis reaches above the 100% gridline.
        #expect(chart.y(130) < chart.y(100))
    }

    @Test func yIsInsidePlotAndMonotonic() {
        let chart = ProgressChart(id: "c", title: "t", xLabels: months(), expected: [], actual: [])
        #expect(chart.y(0) == ProgressChart.top + chart.plotHeight)
        #expect(chart.y(100) == ProgressChart.top)
        #expect(chart.y(50) < chart.y(10))
        #expect(chart.y(-20) == chart.y(0))
    }

    @Test func countBarsLinkEachNonEmptySegment() {
        let bars = CountBars(id: "colours", title: "按预警颜色统计", segments: [
            .init(label: "已完成", count: 2, colour: "#1f5fa8", href: "/commitments?health=done"),
            .init(label: "正常", count: 6, colour: "#2e7d32", href: "/commitments?health=green&a=1"),
            .init(label: "滞后", count: 0, colour: "#8a6d00", href: "/commitments?health=yellow"),
            .init(label: "严重滞后", count: 2, colour: "#c62828", href: "/commitments?health=red"),
        ])
        let svg = bars.svg()
        #expect(bars.total == 10)
        #expect(bars.widths() == [128, 384, 0, 128])
        #expect(svg.contains("href=\"/commitments?health=green&amp;a=1\""))
        #expect(!svg.contains("href=\"/commitments?health=yellow\""))   // zero takes no room
        #expect(svg.contains("滞后 0"))                                   // but the legend still says so
        #expect(svg.contains("<desc id=\"colours-desc\">已完成 2 项，正常 6 项，滞后 0 项，严重滞后 2 项，共 10 项。</desc>"))
    }

    @Test func countBarsWithNothingDrawAGreyBar() {
        let bars = CountBars(id: "x", title: "空", segments: [.init(label: "正常", count: 0, colour: "#2e7d32")])
        #expect(bars.widths() == [0])
        #expect(bars.svg().contains("fill=\"#e6e8eb\""))
    }
}

/// The district map as drawn on the citizens' form (the outlines and lookup are Core's).
@Suite struct DistrictMapSVGTests {
    static let map = DistrictMap(name: "测试市", districts: [
        .init(name: "甲区", outline: [(30.0, 120.0), (30.0, 120.1), (29.9, 120.1), (29.9, 120.0)]),
        .init(name: "乙区", outline: [(30.0, 120.1), (30.0, 120.2), (29.9, 120.2), (29.9, 120.1)]),
    ])

    @Test func svgKeepsBoundsAndNamesEveryDistrict() throws {
        let svg = Self.map.svg(width: 300)
        #expect(svg.hasPrefix("<svg") && svg.contains(#"data-south="29.9""#) && svg.contains(#"data-east="120.2""#))
        #expect(svg.contains(#"data-district="甲区""#) && svg.contains(#"data-district="乙区""#))
        // 0.2° of longitude at 30°N is 0.173 "degrees of latitude" wide: the map is wider than tall.
        let viewBox = try #require(svg.range(of: #"viewBox="0 0 300 "#))
        let height = Double(svg[viewBox.upperBound...].prefix { $0 != "\"" }) ?? 0
        #expect(abs(height - 300 * 0.1 / (0.2 * cos(29.95 * .pi / 180))) < 0.5)
    }
}
