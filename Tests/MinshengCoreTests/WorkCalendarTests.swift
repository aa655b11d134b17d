import Foundation
import Testing
@testable import MinshengCore

/// The working-day clock, as tables over the bundled State Council calendars.
@Suite struct WorkCalendarTests {
    let calendar = WorkCalendar.bundled

    @Test func everyBundledYearParsesAndIsCovered() throws {
        let files = WorkCalendar.bundledFiles()
        #expect(files.map(\.year) == Array(2020...2026))
        for (year, text) in files {
            let days = try WorkCalendar.parseYear(year, text: text)
            #expect(!days.isEmpty)
            #expect(calendar.covers(CivilDate(year, 6, 1)))
        }
    }

    /// 11 statutory holiday days a year until 2024; 13 from 2025 (除夕 and 5月2日 added by the
    /// 2024 revision of 全国年节及纪念日放假办法). 2020 lists 10 dates: 中秋 fell on 国庆 (10-01).
    @Test(arguments: [(2020, 10), (2021, 11), (2022, 11), (2023, 11), (2024, 11), (2025, 13), (2026, 13)])
    func statutoryDaysPerYear(year: Int, count: Int) {
        #expect(calendar.statutoryDays(in: year).count == count)
    }

    @Test(arguments: [
        // (date, working day?)
        ("2026-01-01", false),  // 元旦
        ("2026-01-02", false),  // 元旦 break (Friday)
        ("2026-01-04", true),   // 调休: Sunday worked
        ("2026-02-14", true),   // 调休 Saturday before 春节
        ("2026-02-16", false),  // 除夕
        ("2026-02-23", false),  // last day of the 春节 break (Monday)
        ("2026-02-24", true),
        ("2026-02-28", true),   // 调休 Saturday after 春节
        ("2026-05-09", true),   // 调休 Saturday after 劳动节
        ("2026-10-10", true),   // 调休 Saturday after 国庆
        ("2026-10-11", false),  // an ordinary Sunday
        ("2025-01-26", true),   // 调休 Sunday before 春节 2025
        ("2025-02-04", false),
        ("2025-02-08", true),   // 调休 Saturday
        ("2025-05-02", false),  // statutory from 2025 on
        ("2024-05-02", false),  // off in 2024 too, but swapped (调休), not statutory
        ("2025-10-08", false),
        ("2025-10-11", true),
    ])
    func workingDays(date: String, working: Bool) {
        #expect(calendar.isWorkday(CivilDate(date)!) == working)
    }

    @Test func statutoryMayDayChangedIn2025() {
        let may2024 = calendar.statutoryDays(in: 2024).filter { $0.name == "劳动节" }.map(\.date.description)
        let may2025 = calendar.statutoryDays(in: 2025).filter { $0.name == "劳动节" }.map(\.date.description)
        #expect(may2024 == ["2024-05-01"])
        #expect(may2025 == ["2025-05-01", "2025-05-02"])
    }

    @Test(arguments: [
        // (date, n, due): the n-th working day after date, date not counted
        ("2025-12-31", 1, "2026-01-04"),  // a limit spanning New Year: 1-1..1-3 off, Sunday 1-4 worked
        ("2025-12-31", 2, "2026-01-05"),
        ("2025-12-30", 1, "2025-12-31"),
        ("2026-09-30", 1, "2026-10-08"),  // 国庆 break 10-01..10-07
        ("2026-09-30", 3, "2026-10-10"),  // the 调休 Saturday counts
        ("2025-01-24", 1, "2025-01-26"),  // Friday → the 调休 Sunday
        ("2025-01-27", 1, "2025-02-05"),  // across the whole 春节 break
        ("2026-11-27", 5, "2026-12-04"),  // an ordinary week
        ("2026-11-28", 0, "2026-11-28"),
    ])
    func due(date: String, n: Int, expected: String) {
        #expect(calendar.due(after: CivilDate(date)!, workdays: n).description == expected)
    }

    @Test(arguments: [
        ("2026-01-01", "2026-01-31", 21),  // 22 weekdays − 2 holiday weekdays + 1 调休 Sunday
        ("2026-01-01", "2026-01-01", 0),
        ("2026-01-05", "2026-01-05", 1),
        ("2026-01-09", "2026-01-05", 0),   // reversed
        ("2025-01-27", "2025-02-08", 5),   // 01-27, 02-05..02-07 and the 调休 Saturday 02-08
        ("2026-01-01", "2026-12-31", 248),  // as PyPI chinesecalendar counts it
    ])
    func workdayCounts(from: String, to: String, expected: Int) {
        #expect(calendar.workdays(from: CivilDate(from)!, to: CivilDate(to)!) == expected)
    }

    @Test func aYearOutsideTheDataFollowsTheWeekendRule() {
        let d = CivilDate(2031, 1, 1)  // a Wednesday
        #expect(!calendar.covers(d))
        #expect(calendar.isWorkday(d))
        #expect(!calendar.isWorkday(CivilDate(2031, 1, 4)))
    }

    @Test(arguments: [
        ("2026-01-01 法定 元旦\nnonsense", WorkCalendar.FileError.badLine(line: 2, text: "nonsense")),
        ("2026-13-01 法定 元旦", .badLine(line: 1, text: "2026-13-01 法定 元旦")),
        ("2026-01-01 放 元旦", .badLine(line: 1, text: "2026-01-01 放 元旦")),
        ("2025-01-01 法定 元旦", .wrongYear(line: 1, expected: 2026)),
        ("2026-01-01 法定 元旦\n2026-01-01 休 元旦", .duplicate(line: 2, date: "2026-01-01")),
        ("# only a comment\n", .empty),
    ])
    func badYearFiles(text: String, error: WorkCalendar.FileError) {
        #expect(throws: error) { try WorkCalendar.parseYear(2026, text: text) }
    }

    @Test func addingAYearReplacesIt() throws {
        var c = WorkCalendar()
        c.set(year: 2027, try WorkCalendar.parseYear(2027, text: "2027-01-01 法定 元旦\n2027-01-02 班 测试"))
        #expect(!c.isWorkday(CivilDate(2027, 1, 1)))
        #expect(c.isWorkday(CivilDate(2027, 1, 2)))  // a Saturday made working
        c.set(year: 2027, try WorkCalendar.parseYear(2027, text: "2027-01-01 法定 元旦"))
        #expect(!c.isWorkday(CivilDate(2027, 1, 2)))
    }

    @Test(arguments: [
        // (due, today, stage) with the standard limits (remind 1 before, 督办 after 3 past)
        ("2026-10-09", "2026-10-07", LimitStage.onTime),   // in the holiday: 10-08 and 10-09 still to come
        ("2026-10-09", "2026-10-08", .dueSoon),
        ("2026-10-09", "2026-10-09", .dueSoon),
        ("2026-10-09", "2026-10-10", .overdue),            // the 调休 Saturday is 1 working day past
        ("2026-10-09", "2026-10-12", .overdue),            // 10-10 and 10-12: 2 past
        ("2026-10-09", "2026-10-13", .escalate),           // 3 past
        ("2026-12-04", "2026-11-30", .onTime),
    ])
    func limitStages(due: String, today: String, stage: LimitStage) {
        #expect(LimitStage.of(due: CivilDate(due)!, today: CivilDate(today)!, calendar: calendar, limits: .standard) == stage)
    }
}
