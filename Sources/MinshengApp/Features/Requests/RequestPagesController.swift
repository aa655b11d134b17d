import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// The staff pages of 接诉即办: the hotline's queue and intake form, a unit's inbox, a request's
/// page with its steps, the rankings, the clusters, the platform import and the settings. Every
/// write goes through ``RequestActions`` like the API.
struct RequestPagesController {
    // MARK: lists

    func queue(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.routeRequest)
        let state = req.query[String.self, at: "state"].flatMap(RequestState.init(rawValue:))
        let page = max(1, req.query[Int.self, at: "page"] ?? 1)
        let result = try await RequestQueries.hotlineQueue(state: state, page: page, per: 50, on: req.db)
        let counts = try await RequestQueries.stateCounts(on: req.db)
        let waiting = RequestState.allCases.filter(\.awaitsHotline)
        var tabs = [HotlineQueuePage.Tab(label: "全部待办", href: SitePath.hotline(), count: waiting.reduce(0) { $0 + (counts[$1.rawValue] ?? 0) },
                                         current: state == nil)]
        for s in waiting + [.dispatched, .handling, .closed] {
            tabs.append(.init(label: s.label, href: SitePath.hotline(query: [("state", s.rawValue)]), count: counts[s.rawValue] ?? 0,
                              current: state == s))
        }
        let rows = try await self.rows(result.rows, req: req)
        let notes = try await notifications(req, role: .hotline, unitID: nil)
        let body = HotlineQueuePage(shell: WebShell.make(req, title: "工单队列"), tabs: tabs, rows: rows, total: result.total,
                                    notifications: notes, newHref: SitePath.newRequest(), importHref: SitePath.requestImport())
        return try await req.view.render("Requests/queue", body).encodeResponse(for: req).get()
    }

    func inbox(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        guard viewer.role.isBoundToUnit, let unitID = viewer.unitID else { throw WebError.forbidden }
        let page = max(1, req.query[Int.self, at: "page"] ?? 1)
        let result = try await RequestQueries.inbox(unitID: UnitID(unitID), page: page, per: 100, on: req.db)
        let assisting = try await RequestQueries.assisting(unitID: UnitID(unitID), on: req.db)
        let body = InboxPage(shell: WebShell.make(req, title: "诉求办理"), unitName: viewer.unitName ?? "",
                             rows: try await rows(result.rows, req: req), total: result.total,
                             assisting: try await rows(assisting, req: req),
                             notifications: try await notifications(req, role: nil, unitID: unitID),
                             scoreHref: SitePath.requestUnitScore(unitID))
        return try await req.view.render("Requests/inbox", body).encodeResponse(for: req).get()
    }

    func rows(_ records: [CitizenRequestRecord], req: Request) async throws -> [RequestRow] {
        guard !records.isEmpty else { return [] }
        let units = try await RequestQueries.unitNames(records.compactMap { $0.$leadUnit.id ?? $0.$suggestedUnit.id }, on: req.db)
        let categories = try await RequestQueries.categoryNames(on: req.db)
        let calendar = try await req.application.workCalendar.calendar(on: req.db, now: req.clock.now())
        let limits = try await RequestSettings.limits(on: req.db)
        return records.map { r in
            RequestRow.make(r, units: units, categories: categories,
                            stage: r.currentDue.map { LimitStage.of(due: $0, today: req.today, calendar: calendar, limits: limits) })
        }
    }

    /// The latest 10 notifications of the last 14 days for a role's queue or a unit.
    func notifications(_ req: Request, role: Role?, unitID: UUID?) async throws -> [NotificationRow] {
        var q = NotificationRecord.query(on: req.db).filter(\.$createdAt >= req.clock.now().addingTimeInterval(-14 * 86_400))
        if let unitID { q = q.filter(\.$unit.$id == unitID) } else if let role { q = q.filter(\.$role == role.rawValue) }
        return try await q.sort(\.$createdAt, .descending).limit(10).all()
            .map { NotificationRow(text: $0.text, href: $0.link, at: WebFormat.timestamp($0.createdAt), unread: $0.readAt == nil) }
    }

    /// 全部标为已读: the viewer's queue (the hotline's) or unit's notifications.
    func markRead(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        let ctx = req.writeContext(actor: viewer.auditActor)
        if viewer.role.isBoundToUnit {
            guard let unitID = viewer.unitID else { throw WebError.forbidden }
            try await RequestActions.markNotificationsRead(unitID: UnitID(unitID), role: nil, in: ctx)
            return req.redirect(to: SitePath.requestInbox(), redirectType: .normal)
        }
        try await RequestActions.markNotificationsRead(unitID: nil, role: .hotline, in: ctx)
        return req.redirect(to: SitePath.hotline(), redirectType: .normal)
    }

    // MARK: intake

    struct IntakeForm: Content {
        var kind: String?
        var categoryCode: String?
        var text: String?
        var requesterName: String?
        var requesterPhone: String?
        var confidential: String?
        var address: String?
        var district: String?
        var street: String?
        var lat: String?
        var long: String?
        var urgency: String?
        var idempotencyKey: String?
    }

    func newForm(req: Request) async throws -> Response {
        try await req.webViewer().require(.takeRequest)
        return try await renderIntake(req, form: IntakeForm(kind: RequestKind.help.rawValue, idempotencyKey: UUID().uuidString),
                                      errors: [:], status: .ok)
    }

    func renderIntake(_ req: Request, form: IntakeForm, errors: [String: String], status: HTTPStatus) async throws -> Response {
        let categories = try await RequestCategoryRecord.query(on: req.db).filter(\.$active == true).sort(\.$code).all()
        let values: [String: String] = [
            "text": form.text ?? "", "requesterName": form.requesterName ?? "", "requesterPhone": form.requesterPhone ?? "",
            "address": form.address ?? "", "district": form.district ?? "", "street": form.street ?? "",
            "lat": form.lat ?? "", "long": form.long ?? "", "idempotencyKey": form.idempotencyKey ?? UUID().uuidString,
        ]
        let page = IntakePage(
            shell: WebShell.make(req, title: "登记诉求"), action: SitePath.requests(),
            kinds: RequestKind.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, selected: form.kind == $0.rawValue) },
            categories: categories.map {
                ChoiceOption(value: $0.code, label: ($0.code.count > 2 ? "　" : "") + "\($0.code) \($0.name)", selected: form.categoryCode == $0.code)
            },
            urgencies: RequestUrgency.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, selected: (form.urgency ?? "normal") == $0.rawValue) },
            form: values, confidential: form.confidential != nil, errors: errors, hasErrors: !errors.isEmpty)
        let response = try await req.view.render("Requests/new", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }

    func create(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.takeRequest)
        let form = try req.content.decode(IntakeForm.self)
        var errors: [String: String] = [:]
        func number(_ text: String?, _ field: String) -> Double? {
            guard let t = blankToNil(text) else { return nil }
            guard let v = Double(t) else { errors[field] = Wording.request(.badCoordinates, field: field); return nil }
            return v
        }
        var intake = RequestActions.Intake(channel: .hotline)
        intake.kind = form.kind ?? ""
        intake.categoryCode = form.categoryCode ?? ""
        intake.text = form.text ?? ""
        intake.requesterName = form.requesterName
        intake.requesterPhone = form.requesterPhone
        intake.confidential = form.confidential != nil
        intake.address = form.address
        intake.district = form.district
        intake.street = form.street
        intake.lat = number(form.lat, "lat")
        intake.long = number(form.long, "long")
        intake.urgency = form.urgency
        intake.idempotencyKey = blankToNil(form.idempotencyKey).map { "web:\(viewer.user.id?.uuidString ?? ""):\($0)" }
        guard errors.isEmpty else { return try await renderIntake(req, form: form, errors: errors, status: .unprocessableEntity) }
        do {
            let taken = try await RequestActions.take(intake, in: req.writeContext(actor: viewer.auditActor), batcher: req.application.intakeBatcher)
            req.flash("已受理，工单号 \(taken.request.trackingNumber)。请核对相似诉求后派单。")
            return req.redirect(to: SitePath.request(taken.request.id!), redirectType: .normal)
        } catch let refusal as RequestRefusal {
            return try await renderIntake(req, form: form, errors: Wording.request(refusal), status: .unprocessableEntity)
        }
    }

    // MARK: one request

    func load(_ req: Request, viewer: WebViewer) async throws -> (CitizenRequestRecord, Subject) {
        // By id or by tracking number: an operator on the phone types the number the citizen reads out.
        guard let key = req.parameters.get("id"), key.count <= 40,
              let r = try await RequestQueries.find(key, on: req.db) else { throw WebError.notFound }
        let subject = try await RequestQueries.subject(r, on: req.db)
        guard viewer.may(.readRequest, on: subject) else { throw WebError.notFound }
        return (r, subject)
    }

    func show(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        let (r, subject) = try await load(req, viewer: viewer)
        return try await render(req, viewer: viewer, r, subject: subject, showIdentity: !r.confidential, error: nil, status: .ok)
    }

    /// A 保密 request's name and phone, for those who may see them; the view is audited.
    func identity(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        let (r, subject) = try await load(req, viewer: viewer)
        try viewer.require(.readRequesterIdentity, on: subject)
        if r.confidential { try await RequestPrivacy.recordView(r, by: viewer.user, in: req.writeContext(actor: viewer.auditActor)) }
        return try await render(req, viewer: viewer, r, subject: subject, showIdentity: true, error: nil, status: .ok)
    }

    func render(_ req: Request, viewer: WebViewer, _ r: CitizenRequestRecord, subject: Subject, showIdentity: Bool,
                error: String?, status: HTTPStatus) async throws -> Response {
        let mayIdentity = viewer.may(.readRequesterIdentity, on: subject)
        let visible = mayIdentity && showIdentity
        let events = try await RequestEventRecord.query(on: req.db).filter(\.$request.$id == r.id!).sort(\.$at)
            .with(\.$user).all()
        let coIDs = try await RequestCoUnitRecord.query(on: req.db).filter(\.$request.$id == r.id!).all().map { $0.$unit.id }
        let allUnits = try await UnitRecord.query(on: req.db).sort(\.$name).all()
        let names = Dictionary(uniqueKeysWithValues: allUnits.map { ($0.id!, $0.name) })
        let row = try await rows([r], req: req)[0]
        let merged = try await CitizenRequestRecord.query(on: req.db).filter(\.$mergedInto == r.id!).all()
        let master = try await r.mergedInto.asyncMap { try await CitizenRequestRecord.find($0, on: req.db) } ?? nil
        var similar: [RequestPage.SimilarRow] = []
        if viewer.may(.routeRequest, on: subject), !r.coreState.isTerminal {
            similar = try await RequestQueries.similar(to: r, on: req.db).map { other, match in
                .init(trackingNumber: other.trackingNumber, href: SitePath.request(other.id!),
                      excerpt: String(other.text.prefix(60)), score: String(format: "%.0f%%", match.textScore * 100),
                      near: match.near, stateLabel: other.coreState.label)
            }
        }
        let steps: [RequestPage.StepForm] = RequestStepName.allCases.filter { $0.isOpen(for: r) && viewer.may($0.action, on: subject) }
            .map { .init(name: $0.rawValue, label: $0.label, action: SitePath.requestStep(r.id!, $0.rawValue),
                         fields: RequestPage.fields($0), danger: [.return, .sendBack, .rejectReply, .unreasonable, .redo].contains($0)) }
        let photos = try await RequestPhotoRecord.query(on: req.db).filter(\.$request.$id == r.id!).sort(\.$createdAt).all()
        let mayAddPhoto = !r.coreState.isTerminal && (viewer.may(.routeRequest, on: subject) || viewer.may(.handleRequest, on: subject))
        let candidate = try await r.candidateID.asyncMap { try await CandidateProjectRecord.find($0, on: req.db) } ?? nil
        let commitment = try await r.$commitment.id.asyncMap { try await CommitmentRecord.find($0, on: req.db) } ?? nil
        let place = [r.district, r.street, r.address].compactMap { $0 }.joined(separator: " ")
        let page = RequestPage(
            shell: WebShell.make(req, title: "工单 \(r.trackingNumber)"), row: row,
            channel: RequestChannel(rawValue: r.channel)?.label ?? r.channel,
            requesterName: try r.requesterName(req.application.dataKeys).map { visible ? $0 : PersonalData.maskName($0) } ?? "匿名",
            requesterPhone: try r.requesterPhone(req.application.dataKeys).map { visible ? $0 : PersonalData.maskPhone($0) } ?? "",
            identityHref: mayIdentity && !visible && r.hasRequester ? SitePath.requestIdentity(r.id!) : nil,
            confidential: r.confidential, text: r.text, place: place.isEmpty ? "未注明" : place,
            coordinates: r.lat.flatMap { lat in r.long.map { String(format: "%.5f, %.5f", lat, $0) } },
            coUnits: coIDs.compactMap { names[$0] }.joined(separator: "、"),
            suggestedUnit: r.$leadUnit.id == nil ? r.$suggestedUnit.id.flatMap { names[$0] } : nil,
            signForDue: r.signForDue.flatMap(CivilDate.init).map(WebFormat.date) ?? "",
            handlingDue: r.handlingDue.flatMap(CivilDate.init).map(WebFormat.date) ?? "",
            reply: r.replyText,
            callback: r.coreResolution.map { res in "\(res.label)，\(r.coreSatisfaction?.label ?? "")" },
            extensionText: r.extensionState.map { state in
                let label = ["requested": "待审批", "approved": "已同意", "refused": "未同意"][state] ?? state
                return "\(label)：延至 \(r.extensionDue ?? "")，\(r.extensionReason ?? "")"
            },
            mergedInto: master.map { .init(text: $0.trackingNumber, href: SitePath.request($0.id!)) },
            merged: merged.map { .init(text: $0.trackingNumber, href: SitePath.request($0.id!)) },
            noticeHref: r.noticeID.map { SitePath.notice($0) },
            commitment: commitment.map { .init(text: "\($0.number) \($0.title)", href: SitePath.commitment($0.id!)) },
            candidate: candidate.map { "\($0.year)年候选项目：\($0.title)" },
            unreasonableReason: r.unreasonable ? (r.unreasonableReason ?? "") : nil,
            events: events.map { e in
                .init(at: WebFormat.timestamp(e.at), label: RequestPage.eventLabel(e.step),
                      who: e.user.map { $0.displayName ?? $0.name } ?? "系统", unit: e.$unit.id.flatMap { names[$0] } ?? "", note: e.note)
            },
            photos: photos.map { .init(href: SitePath.requestPhoto($0.id!), filename: $0.filename) },
            photoAction: mayAddPhoto ? SitePath.requestPhotos(r.id!) : nil,
            steps: steps, similar: similar, error: error,
            units: allUnits.map { ChoiceOption(value: $0.id!.uuidString, label: $0.name,
                                         selected: $0.id == (r.$leadUnit.id ?? r.$suggestedUnit.id)) },
            resolutions: Resolution.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, selected: false) },
            satisfactions: Satisfaction.allCases.reversed().map { ChoiceOption(value: String($0.rawValue), label: $0.label, selected: false) })
        let response = try await req.view.render("Requests/show", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }

    /// A step's form as posted (all text, so an empty choice is a field problem, not a 400).
    struct StepForm: Content {
        var unitID: String?
        var coUnitIDs: [String]?
        var note: String?
        var reason: String?
        var text: String?
        var resolution: String?
        var satisfaction: String?
        var into: String?
        var newDue: String?
    }

    func step(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        let (r, subject) = try await load(req, viewer: viewer)
        guard let name = req.parameters.get("step").flatMap(RequestStepName.init(rawValue:)) else { throw WebError.notFound }
        try viewer.require(name.action, on: subject)
        let form = try req.content.decode(StepForm.self)
        var input = RequestStepInput(unitID: form.unitID, coUnitIDs: form.coUnitIDs, note: form.note, reason: form.reason,
                                     text: form.text, resolution: form.resolution, into: form.into, newDue: form.newDue)
        if let s = blankToNil(form.satisfaction) {
            guard let value = Int(s) else {
                return try await render(req, viewer: viewer, r, subject: subject, showIdentity: !r.confidential,
                                        error: Wording.request(.unknown(s), field: "satisfaction"), status: .unprocessableEntity)
            }
            input.satisfaction = value
        }
        do {
            try await RequestActions.run(name, on: r, input: input, in: req.writeContext(actor: viewer.auditActor))
        } catch let refusal as RequestRefusal {
            let message = Wording.request(refusal).sorted { $0.key < $1.key }.map(\.value).joined(separator: "")
            return try await render(req, viewer: viewer, r, subject: subject, showIdentity: !r.confidential, error: message,
                                    status: refusal.flow == nil ? .unprocessableEntity : .conflict)
        }
        req.flash("工单 \(r.trackingNumber)：\(name.label)完成，当前状态：\(r.coreState.label)。")
        return req.redirect(to: SitePath.request(r.id!), redirectType: .normal)
    }

    // MARK: photos

    struct PhotoForm: Content { var file: File? }

    func addPhoto(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        let (r, subject) = try await load(req, viewer: viewer)
        guard viewer.may(.routeRequest, on: subject) || viewer.may(.handleRequest, on: subject) else { throw WebError.forbidden }
        let file = (try? req.content.decode(PhotoForm.self))?.file
        do {
            let photo = try await RequestPhotos.add(file.map { Array($0.data.readableBytesView) } ?? [], filename: file?.filename,
                                                    to: r, by: viewer.user, app: req.application,
                                                    in: req.writeContext(actor: viewer.auditActor))
            req.flash("已上传照片：\(photo.filename)")
        } catch let refusal as RequestPhotos.Refusal {
            return try await render(req, viewer: viewer, r, subject: subject, showIdentity: !r.confidential,
                                    error: RequestPhotos.message(refusal), status: .unprocessableEntity)
        }
        return req.redirect(to: SitePath.request(r.id!), redirectType: .normal)
    }

    /// A photo, for those who may read its request.
    func photo(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        guard let id = req.parameters.get("id", as: UUID.self), let p = try await RequestPhotoRecord.find(id, on: req.db),
              let r = try await CitizenRequestRecord.find(p.$request.id, on: req.db) else { throw WebError.notFound }
        guard viewer.may(.readRequest, on: try await RequestQueries.subject(r, on: req.db)),
              let response = StoredFiles.inline(RequestPhotos.file(p, app: req.application), contentType: p.contentType,
                                                filename: p.filename) else { throw WebError.notFound }
        return response
    }
}
