import Foundation
import Testing
@testable import MinshengCore

@Suite struct CivilDateTests {
    @Test(arguments: [
        ("2026-06-30", CivilDate?.some(CivilDate(2026, 6, 30))),
        ("2024-02-29", CivilDate(2024, 2, 29)),
        ("2026-6-3", CivilDate(2026, 6, 3)),
        (" 2026-01-01 ", CivilDate(2026, 1, 1)),
        ("2026-02-29", nil),
        ("2100-02-29", nil),
        ("2026-13-01", nil),
        ("2026-00-10", nil),
        ("2026-04-31", nil),
        ("2026-06-30x", nil),
        ("26-06-30", nil),
        ("2026/06/30", nil),
        ("２０２６-06-30", nil),
        ("", nil),
        ("2026--30", nil),
        ("-2026-06-30", nil),
        ("2026-06-30-", nil),
        ("2026-06-30-01", nil),
        ("20260-06-30", nil),
        ("2026-006-30", nil),
        ("2026-06-300", nil),
        ("2026-06", nil),
        ("0000-01-01", nil),
    ])
    func parsing(text: String, expected: CivilDate?) {
        #expect(CivilDate(text) == expected)
    }

    @Test(arguments: [
        (CivilDate(2026, 12, 31), 1, CivilDate(2027, 1, 1)),
        (CivilDate(2024, 2, 28), 1, CivilDate(2024, 2, 29)),
        (CivilDate(2024, 3, 1), -1, CivilDate(2024, 2, 29)),
        (CivilDate(2026, 3, 1), -1, CivilDate(2026, 2, 28)),
        (CivilDate(2026, 1, 1), 364, CivilDate(2026, 12, 31)),
        (CivilDate(2026, 6, 30), 153, CivilDate(2026, 11, 30)),
        (CivilDate(1970, 1, 1), -1, CivilDate(1969, 12, 31)),
    ])
    func dayArithmetic(start: CivilDate, days: Int, expected: CivilDate) {
        #expect(start.adding(days: days) == expected)
        #expect(start.days(until: expected) == days)
    }

    @Test func dayNumbers() {
        #expect(CivilDate(1970, 1, 1).dayNumber == 0)
        #expect(CivilDate(2000, 3, 1).dayNumber == 11017)
        #expect(CivilDate(2026, 6, 30).dayNumber == 20634)
        #expect(CivilDate(dayNumber: 20634) == CivilDate(2026, 6, 30))
    }

    @Test(arguments: [
        (CivilDate(2024, 2, 10), CivilDate(2024, 2, 29)),
        (CivilDate(2026, 2, 1), CivilDate(2026, 2, 28)),
        (CivilDate(2100, 2, 1), CivilDate(2100, 2, 28)),
        (CivilDate(2000, 2, 1), CivilDate(2000, 2, 29)),
        (CivilDate(2026, 4, 15), CivilDate(2026, 4, 30)),
        (CivilDate(2026, 12, 31), CivilDate(2026, 12, 31)),
    ])
    func endOfMonth(date: CivilDate, expected: CivilDate) {
        #expect(date.endOfMonth == expected)
        #expect(date.yearMonth.lastDay == expected)
    }

    @Test func comparisonAndText() {
        #expect(CivilDate(2026, 6, 30) < CivilDate(2026, 7, 1))
        #expect(CivilDate(2025, 12, 31) < CivilDate(2026, 1, 1))
        #expect(!(CivilDate(2026, 7, 1) < CivilDate(2026, 7, 1)))
        #expect(CivilDate(2026, 6, 3).description == "2026-06-03")
    }

    @Test func codableAsString() throws {
        let data = try JSONEncoder().encode([CivilDate(2026, 6, 30)])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-06-30"]"#)
        #expect(try JSONDecoder().decode([CivilDate].self, from: data) == [CivilDate(2026, 6, 30)])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CivilDate].self, from: Data(#"["2026-02-30"]"#.utf8))
        }
        let month = try JSONEncoder().encode([YearMonth(2026, 6)])
        #expect(String(decoding: month, as: UTF8.self) == #"["2026-06"]"#)
    }

    @Test func fromInstantInTimeZone() {
        let instant = Date(timeIntervalSince1970: 1_782_838_800) // 2026-06-30T17:00:00Z
        #expect(CivilDate(instant, in: TimeZone(identifier: "Asia/Shanghai")!) == CivilDate(2026, 7, 1))
        #expect(CivilDate(instant, in: TimeZone(identifier: "UTC")!) == CivilDate(2026, 6, 30))
        // one second before local midnight stays on the day; midnight starts the next
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        #expect(CivilDate(Date(timeIntervalSince1970: 1_782_835_199), in: shanghai) == CivilDate(2026, 6, 30))
        #expect(CivilDate(Date(timeIntervalSince1970: 1_782_835_200), in: shanghai) == CivilDate(2026, 7, 1))
        // before 1970, and a zone whose offset changes in summer (EDT, UTC−4, on 2026-07-01)
        #expect(CivilDate(Date(timeIntervalSince1970: -1), in: TimeZone(identifier: "UTC")!) == CivilDate(1969, 12, 31))
        let newYork = TimeZone(identifier: "America/New_York")!
        #expect(CivilDate(Date(timeIntervalSince1970: 1_782_878_399), in: newYork) == CivilDate(2026, 6, 30)) // 23:59:59 EDT
        #expect(CivilDate(Date(timeIntervalSince1970: 1_782_878_400), in: newYork) == CivilDate(2026, 7, 1))
    }

    @Test(arguments: [
        ("2025", CivilDate?.some(CivilDate(2025, 12, 31))),
        ("2023-11", CivilDate(2023, 11, 30)),
        ("2024-06-30", CivilDate(2024, 6, 30)),
        ("2024年", nil),
        ("soon", nil),
    ])
    func statedDeadlines(text: String, expected: CivilDate?) {
        #expect(CivilDate.deadline(stated: text) == expected)
    }

    @Test(arguments: [
        ("2026-06", YearMonth?.some(YearMonth(2026, 6))),
        ("2026-6", YearMonth(2026, 6)),
        ("2026-13", nil),
        ("2026-06-01", nil),
        ("202606", nil),
        (" 2026-06 ", YearMonth(2026, 6)),
        ("2026-", nil),
        ("2026-006", nil),
        ("2026-00", nil),
    ])
    func yearMonthParsing(text: String, expected: YearMonth?) {
        #expect(YearMonth(text) == expected)
    }

    @Test func yearMonthArithmetic() {
        #expect(YearMonth(2026, 12).adding(months: 1) == YearMonth(2027, 1))
        #expect(YearMonth(2026, 1).adding(months: -1) == YearMonth(2025, 12))
        #expect(YearMonth(2025, 11).months(until: YearMonth(2026, 2)) == 3)
        #expect(YearMonth.range(YearMonth(2025, 11), through: YearMonth(2026, 2)).map(\.description)
                == ["2025-11", "2025-12", "2026-01", "2026-02"])
        #expect(YearMonth.range(YearMonth(2026, 2), through: YearMonth(2026, 1)).isEmpty)
        #expect(YearMonth(2026, 2).firstDay == CivilDate(2026, 2, 1))
    }

    /// Arithmetic past the 1…9999 range that input is held to does not trap (a far deadline plus
    /// a due offset must not bring the server down).
    @Test func arithmeticBeyondTheInputRange() {
        let far = CivilDate(9999, 12, 31).adding(days: 5)
        #expect((far.year, far.month, far.day) == (10000, 1, 5))
        let next = YearMonth(9999, 12).adding(months: 1)
        #expect((next.year, next.month) == (10000, 1))
        let before = YearMonth(1, 1).adding(months: -1)
        #expect((before.year, before.month) == (0, 12))
        #expect(YearMonth(ordinal: -1).month == 12)
        #expect(ReportDue(dayOffset: 5).dueDate(for: YearMonth(9999, 12)) == far)
        let rules = TrackingRules.annual2026
        let owed = rules.owedPeriods(for: .fixture(deadline: CivilDate(9999, 12, 31)), today: CivilDate(2026, 3, 5))
        #expect(owed.map(\.description) == ["2026-01", "2026-02"])
    }
}
