import Fluent
import Foundation
import MinshengCore

/// 督办's use cases: issue, reply, sign off (销号), give back (退回). The pages, the API and the
/// commands call these; each checks with Core's `Supervision` rules and writes the notice, its
/// history and the audit entry through ``WriteContext/commit(_:)``.
enum NoticeActions {
    /// What a notice is issued with.
    struct Issue: Sendable {
        var unitID: UUID?
        var commitmentID: UUID?
        var requiredAction: String
        /// `YYYY-MM-DD` as typed.
        var deadline: String
    }

    /// Issues a notice with the year's next number (督办〔2026〕N号). Two coordinators issuing at
    /// once meet the unique (year, serial); the loser takes the next number.
    static func issue(_ issue: Issue, in ctx: WriteContext) async throws -> SupervisionNoticeRecord {
        let action = issue.requiredAction.trimmingCharacters(in: .whitespacesAndNewlines)
        let deadlineText = issue.deadline.trimmingCharacters(in: .whitespaces)
        let deadline = CivilDate(deadlineText)
        let unit = try await issue.unitID.asyncMap { try await UnitRecord.find($0, on: ctx.db) } ?? nil
        var refusal = SupervisionRefusal(fields: Supervision.validateIssue(addressee: unit?.name, requiredAction: action,
                                                                      issuedOn: ctx.today, deadline: deadline))
        refusal.malformedDeadline = deadline == nil && !deadlineText.isEmpty
        if let commitmentID = issue.commitmentID, try await CommitmentRecord.find(commitmentID, on: ctx.db) == nil {
            refusal.unknownCommitment = true
        }
        guard refusal.fields.isEmpty, !refusal.malformedDeadline, !refusal.unknownCommitment,
              let unit, let unitID = unit.id, let deadline else { throw refusal }
        var lastError: (any Error)?
        for _ in 0..<5 {
            do {
                return try await ctx.commit { tx in
                    let number = try await NoticeQueries.nextNumber(year: tx.today.year, on: tx.db)
                    let n = SupervisionNoticeRecord()
                    n.year = number.year
                    n.serial = number.serial
                    n.number = number.description
                    n.$commitment.id = issue.commitmentID
                    n.$unit.id = unitID
                    n.requiredAction = action
                    n.issuedOn = tx.today.description
                    n.deadline = deadline.description
                    n.state = SupervisionState.issued.rawValue
                    n.$issuedBy.id = ctx.actor.userID
                    n.createdAt = tx.now
                    n.updatedAt = tx.now
                    try await n.create(on: tx.db)
                    try await SupervisionEventRecord(noticeID: n.id!, event: "issue", note: action, userID: ctx.actor.userID,
                                                     at: tx.now).create(on: tx.db)
                    try await tx.audit(.noticeIssue, .notice, n.id,
                                       after: ["number": n.number, "unit": unit.name, "deadline": n.deadline])
                    return n
                }
            } catch {
                guard let db = error as? any DatabaseError, db.isConstraintFailure else { throw error }
                lastError = error
            }
        }
        throw lastError ?? SupervisionRefusal(fields: [:])
    }

    /// The addressee's answer (反馈).
    static func reply(_ notice: SupervisionNoticeRecord, text: String, in ctx: WriteContext) async throws {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw SupervisionRefusal(fields: ["reply": .blank(field: "reply")]) }
        try await apply(.reply, to: notice, note: text, in: ctx) { n in
            n.reply = text
            n.repliedAt = ctx.now
        }
    }

    /// The coordinator accepts the answer (销号).
    static func signOff(_ notice: SupervisionNoticeRecord, note: String, in ctx: WriteContext) async throws {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        try await apply(.signOff, to: notice, note: note.isEmpty ? "同意销号" : note, in: ctx) { n in
            n.decisionNote = note.isEmpty ? nil : note
            n.closedOn = ctx.today.description
        }
    }

    /// The coordinator returns the answer (退回), with a reason and perhaps a new deadline (from
    /// today on; an earlier one is ignored).
    static func giveBack(_ notice: SupervisionNoticeRecord, note: String, newDeadline: CivilDate?,
                         in ctx: WriteContext) async throws {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw SupervisionRefusal(fields: ["note": .blank(field: "note")]) }
        try await apply(.giveBack, to: notice, note: note, in: ctx) { n in
            n.decisionNote = note
            if let newDeadline, newDeadline >= ctx.today { n.deadline = newDeadline.description }
        }
    }

    /// Runs a transition through Core's rules, then saves the notice, its history and the audit entry.
    private static func apply(_ event: SupervisionEvent, to n: SupervisionNoticeRecord, note: String, in ctx: WriteContext,
                              change: @escaping @Sendable (SupervisionNoticeRecord) -> Void) async throws {
        let before = n.state
        let next: SupervisionState
        do {
            next = try Supervision.next(n.coreState, on: event)
        } catch {
            throw SupervisionRefusal(fields: [:], transition: error)
        }
        let action: AuditAction = switch event {
        case .reply: .noticeReply
        case .signOff: .noticeSignOff
        case .giveBack: .noticeGiveBack
        }
        try await ctx.commit { tx in
            n.state = next.rawValue
            change(n)
            n.updatedAt = tx.now
            try await n.save(on: tx.db)
            try await SupervisionEventRecord(noticeID: n.id!, event: event.rawValue, note: note, userID: ctx.actor.userID,
                                             at: tx.now).create(on: tx.db)
            try await tx.audit(action, .notice, n.id, before: ["state": before], after: ["state": next.rawValue, "note": note])
        }
    }
}

/// The read side of 督办.
enum NoticeQueries {
    static func nextNumber(year: Int, on db: any Database) async throws -> SupervisionNumber {
        let top = try await SupervisionNoticeRecord.query(on: db).filter(\.$year == year).max(\.$serial) ?? 0
        return SupervisionNumber(year: year, serial: top + 1)
    }

    /// A notice with its addressee's name.
    static func notice(_ id: UUID, on db: any Database) async throws -> (SupervisionNoticeRecord, unitName: String)? {
        guard let n = try await SupervisionNoticeRecord.find(id, on: db) else { return nil }
        let unit = try await UnitRecord.find(n.$unit.id, on: db)
        return (n, unit?.name ?? "")
    }

    /// Notices, newest first, with their addressees' names and commitments' titles; `onlyUnit`
    /// narrows to one addressee (a clerk's view).
    static func list(onlyUnit: UUID?, on db: any Database) async throws
        -> [(notice: SupervisionNoticeRecord, unitName: String, commitmentTitle: String?)] {
        var q = SupervisionNoticeRecord.query(on: db)
        if let onlyUnit { q = q.filter(\.$unit.$id == onlyUnit) }
        let notices = try await q.sort(\.$year, .descending).sort(\.$serial, .descending).all()
        let unitIDs = Set(notices.map { $0.$unit.id })
        let commitmentIDs = Set(notices.compactMap { $0.$commitment.id })
        let units = unitIDs.isEmpty ? [] : try await UnitRecord.query(on: db).filter(\.$id ~~ Array(unitIDs)).all()
        let commitments = commitmentIDs.isEmpty ? [] : try await CommitmentRecord.query(on: db).filter(\.$id ~~ Array(commitmentIDs)).all()
        let unitNames = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name) })
        let titles = Dictionary(uniqueKeysWithValues: commitments.map { ($0.id!, "\($0.number) \($0.title)") })
        return notices.map { n in (n, unitNames[n.$unit.id] ?? "", n.$commitment.id.flatMap { titles[$0] }) }
    }

    /// Counts for the dashboard: open, overdue, and the commitments with an open notice.
    static func summary(on db: any Database, today: CivilDate) async throws -> (open: Int, overdue: Int, commitments: Set<UUID>) {
        let open = try await SupervisionNoticeRecord.query(on: db)
            .filter(\.$state != SupervisionState.signedOff.rawValue).all()
        let overdue = open.filter { n in
            n.deadlineDate.map { Supervision.urgency(state: n.coreState, deadline: $0, today: today).isOverdue } ?? false
        }.count
        return (open.count, overdue, Set(open.compactMap { $0.$commitment.id }))
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let w): return try await transform(w)
        case .none: return nil
        }
    }
}
