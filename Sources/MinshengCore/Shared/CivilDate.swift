import Foundation

/// A calendar date without a time of day (日期), e.g. `CivilDate("2026-06-30")`.
///
/// Core never reads the clock: the App turns "now" into a `CivilDate` in the city's time zone
/// (`CivilDate(Date(), in: TimeZone(identifier: "Asia/Shanghai")!)`) and passes it in as `today`.
/// Encoded as the string `"YYYY-MM-DD"`.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// The year, e.g. `2026`.
    public let year: Int
    /// The month, 1…12.
    public let month: Int
    /// The day of the month, 1…28/29/30/31.
    public let day: Int

    /// A validated date, or nil when the day does not exist, e.g. `CivilDate(year: 2026, month: 2, day: 29) == nil`.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A date from literals known to be valid, e.g. `CivilDate(2026, 6, 30)`. Traps on an impossible date,
    /// so use it for constants and tests; use ``init(year:month:day:)`` or ``init(_:)-(String)`` for input.
    public init(_ year: Int, _ month: Int, _ day: Int) {
        guard let date = CivilDate(year: year, month: month, day: day) else {
            preconditionFailure("invalid civil date \(year)-\(month)-\(day)")
        }
        self = date
    }

    /// Parses `"YYYY-MM-DD"` (also accepts one-digit month and day, `2026-6-3`); nil for anything else.
    public init?(_ text: String) {
        if let f = Self.dashedFields(text, count: 3) {
            self.init(year: f[0], month: f[1], day: f[2])
            return
        }
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The numbers of `text` when it is exactly `YYYY-M[M]` (count 2) or `YYYY-M[M]-D[D]` (count 3)
    /// in ASCII; nil otherwise, and the caller tries the lenient parse (spaces around). Stored dates
    /// take this path: thousands of them per listing, read without Foundation.
    static func dashedFields(_ text: String, count: Int) -> [Int]? {
        var fields: [Int] = []
        fields.reserveCapacity(count)
        var value = 0, digits = 0
        func close() -> Bool {
            guard fields.isEmpty ? digits == 4 : (1...2).contains(digits) else { return false }
            fields.append(value)
            value = 0
            digits = 0
            return true
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                if digits > 4 { return nil }
            case UInt8(ascii: "-"):
                guard fields.count < count - 1, close() else { return nil }
            default:
                return nil
            }
        }
        guard close(), fields.count == count else { return nil }
        return fields
    }

    /// The date a `Date` falls on in a time zone, e.g. 2026-06-30T17:00:00Z in Asia/Shanghai → 2026-07-01.
    /// Day arithmetic on the zone's offset at that instant, without building a `Calendar` (the
    /// App asks for `today` on every request).
    public init(_ date: Date, in timeZone: TimeZone) {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        let days = (local / 86_400).rounded(.down)
        self.init(dayNumber: days.isFinite ? Int(max(-3_000_000, min(3_000_000, days))) : 0)
    }

    /// A date for a month and day that exist in every year (1 January, 30 June, 31 December…) in
    /// any year, without trapping outside 1…9999; for rules built from a plan's years.
    static func anyYear(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
        CivilDate(dayNumber: firstDayNumber(year: year, month: month) + min(day, daysIn(month: month, year: year)) - 1)
    }

    /// A date from parts already known to be a real day; arithmetic may leave the 1…9999 range
    /// that input is held to, and must not trap there (a far deadline plus a due offset).
    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The number of days since 1970-01-01 (negative before), e.g. `CivilDate(1970, 1, 2).dayNumber == 1`.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date a number of days after 1970-01-01, the inverse of ``dayNumber``.
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(unchecked: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// This date moved by a number of days, e.g. `CivilDate(2026, 6, 30).adding(days: 1) == CivilDate(2026, 7, 1)`.
    /// The first instant of this day in `timeZone`.
    public func startOfDay(in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? Date(timeIntervalSince1970: 0)
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// Days from this date to another (positive when `other` is later), e.g. 2026-01-01 → 2026-12-31 is 364.
    public func days(until other: CivilDate) -> Int { other.dayNumber - dayNumber }

    /// The last day of this date's month (月末), e.g. 2024-02-10 → 2024-02-29.
    public var endOfMonth: CivilDate { CivilDate(unchecked: year, month, CivilDate.daysIn(month: month, year: year)) }

    /// The month this date falls in, e.g. 2026-06-30 → `YearMonth("2026-06")`.
    public var yearMonth: YearMonth { YearMonth(ordinal: year * 12 + month - 1) }

    /// `"YYYY-MM-DD"`, e.g. `"2026-06-30"`.
    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// The day number of the first of a month (any year, no validation).
    static func firstDayNumber(year: Int, month: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The number of days in a month, e.g. February 2024 → 29.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whether a Gregorian year is a leap year (闰年), e.g. 2024 yes, 2100 no.
    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Calendar order, e.g. 2025-12-31 < 2026-01-01.
    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Decodes `"YYYY-MM-DD"`; any other string is a `DecodingError`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected YYYY-MM-DD, got \(text)")
        }
        self = date
    }

    /// Encodes as `"YYYY-MM-DD"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A calendar month (月份), the period of a monthly progress report, e.g. `YearMonth("2026-06")`.
///
/// Encoded as the string `"YYYY-MM"`.
public struct YearMonth: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// The year, e.g. `2026`.
    public let year: Int
    /// The month, 1…12.
    public let month: Int

    /// A validated month, or nil, e.g. `YearMonth(year: 2026, month: 13) == nil`.
    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// A month from literals known to be valid, e.g. `YearMonth(2026, 6)`; traps on an impossible month.
    public init(_ year: Int, _ month: Int) {
        guard let value = YearMonth(year: year, month: month) else {
            preconditionFailure("invalid year-month \(year)-\(month)")
        }
        self = value
    }

    /// Parses `"YYYY-MM"` (also `2026-6`); nil for anything else.
    public init?(_ text: String) {
        if let f = CivilDate.dashedFields(text, count: 2) {
            self.init(year: f[0], month: f[1])
            return
        }
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, (1...2).contains(parts[1].count),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
              let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(year: y, month: m)
    }

    /// The first day of the month, e.g. 2026-06 → 2026-06-01.
    public var firstDay: CivilDate { CivilDate(dayNumber: CivilDate.firstDayNumber(year: year, month: month)) }

    /// The last day of the month (月末), e.g. 2026-02 → 2026-02-28.
    public var lastDay: CivilDate { firstDay.endOfMonth }

    /// A running month count (year × 12 + month − 1), handy for month arithmetic.
    public var ordinal: Int { year * 12 + (month - 1) }

    /// The month from a running month count, the inverse of ``ordinal``.
    public init(ordinal: Int) {
        let year = ordinal >= 0 ? ordinal / 12 : (ordinal - 11) / 12
        self.year = year
        self.month = ordinal - year * 12 + 1
    }

    /// This month moved by a number of months, e.g. 2026-12 + 1 → 2027-01.
    public func adding(months: Int) -> YearMonth { YearMonth(ordinal: ordinal + months) }

    /// Months from this one to another (positive when `other` is later), e.g. 2026-01 → 2026-06 is 5.
    public func months(until other: YearMonth) -> Int { other.ordinal - ordinal }

    /// Every month from `first` through `last` inclusive; empty when `last < first`.
    public static func range(_ first: YearMonth, through last: YearMonth) -> [YearMonth] {
        guard first <= last else { return [] }
        return (first.ordinal...last.ordinal).map(YearMonth.init(ordinal:))
    }

    /// `"YYYY-MM"`, e.g. `"2026-06"`.
    public var description: String { String(format: "%04d-%02d", year, month) }

    /// Calendar order, e.g. 2025-12 < 2026-01.
    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { lhs.ordinal < rhs.ordinal }

    /// Decodes `"YYYY-MM"`; any other string is a `DecodingError`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = YearMonth(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected YYYY-MM, got \(text)")
        }
        self = value
    }

    /// Encodes as `"YYYY-MM"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
