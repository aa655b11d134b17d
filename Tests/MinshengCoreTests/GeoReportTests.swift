import Foundation
import Testing
@testable import MinshengCore

@Suite struct GeoReportTests {
    @Test(arguments: RequestState.allCases)
    func onlyClosedAndMergedAreClosed(state: RequestState) {
        #expect(GeoReport.status(of: state) == ([.closed, .merged].contains(state) ? "closed" : "open"))
    }

    static let noise: [ServiceAttribute] = [
        ServiceAttribute(code: "period", datatype: .singlevaluelist, required: true, description: "发生时段", order: 1,
                         values: [.init(key: "day", name: "白天"), .init(key: "night", name: "夜间")]),
        ServiceAttribute(code: "decibel", datatype: .number, required: false, description: "分贝", order: 2),
        ServiceAttribute(code: "source", datatype: .string, required: false, description: "噪声来源", order: 3),
    ]

    @Test func requiredAttributeWithoutAnAnswerIsBlank() {
        #expect(GeoReport.attributeProblems(Self.noise, answers: [:]) == ["period": .blank])
        #expect(GeoReport.attributeProblems(Self.noise, answers: ["period": ["  "]]) == ["period": .blank])
        #expect(GeoReport.attributeProblems(Self.noise, answers: ["period": ["night"]]).isEmpty)
    }

    @Test func wrongAnswersAndUnknownAttributesAreNamed() {
        let problems = GeoReport.attributeProblems(Self.noise, answers: [
            "period": ["evening"], "decibel": ["loud"], "colour": ["red"],
        ])
        #expect(problems == ["period": .unknown("evening"), "decibel": .unknown("loud"), "colour": .unknown("colour")])
        #expect(GeoReport.attributeProblems(Self.noise, answers: ["period": ["day", "night"]])["period"] != nil)
        let long = String(repeating: "吵", count: GeoReport.maxAnswer + 1)
        #expect(GeoReport.attributeProblems(Self.noise, answers: ["period": ["day"], "source": [long]])
            == ["source": .tooLong(max: GeoReport.maxAnswer)])
    }

    @Test func windowDefaultsToNinetyDaysAndRefusesLongerOnes() throws {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let day: TimeInterval = 86_400
        let whole = try #require(GeoReport.window(start: nil, end: nil, now: now))
        #expect(whole.upperBound == now && whole.lowerBound == now - 90 * day)
        #expect(GeoReport.window(start: now - 91 * day, end: now, now: now) == nil)
        #expect(GeoReport.window(start: now, end: now - day, now: now) == nil)
        #expect(GeoReport.window(start: now - 10 * day, end: nil, now: now)?.upperBound == now + 80 * day)
    }

    /// Reference pairs (WGS84 → GCJ-02) from the eviltransform project's test table, which other
    /// implementations check against too.
    @Test(arguments: [
        (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215), // 上海
        (22.543847, 113.912316, 22.540796131694766, 113.9171764808363), // 深圳
        (39.911954, 116.377817, 39.91334545536069, 116.38404722455657), // 北京
    ])
    func gcjShiftMatchesReferencePoints(wLat: Double, wLong: Double, gLat: Double, gLong: Double) {
        let forward = ChinaCoordinates.gcj02(fromWGS84: wLat, wLong)
        #expect(abs(forward.lat - gLat) < 1e-6 && abs(forward.long - gLong) < 1e-6)
        let back = ChinaCoordinates.wgs84(fromGCJ02: gLat, gLong)
        // 1e-6 degrees is about 0.1 m.
        #expect(abs(back.lat - wLat) < 1e-6 && abs(back.long - wLong) < 1e-6)
    }

    @Test func pointsOutsideChinaAreNotShifted() {
        let paris = ChinaCoordinates.wgs84(fromGCJ02: 48.8566, 2.3522)
        #expect(paris.lat == 48.8566 && paris.long == 2.3522)
    }
}

@Suite struct PublicTextTests {
    @Test(arguments: [
        ("我是张三，电话13812341234，请回电", ["张三"], "我是张*，电话*********34，请回电"),
        ("身份证11010519491231002X丢失", [], "身份证****************2X丢失"),
        ("座机0571-8888 8888转", [], "座机**********88转"),
        ("２０２６年路灯坏了3盏，138 1234 1234", [], "２０２６年路灯坏了3盏，*********34"),
        ("幸福路12号门前积水", [], "幸福路12号门前积水"),
    ])
    func phoneAndIdNumbersAndOwnNameAreMasked(text: String, names: [String], expected: String) {
        #expect(PersonalData.redactText(text, names: names) == expected)
    }
}

@Suite struct DistrictMapTests {
    static let map = DistrictMap(name: "测试市", districts: [
        .init(name: "甲区", outline: [(30.0, 120.0), (30.0, 120.1), (29.9, 120.1), (29.9, 120.0)]),
        .init(name: "乙区", outline: [(30.0, 120.1), (30.0, 120.2), (29.9, 120.2), (29.9, 120.1)]),
    ])

    @Test func aPointFallsInItsDistrict() {
        #expect(Self.map.district(lat: 29.95, long: 120.05) == "甲区")
        #expect(Self.map.district(lat: 29.95, long: 120.15) == "乙区")
        #expect(Self.map.district(lat: 31.0, long: 120.05) == nil)
    }

    @Test func theDemoMapIsWellFormed() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Resources/Maps/districts.json")
        let map = try JSONDecoder().decode(DistrictMap.self, from: try Data(contentsOf: url))
        #expect(map.districts.count >= 3 && map.districts.allSatisfy { $0.outline.count >= 3 && $0.outline.allSatisfy { $0.count == 2 } })
        #expect(map.district(lat: 30.26, long: 120.15) == "示范区")
    }
}
