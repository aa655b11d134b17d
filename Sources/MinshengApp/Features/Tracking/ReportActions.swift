import Fluent
import Foundation
import MinshengCore
import SQLKit
import MinshengStore

/// The monthly report's use cases (月度进展): submit, reopen (退回重报), keep a draft. The API,
/// the report form, the commitment page and the demo loader all call these; each validates once
/// with Core and writes through ``WriteContext/commit(_:)``.
enum ReportActions {
    /// Submits `draft` for `unit` on the commitment in `facts`: Core's ``ReportPolicy/evaluate``
    /// decides (consolidated for the lead unit, a contribution for a support unit), then the
    /// report, its target actuals and its audit entry are stored in one transaction.
    ///
    /// Throws ``ReportRefusal`` (every problem, for a form) when Core refuses.
    @discardableResult
    /// `unit` is the submitting unit by identity (a clerk's own).
    static func submit(_ draft: ReportDraft, to facts: CommitmentFacts, rules: TrackingRules, unit: UnitRef,
                       in ctx: WriteContext, isDemo: Bool = false) async throws -> ProgressReport {
        let commitmentID = facts.commitment.id.rawValue
        let planID = facts.commitment.planID.rawValue
        var existing = facts.reports.map(\.report)
        let unitID = unit.id.rawValue
        if facts.commitment.relation(of: unit.id) == .support {
            existing += try await ReportQueries.contributions(of: facts.commitment.id, unit: unit, on: ctx.db)
        }
        let report = try ReportPolicy.evaluate(draft, for: facts.commitment, rules: rules, existing: existing,
                                               unit: unit, today: ctx.today).get()
        let userID = ctx.actor.userID
        // What is already stored for the month was loaded before the transaction, so each branch
        // starts with a write: on SQLite racing writers then queue for the write lock (and the
        // loser meets the unique constraint → 409) instead of deadlocking on read locks.
        let storedConsolidated = facts.reports.first { $0.period == report.period }?.id
        let storedContribution = existing.contains { $0.kind == .contribution && $0.period == report.period }
        try await ctx.commit { tx in
            let db = tx.db
            switch report.kind {
            case .consolidated:
                if let storedID = storedConsolidated {
                    // A reopened month: claim the row by its reopened state so two revisions cannot both land.
                    try await claimReopened("progress_reports", id: storedID, on: db)
                    guard let row = try await ProgressReportRecord.find(storedID, on: db) else { throw Rejection.notFound(.report) }
                    var before = ReportAuditState(row)
                    before.state = ReportState.reopened.rawValue
                    row.apply(report, at: tx.now, by: userID)
                    try await row.save(on: db)
                    try await ReportTargetActualRecord.query(on: db).filter(\.$report.$id == row.requireID()).delete()
                    try await actuals(report, reportID: row.requireID()).create(on: db)
                    try await tx.audit(.reportRevise, .commitment, commitmentID, before: before, after: ReportAuditState(row))
                } else {
                    let row = ProgressReportRecord()
                    row.id = UUID()
                    row.isDemo = isDemo
                    row.apply(report, at: tx.now, by: userID)
                    try await row.create(on: db)
                    try await actuals(report, reportID: row.requireID()).create(on: db)
                    try await tx.audit(.reportCreate, .commitment, commitmentID, after: ReportAuditState(row))
                }
            case .contribution:
                if storedContribution, let row = try await ReportContributionRecord.query(on: db)
                    .filter(\.$commitment.$id == commitmentID).filter(\.$unit.$id == unitID)
                    .filter(\.$period == report.period.description).first() {
                    // A reopened contribution: claimed like a reopened report, so one revision lands.
                    try await claimReopened("report_contributions", id: row.requireID(), on: db)
                    var before = ReportAuditState(row, unit: unit.name)
                    before.state = ReportState.reopened.rawValue
                    row.apply(report, unitID: unitID, at: tx.now, by: userID)
                    try await row.save(on: db)
                    try await tx.audit(.contributionRevise, .commitment, commitmentID,
                                       before: before, after: ReportAuditState(row, unit: unit.name))
                } else {
                    let row = ReportContributionRecord()
                    row.apply(report, unitID: unitID, at: tx.now, by: userID)
                    try await row.create(on: db)
                    try await tx.audit(.contributionCreate, .commitment, commitmentID, after: ReportAuditState(row, unit: unit.name))
                }
            }
            // The unit's draft of this month has become the report.
            try await ReportDraftRecord.query(on: db).filter(\.$commitment.$id == commitmentID)
                .filter(\.$unit.$id == unitID).filter(\.$period == report.period.description).delete()
            tx.touch(plan: planID)
        }
        return report
    }

    /// Reopens a locked month (退回重报) through Core's rule: the lead unit's report, or with
    /// `unit` that support unit's contribution (by identity: a renamed unit is still itself).
    ///
    /// Throws ``Rejection/notFound(_:)`` (`reportMonth`, `contribution`) when there is no such
    /// month, and ``ReportRejection`` when Core refuses the return.
    static func reopen(commitmentID: CommitmentID, planID: PlanID, period: YearMonth, unit: UnitID? = nil, reason: String,
                       in ctx: WriteContext) async throws {
        let commitmentID = commitmentID.rawValue, planID = planID.rawValue
        try await ctx.commit { tx in
            let db = tx.db
            if let unit {
                guard let unitRecord = try await UnitRecord.find(unit.rawValue, on: db),
                      let row = try await ReportContributionRecord.query(on: db).filter(\.$commitment.$id == commitmentID)
                        .filter(\.$unit.$id == unit.rawValue).filter(\.$period == period.description).first() else {
                    throw Rejection.notFound(.contribution)
                }
                let name = unitRecord.name
                let before = ReportAuditState(row, unit: name)
                let reopened = try ReportPolicy.reopen(try readable(row.coreReport(unit: unitRecord.ref)), reason: reason).get()
                row.state = reopened.state.rawValue
                row.reopenReason = reopened.reopenReason
                row.reopenedAt = tx.now
                try await row.save(on: db)
                try await tx.audit(.contributionReopen, .commitment, commitmentID, before: before,
                                   after: ReportAuditState(row, unit: name))
            } else {
                guard let row = try await ProgressReportRecord.query(on: db).filter(\.$commitment.$id == commitmentID)
                    .filter(\.$period == period.description).first() else { throw Rejection.notFound(.reportMonth) }
                let before = ReportAuditState(row)
                let reopened = try ReportPolicy.reopen(try readable(row.coreReport), reason: reason).get()
                row.state = reopened.state.rawValue
                row.reopenReason = reopened.reopenReason
                row.reopenedAt = tx.now
                try await row.save(on: db)
                try await tx.audit(.reportReopen, .commitment, commitmentID, before: before, after: ReportAuditState(row))
            }
            tx.touch(plan: planID)
        }
    }

    /// Keeps a unit's unsubmitted form (草稿) for one commitment and month; each unit has its own,
    /// so a lead unit's clerk and a support unit's clerk never overwrite each other's.
    static func saveDraft(commitmentID: CommitmentID, unitID: UnitID, period: YearMonth, payload: String,
                          in ctx: WriteContext) async throws {
        let commitmentID = commitmentID.rawValue, unitID = unitID.rawValue
        let existing = try await ReportDraftRecord.query(on: ctx.db).filter(\.$commitment.$id == commitmentID)
            .filter(\.$unit.$id == unitID).filter(\.$period == period.description).first()
        let draft = existing ?? ReportDraftRecord()
        draft.$commitment.id = commitmentID
        draft.$unit.id = unitID
        draft.period = period.description
        draft.payload = payload
        draft.$savedBy.id = ctx.actor.userID
        draft.updatedAt = ctx.now
        try await draft.save(on: ctx.db)
    }

    /// A stored report whose days could not be read is damaged data, not the caller's mistake.
    private static func readable(_ report: ProgressReport?) throws -> ProgressReport {
        guard let report else { throw InternalFailure.storedDayUnreadable }
        return report
    }

    /// Sets a reopened row back to submitted; 409 if someone else did first.
    private static func claimReopened(_ table: String, id: UUID, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let rows = try await sql.update(table).set("state", to: ReportState.submitted.rawValue)
            .where("id", .equal, id).where("state", .equal, ReportState.reopened.rawValue)
            .returning("id").all()
        if rows.isEmpty { throw ReportRejection.periodLocked }
    }

    private static func actuals(_ report: ProgressReport, reportID: UUID) -> [ReportTargetActualRecord] {
        report.targetActuals.map { ReportTargetActualRecord(reportID: reportID, targetID: $0.targetID, actual: $0.actual) }
    }
}
