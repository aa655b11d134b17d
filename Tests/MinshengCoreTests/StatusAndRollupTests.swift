import Foundation
import PolicyParser
import Testing
@testable import MinshengCore

@Suite struct CommitmentStatusTests {
    static let rules = TrackingRules.annual2026

    /// A report is owed once its due day has passed (strictly before today).
    @Test(arguments: [
        (CivilDate(2026, 1, 31), [String]()),
        (CivilDate(2026, 2, 1), ["2026-01"]),
        (CivilDate(2026, 3, 31), ["2026-01", "2026-02"]),
        (CivilDate(2026, 4, 1), ["2026-01", "2026-02", "2026-03"]),
        (CivilDate(2027, 2, 1), (1...11).map { String(format: "2026-%02d", $0) }), // through the deadline's month
    ])
    func owedPeriods(today: CivilDate, owed: [String]) {
        #expect(Self.rules.owedPeriods(for: .fixture(), today: today).map(\.description) == owed)
    }

    @Test(arguments: [
        (["2026-01"], ["2026-02", "2026-03"], Health.red),
        (["2026-01", "2026-02"], ["2026-03"], Health.green),
        (["2026-01", "2026-03"], ["2026-02"], Health.green),
    ])
    func missingMonths(reported: [String], missing: [String], health: Health) {
        let reports = reported.map { ProgressReport.fixture(period: YearMonth($0)!, percent: 25) }
        let status = CommitmentStatus(commitment: .fixture(), rules: Self.rules, reports: reports, today: CivilDate(2026, 4, 10))
        #expect(status.missingPeriods.map(\.description) == missing)
        #expect(status.health == health)
        #expect(status.actual == 25)
        #expect(close(status.expected, 60 * 99.0 / 180))   // 2026-04-10 is day 99
    }

    @Test func lateReportsAndLatestPeriod() {
        let reports = [
            ProgressReport.fixture(period: YearMonth(2026, 1), percent: 5, submittedOn: CivilDate(2026, 2, 3)),
            ProgressReport.fixture(period: YearMonth(2026, 2), percent: 15),
            ProgressReport.fixture(period: YearMonth(2026, 3), percent: 25, submittedOn: CivilDate(2026, 4, 2)),
        ]
        let status = CommitmentStatus(commitment: .fixture(), rules: Self.rules, reports: reports, today: CivilDate(2026, 4, 10))
        #expect(status.lateReports == 2)
        #expect(status.latestPeriod == YearMonth(2026, 3))
        #expect(status.missingPeriods.isEmpty)
    }

    @Test func completionStopsTheMonthsOwed() {
        let reports = [ProgressReport.fixture(period: YearMonth(2026, 1), percent: 100)]
        let status = CommitmentStatus(commitment: .fixture(), rules: Self.rules, reports: reports, today: CivilDate(2026, 9, 1))
        #expect(status.missingPeriods.isEmpty)
        #expect(status.health == .done)
    }

    @Test func pastDeadlineIsRed() {
        let reports = (1...11).map { ProgressReport.fixture(period: YearMonth(2026, $0), percent: Double($0) * 8) }
        let status = CommitmentStatus(commitment: .fixture(), rules: Self.rules, reports: reports, today: CivilDate(2026, 12, 5))
        #expect(status.actual == 88)
        #expect(status.expected == 100)
        #expect(status.health == .red)
        #expect(status.assessment.reasons == [.pastDeadline(CivilDate(2026, 11, 30))])
    }

    @Test func ownDeadlineAndSignOff() {
        let early = Commitment.fixture(deadline: CivilDate(2026, 6, 30))
        let reports = [ProgressReport.fixture(period: YearMonth(2026, 6), percent: 90)]
        var rules = Self.rules
        rules.firstReportMonth = YearMonth(2026, 6)
        let late = CommitmentStatus(commitment: early, rules: rules, reports: reports, today: CivilDate(2026, 7, 10))
        #expect(late.deadline == CivilDate(2026, 6, 30))
        #expect(late.health == .red)
        var signed = early
        signed.isSignedOff = true
        #expect(CommitmentStatus(commitment: signed, rules: rules, reports: reports, today: CivilDate(2026, 7, 10)).health == .done)
    }
}

@Suite struct RollupTests {
    /// Only June is owed from, so the colour depends on the percent alone: on 2026-07-10 expected is
    /// 60 + 40 × 10/153 ≈ 62.61.
    static func entry(_ n: Int, percent: Double, section: String = "城乡面貌", leaders: [String] = ["王明"],
                      lead: String, districts: [String] = [], late: Bool = false) -> RollupEntry {
        var rules = TrackingRules.annual2026
        rules.firstReportMonth = YearMonth(2026, 6)
        let commitment = Commitment.fixture(id: uuid(n), section: section, leaders: leaders, leadUnits: [UnitRef(stringLiteral: lead)],
                                            districts: districts)
        let report = ProgressReport.fixture(commitmentID: uuid(n), period: YearMonth(2026, 6), unit: UnitRef(stringLiteral: lead), percent: percent,
                                            submittedOn: late ? CivilDate(2026, 7, 3) : CivilDate(2026, 6, 28))
        let status = CommitmentStatus(commitment: commitment, rules: rules, reports: [report], today: CivilDate(2026, 7, 10))
        return RollupEntry(commitment: commitment, status: status)
    }

    static let entries = [
        entry(1, percent: 100, leaders: ["王明"], lead: "市民政局", districts: ["湖滨区"]),
        entry(2, percent: 60, section: "养老托育", leaders: ["王明", "李华"], lead: "市城管局", late: true),
        entry(3, percent: 45, leaders: ["李华"], lead: "市民政局", districts: ["湖滨区", "新港区"], late: true),
        entry(4, percent: 20, section: "养老托育", leaders: [], lead: "市教育局", districts: ["新港区"]),
    ]

    @Test func coloursOfTheFixtures() {
        #expect(Self.entries.map(\.status.health) == [.done, .green, .yellow, .red])
    }

    @Test func byLeadUnit() {
        let rows = Rollup.rows(Self.entries, by: .leadUnit)
        #expect(rows.map(\.key) == ["市民政局", "市城管局", "市教育局"])
        #expect(rows[0].commitments == 2)
        #expect(rows[0].counts == HealthCounts(done: 1, yellow: 1))
        #expect(rows[0].meanActual == 72.5)
        #expect(close(rows[0].meanExpected, 60 + 40 * 10.0 / 153))
        #expect(rows[0].lateReports == 1)
        #expect(rows[2].counts == HealthCounts(red: 1))
    }

    @Test func byLeaderCountsEachLeaderAndKeepsUnnamed() {
        let rows = Rollup.rows(Self.entries, by: .leader)
        #expect(rows.map(\.key) == ["王明", "李华", ""])
        #expect(rows.map(\.commitments) == [2, 2, 1])
        #expect(rows[1].counts == HealthCounts(green: 1, yellow: 1))
        #expect(rows[1].lateReports == 2)
    }

    @Test func byDistrictAndSection() {
        let districts = Rollup.rows(Self.entries, by: .district)
        #expect(districts.map(\.key) == ["湖滨区", "", "新港区"])
        #expect(districts.map(\.commitments) == [2, 1, 2])
        let sections = Rollup.rows(Self.entries, by: .section)
        #expect(sections.map(\.key) == ["城乡面貌", "养老托育"])
        #expect(sections[1].meanActual == 40)
    }

    @Test func byPlanAndTotal() {
        let plans = Rollup.rows(Self.entries, by: .plan)
        #expect(plans.map(\.key) == [fixturePlanID.uuidString])
        let total = Rollup.total(Self.entries, key: fixturePlanID.uuidString)
        #expect(plans[0] == total)
        #expect(total.counts == HealthCounts(done: 1, green: 1, yellow: 1, red: 1))
        #expect(total.counts.total == 4)
        #expect(total.meanActual == 56.25)
        #expect(total.lateReports == 2)
        #expect(total.missingReports == 0)
    }

    @Test func emptyRollup() {
        #expect(Rollup.rows([], by: .leadUnit).isEmpty)
        let total = Rollup.total([])
        #expect(total.commitments == 0)
        #expect(total.meanActual == 0)
        #expect(total.meanExpected == 0)
    }

    @Test func customKeys() {
        let rows = Rollup.rows(Self.entries) { $0.isKeyProject ? ["重点"] : ["一般"] }
        #expect(rows.map(\.key) == ["一般"])
        #expect(rows[0].commitments == 4)
    }

    /// 通报排名: progress against schedule first, then fewer reds, then fewer late reports, then name.
    @Test func bulletinRanking() {
        func row(_ key: String, actual: Double, expected: Double, red: Int = 0) -> RollupRow {
            RollupRow(key: key, commitments: 2, counts: HealthCounts(green: 2 - red, red: red), meanActual: actual,
                      meanExpected: expected, lateReports: 0, missingReports: 0)
        }
        let rows = [
            row("市城管局", actual: 50, expected: 60),            // −10
            row("市民政局", actual: 70, expected: 67),            // +3
            row("市教育局", actual: 60, expected: 60, red: 1),    // 0, one red
            row("市卫生健康委", actual: 60, expected: 60),         // 0, no red, 2 late
            row("市水利局", actual: 61, expected: 61),             // 0, no red, no late
        ]
        let ranked = Rollup.ranked(rows, late: ["市卫生健康委": 2])
        #expect(ranked.map(\.key) == ["市民政局", "市水利局", "市卫生健康委", "市教育局", "市城管局"])
    }

    /// Pages roll up their own rows through the same function as the API's entries.
    @Test func anyRollupInputAddsUpTheSame() {
        struct Row: RollupInput {
            var rollupHealth: Health
            var rollupActual: Double
            var rollupExpected: Double
            var rollupLateReports = 0
            var rollupMissingReports = 0
        }
        let rows = [Row(rollupHealth: .red, rollupActual: 10, rollupExpected: 60),
                    Row(rollupHealth: .green, rollupActual: 70, rollupExpected: 60, rollupLateReports: 1)]
        let total = Rollup.total(rows)
        #expect(total.counts == HealthCounts(green: 1, red: 1))
        #expect(total.meanActual == 40)
        #expect(total.meanExpected == 60)
        #expect(total.lateReports == 1)
    }
}
