import FluentKit
import Foundation
import MinshengCore

/// A month's consolidated progress report (月度进展) from the lead unit. Unique per (commitment, period);
/// a revision after a reopen replaces the row (the earlier one is kept in the audit log).
package final class ProgressReportRecord: Model, @unchecked Sendable {
    package static let schema = "progress_reports"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "commitment_id") package var commitment: CommitmentRecord
    /// `YYYY-MM`.
    @Field(key: "period") package var period: String
    /// Percent complete (0…100), derived from targets where they allow, else as entered.
    @Field(key: "percent") package var percent: Double
    /// `derived` or `entered` (Core's `PercentSource`).
    @OptionalField(key: "percent_source") package var percentSource: String?
    /// 完成投资, 万元.
    @OptionalField(key: "investment") package var investment: Double?
    @Field(key: "narrative") package var narrative: String
    @Field(key: "problems") package var problems: String
    @Field(key: "next_steps") package var nextSteps: String
    /// 进度回落说明: why the percent is below the previous month's; nil when it is not.
    @OptionalField(key: "decrease_reason") package var decreaseReason: String?
    /// The submitting (lead) unit's canonical name at the time (for display).
    @Field(key: "unit_name") package var unitName: String
    /// The submitting (lead) unit by identity; nil for an old row whose name no unit bears.
    @OptionalParent(key: "unit_id") package var unit: UnitRecord?
    @Field(key: "submitted_at") package var submittedAt: Date
    /// The city day it was submitted (`YYYY-MM-DD`); with `due_on` it says whether it was late.
    @Field(key: "submitted_on") package var submittedOn: String
    @Field(key: "due_on") package var dueOn: String
    @OptionalParent(key: "submitted_by") package var submittedBy: UserRecord?
    /// `submitted` (locked) or `reopened` (Core's `ReportState`).
    @Field(key: "state") package var state: String
    @Field(key: "revision") package var revision: Int
    @Field(key: "is_demo") package var isDemo: Bool
    /// 退回理由 of the latest return, and when it was made; nil if never returned.
    @OptionalField(key: "reopen_reason") package var reopenReason: String?
    @OptionalField(key: "reopened_at") package var reopenedAt: Date?

    @Children(for: \.$report) package var actuals: [ReportTargetActualRecord]

    package init() {}

    /// Submitted after its due day (逾期), derived from the two stored days.
    package var isLate: Bool { submittedOn > dueOn }
    /// Submitted and not reopened (已锁定).
    package var isLocked: Bool { state == ReportState.submitted.rawValue }

    /// The report as Core's rules see it (lock state, revision); nil if a stored day is unreadable.
    /// An old row no unit is attributed to carries ``UnitID/unrecorded``, which matches no unit.
    package var coreReport: ProgressReport? {
        guard let month = YearMonth(period), let on = CivilDate(submittedOn), let due = CivilDate(dueOn) else { return nil }
        return ProgressReport(commitmentID: CommitmentID($commitment.id), period: month,
                              unit: UnitRef(id: $unit.id.map { UnitID($0) } ?? .unrecorded, name: unitName), percent: percent,
                              submittedOn: on, dueOn: due, state: ReportState(rawValue: state) ?? .submitted, revision: revision)
    }

    /// Sets every field from a report Core accepted.
    package func apply(_ report: ProgressReport, at date: Date, by userID: UUID?) {
        $commitment.id = report.commitmentID.rawValue
        period = report.period.description
        percent = report.percent ?? 0
        percentSource = report.percentSource?.rawValue
        investment = report.investment
        narrative = report.narrative
        problems = report.problems
        nextSteps = report.nextSteps
        decreaseReason = report.decreaseReason
        unitName = report.unit.name
        $unit.id = report.unit.id == .unrecorded ? nil : report.unit.id.rawValue
        submittedAt = date
        submittedOn = report.submittedOn.description
        dueOn = report.dueOn.description
        $submittedBy.id = userID
        state = report.state.rawValue
        revision = report.revision
    }
}

/// The actual value of one target in one report.
package final class ReportTargetActualRecord: Model, @unchecked Sendable {
    package static let schema = "report_target_actuals"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "report_id") package var report: ProgressReportRecord
    @Parent(key: "target_id") package var target: TargetRecord
    @Field(key: "actual") package var actual: Double

    package init() {}
    package init(reportID: UUID, targetID: UUID, actual: Double) {
        self.$report.id = reportID
        self.$target.id = targetID
        self.actual = actual
    }
}

/// A support unit's own part of a month (责任单位补充), shown beside the lead unit's report, never counted.
package final class ReportContributionRecord: Model, @unchecked Sendable {
    package static let schema = "report_contributions"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "commitment_id") package var commitment: CommitmentRecord
    @Parent(key: "unit_id") package var unit: UnitRecord
    @Field(key: "period") package var period: String
    @OptionalField(key: "percent") package var percent: Double?
    @OptionalField(key: "investment") package var investment: Double?
    @Field(key: "narrative") package var narrative: String
    @Field(key: "problems") package var problems: String
    @Field(key: "next_steps") package var nextSteps: String
    @Field(key: "submitted_at") package var submittedAt: Date
    @Field(key: "submitted_on") package var submittedOn: String
    @Field(key: "due_on") package var dueOn: String
    @OptionalParent(key: "submitted_by") package var submittedBy: UserRecord?
    @Field(key: "state") package var state: String
    @Field(key: "revision") package var revision: Int
    /// 退回理由 of the latest return, and when it was made; nil if never returned.
    @OptionalField(key: "reopen_reason") package var reopenReason: String?
    @OptionalField(key: "reopened_at") package var reopenedAt: Date?

    package init() {}

    /// The contribution as Core's rules see it, from `unit` (its own unit, by id); nil if a stored
    /// day is unreadable.
    package func coreReport(unit: UnitRef) -> ProgressReport? {
        guard let month = YearMonth(period), let on = CivilDate(submittedOn), let due = CivilDate(dueOn) else { return nil }
        return ProgressReport(commitmentID: CommitmentID($commitment.id), period: month, kind: .contribution, unit: unit, percent: percent,
                              submittedOn: on, dueOn: due, state: ReportState(rawValue: state) ?? .submitted, revision: revision)
    }

    package func apply(_ report: ProgressReport, unitID: UUID, at date: Date, by userID: UUID?) {
        $commitment.id = report.commitmentID.rawValue
        $unit.id = unitID
        period = report.period.description
        percent = report.percent
        investment = report.investment
        narrative = report.narrative
        problems = report.problems
        nextSteps = report.nextSteps
        submittedAt = date
        submittedOn = report.submittedOn.description
        dueOn = report.dueOn.description
        $submittedBy.id = userID
        state = report.state.rawValue
        revision = report.revision
    }
}
