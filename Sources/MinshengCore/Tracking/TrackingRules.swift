import Foundation
import PolicyParser

/// The two warning bands of 三色预警, in percentage points behind schedule.
///
/// A commitment is yellow when it is behind the expected percent by **strictly more than**
/// `yellow` points, red when behind by strictly more than `red` points. Default 10 and 30:
/// 10.0 behind is still green, 10.1 is yellow; 30.0 is yellow, 30.1 is red.
public struct HealthBands: Sendable, Equatable, Hashable, Codable {
    /// Points behind schedule beyond which the commitment turns yellow (黄色预警), default 10.
    public var yellow: Double
    /// Points behind schedule beyond which the commitment turns red (红色预警), default 30.
    public var red: Double

    /// Bands; `red` should not be below `yellow`.
    public init(yellow: Double = 10, red: Double = 30) {
        self.yellow = yellow
        self.red = red
    }

    /// 10 and 30 points.
    public static let standard = HealthBands()
}

/// When a monthly report is due (报送期限): the last day of the month, moved by `dayOffset` days.
///
/// Example: offset 0 → June's report is due 2026-06-30 (each lead unit reports 每月底前, 锡政发〔2023〕5号);
/// offset 5 → due 2026-07-05; offset -5 → due 2026-06-25.
public struct ReportDue: Sendable, Equatable, Hashable, Codable {
    /// Days after (positive) or before (negative) the month's last day.
    public var dayOffset: Int

    /// A due rule.
    public init(dayOffset: Int = 0) { self.dayOffset = dayOffset }

    /// Month-end.
    public static let monthEnd = ReportDue()

    /// The day a month's report is due, e.g. 2026-02 → 2026-02-28 with offset 0.
    public func dueDate(for period: YearMonth) -> CivilDate {
        period.lastDay.adding(days: dayOffset)
    }

    /// Whether a report for `period` submitted on `submittedOn` is late (逾期): strictly after the due date.
    public func isLate(period: YearMonth, submittedOn: CivilDate) -> Bool {
        submittedOn > dueDate(for: period)
    }
}

/// A plan's tracking rules (跟踪规则): its schedule, warning bands and report deadline.
///
/// Example: `TrackingRules.standard(for: YearSpan(from: 2026, to: 2026))` — 60% by 06-30,
/// 100% by 11-30, bands 10/30, reports due at month-end, red after 2 missing reports.
public struct TrackingRules: Sendable, Equatable, Codable {
    /// The plan's default schedule (序时进度规则).
    public var schedule: ScheduleRule
    /// 三色预警 bands.
    public var bands: HealthBands
    /// When monthly reports are due.
    public var reportDue: ReportDue
    /// The first month a report is expected for; nil means the month the schedule starts.
    /// (A plan published in March can start reporting in March.)
    public var firstReportMonth: YearMonth?
    /// How many missing monthly reports make a commitment red; default 2.
    public var missingReportsForRed: Int

    /// Rules.
    public init(schedule: ScheduleRule, bands: HealthBands = .standard, reportDue: ReportDue = .monthEnd,
                firstReportMonth: YearMonth? = nil, missingReportsForRed: Int = 2) {
        self.schedule = schedule
        self.bands = bands
        self.reportDue = reportDue
        self.firstReportMonth = firstReportMonth
        self.missingReportsForRed = missingReportsForRed
    }

    /// The defaults for a plan's period (``ScheduleRule/standard(for:)``, bands 10/30, month-end).
    public static func standard(for period: YearSpan) -> TrackingRules {
        TrackingRules(schedule: .standard(for: period))
    }

    /// The schedule a commitment follows: its own nodes when it has them, else the plan's.
    public func schedule(for commitment: Commitment) -> ScheduleRule {
        schedule.overridden(by: commitment.scheduleNodes)
    }

    /// The date a commitment must be complete by: its own deadline, else its schedule's last node.
    public func deadline(for commitment: Commitment) -> CivilDate {
        commitment.deadline ?? schedule(for: commitment).finish
    }

    /// The months a commitment owes a consolidated report for (应报月份), as of `today`:
    /// from the first report month through the deadline's month, only months whose due date
    /// has passed (strictly before `today`).
    ///
    /// Example: annual 2026 plan, today 2026-04-10 → 2026-01, 2026-02, 2026-03.
    public func owedPeriods(for commitment: Commitment, today: CivilDate) -> [YearMonth] {
        let first = firstReportMonth ?? schedule(for: commitment).start.yearMonth
        let last = deadline(for: commitment).yearMonth
        return YearMonth.range(first, through: last).filter { reportDue.dueDate(for: $0) < today }
    }
}
