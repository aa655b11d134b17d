import Foundation

/// Where a commitment stands on a day (项目进展状态): expected vs actual, colour, report record.
/// Computed from facts each time; never stored.
///
/// Example: annual 2026 plan, today 2026-07-10, June's report says 45% → expected ≈ 62.6
/// (60 + 40 × 10/153), actual 45, `.yellow` (17.6 points behind).
public struct CommitmentStatus: Sendable, Equatable, Codable {
    /// The commitment judged.
    public var commitmentID: CommitmentID
    /// 序时进度 on `today`, 0…100.
    public var expected: Double
    /// 实际进度: the latest consolidated report's percent, 0 when none.
    public var actual: Double
    /// The colour and its reasons.
    public var assessment: HealthAssessment
    /// The date it must be complete by.
    public var deadline: CivilDate
    /// The latest month with a consolidated report, if any.
    public var latestPeriod: YearMonth?
    /// Months owed and past due with no consolidated report (缺报月份), oldest first.
    public var missingPeriods: [YearMonth]
    /// How many of its consolidated reports (current revisions) were late (逾期报送).
    public var lateReports: Int

    /// The colour, shorthand for `assessment.health`.
    public var health: Health { assessment.health }

    /// Judges a commitment from its plan's rules and its reports on `today`.
    ///
    /// Owed months stop after the first month whose report reached 100%.
    public init(commitment: Commitment, rules: TrackingRules, reports: [ProgressReport], today: CivilDate) {
        let mine = reports.filter { $0.commitmentID == commitment.id && $0.kind == .consolidated }
        let periods = Set(mine.map(\.period))
        let current = periods.compactMap { ReportPolicy.current(mine, commitmentID: commitment.id, period: $0) }
        let firstComplete = current.filter { ($0.percent ?? 0) >= 100 }.map(\.period).min()
        commitmentID = commitment.id
        expected = rules.schedule(for: commitment).expectedPercent(on: today)
        actual = ReportPolicy.actualPercent(mine, commitmentID: commitment.id, today: today)
        deadline = rules.deadline(for: commitment)
        latestPeriod = periods.filter { $0 <= today.yearMonth }.max()
        missingPeriods = rules.owedPeriods(for: commitment, today: today).filter { period in
            !periods.contains(period) && (firstComplete.map { period <= $0 } ?? true)
        }
        lateReports = current.filter(\.isLate).count
        assessment = HealthAssessment(expected: expected, actual: actual, deadline: deadline, today: today,
                                      missingReports: missingPeriods.count, isSignedOff: commitment.isSignedOff,
                                      bands: rules.bands, missingReportsForRed: rules.missingReportsForRed)
    }
}
