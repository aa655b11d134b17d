import Fluent
import Foundation
import MinshengCore
import Vapor

/// 督办: issue from a red commitment or by hand, the unit replies, the coordinator signs off or
/// returns; overdue notices escalate (derived, see Core's `Supervision.urgency`).
struct SupervisionController {
    struct IssueForm: Content {
        var unitID: String?
        var commitmentID: String?
        var requiredAction: String?
        var deadline: String?
    }

    struct ReplyForm: Content { var reply: String? }
    struct DecisionForm: Content { var note: String?; var deadline: String? }

    // MARK: list

    func list(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        let rows = try await Self.rows(req: req, onlyUnit: viewer.role == .clerk ? (viewer.unitID ?? UUID()) : nil)
        let page = SupervisionListPage.make(shell: WebShell.make(req, title: "督办"), rows: rows,
                                            state: req.query[String.self, at: "state"],
                                            urgency: req.query[String.self, at: "urgency"],
                                            canIssue: viewer.may(.issueNotice))
        return try await req.view.render("Web/Supervision/list", page).encodeResponse(for: req).get()
    }

    /// Notices as rows, newest first; `onlyUnit` narrows to one addressee (a clerk's view).
    static func rows(req: Request, onlyUnit: UUID?) async throws -> [NoticeRow] {
        var q = SupervisionNoticeRecord.query(on: req.db)
        if let onlyUnit { q = q.filter(\.$unit.$id == onlyUnit) }
        let notices = try await q.sort(\.$year, .descending).sort(\.$serial, .descending).all()
        let unitIDs = Set(notices.map { $0.$unit.id })
        let commitmentIDs = Set(notices.compactMap { $0.$commitment.id })
        let units = unitIDs.isEmpty ? [] : try await UnitRecord.query(on: req.db).filter(\.$id ~~ Array(unitIDs)).all()
        let commitments = commitmentIDs.isEmpty ? [] : try await CommitmentRecord.query(on: req.db).filter(\.$id ~~ Array(commitmentIDs)).all()
        let unitNames = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name) })
        let titles = Dictionary(uniqueKeysWithValues: commitments.map { ($0.id!, "\($0.number) \($0.title)") })
        return notices.map { n in
            NoticeRow.make(n, unitName: unitNames[n.$unit.id] ?? "", commitmentTitle: n.$commitment.id.flatMap { titles[$0] },
                           today: req.today)
        }
    }

    /// Counts for the dashboard: open, overdue, and the commitments with an open notice.
    static func summary(req: Request) async throws -> (open: Int, overdue: Int, commitments: Set<UUID>) {
        let open = try await SupervisionNoticeRecord.query(on: req.db)
            .filter(\.$state != SupervisionState.signedOff.rawValue).all()
        let today = req.today
        let overdue = open.filter { n in
            n.deadlineDate.map { Supervision.urgency(state: n.coreState, deadline: $0, today: today).isOverdue } ?? false
        }.count
        return (open.count, overdue, Set(open.compactMap { $0.$commitment.id }))
    }

    // MARK: issue

    func newForm(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.issueNotice)
        var form = IssueForm()
        if let cid = req.query[UUID.self, at: "commitment"] {
            guard let commitment = try await CommitmentRecord.find(cid, on: req.db) else { throw WebError.notFound }
            let facts = try await PlanQueries.facts(planID: commitment.$plan.id, onlyCommitment: cid, on: req.db)
            if let f = facts.commitments.first {
                let (dto, _) = CommitmentStatusBuilder.status(of: f, rules: facts.rules, today: req.today)
                form.commitmentID = cid.uuidString
                form.requiredAction = Supervision.suggestedAction(title: f.commitment.title,
                                                                  actual: f.reports.isEmpty ? nil : dto.actualPercent,
                                                                  expected: dto.expectedPercent)
                if let lead = f.commitment.leadUnits.first,
                   let unit = try await UnitRecord.query(on: req.db).filter(\.$name == lead).first() {
                    form.unitID = unit.id?.uuidString
                }
            }
        }
        form.deadline = Supervision.defaultDeadline(issuedOn: req.today).description
        return try await renderForm(req, form: form, errors: [:], status: .ok)
    }

    func renderForm(_ req: Request, form: IssueForm, errors: [String: String], status: HTTPStatus) async throws -> Response {
        let units = try await UnitRecord.query(on: req.db).sort(\.$name).all()
        var title: String?
        if let cid = form.commitmentID.flatMap(UUID.init(uuidString:)), let c = try await CommitmentRecord.find(cid, on: req.db) {
            title = "\(c.number) \(c.title)"
        }
        let next = try await Self.nextNumber(year: req.today.year, on: req.db)
        let page = NoticeFormPage(
            shell: WebShell.make(req, title: "下发督办单"), number: next.description,
            commitmentID: title == nil ? nil : form.commitmentID, commitmentTitle: title,
            units: units.map { .init(id: $0.id!.uuidString, name: $0.name, selected: $0.id?.uuidString == form.unitID) },
            requiredAction: form.requiredAction ?? "", deadline: form.deadline ?? "", errors: errors, hasErrors: !errors.isEmpty)
        let response = try await req.view.render("Web/Supervision/new", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }

    static func nextNumber(year: Int, on db: any Database) async throws -> SupervisionNumber {
        let top = try await SupervisionNoticeRecord.query(on: db).filter(\.$year == year).max(\.$serial) ?? 0
        return SupervisionNumber(year: year, serial: top + 1)
    }

    func create(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.issueNotice)
        let form = try req.content.decode(IssueForm.self)
        let today = req.today
        let unit = try await form.unitID.flatMap(UUID.init(uuidString:)).asyncMap { try await UnitRecord.find($0, on: req.db) } ?? nil
        let action = (form.requiredAction ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let deadlineText = (form.deadline ?? "").trimmingCharacters(in: .whitespaces)
        let deadline = CivilDate(deadlineText)
        var errors = Supervision.validateIssue(addressee: unit?.name, requiredAction: action, issuedOn: today, deadline: deadline)
            .mapValues(SupervisionWording.message)
        if deadline == nil && !deadlineText.isEmpty { errors["deadline"] = "日期格式应为 年-月-日，如 2026-07-15。" }
        let commitmentID = form.commitmentID.flatMap(UUID.init(uuidString:))
        if let commitmentID, try await CommitmentRecord.find(commitmentID, on: req.db) == nil { errors["commitment"] = "所选任务不存在。" }
        guard errors.isEmpty, let unit, let deadline else {
            return try await renderForm(req, form: form, errors: errors, status: .unprocessableEntity)
        }
        // Two coordinators issuing at once: the unique (year, serial) refuses one; take the next number.
        var lastError: (any Error)?
        for _ in 0..<5 {
            do {
                let notice = try await req.db.transaction { db -> SupervisionNoticeRecord in
                    let number = try await Self.nextNumber(year: today.year, on: db)
                    let n = SupervisionNoticeRecord()
                    n.year = number.year
                    n.serial = number.serial
                    n.number = number.description
                    n.$commitment.id = commitmentID
                    n.$unit.id = unit.id!
                    n.requiredAction = action
                    n.issuedOn = today.description
                    n.deadline = deadline.description
                    n.state = SupervisionState.issued.rawValue
                    n.$issuedBy.id = viewer.user.id
                    n.createdAt = req.clock.now()
                    n.updatedAt = n.createdAt
                    try await n.create(on: db)
                    try await SupervisionEventRecord(noticeID: n.id!, event: "issue", note: action, userID: viewer.user.id, at: n.createdAt).create(on: db)
                    try await AuditLog.record(on: db, at: n.createdAt, actor: viewer.auditActor, action: "notice.issue",
                                              subjectType: "supervision_notice", subjectID: n.id,
                                              after: ["number": n.number, "unit": unit.name, "deadline": n.deadline])
                    return n
                }
                req.flash("已下发\(notice.number)，承办单位：\(unit.name)。")
                return req.redirect(to: WebLink.notice(notice.id!), redirectType: .normal)
            } catch {
                guard let db = error as? any DatabaseError, db.isConstraintFailure else { throw error }
                lastError = error
                continue
            }
        }
        throw lastError ?? Abort(.conflict)
    }

    // MARK: one notice

    func load(_ req: Request) async throws -> SupervisionNoticeRecord {
        guard let id = req.parameters.get("id", as: UUID.self),
              let n = try await SupervisionNoticeRecord.find(id, on: req.db) else { throw WebError.notFound }
        return n
    }

    func show(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        let n = try await load(req)
        return try await renderNotice(req, viewer: viewer, notice: n, error: nil, replyText: "", status: .ok)
    }

    func renderNotice(_ req: Request, viewer: WebViewer, notice n: SupervisionNoticeRecord, error: String?, replyText: String,
                      status: HTTPStatus) async throws -> Response {
        let unit = try await UnitRecord.find(n.$unit.id, on: req.db)
        if viewer.role == .clerk && viewer.unitID != n.$unit.id { throw WebError.forbidden }
        let commitment = try await n.$commitment.id.asyncMap { try await CommitmentRecord.find($0, on: req.db) } ?? nil
        let events = try await SupervisionEventRecord.query(on: req.db).filter(\.$notice.$id == n.id!).sort(\.$at).with(\.$user).all()
        let subject = Subject.notice(addressedTo: unit?.name ?? "")
        let state = n.coreState
        let page = NoticePage(
            shell: WebShell.make(req, title: n.number),
            notice: NoticeRow.make(n, unitName: unit?.name ?? "", commitmentTitle: commitment.map { "\($0.number) \($0.title)" }, today: req.today),
            reply: n.reply, decisionNote: n.decisionNote,
            events: events.map { .init(at: WebFormat.timestamp($0.at), label: NoticePage.eventLabel($0.event),
                                       who: $0.user.map { $0.displayName ?? $0.name } ?? "", note: $0.note) },
            canReply: viewer.may(.replyNotice, on: subject) && Supervision.events(from: state).contains(.reply),
            canDecide: viewer.may(.signOffNotice, on: subject) && Supervision.events(from: state).contains(.signOff),
            error: error, replyText: replyText)
        let response = try await req.view.render("Web/Supervision/show", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }

    func reply(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        let n = try await load(req)
        let unit = try await UnitRecord.find(n.$unit.id, on: req.db)
        try viewer.require(.replyNotice, on: .notice(addressedTo: unit?.name ?? ""))
        let text = (try req.content.decode(ReplyForm.self).reply ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            return try await renderNotice(req, viewer: viewer, notice: n, error: SupervisionWording.message(.blank(field: "reply")),
                                          replyText: text, status: .unprocessableEntity)
        }
        return try await apply(.reply, to: n, viewer: viewer, req: req, note: text) { n in
            n.reply = text
            n.repliedAt = req.clock.now()
        }
    }

    func signOff(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.signOffNotice)
        let n = try await load(req)
        let note = (try req.content.decode(DecisionForm.self).note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return try await apply(.signOff, to: n, viewer: viewer, req: req, note: note.isEmpty ? "同意销号" : note) { n in
            n.decisionNote = note.isEmpty ? nil : note
            n.closedOn = req.today.description
        }
    }

    func giveBack(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.signOffNotice)
        let n = try await load(req)
        let form = try req.content.decode(DecisionForm.self)
        let note = (form.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if note.isEmpty {
            return try await renderNotice(req, viewer: viewer, notice: n, error: SupervisionWording.message(.blank(field: "note")),
                                          replyText: "", status: .unprocessableEntity)
        }
        let newDeadline = form.deadline.flatMap { CivilDate($0.trimmingCharacters(in: .whitespaces)) }
        return try await apply(.giveBack, to: n, viewer: viewer, req: req, note: note) { n in
            n.decisionNote = note
            if let newDeadline, newDeadline >= req.today { n.deadline = newDeadline.description }
        }
    }

    /// Runs a transition through Core's rules, then saves the notice, its history and the audit
    /// entry in one transaction.
    func apply(_ event: SupervisionEvent, to n: SupervisionNoticeRecord, viewer: WebViewer, req: Request, note: String,
               change: @escaping @Sendable (SupervisionNoticeRecord) -> Void) async throws -> Response {
        let before = n.state
        let next: SupervisionState
        do {
            next = try Supervision.next(n.coreState, on: event)
        } catch {
            return try await renderNotice(req, viewer: viewer, notice: n, error: SupervisionWording.message(error),
                                          replyText: "", status: .conflict)
        }
        let now = req.clock.now()
        try await req.db.transaction { db in
            n.state = next.rawValue
            change(n)
            n.updatedAt = now
            try await n.save(on: db)
            try await SupervisionEventRecord(noticeID: n.id!, event: event.rawValue, note: note, userID: viewer.user.id, at: now).create(on: db)
            try await AuditLog.record(on: db, at: now, actor: viewer.auditActor, action: "notice.\(event.rawValue)",
                                      subjectType: "supervision_notice", subjectID: n.id,
                                      before: ["state": before], after: ["state": next.rawValue, "note": note])
        }
        req.flash("\(n.number)：\(next.label)。")
        return req.redirect(to: WebLink.notice(n.id!), redirectType: .normal)
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
