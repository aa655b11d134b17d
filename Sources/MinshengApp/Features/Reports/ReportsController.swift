import Fluent
import Foundation
import MinshengCore
import SQLKit
import Vapor

/// `/api/v1/commitments/{id}/reports`: monthly progress reports.
///
/// A clerk of the lead unit submits the consolidated report; a clerk of a support unit's
/// submission is stored as that unit's contribution (Core's `ReportPolicy` decides which, and
/// whether it is accepted). A coordinator reopens a locked month.
struct ReportsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let reports = routes.grouped("commitments", ":commitmentID", "reports")
        reports.get(use: list)
        reports.post(use: create)
        reports.post(":period", "reopen", use: reopen)
    }

    @Sendable func list(req: Vapor.Request) async throws -> [ReportDTO] {
        let id = try req.pathID("commitmentID", "任务")
        let (_, plan) = try await ReportQueries.commitmentAndPlan(id, on: req.db)
        guard Access.mayRead(req.auth.get(UserRecord.self), status: plan.planStatus) else { throw APIError.notFound("任务") }
        return try await ReportQueries.reports(of: id, on: req.db)
    }

    @Sendable func create(req: Vapor.Request) async throws -> Response {
        let user = try req.requireUser()
        let id = try req.pathID("commitmentID", "任务")
        let (record, plan) = try await ReportQueries.commitmentAndPlan(id, on: req.db)
        let facts = try await PlanQueries.facts(planID: plan.id!, onlyCommitment: id, on: req.db)
        guard let one = facts.commitments.first else { throw APIError.notFound("任务") }
        let actor = Access.actor(user)
        guard Access.may(user, .submitReport, on: .commitment(one.commitment, of: facts.corePlan)), let unit = actor.unit else {
            guard Access.mayRead(user, status: plan.planStatus) else { throw APIError.notFound("任务") }
            throw APIError(.forbidden, "not_responsible", "只有牵头或责任单位的填报员可以报送本任务的进展")
        }
        let form = try req.content.decode(ReportForm.self)
        let draft = try form.draft()
        let stored = try await ReportWrites.submit(
            draft, commitment: one, rules: facts.rules, unit: unit, record: record, user: user, on: req.db,
            now: req.clock.now(), today: req.today, cache: req.application.planReadCache)
        let response = Response(status: .created)
        try response.content.encode(stored)
        return response
    }

    @Sendable func reopen(req: Vapor.Request) async throws -> ReportDTO {
        let id = try req.pathID("commitmentID", "任务")
        guard let periodText = req.parameters.get("period"), let period = YearMonth(periodText) else {
            throw APIError.invalid(["period": "月份格式应为 YYYY-MM"])
        }
        let (_, plan) = try await ReportQueries.commitmentAndPlan(id, on: req.db)
        let user = try Access.require(req, .reopenReport, on: .plan(status: plan.planStatus))
        // `?unit=` names a support unit whose contribution is reopened; without it, the lead unit's report.
        let unit = req.query[String.self, at: "unit"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        try await ReportWrites.reopen(commitmentID: id, period: period, unit: unit, planID: plan.id!, user: user,
                                      on: req.db, now: req.clock.now(), cache: req.application.planReadCache)
        let kind = unit == nil ? ReportKind.consolidated : .contribution
        guard let dto = try await ReportQueries.reports(of: id, on: req.db).first(where: {
            $0.period == period.description && $0.kind == kind.rawValue && (unit == nil || $0.unit == unit)
        }) else {
            throw APIError.notFound("月度进展")
        }
        return dto
    }
}

/// `POST /commitments/{id}/reports`.
struct ReportForm: Content {
    struct TargetActualForm: Content {
        var targetId: UUID
        var actual: Double
    }
    var period: String
    var percent: Double?
    var targets: [TargetActualForm]?
    var investment: Double?
    var narrative: String?
    var problems: String?
    var nextSteps: String?

    /// The Core draft; a malformed month is the only thing checked here (Core checks the rest).
    func draft() throws -> ReportDraft {
        guard let month = YearMonth(period) else { throw APIError.invalid(["period": "月份格式应为 YYYY-MM"]) }
        return ReportDraft(period: month, percent: percent,
                           targetActuals: (targets ?? []).map { TargetActual(targetID: $0.targetId, actual: $0.actual) },
                           investment: investment, narrative: narrative ?? "", problems: problems ?? "",
                           nextSteps: nextSteps ?? "")
    }
}

/// A stored report or contribution.
struct ReportDTO: Content {
    struct ActualDTO: Content {
        var targetId: UUID
        var actual: Double
    }
    var id: UUID
    var commitmentID: UUID
    /// `consolidated` (lead unit) or `contribution` (support unit).
    var kind: String
    var unit: String
    var period: String
    var percent: Double?
    var percentSource: String?
    var targets: [ActualDTO]
    var investment: Double?
    var narrative: String
    var problems: String
    var nextSteps: String
    var submittedAt: Date
    var submittedOn: String
    var dueOn: String
    var isLate: Bool
    var isLocked: Bool
    var revision: Int
}

enum ReportQueries {
    static func commitmentAndPlan(_ id: UUID, on db: any Database) async throws -> (CommitmentRecord, PlanRecord) {
        guard let record = try await CommitmentRecord.find(id, on: db) else { throw APIError.notFound("任务") }
        return (record, try await PlanQueries.plan(record.$plan.id, on: db))
    }

    /// Consolidated reports then contributions, by month.
    static func reports(of commitmentID: UUID, on db: any Database) async throws -> [ReportDTO] {
        let reports = try await ProgressReportRecord.query(on: db).filter(\.$commitment.$id == commitmentID)
            .with(\.$actuals).sort(\.$period).all()
        let contributions = try await ReportContributionRecord.query(on: db).filter(\.$commitment.$id == commitmentID)
            .with(\.$unit).sort(\.$period).all()
        var result = reports.map { r in
            ReportDTO(id: r.id!, commitmentID: commitmentID, kind: ReportKind.consolidated.rawValue, unit: r.unitName,
                      period: r.period, percent: r.percent, percentSource: r.percentSource,
                      targets: r.actuals.map { .init(targetId: $0.$target.id, actual: $0.actual) },
                      investment: r.investment, narrative: r.narrative, problems: r.problems, nextSteps: r.nextSteps,
                      submittedAt: r.submittedAt, submittedOn: r.submittedOn, dueOn: r.dueOn,
                      isLate: r.submittedOn > r.dueOn, isLocked: r.state == ReportState.submitted.rawValue,
                      revision: r.revision)
        }
        result += contributions.map { c in
            ReportDTO(id: c.id!, commitmentID: commitmentID, kind: ReportKind.contribution.rawValue, unit: c.unit.name,
                      period: c.period, percent: c.percent, percentSource: nil, targets: [],
                      investment: c.investment, narrative: c.narrative, problems: c.problems, nextSteps: c.nextSteps,
                      submittedAt: c.submittedAt, submittedOn: c.submittedOn, dueOn: c.dueOn,
                      isLate: c.submittedOn > c.dueOn, isLocked: c.state == ReportState.submitted.rawValue,
                      revision: c.revision)
        }
        return result.sorted { ($0.period, $0.kind) < ($1.period, $1.kind) }
    }

    /// A unit's contributions to a commitment, as Core reports (for the lock check).
    static func contributions(of commitmentID: UUID, unitID: UUID, unit: String, on db: any Database) async throws -> [ProgressReport] {
        try await ReportContributionRecord.query(on: db).filter(\.$commitment.$id == commitmentID)
            .filter(\.$unit.$id == unitID).all().compactMap { $0.coreReport(unit: unit) }
    }
}

enum ReportWrites {
    /// Runs Core's acceptance and stores the outcome with its audit entry, in one transaction.
    static func submit(_ draft: ReportDraft, commitment facts: CommitmentFacts, rules: TrackingRules, unit: String,
                       record: CommitmentRecord, user: UserRecord?, on db: any Database, now: Date, today: CivilDate,
                       cache: PlanReadCache?, isDemo: Bool = false) async throws -> ReportDTO {
        let commitmentID = facts.commitment.id
        var existing = facts.reports.map(\.report)
        let unitID = try await UnitRecord.query(on: db).filter(\.$name == unit).first()?.requireID()
        if let unitID, facts.commitment.relation(of: unit) == .support {
            existing += try await ReportQueries.contributions(of: commitmentID, unitID: unitID, unit: unit, on: db)
        }
        let problems = ReportPolicy.problems(draft, for: facts.commitment, rules: rules, existing: existing, unit: unit, today: today)
        if let first = problems.first {
            if first.field == nil || first.isConflict { throw first }
            throw APIError.invalid(ErrorMapping.fields(for: problems))
        }
        let report: ProgressReport
        switch ReportPolicy.accept(draft, for: facts.commitment, rules: rules, existing: existing, unit: unit, today: today) {
        case .success(let accepted): report = accepted
        case .failure(let rejection): throw rejection
        }
        let userID = user?.id
        let actor: AuditLog.Actor = user.map(AuditLog.Actor.init) ?? .system
        // What is already stored for the month was loaded before the transaction, so each branch
        // starts with a write: on SQLite racing writers then queue for the write lock (and the
        // loser meets the unique constraint → 409) instead of deadlocking on read locks.
        let storedConsolidated = facts.reports.first { $0.period == report.period }?.id
        let storedContribution = existing.contains { $0.kind == .contribution && $0.period == report.period }
        try await db.transaction { db in
            switch report.kind {
            case .consolidated:
                if let storedID = storedConsolidated {
                    // A reopened month: claim the row by its reopened state so two revisions cannot both land.
                    try await claimReopened("progress_reports", id: storedID, on: db)
                    guard let row = try await ProgressReportRecord.find(storedID, on: db) else { throw APIError.notFound("月度进展") }
                    var before = ReportAuditState(row)
                    before.state = ReportState.reopened.rawValue
                    row.apply(report, at: now, by: userID)
                    try await row.save(on: db)
                    try await ReportTargetActualRecord.query(on: db).filter(\.$report.$id == row.requireID()).delete()
                    try await actuals(report, reportID: row.requireID()).create(on: db)
                    try await AuditLog.record(on: db, at: now, actor: actor, action: "report.revise", subjectType: "commitment",
                                              subjectID: commitmentID, before: before, after: ReportAuditState(row))
                } else {
                    let row = ProgressReportRecord()
                    row.id = UUID()
                    row.isDemo = isDemo
                    row.apply(report, at: now, by: userID)
                    try await row.create(on: db)
                    try await actuals(report, reportID: row.requireID()).create(on: db)
                    try await AuditLog.record(on: db, at: now, actor: actor, action: "report.create", subjectType: "commitment",
                                              subjectID: commitmentID, after: ReportAuditState(row))
                }
            case .contribution:
                guard let unitID else { throw ReportRejection.notResponsible }
                if storedContribution, let row = try await ReportContributionRecord.query(on: db)
                    .filter(\.$commitment.$id == commitmentID).filter(\.$unit.$id == unitID)
                    .filter(\.$period == report.period.description).first() {
                    // A reopened contribution: claimed like a reopened report, so one revision lands.
                    try await claimReopened("report_contributions", id: row.requireID(), on: db)
                    var before = ReportAuditState(row, unit: unit)
                    before.state = ReportState.reopened.rawValue
                    row.apply(report, unitID: unitID, at: now, by: userID)
                    try await row.save(on: db)
                    try await AuditLog.record(on: db, at: now, actor: actor, action: "contribution.revise", subjectType: "commitment",
                                              subjectID: commitmentID, before: before, after: ReportAuditState(row, unit: unit))
                } else {
                    let row = ReportContributionRecord()
                    row.apply(report, unitID: unitID, at: now, by: userID)
                    try await row.create(on: db)
                    try await AuditLog.record(on: db, at: now, actor: actor, action: "contribution.create", subjectType: "commitment",
                                              subjectID: commitmentID, after: ReportAuditState(row, unit: unit))
                }
            }
            try await PlanRevision.bump(record.$plan.id, on: db, cache: cache)
        }
        cache?.invalidate(record.$plan.id)
        let stored = try await ReportQueries.reports(of: commitmentID, on: db)
        guard let dto = stored.first(where: { $0.period == report.period.description && $0.kind == report.kind.rawValue
            && $0.unit == unit }) else { throw APIError.notFound("月度进展") }
        return dto
    }

    /// A stored report whose days could not be read is damaged data, not the caller's mistake.
    private static func readable(_ report: ProgressReport?) throws -> ProgressReport {
        guard let report else { throw APIError(.internalServerError, "internal", "已存报送的日期无法读取") }
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

    /// Reopens a locked month (退回重报) through Core's rule, with an audit entry: the lead unit's
    /// report, or with `unit` that support unit's contribution.
    static func reopen(commitmentID: UUID, period: YearMonth, unit: String? = nil, planID: UUID, user: UserRecord,
                       on db: any Database, now: Date, cache: PlanReadCache?) async throws {
        try await db.transaction { db in
            if let unit {
                try await reopenContribution(commitmentID: commitmentID, period: period, unit: unit, user: user, on: db, now: now)
            } else {
                guard let row = try await ProgressReportRecord.query(on: db).filter(\.$commitment.$id == commitmentID)
                    .filter(\.$period == period.description).first() else { throw APIError.notFound("该月进展") }
                let before = ReportAuditState(row)
                row.state = try ReportPolicy.reopen(try readable(row.coreReport)).get().state.rawValue
                try await row.save(on: db)
                try await AuditLog.record(on: db, at: now, actor: .init(user), action: "report.reopen", subjectType: "commitment",
                                          subjectID: commitmentID, before: before, after: ReportAuditState(row))
            }
            try await PlanRevision.bump(planID, on: db, cache: cache)
        }
        cache?.invalidate(planID)
    }

    private static func reopenContribution(commitmentID: UUID, period: YearMonth, unit: String, user: UserRecord,
                                           on db: any Database, now: Date) async throws {
        guard let unitID = try await UnitRecord.query(on: db).filter(\.$name == unit).first()?.requireID(),
              let row = try await ReportContributionRecord.query(on: db).filter(\.$commitment.$id == commitmentID)
                .filter(\.$unit.$id == unitID).filter(\.$period == period.description).first() else {
            throw APIError.notFound("\(unit)该月的报送")
        }
        let before = ReportAuditState(row, unit: unit)
        row.state = try ReportPolicy.reopen(try readable(row.coreReport(unit: unit))).get().state.rawValue
        try await row.save(on: db)
        try await AuditLog.record(on: db, at: now, actor: .init(user), action: "contribution.reopen", subjectType: "commitment",
                                  subjectID: commitmentID, before: before, after: ReportAuditState(row, unit: unit))
    }
}

/// A report's or a support unit's contribution's auditable state.
struct ReportAuditState: Codable {
    var period: String
    var percent: Double?
    var percentSource: String?
    var investment: Double?
    var narrative: String
    var problems: String
    var nextSteps: String
    var unit: String
    var submittedOn: String
    var state: String
    var revision: Int

    init(_ r: ProgressReportRecord) {
        period = r.period
        percent = r.percent
        percentSource = r.percentSource
        investment = r.investment
        narrative = r.narrative
        problems = r.problems
        nextSteps = r.nextSteps
        unit = r.unitName
        submittedOn = r.submittedOn
        state = r.state
        revision = r.revision
    }

    init(_ c: ReportContributionRecord, unit: String) {
        period = c.period
        percent = c.percent
        investment = c.investment
        narrative = c.narrative
        problems = c.problems
        nextSteps = c.nextSteps
        self.unit = unit
        submittedOn = c.submittedOn
        state = c.state
        revision = c.revision
    }
}
