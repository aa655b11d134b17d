import Foundation

/// Why a month has no bulletin (通报); the App words it.
public enum BulletinMonthProblem: Error, Sendable, Equatable {
    /// The month has not begun.
    case future
    /// The month is before the first year any plan is tracked in (e.g. 1999-01 for plans from 2026).
    case beforeTracking(firstYear: Int)
}

/// The monthly bulletin's numbering and the months it exists for (通报期号).
public enum BulletinIssue {
    /// Whether `month` can have a bulletin: not in the future, and not before January of the
    /// first year tracked (`firstYear`, the earliest published plan's; this year when none).
    ///
    /// Example: plans from 2026, today 2026-07-10: 2026-06 → nil; 2026-08 → `.future`;
    /// 1999-01 → `.beforeTracking(firstYear: 2026)`.
    public static func problem(month: YearMonth, firstYear: Int?, today: CivilDate) -> BulletinMonthProblem? {
        if month > today.yearMonth { return .future }
        let first = firstYear ?? today.year
        if month < YearMonth(first, 1) { return .beforeTracking(firstYear: first) }
        return nil
    }

    /// The default 期号: the month's place counted from January of the first year tracked, so a
    /// bulletin a month gives 第1期, 第2期, … without a counter to keep.
    ///
    /// Example: first year 2026 → 2026-06 is 第6期, 2027-01 is 第13期.
    public static func defaultNumber(month: YearMonth, firstYear: Int) -> Int {
        max(1, (month.year - firstYear) * 12 + month.month)
    }
}
