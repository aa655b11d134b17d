import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// 督办: issue from a red commitment or by hand, the unit replies, the coordinator signs off or
/// returns; overdue notices escalate (derived, see Core's `Supervision.urgency`).
struct SupervisionController {
    /// Who reads 督办 (a clerk only their unit's); the dashboard links its counts only for them.
    static let readers: Set<Role> = [.coordinator, .leader, .clerk, .admin]

    struct IssueForm: Content {
        /// One 承办单位 (older forms and scripts).
        var unitID: String?
        /// 承办单位, as ticked.
        var unitIDs: [String]?
        /// 抄送 units.
        var copyUnitIDs: [String]?
        /// `SupervisionKind` raw value.
        var kind: String?
        var commitmentID: String?
        var requiredAction: String?
        var deadline: String?
        /// Issue a 领导批示件 from this 批示 in one step (the button beside each 批示).
        var instructionID: String?

        var addressees: [UnitID] { ((unitIDs ?? []) + [unitID].compactMap { $0 }).compactMap(UnitID.init) }
        var copies: [UnitID] { (copyUnitIDs ?? []).compactMap(UnitID.init) }
    }

    struct ReplyForm: Content { var reply: String? }
    struct DecisionForm: Content { var note: String?; var deadline: String? }

    // MARK: list

    func list(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        let onlyUnit = viewer.role == .clerk ? UnitID(viewer.unitID ?? UUID()) : nil
        let rows = try await NoticeQueries.list(onlyUnit: onlyUnit, on: req.db).map {
            NoticeRow.make($0.notice, unitName: $0.unitName, commitmentTitle: $0.commitmentTitle, today: req.today)
        }
        let page = SupervisionListPage.make(shell: WebShell.make(req, title: "督办"), rows: rows,
                                            state: req.query[String.self, at: "state"],
                                            urgency: req.query[String.self, at: "urgency"],
                                            canIssue: viewer.may(.issueNotice))
        return try await req.view.render("Supervision/list", page).encodeResponse(for: req).get()
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
                // Every 牵头单位, as the plan lists them.
                form.unitIDs = try await NoticeQueries.planUnits(of: CommitmentID(cid), on: req.db)
                    .filter { $0.role == UnitRole.lead.rawValue }.map(\.$unit.id.uuidString)
            }
        }
        form.deadline = Supervision.defaultDeadline(issuedOn: req.today).description
        return try await renderForm(req, form: form, errors: [:], status: .ok)
    }

    func renderForm(_ req: Request, form: IssueForm, errors: [String: String], status: HTTPStatus) async throws -> Response {
        var units = try await UnitRecord.query(on: req.db).sort(\.$name).all()
        var title: String?
        if let cid = form.commitmentID.flatMap(UUID.init(uuidString:)), let c = try await CommitmentRecord.find(cid, on: req.db) {
            title = c.displayTitle
            // The commitment's own units first, as the plan lists them; the rest after.
            let planned = try await NoticeQueries.planUnits(of: CommitmentID(cid), on: req.db).map(\.$unit.id)
            units = planned.compactMap { id in units.first { $0.id == id } } + units.filter { !planned.contains($0.id!) }
        }
        let chosen = Set(form.addressees.map(\.rawValue))
        let copied = Set(form.copies.map(\.rawValue))
        let kind = SupervisionKind(rawValue: form.kind ?? "") ?? .general
        let next = try await NoticeQueries.nextNumber(year: req.today.year, on: req.db)
        let page = NoticeFormPage(
            shell: WebShell.make(req, title: "下发督办单"), number: next.description,
            commitmentID: title == nil ? nil : form.commitmentID, commitmentTitle: title,
            commitmentHref: (title == nil ? nil : form.commitmentID).map { SitePath.commitment($0) },
            units: units.map { .init(id: $0.id!.uuidString, name: $0.name, selected: chosen.contains($0.id!)) },
            copyUnits: units.map { .init(id: $0.id!.uuidString, name: $0.name, selected: copied.contains($0.id!)) },
            kinds: SupervisionKind.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, selected: $0 == kind) },
            requiredAction: form.requiredAction ?? "", deadline: form.deadline ?? "", errors: errors, hasErrors: !errors.isEmpty)
        let response = try await req.view.render("Supervision/new", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }

    func create(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.issueNotice)
        var form = try req.content.decode(IssueForm.self)
        let issue = NoticeActions.Issue(unitIDs: form.addressees,
                                        commitmentID: form.commitmentID.flatMap(CommitmentID.init),
                                        requiredAction: form.requiredAction ?? "", deadline: form.deadline ?? "",
                                        kind: SupervisionKind(rawValue: form.kind ?? "") ?? .general, copyUnitIDs: form.copies)
        do {
            let ctx = try await req.writeContext(actor: viewer.auditActor)
            let notice: SupervisionNoticeRecord
            if let text = form.instructionID {
                guard let noteID = UUID(uuidString: text) else { throw SupervisionRefusal(fields: [:], unknownInstruction: true) }
                notice = try await NoticeActions.issue(fromInstruction: noteID, in: ctx)
            } else {
                notice = try await NoticeActions.issue(issue, in: ctx)
            }
            let names = try await NoticeQueries.unitNames(of: notice, on: req.db)
            req.flash("已下发\(notice.coreKind.label)\(notice.number)，承办单位：\(names.addressees.joined(separator: "、"))。")
            return req.redirect(to: WebLink.notice(notice.id!), redirectType: .normal)
        } catch let refusal as SupervisionRefusal {
            if form.instructionID != nil { form.kind = SupervisionKind.instruction.rawValue }
            return try await renderForm(req, form: form, errors: Wording.notice(refusal), status: .unprocessableEntity)
        }
    }

    struct BulkForm: Content {
        var plan: String?
        /// `red`: every red task of the plan; `selected`: the rows ticked.
        var scope: String?
        var commitments: [String]?
        var deadline: String?
    }

    /// 批量督办 from the task list: one notice per item, in one transaction.
    func bulk(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.issueNotice)
        let form = try req.content.decode(BulkForm.self)
        guard let planID = form.plan.flatMap(PlanID.init) else { throw WebError.notFound }
        let back = WebLink.commitments(plan: planID.rawValue)
        let chosen: [CommitmentID]? = form.scope == "red" ? nil : (form.commitments ?? []).compactMap(CommitmentID.init)
        do {
            let notices = try await NoticeActions.issueForPlan(planID: planID, commitmentIDs: chosen, deadline: form.deadline ?? "",
                                                               in: req.writeContext(actor: viewer.auditActor))
            let first = notices.first?.number ?? "", last = notices.last?.number ?? ""
            req.flash("已批量下发督办单\(notices.count)份（\(first == last ? first : first + "至" + last)）。")
            return req.redirect(to: SitePath.notices(), redirectType: .normal)
        } catch let refusal as NoticeActions.BulkRefusal {
            req.flash(Wording.bulkNotice(refusal))
            return req.redirect(to: back, redirectType: .normal)
        }
    }

    // MARK: one notice

    func load(_ req: Request) async throws -> SupervisionNoticeRecord {
        guard let id = req.parameters.get("id", as: UUID.self),
              let n = try await SupervisionNoticeRecord.find(id, on: req.db) else { throw WebError.notFound }
        return n
    }

    /// The notice as a Word document (督办通知单, GB/T 9704), for the unit's file and for print.
    func docx(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        let n = try await load(req)
        try Self.requireConcerns(viewer, n)
        let names = try await NoticeQueries.unitNames(of: n, on: req.db)
        let commitment = try await n.$commitment.id.asyncMap { try await CommitmentRecord.find($0, on: req.db) } ?? nil
        let plan = try await commitment.asyncMap { try await PlanRecord.find($0.$plan.id, on: req.db) } ?? nil
        let row = NoticeRow.make(n, unitName: names.addressees.joined(separator: "、"),
                                 commitmentTitle: commitment.map(\.displayTitle),
                                 today: req.today, copies: names.copies)
        let doc = row.officialDocument(issuer: OfficialDocument.office(planIssuer: plan?.issuer), issuedOn: n.issuedDate)
        let data = try DocxWriter.data(doc, modified: req.clock.now())
        return Response.download(data, filename: "督办通知单\(n.number).docx",
                                 type: HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.wordprocessingml.document"))
    }

    func show(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        let n = try await load(req)
        return try await renderNotice(req, viewer: viewer, notice: n, error: nil, replyText: "", status: .ok)
    }

    func renderNotice(_ req: Request, viewer: WebViewer, notice n: SupervisionNoticeRecord, error: String?, replyText: String,
                      status: HTTPStatus) async throws -> Response {
        try Self.requireConcerns(viewer, n)
        let names = try await NoticeQueries.unitNames(of: n, on: req.db)
        let commitment = try await n.$commitment.id.asyncMap { try await CommitmentRecord.find($0, on: req.db) } ?? nil
        let instruction = try await n.instructionID.asyncMap { try await CommitmentNoteRecord.find($0, on: req.db) } ?? nil
        let events = try await SupervisionEventRecord.query(on: req.db).filter(\.$notice.$id == n.id!).sort(\.$at).with(\.$user).all()
        let subject = Subject.notice(addressedTo: Self.answeringUnitID(viewer, n))
        let state = n.coreState
        let page = NoticePage(
            shell: WebShell.make(req, title: n.number),
            notice: NoticeRow.make(n, unitName: names.addressees.joined(separator: "、"),
                                   commitmentTitle: commitment.map(\.displayTitle), today: req.today,
                                   copies: names.copies),
            instruction: instruction.map { .init(text: $0.text, author: $0.authorName, at: WebFormat.timestamp($0.createdAt),
                                                 href: WebLink.commitment($0.$commitment.id) + "#instruction-\($0.id!.uuidString)") },
            reply: n.reply, decisionNote: n.decisionNote,
            events: events.map { .init(at: WebFormat.timestamp($0.at), label: NoticePage.eventLabel($0.event),
                                       who: $0.user.map { $0.displayName ?? $0.name } ?? "", note: $0.note) },
            canReply: viewer.may(.replyNotice, on: subject) && Supervision.events(from: state).contains(.reply),
            canDecide: viewer.may(.signOffNotice, on: subject) && Supervision.events(from: state).contains(.signOff),
            error: error, replyText: replyText, links: NoticePage.Links(n.id!))
        let response = try await req.view.render("Supervision/show", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }

    func reply(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        let n = try await load(req)
        try viewer.require(.replyNotice, on: .notice(addressedTo: Self.answeringUnitID(viewer, n)))
        let text = try req.content.decode(ReplyForm.self).reply ?? ""
        return try await run(req, viewer: viewer, notice: n, replyText: text) { ctx in
            try await NoticeActions.reply(n, text: text, in: ctx)
        }
    }

    func signOff(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.signOffNotice)
        let n = try await load(req)
        let note = try req.content.decode(DecisionForm.self).note ?? ""
        return try await run(req, viewer: viewer, notice: n, replyText: "") { ctx in
            try await NoticeActions.signOff(n, note: note, in: ctx)
        }
    }

    func giveBack(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.signOffNotice)
        let n = try await load(req)
        let form = try req.content.decode(DecisionForm.self)
        let newDeadline = form.deadline.flatMap { CivilDate($0.trimmingCharacters(in: .whitespaces)) }
        return try await run(req, viewer: viewer, notice: n, replyText: "") { ctx in
            try await NoticeActions.giveBack(n, note: form.note ?? "", newDeadline: newDeadline, in: ctx)
        }
    }

    /// A clerk reads only the notices their unit must answer or is copied on.
    static func requireConcerns(_ viewer: WebViewer, _ n: SupervisionNoticeRecord) throws {
        if viewer.role == .clerk && !(viewer.unitID.map { n.concerns(unit: $0) } ?? false) { throw WebError.forbidden }
    }

    /// The 承办单位 on whose behalf the viewer would answer: their own unit if it is one of them
    /// (a copied unit is not), else the 主办 unit.
    /// The unit the viewer answers for, by id: their own when it is an addressee, else the notice's unit.
    static func answeringUnitID(_ viewer: WebViewer, _ n: SupervisionNoticeRecord) -> UnitID {
        if let unitID = viewer.unitID, n.addresseeIDs.contains(unitID) { return UnitID(unitID) }
        return UnitID(n.$unit.id)
    }

    /// Runs one of the notice's actions: 303 to the notice with its new state, or the notice
    /// again with Core's refusal (422 for a blank field, 409 for a step its state does not allow).
    func run(_ req: Request, viewer: WebViewer, notice n: SupervisionNoticeRecord, replyText: String,
             _ action: (WriteContext) async throws -> Void) async throws -> Response {
        do {
            try await action(req.writeContext(actor: viewer.auditActor))
        } catch let refusal as SupervisionRefusal {
            let message = Wording.notice(refusal).values.sorted().joined(separator: "")
            return try await renderNotice(req, viewer: viewer, notice: n, error: message, replyText: replyText,
                                          status: refusal.transition == nil ? .unprocessableEntity : .conflict)
        }
        req.flash("\(n.number)：\(n.coreState.label)。")
        return req.redirect(to: WebLink.notice(n.id!), redirectType: .normal)
    }
}
