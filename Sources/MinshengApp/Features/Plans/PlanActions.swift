import Fluent
import Foundation
import MinshengCore
import MinshengStore

/// `PATCH /plans/{id}`: every field optional except the version read.
struct PlanPatchForm: Codable, Sendable {
    var version: Int
    var title: String?
    var documentNumber: String?
    var issuer: String?
    var level: String?
    var bandYellow: Double?
    var bandRed: Double?
    var reportDueOffset: Int?
    var schedule: [ScheduleNodeDTO]?
}

/// A plan's auditable state, for before → after.
struct PlanAuditState: Codable {
    var title: String
    var documentNumber: String?
    var issuer: String?
    var level: String?
    var status: String
    var bandYellow: Double
    var bandRed: Double
    var reportDueOffset: Int
    var version: Int

    init(_ plan: PlanRecord) {
        title = plan.title
        documentNumber = plan.documentNumber
        issuer = plan.issuer
        level = plan.level
        status = plan.status
        bandYellow = plan.bandYellow
        bandRed = plan.bandRed
        reportDueOffset = plan.reportDueOffset
        version = plan.version
    }
}

/// A plan's use cases: edit (title, number, bands, due day, schedule) and publish, each written
/// through ``WriteContext/commit(_:)``. They throw Core's ``Rejection`` (App's error mapping
/// gives it a status, code and Chinese message), never a transport's error.
enum PlanActions {
    static func update(planID: PlanID, form: PlanPatchForm, in ctx: WriteContext) async throws {
        let planID = planID.rawValue
        var problems: [FieldProblem] = []
        if let title = form.title, title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append(.init("title", .titleBlank)) }
        let yellow = form.bandYellow, red = form.bandRed
        if let yellow, !(0...100).contains(yellow) { problems.append(.init("bandYellow", .outOfRange(0...100))) }
        if let red, !(0...100).contains(red) { problems.append(.init("bandRed", .outOfRange(0...100))) }
        if let offset = form.reportDueOffset, !(-27...27).contains(offset) { problems.append(.init("reportDueOffset", .outOfRange(-27...27))) }
        let nodes = ScheduleNodeDTO.nodes(form.schedule, problems: &problems)
        guard problems.isEmpty else { throw Rejection.invalid(problems) }
        let newNodes = nodes

        try await ctx.commit { tx in

            let db = tx.db
            let newVersion = try await VersionLock.claim(PlanRecord.schema, id: planID, version: form.version, on: db)
            let plan = try await PlanQueries.plan(planID, on: db)
            plan.version = form.version
            let before = PlanAuditState(plan)
            if let title = form.title { plan.title = title.trimmingCharacters(in: .whitespaces) }
            if let v = form.documentNumber { plan.documentNumber = v.isEmpty ? nil : v }
            if let v = form.issuer { plan.issuer = v.isEmpty ? nil : v }
            if let v = form.level { plan.level = v.isEmpty ? nil : v }
            if let yellow { plan.bandYellow = yellow }
            if let red { plan.bandRed = red }
            guard plan.bandRed >= plan.bandYellow else { throw Rejection.invalid([.init("bandRed", .redBelowYellow)]) }
            if let offset = form.reportDueOffset { plan.reportDueOffset = offset }
            if let nodes = newNodes {
                let start = PlanQueries.rules(for: plan, nodes: []).schedule.start
                let rule = ScheduleRule(start: start, nodes: nodes)
                if !rule.problems.isEmpty { throw Rejection.invalid([.init("schedule", .schedule(rule.problems))]) }
                try await ScheduleNodeRecord.query(on: db).filter(\.$plan.$id == planID).filter(\.$commitment.$id == nil).delete()
                try await rule.nodes.map { ScheduleNodeRecord(planID: planID, date: $0.date.description, percent: $0.percent) }.create(on: db)
            }
            plan.version = newVersion
            plan.updatedAt = ctx.now
            try await plan.save(on: db)
            tx.touch(plan: planID)
            try await tx.audit(.planUpdate, .plan, planID, before: before, after: PlanAuditState(plan))
        }
    }

    /// Publishes a draft (草稿 → 已发布): its commitments become public and tracked.
    ///
    /// `pastYearConfirmed` false: a plan whose years all lie before today's (a 2023 plan in 2026,
    /// every item red at once) is refused with `past_year` until the coordinator confirms. The
    /// API, `import --publish` and the demo pass true (their callers chose the plan knowingly).
    static func publish(planID: PlanID, pastYearConfirmed: Bool = true, in ctx: WriteContext) async throws {
        let planID = planID.rawValue
        try await ctx.commit { tx in
            let db = tx.db
            let plan = try await PlanQueries.plan(planID, on: db)
            guard plan.status == PlanStatus.draft.rawValue else {
                throw Rejection.conflict(.draftOnly(.publish))
            }
            if !pastYearConfirmed,
               let year = PublishCheck.pastYear(periodFrom: plan.periodFrom, periodTo: plan.periodTo, today: tx.today) {
                throw Rejection.conflict(.pastYear(year: year, today: tx.today))
            }
            let before = PlanAuditState(plan)
            plan.status = PlanStatus.published.rawValue
            plan.version += 1
            plan.updatedAt = ctx.now
            try await plan.save(on: db)
            tx.touch(plan: planID)
            try await tx.audit(.planPublish, .plan, planID, before: before, after: PlanAuditState(plan))
        }
    }
}



/// What a deleted draft was, for the audit entry.
struct PlanDeletionAudit: Codable {
    var title: String
    var documentNumber: String?
    var sourceName: String
    var sourceCharacters: Int
    var commitments: Int
    var targets: Int
}

extension PlanActions {
    /// Deletes a draft plan and everything imported with it (sections, commitments, targets, links,
    /// schedule nodes). A published or archived plan is refused: its months are on record.
    /// Audited with what the draft was (title, source, counts); the source text itself is not kept.
    static func deleteDraft(planID: PlanID, in ctx: WriteContext) async throws -> String {
        let planID = planID.rawValue
        return try await ctx.commit { tx in
            let db = tx.db
            let plan = try await PlanQueries.plan(planID, on: db)
            guard plan.planStatus == .draft else {
                throw Rejection.conflict(.draftOnly(.deletePlan))
            }
            let ids = try await CommitmentRecord.query(on: db).filter(\.$plan.$id == planID).all(\.$id)
            let targets = ids.isEmpty ? 0 : try await TargetRecord.query(on: db).filter(\.$commitment.$id ~~ ids).count()
            let audit = PlanDeletionAudit(title: plan.title, documentNumber: plan.documentNumber, sourceName: plan.sourceName,
                                          sourceCharacters: plan.sourceText.count, commitments: ids.count, targets: targets)
            // Children first, explicitly: SQLite enforces ON DELETE CASCADE only with foreign keys on.
            for chunk in ids.chunked(500) {
                try await TargetRecord.query(on: db).filter(\.$commitment.$id ~~ chunk).delete()
                try await CommitmentLeaderRecord.query(on: db).filter(\.$commitment.$id ~~ chunk).delete()
                try await CommitmentUnitRecord.query(on: db).filter(\.$commitment.$id ~~ chunk).delete()
            }
            try await ScheduleNodeRecord.query(on: db).filter(\.$plan.$id == planID).delete()
            try await CommitmentRecord.query(on: db).filter(\.$plan.$id == planID).delete()
            try await SectionRecord.query(on: db).filter(\.$plan.$id == planID).delete()
            try await plan.delete(on: db)
            tx.touch(plan: planID)
            try await tx.audit(.planDelete, .plan, planID, before: audit)
            return audit.title
        }
    }
}
