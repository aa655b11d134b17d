import Foundation
import PolicyParser
import Testing
@testable import MinshengCore

@Suite struct ScheduleRuleTests {
    static let annual = ScheduleRule.annual(year: 2026)

    /// 锡政发〔2023〕5号: 60% by 06-30, 100% by 11-30; 0 before the start, 100 after the last node.
    static let annualTable: [(CivilDate, Double)] = [
        (CivilDate(2025, 12, 1), 0.0),
        (CivilDate(2026, 1, 1), 0),
        (CivilDate(2026, 1, 31), 10),            // 30 of 180 days to 60%
        (CivilDate(2026, 4, 1), 30),             // 90 of 180 days
        (CivilDate(2026, 6, 30), 60),            // on the node
        (CivilDate(2026, 9, 14), 79.869_281_045_751_63),   // 60 + 40 × 76/153
        (CivilDate(2026, 11, 30), 100),          // on the last node
        (CivilDate(2026, 12, 1), 100),
        (CivilDate(2027, 3, 1), 100),
    ]

    @Test(arguments: annualTable)
    func annualCurve(date: CivilDate, expected: Double) {
        #expect(close(Self.annual.expectedPercent(on: date), expected))
    }

    static let multiYearTable: [(CivilDate, Double)] = [
        (CivilDate(2025, 1, 1), 0.0),
        (CivilDate(2025, 12, 31), 33.333_333_333_333_33),
        (CivilDate(2026, 7, 2), 50.045_662_100_456_62),  // 100/3 + 100/3 × 183/365
        (CivilDate(2026, 12, 31), 66.666_666_666_666_67),
        (CivilDate(2027, 12, 31), 100),
        (CivilDate(2028, 1, 1), 100),
    ]

    @Test(arguments: multiYearTable)
    func multiYearEven(date: CivilDate, expected: Double) {
        let rule = ScheduleRule.multiYear(period: YearSpan(from: 2025, to: 2027))
        #expect(close(rule.expectedPercent(on: date), expected))
    }

    @Test func multiYearConfigured() {
        let rule = ScheduleRule.multiYear(period: YearSpan(from: 2025, to: 2027), yearEndPercents: [40, 75, 100])
        #expect(rule.expectedPercent(on: CivilDate(2025, 12, 31)) == 40)
        #expect(rule.expectedPercent(on: CivilDate(2026, 12, 31)) == 75)
        #expect(rule.finish == CivilDate(2027, 12, 31))
        // A share list of the wrong length falls back to the even curve.
        let even = ScheduleRule.multiYear(period: YearSpan(from: 2025, to: 2027), yearEndPercents: [50, 100])
        #expect(close(even.expectedPercent(on: CivilDate(2025, 12, 31)), 100.0 / 3))
    }

    @Test func standardPicksByPeriod() {
        #expect(ScheduleRule.standard(for: YearSpan(from: 2026, to: 2026)) == Self.annual)
        #expect(ScheduleRule.standard(for: YearSpan(from: 2025, to: 2027)).nodes.count == 3)
        #expect(Self.annual.finish == CivilDate(2026, 11, 30))
    }

    /// 节点化推进: a commitment's own nodes replace the plan's, the start stays.
    static let overrideTable: [(CivilDate, Double)] = [
        (CivilDate(2026, 9, 30), 50.0),
        (CivilDate(2026, 6, 30), 0),
        (CivilDate(2026, 8, 15), 25),  // halfway (46 of 92 days) between 0 and 50
        (CivilDate(2026, 12, 31), 100),
    ]

    @Test(arguments: overrideTable)
    func commitmentOverride(date: CivilDate, expected: Double) {
        let commitment = Commitment.fixture(scheduleNodes: [
            ScheduleNode(date: CivilDate(2026, 6, 30), percent: 0),
            ScheduleNode(date: CivilDate(2026, 9, 30), percent: 50),
            ScheduleNode(date: CivilDate(2026, 12, 31), percent: 100),
        ])
        let rule = TrackingRules.annual2026.schedule(for: commitment)
        #expect(close(rule.expectedPercent(on: date), expected))
        #expect(TrackingRules.annual2026.deadline(for: commitment) == CivilDate(2026, 12, 31))
    }

    @Test func overrideWithNothingKeepsPlanCurve() {
        #expect(Self.annual.overridden(by: nil) == Self.annual)
        #expect(Self.annual.overridden(by: []) == Self.annual)
    }

    @Test func nodesAreSorted() {
        let rule = ScheduleRule(start: CivilDate(2026, 1, 1), nodes: [
            ScheduleNode(date: CivilDate(2026, 11, 30), percent: 100),
            ScheduleNode(date: CivilDate(2026, 6, 30), percent: 60),
        ])
        #expect(rule == Self.annual)
    }

    static let problemTable: [([(CivilDate, Double)], [ScheduleProblem])] = [
        ([(CivilDate(2026, 6, 30), 60.0), (CivilDate(2026, 11, 30), 100)], [ScheduleProblem]()),
        ([], [.noNodes]),
        ([(CivilDate(2026, 6, 30), 120), (CivilDate(2026, 11, 30), 100)],
         [.percentOutOfRange(CivilDate(2026, 6, 30)), .decreasing(CivilDate(2026, 11, 30))]),
        ([(CivilDate(2026, 6, 30), 60), (CivilDate(2026, 6, 30), 100)], [.duplicateDate(CivilDate(2026, 6, 30))]),
        ([(CivilDate(2026, 6, 30), 60), (CivilDate(2026, 11, 30), 90)], [.lastNodeNotComplete]),
        ([(CivilDate(2026, 1, 1), 10), (CivilDate(2026, 11, 30), 100)], [.nodeNotAfterStart(CivilDate(2026, 1, 1))]),
    ]

    @Test(arguments: problemTable)
    func problems(nodes: [(CivilDate, Double)], expected: [ScheduleProblem]) {
        let rule = ScheduleRule(start: CivilDate(2026, 1, 1), nodes: nodes.map { ScheduleNode(date: $0.0, percent: $0.1) })
        #expect(rule.problems == expected)
    }

    /// A plan's own words set its curve (锡政发〔2023〕5号 and variants).
    static let statedTable: [(String, Double?, Int?)] = [
        ("年度重点民生实事项目原则上要在半年度完成全年任务的60%、11月底前完成全年目标任务。", 60, 11),
        ("原则上半年度完成全年任务的60%、11月底前完成年度目标任务", 60, 11),
        ("民生实事项目原则上6月底前完成年度任务的60%,11月底前全面完成年度目标任务。", 60, 11),
        ("上半年完成年度任务的50%以上,10月底前全面完成年度目标任务。", 50, 10),
        ("确保12月底前完成年度目标任务。", 60, 12),
        ("半年完成任务量的70%。", 70, 11),
        ("城镇调查失业率控制在5.5%以内,各项任务年底前完成。", nil, nil),
        ("", nil, nil),
    ]

    @Test(arguments: statedTable)
    func statedInText(text: String, midyear: Double?, finishMonth: Int?) {
        let rule = ScheduleRule.stated(in: text, year: 2026)
        if let midyear, let finishMonth {
            #expect(rule == ScheduleRule.annual(year: 2026, midyearPercent: midyear, finishMonth: finishMonth))
        } else {
            #expect(rule == nil)
        }
    }

    @Test func demoDocumentStatesTheDefault() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Resources/Demo/2026年示范市民生实事项目.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(ScheduleRule.stated(in: text, year: 2026) == .annual(year: 2026))
    }

    /// A mistyped plan period or finishing month gives a usable rule, never a trap or a huge curve.
    @Test func oddInputsDoNotTrap() {
        #expect(ScheduleRule.annual(year: 2026, finishMonth: 13) == Self.annual)
        #expect(ScheduleRule.annual(year: 2026, finishMonth: 10).finish == CivilDate(2026, 10, 31))
        let far = ScheduleRule.annual(year: 20260)
        #expect((far.finish.year, far.finish.month, far.finish.day) == (20260, 11, 30))
        #expect(ScheduleRule.multiYear(period: YearSpan(from: 2025, to: 1_000_000)).nodes.count == 50)
        #expect(ScheduleRule.standard(for: YearSpan(from: 2027, to: 2025)) == .annual(year: 2027))
    }
}
