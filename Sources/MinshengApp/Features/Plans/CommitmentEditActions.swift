import Fluent
import Foundation
import MinshengCore
import PolicyParser
import MinshengStore

/// `PATCH /commitments/{id}`: every field optional except the version read.
struct CommitmentPatchForm: Codable, Sendable {
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
struct TargetPatchForm: Codable, Sendable {
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

/// Edits of a draft or published plan's commitments and targets (the import review and the API),
/// each version-checked and written through ``WriteContext/commit(_:)``; refusals are Core's
/// ``Rejection``.
enum CommitmentEditActions {
    static func update(commitmentID: CommitmentID, form: CommitmentPatchForm, in ctx: WriteContext) async throws {
        let commitmentID = commitmentID.rawValue
        var problems: [FieldProblem] = []
        if let title = form.title, title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append(.init("title", .titleBlank)) }
        if let kind = form.kind, ItemKind(rawValue: kind) == nil { problems.append(.init("kind", .notItemKind)) }
        if let v = form.plannedInvestment, v < 0 || !v.isFinite { problems.append(.init("plannedInvestment", .negative)) }
        if let d = form.deadline, !d.isEmpty, CivilDate.deadline(stated: d) == nil { problems.append(.init("deadline", .notStatedDeadline)) }
        let nodes = ScheduleNodeDTO.nodes(form.schedule, problems: &problems)
        guard problems.isEmpty else { throw Rejection.invalid(problems) }
        let newNodes = nodes

        try await ctx.commit { tx in

            let db = tx.db
            // Claim the version first: the transaction's first statement is a write, so on SQLite two
            // racing editors queue for the write lock instead of deadlocking on a read lock.
            let newVersion = try await VersionLock.claim(CommitmentRecord.schema, id: commitmentID, version: form.version, on: db)
            guard let record = try await CommitmentRecord.find(commitmentID, on: db) else { throw Rejection.notFound(.commitment) }
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
                    if !rule.problems.isEmpty { throw Rejection.invalid([.init("schedule", .schedule(rule.problems))]) }
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

    static func updateTarget(targetID: TargetID, form: TargetPatchForm, in ctx: WriteContext) async throws -> TargetRecord {
        let targetID = targetID.rawValue
        var problems: [FieldProblem] = []
        if let op = form.op, TargetOp(rawValue: op) == nil { problems.append(.init("op", .notTargetOp)) }
        if let v = form.value, !v.isFinite { problems.append(.init("value", .notNumber)) }
        if let m = form.metric, m.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(.init("metric", .metricBlank)) }
        guard problems.isEmpty else { throw Rejection.invalid(problems) }
        return try await ctx.commit { tx -> TargetRecord in
            let db = tx.db
            let newVersion = try await VersionLock.claim(TargetRecord.schema, id: targetID, version: form.version, on: db)
            guard let target = try await TargetRecord.find(targetID, on: db) else { throw Rejection.notFound(.target) }
            guard let commitment = try await CommitmentRecord.find(target.$commitment.id, on: db) else { throw Rejection.notFound(.commitment) }
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
            return target
        }
    }
}

extension CommitmentEditActions {
    /// Removes a target of a draft plan, checking the version read; audited with what it was.
    static func deleteTarget(targetID: TargetID, version: Int, in ctx: WriteContext) async throws {
        let targetID = targetID.rawValue
        try await ctx.commit { tx in
            let db = tx.db
            guard let target = try await TargetRecord.find(targetID, on: db) else { throw Rejection.notFound(.target) }
            guard let commitment = try await CommitmentRecord.find(target.$commitment.id, on: db) else { throw Rejection.notFound(.commitment) }
            let plan = try await PlanQueries.plan(commitment.$plan.id, on: db)
            guard plan.planStatus == .draft else {
                throw Rejection.conflict(.draftOnly(.deleteTarget))
            }
            _ = try await VersionLock.claim(TargetRecord.schema, id: targetID, version: version, on: db)
            let before = TargetAuditState(target)
            try await target.delete(on: db)
            tx.touch(plan: plan.id!)
            try await tx.audit(.targetDelete, .target, targetID, before: before)
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
