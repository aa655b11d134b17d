import Fluent
import Foundation
import MinshengCore
import PolicyParser
import Vapor
import MinshengStore

/// `/api/v1/commitments/{id}` and `/api/v1/targets/{id}`: a commitment's page data and edits.
struct CommitmentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("commitments", ":commitmentID", use: show)
        routes.patch("commitments", ":commitmentID", use: update)
        routes.patch("targets", ":targetID", use: updateTarget)
        routes.delete("targets", ":targetID", use: deleteTarget)
    }

    @Sendable func show(req: Vapor.Request) async throws -> CommitmentDetailDTO {
        let id = try req.pathID("commitmentID", "任务")
        guard let record = try await CommitmentRecord.find(id, on: req.db) else { throw APIError.notFound("任务") }
        let facts = try await PlanQueries.facts(planID: record.$plan.id, onlyCommitment: id, on: req.db)
        guard Access.mayRead(req.auth.get(UserRecord.self), status: facts.plan.planStatus) else {
            throw APIError.notFound("任务")
        }
        guard let one = facts.commitments.first else { throw APIError.notFound("任务") }
        let (status, _) = CommitmentStatusBuilder.status(of: one, rules: facts.rules, today: req.today)
        let schedule = facts.rules.schedule(for: one.commitment)
        return CommitmentDetailDTO(
            planID: facts.plan.id!, planTitle: facts.plan.title, planStatus: facts.plan.status,
            text: record.text, lines: LineRange(from: record.lineFrom, to: record.lineTo),
            schedule: schedule.nodes.map { ScheduleNodeDTO(date: $0.date.description, percent: $0.percent) },
            scheduleIsOverride: one.commitment.scheduleNodes != nil, status: status,
            reports: one.reports.map { ReportSummaryDTO(id: $0.id, period: $0.period.description,
                                                        percent: $0.report.percent ?? 0, isLate: $0.report.isLate,
                                                        isLocked: $0.report.isLocked, revision: $0.report.revision) })
    }

    @Sendable func update(req: Vapor.Request) async throws -> CommitmentDetailDTO {
        let id = try req.pathID("commitmentID", "任务")
        guard let record = try await CommitmentRecord.find(id, on: req.db) else { throw APIError.notFound("任务") }
        let plan = try await PlanQueries.plan(record.$plan.id, on: req.db)
        let user = try Access.require(req, .editPlan, on: .plan(status: plan.planStatus))
        let form = try req.content.decode(CommitmentPatchForm.self)
        try await CommitmentEditActions.update(commitmentID: CommitmentID(id), form: form, in: req.writeContext(actor: .init(user)))
        return try await show(req: req)
    }

    /// The target named by the path and the user, who must be allowed to edit its plan.
    static func targetEditor(_ req: Vapor.Request) async throws -> (targetID: UUID, user: UserRecord) {
        let id = try req.pathID("targetID", "指标")
        guard let existing = try await TargetRecord.query(on: req.db).filter(\.$id == id).with(\.$commitment).first() else {
            throw APIError.notFound("指标")
        }
        let plan = try await PlanQueries.plan(existing.commitment.$plan.id, on: req.db)
        return (id, try Access.require(req, .editPlan, on: .plan(status: plan.planStatus)))
    }

    @Sendable func updateTarget(req: Vapor.Request) async throws -> TargetDTO {
        let (id, user) = try await Self.targetEditor(req)
        let form = try req.content.decode(TargetPatchForm.self)
        let target = try await CommitmentEditActions.updateTarget(targetID: TargetID(id), form: form, in: req.writeContext(actor: .init(user)))
        return TargetDTO(id: target.id!, metric: target.metric, op: target.op, value: target.value, unit: target.unit,
                         baseline: target.baseline, deadline: target.deadline, version: target.version,
                         actual: nil, attainment: nil)
    }
}

extension CommitmentsController {
    /// `DELETE /targets/{id}?version=N`: a figure the parser read wrongly, removed while the plan
    /// is a draft (204). Published plans keep their targets: reports refer to them.
    @Sendable func deleteTarget(req: Vapor.Request) async throws -> HTTPStatus {
        let (id, user) = try await Self.targetEditor(req)
        guard let version = req.query[Int.self, at: "version"] else { throw APIError.invalid(["version": "必填"]) }
        try await CommitmentEditActions.deleteTarget(targetID: TargetID(id), version: version, in: req.writeContext(actor: .init(user)))
        return .noContent
    }
}
