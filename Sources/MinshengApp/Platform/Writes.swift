import Fluent
import Foundation
import MinshengCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Something that keeps state derived from a plan and must forget it when the plan changes (the
/// plan read model). Registered once on the application; ``WriteContext`` tells it after commit.
protocol PlanCache: Sendable {
    func invalidate(_ planID: UUID)
    func invalidateAll()
    /// Told after every committed write, whatever it touched (views that also show notices).
    func didWrite()
}

extension PlanCache {
    func didWrite() {}
}

/// What every write names in the audit trail: `report.create`, `notice.issue` … One list, so a
/// reader of the audit table finds each action's writer by searching for the case.
enum AuditAction: String, Sendable, CaseIterable {
    case planImport = "plan.import", planUpdate = "plan.update", planPublish = "plan.publish"
    case commitmentUpdate = "commitment.update", targetUpdate = "target.update", targetDelete = "target.delete"
    case reportCreate = "report.create", reportRevise = "report.revise", reportReopen = "report.reopen"
    case contributionCreate = "contribution.create", contributionRevise = "contribution.revise"
    case contributionReopen = "contribution.reopen"
    case noticeIssue = "notice.issue", noticeReply = "notice.reply", noticeSignOff = "notice.signOff"
    case noticeGiveBack = "notice.giveBack"
    case noteInstruction = "commitment.instruction", noteComment = "commitment.comment"
    case attachmentAdd = "commitment.attach", attachmentDelete = "commitment.detach"
    case unitMerge = "unit.merge", userCreate = "user.create", tokenCreate = "token.create", tokenRevoke = "token.revoke"
    case demoHistory = "demo.history"
    case requestCreate = "request.create", requestStep = "request.step", requestExtension = "request.extension"
    case requestUnreasonable = "request.unreasonable", requestImport = "request.import", requestLink = "request.link"
    case requestViewIdentity = "request.viewIdentity", requestLadder = "request.ladder"
    case requestSettings = "request.settings", requestCategory = "request.category", requestRoutingRule = "request.routingRule"
    case candidateCreate = "candidate.create", calendarAdd = "calendar.add", requestPhoto = "request.photo"
}

/// The kind of thing an audit entry is about (`subject_type`).
enum AuditSubject: String, Sendable {
    case plan, commitment, target, unit, user, token, attachment
    case notice = "supervision_notice"
    case request = "citizen_request"
    case requestSetting = "request_setting", requestCategory = "request_category", routingRule = "routing_rule"
    case candidate = "candidate_project", calendarYear = "calendar_year"
}

/// Who writes, when, and where: handed to every action. Its ``commit(_:)`` is the one write
/// sequence of the App: transaction → the body's writes and audit entries → the revision of every
/// plan the body touched → after commit, the plan caches forget those plans. Nobody writes that
/// sequence by hand.
struct WriteContext: Sendable {
    var db: any Database
    var now: Date
    var today: CivilDate
    var actor: AuditLog.Actor
    var caches: [any PlanCache]
    /// The working-day calendar (limits of citizens' requests).
    var workCalendar: WorkCalendarStore

    init(db: any Database, now: Date, today: CivilDate, actor: AuditLog.Actor, caches: [any PlanCache],
         workCalendar: WorkCalendarStore) {
        self.db = db
        self.now = now
        self.today = today
        self.actor = actor
        self.caches = caches
        self.workCalendar = workCalendar
    }

    /// Runs `body` in one transaction. Plans the body ``WriteTransaction/touch(plan:)``es get their
    /// revision moved inside the same transaction (so every instance sees the change with the
    /// data) and are forgotten by the caches once it has committed.
    func commit<T: Sendable>(_ body: @escaping @Sendable (WriteTransaction) async throws -> T) async throws -> T {
        let tx = WriteTransaction(context: self)
        let value = try await db.transaction { db in
            tx.db = db
            let value = try await body(tx)
            try await tx.bumpRevisions()
            return value
        }
        tx.invalidateCaches()
        return value
    }
}

/// One open write: its database handle, and what it recorded.
final class WriteTransaction: @unchecked Sendable {
    let context: WriteContext
    /// Set by ``WriteContext/commit(_:)`` to the transaction's connection before the body runs.
    fileprivate(set) var db: any Database
    private let touched = NIOLockedValueBox<(plans: Set<UUID>, all: Bool)>(([], false))

    fileprivate init(context: WriteContext) {
        self.context = context
        self.db = context.db
    }

    var now: Date { context.now }
    var today: CivilDate { context.today }

    /// Records one audit entry, in this transaction.
    func audit(_ action: AuditAction, _ subject: AuditSubject, _ subjectID: UUID?,
               before: (any Encodable)? = nil, after: (any Encodable)? = nil) async throws {
        try await AuditLog.record(on: db, at: now, actor: context.actor, action: action.rawValue,
                                  subjectType: subject.rawValue, subjectID: subjectID, before: before, after: after)
    }

    /// Marks a plan as changed: what its listing, pages or roll-ups show is different now.
    func touch(plan planID: UUID) {
        touched.withLockedValue { _ = $0.plans.insert(planID) }
    }

    /// Marks every plan as changed (a unit merge renames units everywhere).
    func touchAllPlans() {
        touched.withLockedValue { $0.all = true }
    }

    fileprivate func bumpRevisions() async throws {
        let (plans, all) = touched.withLockedValue { $0 }
        guard all || !plans.isEmpty, let sql = db as? any SQLDatabase else { return }
        let bump = sql.update("plans")
            .set("revision", to: SQLBinaryExpression(SQLColumn("revision"), .add, SQLLiteral.numeric("1")))
        if !all { bump.where("id", .in, Array(plans)) }
        try await bump.run()
    }

    fileprivate func invalidateCaches() {
        let (plans, all) = touched.withLockedValue { $0 }
        for cache in context.caches {
            cache.didWrite()
            if all { cache.invalidateAll() } else { plans.forEach(cache.invalidate) }
        }
    }
}

extension Application {
    private struct PlanCachesKey: StorageKey { typealias Value = [any PlanCache] }

    /// The plan caches writes must tell (set in `configure`).
    var planCaches: [any PlanCache] {
        get { storage[PlanCachesKey.self] ?? [] }
        set { storage[PlanCachesKey.self] = newValue }
    }

    /// A write context for commands and loaders: the system as actor.
    func writeContext(actor: AuditLog.Actor = .system) -> WriteContext {
        WriteContext(db: db, now: clock.now(), today: clock.today, actor: actor, caches: planCaches, workCalendar: workCalendar)
    }
}

extension Request {
    /// A write context for this request, by `actor` (the signed-in user, usually).
    func writeContext(actor: AuditLog.Actor) -> WriteContext {
        WriteContext(db: db, now: clock.now(), today: today, actor: actor, caches: application.planCaches,
                     workCalendar: application.workCalendar)
    }
}
