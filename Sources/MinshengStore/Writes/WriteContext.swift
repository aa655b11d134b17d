import FluentKit
import Foundation
import MinshengCore
import NIOConcurrencyHelpers
import FluentSQL
import SQLKit

/// Something that keeps state derived from a plan and must forget it when the plan changes (the
/// plan read model). Registered once on the application; ``WriteContext`` tells it after commit.
package protocol PlanCache: Sendable {
    func invalidate(_ planID: UUID)
    func invalidateAll()
    /// Told after every committed write, whatever it touched (views that also show notices).
    func didWrite()
}

extension PlanCache {
    package func didWrite() {}
}

/// What every write names in the audit trail: `report.create`, `notice.issue` … One list, so a
/// reader of the audit table finds each action's writer by searching for the case.
package enum AuditAction: String, Sendable, CaseIterable {
    case planImport = "plan.import", planUpdate = "plan.update", planPublish = "plan.publish", planDelete = "plan.delete"
    case commitmentUpdate = "commitment.update", targetUpdate = "target.update", targetDelete = "target.delete"
    case commitmentCreate = "commitment.create", commitmentDelete = "commitment.delete", commitmentMerge = "commitment.merge"
    case reportCreate = "report.create", reportRevise = "report.revise", reportReopen = "report.reopen"
    case contributionCreate = "contribution.create", contributionRevise = "contribution.revise"
    case contributionReopen = "contribution.reopen"
    case noticeIssue = "notice.issue", noticeReply = "notice.reply", noticeSignOff = "notice.signOff"
    case noticeGiveBack = "notice.giveBack", noticeBulkIssue = "notice.bulkIssue"
    case bulletinIssue = "bulletin.issue"
    case noteInstruction = "commitment.instruction", noteComment = "commitment.comment"
    case attachmentAdd = "commitment.attach", attachmentDelete = "commitment.detach"
    case attachmentPublish = "commitment.publishPhoto", attachmentUnpublish = "commitment.unpublishPhoto"
    case unitMerge = "unit.merge", unitAlias = "unit.alias", userCreate = "user.create", tokenCreate = "token.create", tokenRevoke = "token.revoke"
    case demoHistory = "demo.history"
    case requestCreate = "request.create", requestStep = "request.step", requestExtension = "request.extension"
    case requestUnreasonable = "request.unreasonable", requestImport = "request.import", requestLink = "request.link"
    case requestViewIdentity = "request.viewIdentity", requestLadder = "request.ladder"
    case requestSettings = "request.settings", requestCategory = "request.category", requestRoutingRule = "request.routingRule"
    case candidateCreate = "candidate.create", calendarAdd = "calendar.add", requestPhoto = "request.photo"
    case apiClientCreate = "apiClient.create", apiClientRevoke = "apiClient.revoke"
    case notificationsRead = "notification.read"
    case signIn = "auth.signIn", signInFailure = "auth.failure", signInLockout = "auth.lockout", signOut = "auth.signOut"
    case passwordChange = "user.passwordChange"
    case userUpdate = "user.update", userDisable = "user.disable", userEnable = "user.enable", passwordReset = "user.passwordReset"
    case totpBegin = "user.totpBegin", totpEnable = "user.totpEnable", totpDisable = "user.totpDisable"
    case recoveryCodeUse = "auth.recoveryCode", sessionEnd = "auth.sessionEnd", signOutEverywhere = "auth.signOutEverywhere"
    case auditExport = "audit.export"
    case dataKeyReseal = "dataKey.reseal"
}

/// The kind of thing an audit entry is about (`subject_type`).
package enum AuditSubject: String, Sendable {
    case plan, commitment, target, unit, user, token, attachment
    case notice = "supervision_notice"
    case request = "citizen_request"
    case requestSetting = "request_setting", requestCategory = "request_category", routingRule = "routing_rule"
    case candidate = "candidate_project", calendarYear = "calendar_year"
    case apiClient = "api_client"
    case bulletin = "bulletin_issue"
    case auditTrail = "audit_trail"
    case dataKey = "data_key"
}

/// Who writes, when, and where: handed to every action. Its ``commit(_:)`` is the one write
/// sequence of the App: transaction → the body's writes and audit entries → the revision of every
/// plan the body touched → after commit, the plan caches forget those plans. Nobody writes that
/// sequence by hand.
package struct WriteContext: Sendable {
    /// The city's time zone: its days are the audit chain's days and the reports' months.
    package static let cityTimeZone = TimeZone(identifier: "Asia/Shanghai")!

    package var db: any Database
    package var now: Date
    package var today: CivilDate
    package var actor: AuditLog.Actor
    package var caches: [any PlanCache]
    /// The working-day calendar (limits of citizens' requests).
    package var workCalendar: WorkCalendarStore
    /// On SQLite, one write at a time in this process (see ``commit(_:)``); nil on PostgreSQL.
    package var serialWrites: AsyncMutex?
    /// Signs the audit chain's day heads (``AuditLog/record(_:on:key:)``).
    package var auditKey: AuditKey
    /// Seals personal fields before they are stored (``DataKeyring``).
    package var dataKeys: DataKeyring

    package init(db: any Database, now: Date, today: CivilDate, actor: AuditLog.Actor, caches: [any PlanCache],
         workCalendar: WorkCalendarStore, serialWrites: AsyncMutex? = nil, auditKey: AuditKey, dataKeys: DataKeyring) {
        self.auditKey = auditKey
        self.dataKeys = dataKeys
        self.db = db
        self.now = now
        self.today = today
        self.actor = actor
        self.caches = caches
        self.workCalendar = workCalendar
        self.serialWrites = serialWrites
    }

    /// Runs `body` in one transaction. Plans the body ``WriteTransaction/touch(plan:)``es get their
    /// revision moved inside the same transaction (so every instance sees the change with the
    /// data) and are forgotten by the caches once it has committed. The audit entries the body
    /// recorded are appended to the audit chain last, just before commit (see ``AuditLog``).
    ///
    /// On SQLite the transaction is `BEGIN IMMEDIATE` and this process's writes take turns: SQLite
    /// has one writer, and a deferred transaction that reads before it writes fails with "database
    /// is locked" (`SQLITE_BUSY_SNAPSHOT`) when another connection committed in between.
    package func commit<T: Sendable>(_ body: @escaping @Sendable (WriteTransaction) async throws -> T) async throws -> T {
        let tx = WriteTransaction(context: self)
        let value: T
        if let serialWrites {
            await serialWrites.lock()
            defer { serialWrites.unlock() }
            value = try await db.withConnection { conn in
                guard let sql = conn as? any SQLDatabase else { throw SQLDatabaseRequired() }
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    tx.db = conn
                    let value = try await body(tx)
                    try await tx.bumpRevisions()
                    try await tx.appendAudit()
                    try await sql.raw("COMMIT").run()
                    return value
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
        } else {
            value = try await db.transaction { db in
                tx.db = db
                let value = try await body(tx)
                try await tx.bumpRevisions()
                try await tx.appendAudit()
                return value
            }
        }
        tx.invalidateCaches()
        return value
    }
}

/// One open write: its database handle, and what it recorded.
package final class WriteTransaction: @unchecked Sendable {
    package let context: WriteContext
    /// Set by ``WriteContext/commit(_:)`` to the transaction's connection before the body runs.
    package fileprivate(set) var db: any Database
    private let touched = NIOLockedValueBox<(plans: Set<UUID>, all: Bool)>(([], false))
    private let touchedUnits = NIOLockedValueBox<(units: Set<UUID>, all: Bool)>(([], false))
    private let auditEntries = NIOLockedValueBox<[AuditLog.Entry]>([])

    fileprivate init(context: WriteContext) {
        self.context = context
        self.db = context.db
    }

    package var now: Date { context.now }
    package var today: CivilDate { context.today }

    /// Records one audit entry, in this transaction: it is appended to the audit chain when the
    /// body has finished, before commit, and only if the transaction commits.
    /// A write that carries several callers' changes (grouped intake) names each one's `actor`
    /// and time; every other write is by the context's actor, now.
    package func audit(_ action: AuditAction, _ subject: AuditSubject, _ subjectID: UUID?,
               before: (any Encodable)? = nil, after: (any Encodable)? = nil,
               by actor: AuditLog.Actor? = nil, at time: Date? = nil) async throws {
        let entry = try AuditLog.Entry(at: time ?? now, actor: actor ?? context.actor, action: action.rawValue,
                                       subjectType: subject.rawValue, subjectID: subjectID, before: before, after: after)
        auditEntries.withLockedValue { $0.append(entry) }
    }

    fileprivate func appendAudit() async throws {
        let entries = auditEntries.withLockedValue { $0 }
        try await AuditLog.record(entries, on: db, key: context.auditKey)
    }

    /// Marks a plan as changed: what its listing, pages or roll-ups show is different now.
    package func touch(plan planID: UUID) {
        touched.withLockedValue { _ = $0.plans.insert(planID) }
    }

    /// Marks every plan as changed (a unit merge renames units everywhere).
    package func touchAllPlans() {
        touched.withLockedValue { $0.all = true }
        touchedUnits.withLockedValue { $0.all = true }
    }

    /// Marks every unit's requests as changed (limits or the calendar changed: every list's colours).
    package func touchAllRequestUnits() {
        touchedUnits.withLockedValue { $0.all = true }
    }

    /// Marks the requests a unit leads as changed (its kept request lists are stale).
    package func touch(requestsOf unitID: UUID?) {
        guard let unitID else { return }
        touchedUnits.withLockedValue { _ = $0.units.insert(unitID) }
    }

    fileprivate func bumpRevisions() async throws {
        let (units, allUnits) = touchedUnits.withLockedValue { $0 }
        if let sql = db as? any SQLDatabase {
            if allUnits {
                try await sql.raw("UPDATE request_unit_revisions SET revision = revision + 1").run()
            }
            for unit in units.sorted(by: { $0.uuidString < $1.uuidString }) {
                try await sql.raw("""
                    INSERT INTO request_unit_revisions (unit_id, revision) VALUES (\(bind: unit), 1)
                    ON CONFLICT (unit_id) DO UPDATE SET revision = request_unit_revisions.revision + 1
                    """).run()
            }
        }
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

/// A lock for async code: `lock()` suspends (never blocks a thread) until it is this caller's
/// turn; turns are first come, first served.
package final class AsyncMutex: Sendable {
    private let state = NIOLockedValueBox<(locked: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    package init() {}

    package func lock() async {
        await withCheckedContinuation { (turn: CheckedContinuation<Void, Never>) in
            let now = state.withLockedValue { s -> Bool in
                if !s.locked { s.locked = true; return true }
                s.waiters.append(turn)
                return false
            }
            if now { turn.resume() }
        }
    }

    package func unlock() {
        let next = state.withLockedValue { s -> CheckedContinuation<Void, Never>? in
            if s.waiters.isEmpty { s.locked = false; return nil }
            return s.waiters.removeFirst()
        }
        next?.resume()
    }
}
