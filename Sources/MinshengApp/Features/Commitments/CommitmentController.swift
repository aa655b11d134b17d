import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// The commitment page and what can be added to it: 批示, comments, attachments.
struct CommitmentController {
    struct NoteForm: Content { var text: String? }

    struct Loaded {
        var facts: PlanFacts
        var item: CommitmentFacts
        var subject: Subject
    }

    func load(_ req: Request) async throws -> Loaded {
        guard let id = req.parameters.get("id", as: UUID.self) else { throw WebError.notFound }
        return try await load(req, commitmentID: id)
    }

    func load(_ req: Request, commitmentID id: UUID) async throws -> Loaded {
        guard let record = try await CommitmentRecord.find(id, on: req.db) else { throw WebError.notFound }
        let facts = try await PlanQueries.facts(planID: record.$plan.id, onlyCommitment: id, on: req.db)
        guard let item = facts.commitments.first else { throw WebError.notFound }
        let status = PlanStatus(rawValue: facts.plan.status) ?? .draft
        return Loaded(facts: facts, item: item,
                      subject: .commitment(planStatus: status, leadUnits: item.commitment.leadUnits.map(\.id),
                                           supportUnits: item.commitment.supportUnits.map(\.id)))
    }

    /// The page. Its body is kept per (commitment, plan revision, day, what the viewer may do)
    /// (``CommitmentPageCache``): one small query confirms the revision, and only the layout
    /// (who is signed in, the flash, the CSRF token) is made per request.
    func show(req: Request) throws -> EventLoopFuture<Response> {
        guard let id = req.parameters.get("id", as: UUID.self) else { throw WebError.notFound }
        guard let viewer = try req.keptWebViewer() else {
            return req.eventLoop.makeFutureWithTask { try await self.show(req, id: id, revision: nil) }
        }
        let cache = req.application.commitmentPages
        let now = req.clock.now()
        let recheck = req.application.planReadCache.recheckInterval
        if let kept = cache.confirmed(id, day: req.today, now: now, within: recheck),
           let response = Self.keptResponse(req, viewer: viewer, kept) {
            return req.eventLoop.makeSucceededFuture(response)
        }
        return PlanRevision.ofCommitment(id, on: req.db).flatMap { revision in
            guard let revision else { return req.eventLoop.makeFailedFuture(WebError.notFound) }
            if let kept = cache.entry(id, revision: revision, day: req.today) {
                cache.confirm(id, revision: revision, now: now)
                guard Self.mayRead(viewer, kept.subject) else { return req.eventLoop.makeFailedFuture(WebError.forbidden) }
                if let response = Self.keptResponse(req, viewer: viewer, kept) {
                    return req.eventLoop.makeSucceededFuture(response)
                }
            }
            return req.eventLoop.makeFutureWithTask { try await self.show(req, id: id, revision: revision) }
        }
    }

    /// The kept page for this viewer, when its body and layout are both kept and the viewer may read it.
    static func keptResponse(_ req: Request, viewer: WebViewer, _ kept: CommitmentPageCache.Entry) -> Response? {
        guard mayRead(viewer, kept.subject), let body = kept.bodies[rights(viewer, kept.subject)] else { return nil }
        return KeptPage.keptResponse(req, title: kept.title, body: body)
    }

    /// The page when something of it is not kept yet: the body is built (and kept) if missing.
    func show(_ req: Request, id: UUID, revision known: Int?) async throws -> Response {
        let viewer = try await req.webViewer()
        let revision: Int
        if let known {
            revision = known
        } else {
            guard let read = try await PlanRevision.ofCommitment(id, on: req.db) else { throw WebError.notFound }
            revision = read
        }
        let cache = req.application.commitmentPages
        let today = req.today
        if let kept = cache.entry(id, revision: revision, day: today) {
            guard Self.mayRead(viewer, kept.subject) else { throw WebError.forbidden }
            if let body = kept.bodies[Self.rights(viewer, kept.subject)] {
                return try await present(req, title: kept.title, body: body, status: .ok)
            }
        }
        let l = try await load(req, commitmentID: id)
        guard Self.mayRead(viewer, l.subject) else { throw WebError.forbidden }
        let body = KeptPage.Segments(try await renderBody(req, viewer: viewer, l, error: nil))
        cache.store(id, planID: l.facts.plan.id!, revision: l.facts.plan.revision, day: today, now: req.clock.now(),
                    title: l.item.commitment.title, subject: l.subject, rights: Self.rights(viewer, l.subject), body: body)
        return try await present(req, title: l.item.commitment.title, body: body, status: .ok)
    }

    /// The page made afresh, with a message (a refused note or upload): never kept.
    func render(_ req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let viewer = try await req.webViewer()
        let l = try await load(req)
        guard Self.mayRead(viewer, l.subject) else { throw WebError.forbidden }
        let body = KeptPage.Segments(try await renderBody(req, viewer: viewer, l, error: error))
        return try await present(req, title: l.item.commitment.title, body: body, status: status)
    }

    static func mayRead(_ viewer: WebViewer, _ subject: Subject) -> Bool {
        viewer.may(.readPublished, on: subject) || viewer.may(.readDraft, on: subject)
    }

    /// What the viewer may do on the page, as a key: the body differs only by these.
    static func rights(_ viewer: WebViewer, _ subject: Subject) -> String {
        [viewer.may(.writeInstruction, on: subject), viewer.may(.comment, on: subject), mayAttach(viewer, subject),
         viewer.may(.submitReport, on: subject), viewer.may(.issueNotice, on: subject),
         viewer.may(.reopenReport, on: subject)].map { $0 ? "1" : "0" }.joined()
    }

    /// The page's body (`Commitments/body`), with the CSRF token's slot in its forms.
    func renderBody(_ req: Request, viewer: WebViewer, _ l: Loaded, error: String?) async throws -> String {
        let typedID = l.item.commitment.id
        let id = typedID.rawValue
        let reports = try await ProgressReportRecord.query(on: req.db).filter(\.$commitment.$id == id).all()
        let contributions = try await ReportContributionRecord.query(on: req.db).filter(\.$commitment.$id == id)
            .with(\.$unit).all().map { ($0, unit: $0.unit.name) }
        let notes = try await CommitmentNoteRecord.query(on: req.db).filter(\.$commitment.$id == id).all()
        let attachments = try await AttachmentRecord.query(on: req.db).filter(\.$commitment.$id == id).all()
        var shell = WebShell.bare(title: l.item.commitment.title)
        shell.csrfToken = KeptPage.Slot.csrfToken.rawValue
        let page = CommitmentPage.make(
            shell: shell, facts: l.item, planTitle: l.facts.plan.title,
            rules: l.facts.rules, today: req.today, reports: reports, contributions: contributions, notes: notes,
            attachments: attachments,
            canInstruct: viewer.may(.writeInstruction, on: l.subject), canComment: viewer.may(.comment, on: l.subject),
            canAttach: Self.mayAttach(viewer, l.subject), canReport: viewer.may(.submitReport, on: l.subject),
            canIssueNotice: viewer.may(.issueNotice, on: l.subject), canReopen: viewer.may(.reopenReport, on: l.subject),
            canPublishPhotos: viewer.role == .coordinator || viewer.role == .admin,
            objections: try await RequestQueries.objections(commitment: CommitmentID(id), keys: req.application.dataKeys, on: req.db),
            error: error)
        let view = try await req.view.render("Commitments/body", page).get()
        return String(buffer: view.data)
    }

    /// The layout around a body, with this request's user, CSRF token and flash.
    func present(_ req: Request, title: String, body: KeptPage.Segments, status: HTTPStatus) async throws -> Response {
        try await KeptPage.response(req, title: title, body: body, status: status)
    }

    /// The responsible unit's clerk and coordinators may attach evidence.
    static func mayAttach(_ viewer: WebViewer, _ subject: Subject) -> Bool {
        viewer.may(.submitReport, on: subject) || viewer.may(.editPlan, on: subject)
    }

    func instruct(req: Request) async throws -> Response {
        try await addNote(req, kind: .instruction, action: .writeInstruction)
    }

    func comment(req: Request) async throws -> Response {
        try await addNote(req, kind: .comment, action: .comment)
    }

    func addNote(_ req: Request, kind: CommitmentNoteRecord.Kind, action: Action) async throws -> Response {
        let viewer = try await req.webViewer()
        let l = try await load(req)
        try viewer.require(action, on: l.subject)
        let text = try req.content.decode(NoteForm.self).text ?? ""
        let id = l.item.commitment.id
        do {
            try await CommitmentActions.addNote(kind, text: text, to: id, planID: l.facts.planID, by: viewer.user,
                                                in: req.writeContext(actor: viewer.auditActor))
        } catch let refusal as NoteRefusal {
            return try await render(req, error: Wording.note(refusal, kind: kind), status: .unprocessableEntity)
        }
        req.flash(kind == .instruction ? "批示已保存。" : "意见已保存。")
        return req.redirect(to: WebLink.commitment(id.rawValue), redirectType: .normal)
    }

    /// 退回重报: a coordinator reopens a locked month so the unit can correct it.
    func reopen(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        let l = try await load(req)
        try viewer.require(.reopenReport, on: l.subject)
        guard let period = req.parameters.get("period").flatMap(YearMonth.init) else {
            throw WebError.badRequest("月份格式应为 年-月，如 2026-06。")
        }
        // A support unit's contribution when the form names the unit (by id); else the lead unit's report.
        let form = try? req.content.decode(ReopenForm.self)
        let unitID = form?.unitID.flatMap(UUID.init(uuidString:)).map { UnitID($0) }
        do {
            try await ReportActions.reopen(commitmentID: l.item.commitment.id, planID: l.facts.planID, period: period,
                                           unit: unitID, reason: form?.reason ?? "", in: req.writeContext(actor: viewer.auditActor))
        } catch let rejection as ReportRejection {
            return try await render(req, error: Wording.report(rejection) + "。",
                                    status: rejection.isConflict ? .conflict : .unprocessableEntity)
        }
        let unitName = if let unitID { try await UnitRecord.find(unitID.rawValue, on: req.db)?.name } else { String?.none }
        req.flash("已退回\(unitName.map { $0 + "的" } ?? "")\(WebFormat.month(period))进展，填报单位将在“我的任务”中看到退回理由。")
        return req.redirect(to: WebLink.commitment(l.item.commitment.id.rawValue), redirectType: .normal)
    }

    struct ReopenForm: Content {
        /// The support unit whose contribution is returned; absent for the lead unit's report.
        var unitID: String?
        /// 退回理由, shown to the unit.
        var reason: String?
    }

    struct UploadForm: Content { var file: File? }

    func upload(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        let l = try await load(req)
        guard Self.mayAttach(viewer, l.subject) else { throw WebError.forbidden }
        let form = try? req.content.decode(UploadForm.self)
        guard let file = form?.file else { return try await render(req, error: AttachmentCheck.message(.empty), status: .unprocessableEntity) }
        let bytes = Array(file.data.readableBytesView)
        let kind: AttachmentCheck.Kind
        do { kind = try AttachmentCheck.kind(of: bytes) } catch {
            return try await render(req, error: AttachmentCheck.message(error),
                                    status: error == .tooLarge ? .payloadTooLarge : .unsupportedMediaType)
        }
        let directory = StoredFiles.directory("attachments", req.application)
        let id = l.item.commitment.id
        let record = try await CommitmentActions.attach(bytes, kind: kind, filename: file.filename, to: id, planID: l.facts.planID,
                                                        by: viewer.user, storingIn: directory,
                                                        in: req.writeContext(actor: viewer.auditActor))
        req.flash("已上传附件：\(record.filename)")
        return req.redirect(to: WebLink.commitment(id.rawValue), redirectType: .normal)
    }

    /// Removes a file attached by mistake: whoever may attach to the commitment may remove. The
    /// audit trail keeps its name, size and SHA-256; the stored file is deleted.
    func deleteAttachment(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        guard let id = req.parameters.get("id", as: UUID.self),
              let attachment = try await AttachmentRecord.find(id, on: req.db) else { throw WebError.notFound }
        let commitmentID = attachment.$commitment.id
        let l = try await load(req, commitmentID: commitmentID)
        guard Self.mayAttach(viewer, l.subject) else { throw WebError.forbidden }
        try await CommitmentActions.detach(attachment, planID: l.facts.planID, in: req.writeContext(actor: viewer.auditActor))
        try? FileManager.default.removeItem(at: Self.storedFile(attachment, req: req))
        req.flash("已删除附件：\(attachment.filename)")
        return req.redirect(to: WebLink.commitment(commitmentID), redirectType: .normal)
    }

    /// 公开/取消公开 a photo on the portal: coordinators and admins, for image attachments.
    func togglePublic(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        guard let id = req.parameters.get("id", as: UUID.self),
              let attachment = try await AttachmentRecord.find(id, on: req.db) else { throw WebError.notFound }
        guard attachment.contentType.hasPrefix("image/") else { throw WebError.badRequest("只有照片可以公开。") }
        let l = try await load(req, commitmentID: attachment.$commitment.id)
        try await CommitmentActions.setPublic(attachment, !attachment.isPublic, planID: l.facts.planID,
                                              in: req.writeContext(actor: viewer.auditActor))
        req.flash(attachment.isPublic ? "已在公众页面公开照片：\(attachment.filename)" : "已取消公开：\(attachment.filename)")
        return req.redirect(to: WebLink.commitment(attachment.$commitment.id), redirectType: .normal)
    }

    /// Where an attachment's bytes live: `<data>/attachments/<stored name>`.
    static func storedFile(_ a: AttachmentRecord, req: Request) -> URL {
        StoredFiles.directory("attachments", req.application).appendingPathComponent(a.storedName)
    }

    func download(req: Request) async throws -> Response {
        _ = try await req.webViewer()
        guard let id = req.parameters.get("id", as: UUID.self),
              let a = try await AttachmentRecord.find(id, on: req.db) else { throw WebError.notFound }
        guard let response = StoredFiles.inline(Self.storedFile(a, req: req), contentType: a.contentType, filename: a.filename) else {
            throw WebError.notFound
        }
        return response
    }
}
