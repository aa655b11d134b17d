import Fluent
import Foundation
import MinshengCore
import SQLKit
import Vapor
import MinshengStore

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
        guard let record = try await CommitmentRecord.find(id, on: req.db) else { throw APIError.notFound("任务") }
        let facts = try await PlanQueries.facts(planID: record.$plan.id, onlyCommitment: id, on: req.db)
        let plan = facts.plan
        guard let one = facts.commitments.first else { throw APIError.notFound("任务") }
        let actor = Access.actor(user)
        guard Access.may(user, .submitReport, on: .commitment(one.commitment, of: facts.corePlan)), let unit = user.$unit.value??.ref else {
            guard Access.mayRead(user, status: plan.planStatus) else { throw APIError.notFound("任务") }
            throw APIError(.forbidden, "not_responsible", "只有牵头或责任单位的填报员可以报送本任务的进展")
        }
        let form = try req.content.decode(ReportForm.self)
        let draft = try form.draft()
        let report = try await ReportActions.submit(draft, to: one, rules: facts.rules, unit: unit,
                                                    in: req.writeContext(actor: .init(user)))
        let stored = try await ReportQueries.report(of: id, period: report.period, kind: report.kind, unit: unit.id, on: req.db)
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
        // `?unit=` is a support unit (its id, or its name) whose contribution is reopened; without
        // it, the lead unit's report.
        let unitText = req.query[String.self, at: "unit"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        // The reason the unit is shown: `{"reason": "…"}` in the body (or `?reason=`).
        let reason = (try? req.content.decode(ReopenBody.self))?.reason ?? req.query[String.self, at: "reason"] ?? ""
        var unit: UnitID? = nil
        if let unitText {
            if let id = UUID(uuidString: unitText) {
                unit = try await UnitRecord.find(id, on: req.db)?.ref.id
            } else {
                unit = try await UnitRecord.query(on: req.db).filter(\.$name == unitText).first()?.ref.id
            }
            guard unit != nil else { throw APIError.notFound("\(unitText)该月的报送") }
        }
        do {
            try await ReportActions.reopen(commitmentID: CommitmentID(id), planID: PlanID(plan.id!), period: period, unit: unit,
                                           reason: reason, in: req.writeContext(actor: .init(user)))
        } catch Rejection.notFound(.contribution) {
            throw APIError.notFound("\(unitText ?? "")该月的报送")
        }
        let kind = unit == nil ? ReportKind.consolidated : .contribution
        let dto = try await ReportQueries.report(of: id, period: period, kind: kind, unit: unit, on: req.db)
        return dto
    }
}

/// `POST /commitments/{id}/reports/{period}/reopen`: the reason for returning the month.
struct ReopenBody: Content {
    var reason: String?
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
    /// 回落原因: confirms a percent lower than the last month's (without it such a report is
    /// refused with `progress_lower`).
    var decreaseReason: String?

    /// The Core draft; a malformed month is the only thing checked here (Core checks the rest).
    func draft() throws -> ReportDraft {
        guard let month = YearMonth(period) else { throw APIError.invalid(["period": "月份格式应为 YYYY-MM"]) }
        return ReportDraft(period: month, percent: percent,
                           targetActuals: (targets ?? []).map { TargetActual(targetID: $0.targetId, actual: $0.actual) },
                           investment: investment, narrative: narrative ?? "", problems: problems ?? "",
                           nextSteps: nextSteps ?? "", decreaseReason: decreaseReason ?? "")
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
    /// 回落原因, when the percent fell below the previous month's.
    var decreaseReason: String?
    /// 退回理由 of the latest return (退回重报), if the month was ever returned.
    var reopenReason: String?
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
                      decreaseReason: r.decreaseReason, reopenReason: r.reopenReason, submittedAt: r.submittedAt, submittedOn: r.submittedOn, dueOn: r.dueOn,
                      isLate: r.submittedOn > r.dueOn, isLocked: r.state == ReportState.submitted.rawValue,
                      revision: r.revision)
        }
        result += contributions.map { c in
            ReportDTO(id: c.id!, commitmentID: commitmentID, kind: ReportKind.contribution.rawValue, unit: c.unit.name,
                      period: c.period, percent: c.percent, percentSource: nil, targets: [],
                      investment: c.investment, narrative: c.narrative, problems: c.problems, nextSteps: c.nextSteps,
                      reopenReason: c.reopenReason, submittedAt: c.submittedAt, submittedOn: c.submittedOn, dueOn: c.dueOn,
                      isLate: c.submittedOn > c.dueOn, isLocked: c.state == ReportState.submitted.rawValue,
                      revision: c.revision)
        }
        return result.sorted { ($0.period, $0.kind) < ($1.period, $1.kind) }
    }

    /// One stored report or contribution, as the API shows it (only that month's rows are read).
    static func report(of commitmentID: UUID, period: YearMonth, kind: ReportKind, unit: UnitID?,
                       on db: any Database) async throws -> ReportDTO {
        let month = period.description
        switch kind {
        case .consolidated:
            guard let r = try await ProgressReportRecord.query(on: db).filter(\.$commitment.$id == commitmentID)
                .filter(\.$period == month).with(\.$actuals).first() else { throw Rejection.notFound(.report) }
            return ReportDTO(id: r.id!, commitmentID: commitmentID, kind: kind.rawValue, unit: r.unitName,
                             period: r.period, percent: r.percent, percentSource: r.percentSource,
                             targets: r.actuals.map { .init(targetId: $0.$target.id, actual: $0.actual) },
                             investment: r.investment, narrative: r.narrative, problems: r.problems, nextSteps: r.nextSteps,
                             decreaseReason: r.decreaseReason, reopenReason: r.reopenReason, submittedAt: r.submittedAt, submittedOn: r.submittedOn, dueOn: r.dueOn,
                             isLate: r.submittedOn > r.dueOn, isLocked: r.state == ReportState.submitted.rawValue,
                             revision: r.revision)
        case .contribution:
            var query = ReportContributionRecord.query(on: db).filter(\.$commitment.$id == commitmentID)
                .filter(\.$period == month).with(\.$unit)
            if let unit { query = query.filter(\.$unit.$id == unit.rawValue) }
            guard let c = try await query.first() else { throw Rejection.notFound(.report) }
            return ReportDTO(id: c.id!, commitmentID: commitmentID, kind: kind.rawValue, unit: c.unit.name,
                             period: c.period, percent: c.percent, percentSource: nil, targets: [],
                             investment: c.investment, narrative: c.narrative, problems: c.problems, nextSteps: c.nextSteps,
                             reopenReason: c.reopenReason, submittedAt: c.submittedAt, submittedOn: c.submittedOn, dueOn: c.dueOn,
                             isLate: c.submittedOn > c.dueOn, isLocked: c.state == ReportState.submitted.rawValue,
                             revision: c.revision)
        }
    }

    /// A month the coordinator returned to a unit (退回重报), with the reason.
    struct Returned: Sendable {
        var commitmentID: UUID
        var period: YearMonth
        var reason: String
    }

    /// The unit's months returned and not yet submitted again: its consolidated reports (as lead
    /// unit) and its contributions (as support unit), by the unit's identity (a renamed unit keeps
    /// its months; another unit given its old name sees none). Two queries, whatever the unit's size.
    static func returned(unit: UnitID, on db: any Database) async throws -> [Returned] {
        let reopened = ReportState.reopened.rawValue
        var out = try await ProgressReportRecord.query(on: db).filter(\.$unit.$id == unit.rawValue).filter(\.$state == reopened).all()
            .compactMap { r in YearMonth(r.period).map { Returned(commitmentID: r.$commitment.id, period: $0, reason: r.reopenReason ?? "") } }
        out += try await ReportContributionRecord.query(on: db).filter(\.$unit.$id == unit.rawValue).filter(\.$state == reopened).all()
            .compactMap { c in YearMonth(c.period).map { Returned(commitmentID: c.$commitment.id, period: $0, reason: c.reopenReason ?? "") } }
        return out.sorted { ($0.period, $0.commitmentID.uuidString) < ($1.period, $1.commitmentID.uuidString) }
    }

    /// What a unit stored for a month, as the form shows it: the values (to correct a returned
    /// month, or to read a locked one), whether it is locked, and the return's reason.
    struct Stored: Sendable {
        var input: ReportFormInput
        var isLocked: Bool
        var reopenReason: String?
    }

    /// The unit's stored report (lead) or contribution (support) for the month; nil if none.
    static func stored(commitmentID: UUID, period: YearMonth, unitID: UUID, isLead: Bool, on db: any Database) async throws -> Stored? {
        func text(_ v: Double?) -> String { v.map { WebFormat.decimal($0, places: 4) } ?? "" }
        if isLead {
            guard let r = try await ProgressReportRecord.query(on: db).filter(\.$commitment.$id == commitmentID)
                .filter(\.$period == period.description).with(\.$actuals).first() else { return nil }
            var input = ReportFormInput(period: period.description,
                                        percent: r.percentSource == PercentSource.derived.rawValue ? "" : text(r.percent),
                                        investment: text(r.investment), narrative: r.narrative, problems: r.problems,
                                        nextSteps: r.nextSteps, decreaseReason: r.decreaseReason ?? "")
            for a in r.actuals { input.actuals[a.$target.id.uuidString] = text(a.actual) }
            return Stored(input: input, isLocked: r.isLocked, reopenReason: r.isLocked ? nil : r.reopenReason)
        }
        guard let c = try await ReportContributionRecord.query(on: db).filter(\.$commitment.$id == commitmentID)
            .filter(\.$unit.$id == unitID).filter(\.$period == period.description).first() else { return nil }
        let locked = c.state == ReportState.submitted.rawValue
        return Stored(input: ReportFormInput(period: period.description, percent: text(c.percent), investment: text(c.investment),
                                             narrative: c.narrative, problems: c.problems, nextSteps: c.nextSteps),
                      isLocked: locked, reopenReason: locked ? nil : c.reopenReason)
    }

    /// A unit's contributions to a commitment, as Core reports (for the lock check).
    static func contributions(of commitmentID: CommitmentID, unit: UnitRef, on db: any Database) async throws -> [ProgressReport] {
        try await ReportContributionRecord.query(on: db).filter(\.$commitment.$id == commitmentID.rawValue)
            .filter(\.$unit.$id == unit.id.rawValue).all().compactMap { $0.coreReport(unit: unit) }
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
    var decreaseReason: String?
    var reopenReason: String?
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
        decreaseReason = r.decreaseReason
        reopenReason = r.reopenReason
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
        reopenReason = c.reopenReason
        self.unit = unit
        submittedOn = c.submittedOn
        state = c.state
        revision = c.revision
    }
}
