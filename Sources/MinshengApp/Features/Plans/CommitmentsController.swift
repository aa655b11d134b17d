import Fluent
import Foundation
import MinshengCore
import PolicyParser
import Vapor

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
        try await CommitmentWrites.update(commitmentID: id, form: form, in: req.writeContext(actor: .init(user)))
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
        let target = try await CommitmentWrites.updateTarget(targetID: id, form: form, in: req.writeContext(actor: .init(user)))
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
        try await CommitmentWrites.deleteTarget(targetID: id, version: version, in: req.writeContext(actor: .init(user)))
        return .noContent
    }
}

/// `PATCH /commitments/{id}`: every field optional except the version read.
struct CommitmentPatchForm: Content {
    var version: Int
    var number: String?
    var title: String?
    var text: String?
    var kind: String?
    var isKeyProject: Bool?
    var plannedInvestment: Double?
    var districts: [String]?
    var deadline: String?
    var isSignedOff: Bool?
    var leaders: [String]?
    var leadUnits: [String]?
    var supportUnits: [String]?
    /// The commitment's own schedule (节点化推进); an empty list returns it to the plan's.
    var schedule: [ScheduleNodeDTO]?
}

/// `PATCH /targets/{id}`.
struct TargetPatchForm: Content {
    var version: Int
    var metric: String?
    var op: String?
    var value: Double?
    var unit: String?
    var baseline: Double?
    var deadline: String?
}

/// A commitment's auditable state.
struct CommitmentAuditState: Codable {
    var number: String
    var title: String
    var text: String
    var kind: String
    var isKeyProject: Bool
    var plannedInvestment: Double?
    var districts: String
    var deadline: String?
    var isSignedOff: Bool
    var version: Int
    var leaders: [String]?
    var leadUnits: [String]?
    var supportUnits: [String]?

    init(_ c: CommitmentRecord) {
        number = c.number
        title = c.title
        text = c.text
        kind = c.kind
        isKeyProject = c.isKeyProject
        plannedInvestment = c.plannedInvestment
        districts = c.districts
        deadline = c.deadline
        isSignedOff = c.isSignedOff
        version = c.version
    }
}

/// A target's auditable state.
struct TargetAuditState: Codable {
    var metric: String
    var op: String
    var value: Double
    var unit: String
    var baseline: Double?
    var deadline: String?
    var version: Int

    init(_ t: TargetRecord) {
        metric = t.metric
        op = t.op
        value = t.value
        unit = t.unit
        baseline = t.baseline
        deadline = t.deadline
        version = t.version
    }
}

enum CommitmentWrites {
    static func update(commitmentID: UUID, form: CommitmentPatchForm, in ctx: WriteContext) async throws {
        var fields: [String: String] = [:]
        if let title = form.title, title.trimmingCharacters(in: .whitespaces).isEmpty { fields["title"] = "标题不能为空" }
        if let kind = form.kind, ItemKind(rawValue: kind) == nil { fields["kind"] = "应为 task 或 goal" }
        if let v = form.plannedInvestment, v < 0 || !v.isFinite { fields["plannedInvestment"] = "不能为负数" }
        if let d = form.deadline, !d.isEmpty, CivilDate.deadline(stated: d) == nil { fields["deadline"] = "应为 YYYY、YYYY-MM 或 YYYY-MM-DD" }
        let nodes = ScheduleNodeDTO.nodes(form.schedule, fields: &fields)
        guard fields.isEmpty else { throw APIError.invalid(fields) }
        let newNodes = nodes

        try await ctx.commit { tx in

            let db = tx.db
            // Claim the version first: the transaction's first statement is a write, so on SQLite two
            // racing editors queue for the write lock instead of deadlocking on a read lock.
            let newVersion = try await VersionLock.claim(CommitmentRecord.schema, id: commitmentID, version: form.version, on: db)
            guard let record = try await CommitmentRecord.find(commitmentID, on: db) else { throw APIError.notFound("任务") }
            let plan = try await PlanQueries.plan(record.$plan.id, on: db)
            record.version = form.version
            var before = CommitmentAuditState(record)
            if let v = form.number { record.number = v }
            if let v = form.title { record.title = v.trimmingCharacters(in: .whitespaces) }
            if let v = form.text { record.text = v }
            if let v = form.kind { record.kind = v }
            if let v = form.isKeyProject { record.isKeyProject = v }
            if let v = form.plannedInvestment { record.plannedInvestment = v }
            if let v = form.districts { record.districts = v.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "、") }
            if let v = form.deadline { record.deadline = v.isEmpty ? nil : v }
            if let v = form.isSignedOff { record.isSignedOff = v }
            record.version = newVersion
            var after = CommitmentAuditState(record)

            if let nodes = newNodes {
                try await ScheduleNodeRecord.query(on: db).filter(\.$commitment.$id == commitmentID).delete()
                if !nodes.isEmpty {
                    let start = PlanQueries.rules(for: plan, nodes: []).schedule.start
                    let rule = ScheduleRule(start: start, nodes: nodes)
                    if !rule.problems.isEmpty {
                        throw APIError.invalid(["schedule": rule.problems.map(Wording.schedule).joined(separator: ";")])
                    }
                    try await rule.nodes.map {
                        ScheduleNodeRecord(planID: plan.id!, commitmentID: commitmentID, date: $0.date.description, percent: $0.percent)
                    }.create(on: db)
                }
            }
            if let leaders = form.leaders {
                before.leaders = try await CommitmentLinks.leaders(of: commitmentID, on: db)
                try await CommitmentLinks.setLeaders(leaders, of: commitmentID, on: db)
                after.leaders = leaders
            }
            if form.leadUnits != nil || form.supportUnits != nil {
                let (lead, support) = try await CommitmentLinks.units(of: commitmentID, on: db)
                before.leadUnits = lead
                before.supportUnits = support
                after.leadUnits = form.leadUnits ?? lead
                after.supportUnits = form.supportUnits ?? support
                try await CommitmentLinks.setUnits(lead: after.leadUnits!, support: after.supportUnits!, of: commitmentID, on: db)
            }
            try await record.save(on: db)
            tx.touch(plan: plan.id!)
            try await tx.audit(.commitmentUpdate, .commitment, commitmentID, before: before, after: after)
        }
    }

    static func updateTarget(targetID: UUID, form: TargetPatchForm, in ctx: WriteContext) async throws -> TargetRecord {
        var fields: [String: String] = [:]
        if let op = form.op, TargetOp(rawValue: op) == nil { fields["op"] = "应为 >=、<=、=、~、+ 或 -" }
        if let v = form.value, !v.isFinite { fields["value"] = "应为数字" }
        if let m = form.metric, m.trimmingCharacters(in: .whitespaces).isEmpty { fields["metric"] = "指标名称不能为空" }
        guard fields.isEmpty else { throw APIError.invalid(fields) }
        let (target, planID) = try await ctx.commit { tx -> (TargetRecord, UUID) in
            let db = tx.db
            let newVersion = try await VersionLock.claim(TargetRecord.schema, id: targetID, version: form.version, on: db)
            guard let target = try await TargetRecord.find(targetID, on: db) else { throw APIError.notFound("指标") }
            guard let commitment = try await CommitmentRecord.find(target.$commitment.id, on: db) else { throw APIError.notFound("任务") }
            let plan = try await PlanQueries.plan(commitment.$plan.id, on: db)
            target.version = form.version
            let before = TargetAuditState(target)
            if let v = form.metric { target.metric = v }
            if let v = form.op { target.op = v }
            if let v = form.value { target.value = v }
            if let v = form.unit { target.unit = v }
            if let v = form.baseline { target.baseline = v }
            if let v = form.deadline { target.deadline = v.isEmpty ? nil : v }
            target.version = newVersion
            try await target.save(on: db)
            tx.touch(plan: plan.id!)
            try await tx.audit(.targetUpdate, .target, targetID, before: before, after: TargetAuditState(target))
            return (target, plan.id!)
        }
        return target
    }
}

extension CommitmentWrites {
    /// Removes a target of a draft plan, checking the version read; audited with what it was.
    static func deleteTarget(targetID: UUID, version: Int, in ctx: WriteContext) async throws {
        let planID = try await ctx.commit { tx -> UUID in
            let db = tx.db
            guard let target = try await TargetRecord.find(targetID, on: db) else { throw APIError.notFound("指标") }
            guard let commitment = try await CommitmentRecord.find(target.$commitment.id, on: db) else { throw APIError.notFound("任务") }
            let plan = try await PlanQueries.plan(commitment.$plan.id, on: db)
            guard plan.planStatus == .draft else {
                throw APIError(.conflict, "not_draft", "计划已发布，指标不能删除，只能修改")
            }
            _ = try await VersionLock.claim(TargetRecord.schema, id: targetID, version: version, on: db)
            let before = TargetAuditState(target)
            try await target.delete(on: db)
            tx.touch(plan: plan.id!)
            try await tx.audit(.targetDelete, .target, targetID, before: before)
            return plan.id!
        }
    }
}

/// Reading and replacing a commitment's leader and unit links.
enum CommitmentLinks {
    static func leaders(of id: UUID, on db: any Database) async throws -> [String] {
        try await CommitmentLeaderRecord.query(on: db).filter(\.$commitment.$id == id).with(\.$leader).sort(\.$position).all()
            .map { $0.leader.name }
    }

    static func units(of id: UUID, on db: any Database) async throws -> (lead: [String], support: [String]) {
        let links = try await CommitmentUnitRecord.query(on: db).filter(\.$commitment.$id == id).with(\.$unit).sort(\.$position).all()
        return (links.filter { $0.role == UnitRole.lead.rawValue }.map { $0.unit.name },
                links.filter { $0.role == UnitRole.support.rawValue }.map { $0.unit.name })
    }

    static func setLeaders(_ names: [String], of id: UUID, on db: any Database) async throws {
        try await CommitmentLeaderRecord.query(on: db).filter(\.$commitment.$id == id).delete()
        var directory = try await LeaderDirectory.load(on: db)
        var seen = Set<UUID>()
        for name in names where !name.trimmingCharacters(in: .whitespaces).isEmpty {
            let leaderID = try await directory.resolve(name)
            guard seen.insert(leaderID).inserted else { continue }
            try await CommitmentLeaderRecord(commitmentID: id, leaderID: leaderID, position: seen.count).create(on: db)
        }
    }

    static func setUnits(lead: [String], support: [String], of id: UUID, on db: any Database) async throws {
        try await CommitmentUnitRecord.query(on: db).filter(\.$commitment.$id == id).delete()
        var directory = try await UnitDirectory.load(on: db)
        var seen = Set<UUID>()
        for (role, names) in [(UnitRole.lead, lead), (UnitRole.support, support)] {
            for name in names where !name.trimmingCharacters(in: .whitespaces).isEmpty {
                let unitID = try await directory.resolve(name)
                guard seen.insert(unitID).inserted else { continue }
                try await CommitmentUnitRecord(commitmentID: id, unitID: unitID, role: role, position: seen.count).create(on: db)
            }
        }
    }
}
