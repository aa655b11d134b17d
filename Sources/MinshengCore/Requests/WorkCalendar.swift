import Foundation

/// The Chinese working-day calendar (工作日): Monday to Friday, minus the holiday breaks, plus
/// the weekend days made working days (调休上班), as the State Council publishes them each year.
///
/// Each year is data, one text file per year (`Requests/Holidays/YYYY.txt`, 2020–2026 bundled):
///
/// ```
/// # comment
/// 2026-01-01 法定 元旦     (a statutory holiday day)
/// 2026-01-02 休 元旦       (another day off in the break)
/// 2026-01-04 班 元旦       (a weekend day that is a working day)
/// ```
///
/// Example: with 2026's file, `due(after: 2026-09-30, workdays: 1)` → 2026-10-08 (the National Day
/// break runs 10-01 to 10-07); `workdays(from:to:)` counts both ends.
public struct WorkCalendar: Sendable, Equatable {
    /// What a listed day is.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// 法定节假日: a statutory holiday day.
        case statutory = "法定"
        /// 休: another day off in a holiday break (a swapped weekday or a weekend inside the break).
        case dayOff = "休"
        /// 班: a weekend day that is a working day (调休上班).
        case workday = "班"

        public var isRest: Bool { self != .workday }
    }

    /// One listed day.
    public struct Day: Sendable, Equatable {
        public var date: CivilDate
        public var kind: Kind
        public var name: String

        public init(date: CivilDate, kind: Kind, name: String) {
            self.date = date
            self.kind = kind
            self.name = name
        }
    }

    /// Why a year file was refused; `line` is 1-based.
    public enum FileError: Error, Equatable, Sendable {
        case badLine(line: Int, text: String)
        case wrongYear(line: Int, expected: Int)
        case duplicate(line: Int, date: String)
        case empty
    }

    /// The listed days by date.
    public private(set) var days: [CivilDate: Day]
    /// The years that have data; outside them only the weekend rule applies.
    public private(set) var years: Set<Int>

    public init(days: [Day] = []) {
        self.days = [:]
        self.years = []
        for day in days { self.days[day.date] = day; years.insert(day.date.year) }
    }

    /// Reads one year's file. Every line is either blank, a `#` comment or `date kind name`.
    public static func parseYear(_ year: Int, text: String) throws(FileError) -> [Day] {
        var out: [Day] = []
        var seen = Set<CivilDate>()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard parts.count >= 2, let date = CivilDate(parts[0]), let kind = Kind(rawValue: parts[1]) else {
                throw .badLine(line: index + 1, text: line)
            }
            guard date.year == year else { throw .wrongYear(line: index + 1, expected: year) }
            guard seen.insert(date).inserted else { throw .duplicate(line: index + 1, date: date.description) }
            out.append(Day(date: date, kind: kind, name: parts.dropFirst(2).joined(separator: " ")))
        }
        guard !out.isEmpty else { throw .empty }
        return out
    }

    /// Replaces one year's data (the `calendar add` command, or the bundled files).
    public mutating func set(year: Int, _ yearDays: [Day]) {
        days = days.filter { $0.key.year != year }
        for day in yearDays { days[day.date] = day }
        years.insert(year)
    }

    /// 0 = Monday … 6 = Sunday.
    public static func weekday(_ date: CivilDate) -> Int {
        // 1970-01-01 (day number 0) was a Thursday.
        ((date.dayNumber % 7) + 7 + 3) % 7
    }

    /// Whether `date` is a working day.
    public func isWorkday(_ date: CivilDate) -> Bool {
        if let listed = days[date] { return !listed.kind.isRest }
        return Self.weekday(date) < 5
    }

    /// Whether the calendar has data for `date`'s year (else only weekends are known).
    public func covers(_ date: CivilDate) -> Bool { years.contains(date.year) }

    /// The `n`-th working day after `date` (`date` itself not counted); `n` = 0 gives `date`.
    public func due(after date: CivilDate, workdays n: Int) -> CivilDate {
        var day = date
        var left = max(0, n)
        while left > 0 {
            day = day.adding(days: 1)
            if isWorkday(day) { left -= 1 }
        }
        return day
    }

    /// Working days from `from` to `to`, both included (0 when `to` is before `from`).
    public func workdays(from: CivilDate, to: CivilDate) -> Int {
        guard from <= to else { return 0 }
        var count = 0
        var day = from
        while day <= to {
            if isWorkday(day) { count += 1 }
            day = day.adding(days: 1)
        }
        return count
    }

    /// Working days that have passed since `due` by `today` (0 when not yet past): the overdue
    /// ladder's measure. A deadline is kept through the whole of its day.
    public func workdaysPast(_ due: CivilDate, today: CivilDate) -> Int {
        guard today > due else { return 0 }
        return workdays(from: due.adding(days: 1), to: today)
    }

    /// The statutory holiday days (法定) listed for `year`.
    public func statutoryDays(in year: Int) -> [Day] {
        days.values.filter { $0.date.year == year && $0.kind == .statutory }.sorted { $0.date < $1.date }
    }
}
