import Fluent
import Foundation
import MinshengCore
import MinshengStore

/// 督办's use cases: issue, reply, sign off (销号), give back (退回). The pages, the API and the
/// commands call these; each checks with Core's `Supervision` rules and writes the notice, its
/// history and the audit entry through ``WriteContext/commit(_:)``.
enum NoticeActions {
    /// What a notice is issued with.
    struct Issue: Sendable {
        /// 承办单位: the first is the 主办 unit. Put in the plan's order on issue.
        var unitIDs: [UnitID]
        var commitmentID: CommitmentID?
        var requiredAction: String
        /// `YYYY-MM-DD` as typed.
        var deadline: String
        var kind: SupervisionKind = .general
        /// 抄送 units.
        var copyUnitIDs: [UnitID] = []
        /// The 批示 a 领导批示件 carries out.
        var instructionID: UUID? = nil

        init(unitIDs: [UnitID], commitmentID: CommitmentID?, requiredAction: String, deadline: String,
             kind: SupervisionKind = .general, copyUnitIDs: [UnitID] = [], instructionID: UUID? = nil) {
            self.unitIDs = unitIDs
            self.commitmentID = commitmentID
            self.requiredAction = requiredAction
            self.deadline = deadline
            self.kind = kind
            self.copyUnitIDs = copyUnitIDs
            self.instructionID = instructionID
        }

        /// One 承办单位, from a stored row's columns (the request ladder's 督办 rung).
        init(unitID: UUID?, commitmentID: UUID?, requiredAction: String, deadline: String) {
            self.init(unitIDs: unitID.map { [UnitID($0)] } ?? [], commitmentID: commitmentID.map { CommitmentID($0) },
                      requiredAction: requiredAction, deadline: deadline)
        }
    }

    /// A leader's 批示 turned into a 领导批示件 in one step: to the commitment's 牵头单位 (in the
    /// plan's order), the 批示's words as the matter, the default deadline.
    static func issue(fromInstruction noteID: UUID, in ctx: WriteContext) async throws -> SupervisionNoticeRecord {
        guard let note = try await CommitmentNoteRecord.find(noteID, on: ctx.db),
              note.kind == CommitmentNoteRecord.Kind.instruction.rawValue,
              let commitment = try await CommitmentRecord.find(note.$commitment.id, on: ctx.db) else {
            throw SupervisionRefusal(fields: [:], unknownInstruction: true)
        }
        let leads = try await NoticeQueries.planUnits(of: CommitmentID(commitment.id!), on: ctx.db).filter { $0.role == UnitRole.lead.rawValue }
        return try await issue(Issue(unitIDs: leads.map { UnitID($0.$unit.id) }, commitmentID: commitment.id.map { CommitmentID($0) },
                                     requiredAction: Supervision.instructionAction(title: commitment.title,
                                                                                  author: note.authorName, text: note.text),
                                     deadline: Supervision.defaultDeadline(issuedOn: ctx.today).description,
                                     kind: .instruction, instructionID: noteID), in: ctx)
    }

    /// An ``Issue`` checked against the database: who it goes to, in order, and when it is due.
    struct Prepared: Sendable {
        var issue: Issue
        var action: String
        var deadline: CivilDate
        var unitID: UnitID
        var addressees: [UnitID]
        var copies: [UnitID]
        var names: [UnitID: String]
    }

    /// Checks an issue (Core's rules, the units and the commitment it names) without writing.
    static func prepare(_ issue: Issue, on db: any Database, today: CivilDate) async throws -> Prepared {
        let action = issue.requiredAction.trimmingCharacters(in: .whitespacesAndNewlines)
        let deadlineText = issue.deadline.trimmingCharacters(in: .whitespaces)
        let deadline = CivilDate(deadlineText)
        let wanted = (issue.unitIDs + issue.copyUnitIDs).map(\.rawValue)
        let found = wanted.isEmpty ? [] : try await UnitRecord.query(on: db).filter(\.$id ~~ wanted).all()
        let names = Dictionary(uniqueKeysWithValues: found.map { (UnitID($0.id!), $0.name) })
        let commitment = try await issue.commitmentID.asyncMap { try await CommitmentRecord.find($0.rawValue, on: db) } ?? nil
        // 承办单位 as the plan lists them (牵头, then 配合), then any others as chosen.
        let planOrder = try await commitment.asyncMap { try await NoticeQueries.planUnits(of: CommitmentID($0.id!), on: db) } ?? []
        let addressees = Supervision.orderedAddressees(issue.unitIDs.filter { names[$0] != nil }.map(\.uuidString),
                                                       planOrder: planOrder.map(\.$unit.id.uuidString))
            .compactMap(UnitID.init)
        var copies: [UnitID] = []
        for id in issue.copyUnitIDs where names[id] != nil && !addressees.contains(id) && !copies.contains(id) { copies.append(id) }
        let first = addressees.first.flatMap { names[$0] }
        var refusal = SupervisionRefusal(fields: Supervision.validateIssue(addressee: first, requiredAction: action,
                                                                      issuedOn: today, deadline: deadline))
        refusal.malformedDeadline = deadline == nil && !deadlineText.isEmpty
        if issue.commitmentID != nil, commitment == nil {
            refusal.unknownCommitment = true
        }
        guard refusal.fields.isEmpty, !refusal.malformedDeadline, !refusal.unknownCommitment,
              let unitID = addressees.first, let deadline else { throw refusal }
        return Prepared(issue: issue, action: action, deadline: deadline, unitID: unitID, addressees: addressees,
                        copies: copies, names: names)
    }

    /// Writes a prepared notice with the year's next number, its history and audit entry, inside `tx`.
    static func write(_ p: Prepared, in tx: WriteTransaction) async throws -> SupervisionNoticeRecord {
        let ctx = tx.context
        let number = try await NoticeQueries.nextNumber(year: tx.today.year, on: tx.db)
        let n = SupervisionNoticeRecord()
        n.year = number.year
        n.serial = number.serial
        n.number = number.description
        n.$commitment.id = p.issue.commitmentID?.rawValue
        n.$unit.id = p.unitID.rawValue
        n.coUnitIDs = SupervisionNoticeRecord.text(p.addressees.dropFirst().map(\.rawValue))
        n.ccUnitIDs = SupervisionNoticeRecord.text(p.copies.map(\.rawValue))
        n.kind = p.issue.kind.rawValue
        n.instructionID = p.issue.instructionID
        n.requiredAction = p.action
        n.issuedOn = tx.today.description
        n.deadline = p.deadline.description
        n.state = SupervisionState.issued.rawValue
        n.$issuedBy.id = ctx.actor.userID
        n.createdAt = tx.now
        n.updatedAt = tx.now
        try await n.create(on: tx.db)
        try await SupervisionEventRecord(noticeID: n.id!, event: "issue", note: p.action, userID: ctx.actor.userID,
                                         at: tx.now).create(on: tx.db)
        var after = ["number": n.number, "unit": p.addressees.compactMap { p.names[$0] }.joined(separator: "、"),
                     "deadline": n.deadline, "kind": n.kind]
        if !p.copies.isEmpty { after["cc"] = p.copies.compactMap { p.names[$0] }.joined(separator: "、") }
        if let instruction = p.issue.instructionID { after["instruction"] = instruction.uuidString }
        try await tx.audit(.noticeIssue, .notice, n.id, after: after)
        return n
    }

    /// Issues a notice with the year's next number (督办〔2026〕N号). Two coordinators issuing at
    /// once meet the unique (year, serial); the loser takes the next number.
    static func issue(_ issue: Issue, in ctx: WriteContext) async throws -> SupervisionNoticeRecord {
        let prepared = try await prepare(issue, on: ctx.db, today: ctx.today)
        return try await retryingNumber { try await ctx.commit { tx in try await write(prepared, in: tx) } }
    }

    /// Runs `body` again (up to five times) when it met another writer's notice number.
    static func retryingNumber<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        var lastError: (any Error)?
        for _ in 0..<5 {
            do {
                return try await body()
            } catch {
                guard let db = error as? any DatabaseError, db.isConstraintFailure else { throw error }
                lastError = error
            }
        }
        throw lastError ?? SupervisionRefusal(fields: [:])
    }

    /// What a bulk 督办 was, for its audit entry.
    struct BulkAudit: Codable {
        var plan: String
        var numbers: [String]
        var commitments: [String]
        var deadline: String
    }

    typealias BulkRefusal = SupervisionBulkRefusal

    /// 批量督办: one notice per item of a plan, to each item's 牵头单位 (in the plan's order), with
    /// the suggested text (actual against expected), all in one transaction: either every item gets
    /// its notice or none does. `commitmentIDs` nil: every red (严重滞后) task of the plan. Items
    /// that are signed off or not red are left out when chosen by colour; items chosen by hand are
    /// issued whatever their colour. Audited per notice and once for the batch on the plan.
    static func issueForPlan(planID: PlanID, commitmentIDs: [CommitmentID]?, deadline: String, kind: SupervisionKind = .general,
                             in ctx: WriteContext) async throws -> [SupervisionNoticeRecord] {
        let facts = try await PlanQueries.facts(planID: planID.rawValue, on: ctx.db)
        let chosen = commitmentIDs.map(Set.init)
        var issues: [Issue] = []
        var items: [String] = []
        let due = deadline.trimmingCharacters(in: .whitespaces).isEmpty
            ? Supervision.defaultDeadline(issuedOn: ctx.today).description : deadline
        for f in facts.commitments where f.commitment.kind == .task {
            let (dto, status) = CommitmentStatusBuilder.status(of: f, rules: facts.rules, today: ctx.today)
            if let chosen {
                guard chosen.contains(f.commitment.id) else { continue }
            } else {
                guard status.health == .red, !f.commitment.isSignedOff else { continue }
            }
            let leads = try await NoticeQueries.planUnits(of: f.commitment.id, on: ctx.db).filter { $0.role == UnitRole.lead.rawValue }
            let shown = DisplayText.itemNumber(f.commitment.number)
            guard !leads.isEmpty else { throw BulkRefusal.noLeadUnit(shown) }
            issues.append(Issue(unitIDs: leads.map { UnitID($0.$unit.id) }, commitmentID: f.commitment.id,
                                requiredAction: Supervision.suggestedAction(title: DisplayText.fullWidth(f.commitment.title),
                                                                            actual: f.reports.isEmpty ? nil : dto.actualPercent,
                                                                            expected: dto.expectedPercent),
                                deadline: due, kind: kind))
            items.append(shown)
        }
        guard !issues.isEmpty else { throw BulkRefusal.nothingToIssue }
        var prepared: [Prepared] = []
        for issue in issues {
            do { prepared.append(try await prepare(issue, on: ctx.db, today: ctx.today)) } catch let refusal as SupervisionRefusal {
                throw BulkRefusal.deadline(Wording.notice(refusal).values.sorted().joined(separator: "；"))
            }
        }
        let all = prepared
        let planTitle = facts.plan.title
        let names = items
        return try await retryingNumber {
            try await ctx.commit { tx in
                var out: [SupervisionNoticeRecord] = []
                for p in all { out.append(try await write(p, in: tx)) }
                try await tx.audit(.noticeBulkIssue, .plan, planID.rawValue,
                                   after: BulkAudit(plan: planTitle, numbers: out.map(\.number), commitments: names, deadline: due))
                return out
            }
        }
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
    static func notice(_ id: NoticeID, on db: any Database) async throws -> (SupervisionNoticeRecord, unitName: String)? {
        guard let n = try await SupervisionNoticeRecord.find(id.rawValue, on: db) else { return nil }
        let unit = try await UnitRecord.find(n.$unit.id, on: db)
        return (n, unit?.name ?? "")
    }

    /// A commitment's units as the plan lists them: 牵头 first, then 配合, each in the plan's order.
    static func planUnits(of commitmentID: CommitmentID, on db: any Database) async throws -> [CommitmentUnitRecord] {
        try await CommitmentUnitRecord.query(on: db).filter(\.$commitment.$id == commitmentID.rawValue).sort(\.$position).all()
            .sorted { ($0.role == UnitRole.lead.rawValue ? 0 : 1, $0.position) < ($1.role == UnitRole.lead.rawValue ? 0 : 1, $1.position) }
    }

    /// Names of the notice's 承办单位 (in order) and 抄送 units.
    static func unitNames(of n: SupervisionNoticeRecord, on db: any Database) async throws -> (addressees: [String], copies: [String]) {
        let ids = n.addresseeIDs + n.copyIDs
        let units = try await UnitRecord.query(on: db).filter(\.$id ~~ ids).all()
        let names = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name) })
        return (n.addresseeIDs.compactMap { names[$0] }, n.copyIDs.compactMap { names[$0] })
    }

    /// Notices, newest first, with their addressees' names and commitments' titles; `onlyUnit`
    /// narrows to one addressee (a clerk's view).
    static func list(onlyUnit: UnitID?, on db: any Database) async throws
        -> [(notice: SupervisionNoticeRecord, unitName: String, commitmentTitle: String?)] {
        // A clerk's unit may be the 主办 unit, another 承办单位 or copied: filtered here, as the
        // other two are kept as text.
        let notices = try await SupervisionNoticeRecord.query(on: db).sort(\.$year, .descending).sort(\.$serial, .descending).all()
            .filter { n in onlyUnit.map { n.concerns(unit: $0.rawValue) } ?? true }
        let unitIDs = Set(notices.flatMap { $0.addresseeIDs + $0.copyIDs })
        let commitmentIDs = Set(notices.compactMap { $0.$commitment.id })
        let units = unitIDs.isEmpty ? [] : try await UnitRecord.query(on: db).filter(\.$id ~~ Array(unitIDs)).all()
        let commitments = commitmentIDs.isEmpty ? [] : try await CommitmentRecord.query(on: db).filter(\.$id ~~ Array(commitmentIDs)).all()
        let unitNames = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name) })
        // Where the notices concern several plans, each item is named with its plan (2026年… · 二（三）5).
        let planIDs = Set(commitments.map { $0.$plan.id })
        let planTitles = planIDs.count > 1
            ? Dictionary(uniqueKeysWithValues: try await PlanRecord.query(on: db).filter(\.$id ~~ Array(planIDs)).all().map { ($0.id!, $0.title) })
            : [:]
        let titles = Dictionary(uniqueKeysWithValues: commitments.map { c in
            (c.id!, planTitles[c.$plan.id].map { "\($0) · \(c.displayTitle)" } ?? c.displayTitle)
        })
        return notices.map { n in
            (n, n.addresseeIDs.compactMap { unitNames[$0] }.joined(separator: "、"), n.$commitment.id.flatMap { titles[$0] })
        }
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
