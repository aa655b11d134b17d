import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// 公示异议: while a month's published progress is open for objections (``ObjectionWindow``), a
/// citizen may dispute it. The objection is a citizen's request about the commitment and month,
/// routed at once to the commitment's lead unit; its answer, once it has gone out, is published
/// next to the month on the commitment's public page (and shows on the staff page).
struct PortalObjections {
    /// The catalogue's category for objections (seeded by migration 0033).
    static let categoryCode = "1104"

    struct Page: Encodable {
        var shell: PortalShell
        var commitmentTitle: String
        var commitmentHref: String
        var month: String
        var percent: String
        var narrative: String
        var closesOn: String
        var action: String
        var values: [String: String]
        var errors: [String: String]
    }

    struct Target {
        var facts: CommitmentFacts
        var report: PortalQueries.PublishedMonth
        var window: ObjectionWindow
    }

    func form(req: Request) async throws -> Response {
        let target = try await load(req)
        return try await render(req, target, values: [:], errors: [:], status: .ok)
    }

    func submit(req: Request) async throws -> Response {
        struct Form: Content { var text: String?; var name: String?; var phone: String?; var website: String? }
        let target = try await load(req)
        let form = (try? req.content.decode(Form.self)) ?? Form()
        let values = ["text": form.text ?? "", "name": form.name ?? "", "phone": form.phone ?? ""]
        guard target.window.isOpen(on: req.today) else {
            return try await render(req, target, values: values, errors: ["body": "本月进展的公示期已结束（\(WebFormat.date(target.window.closesOn))）。"],
                                    status: .conflict)
        }
        guard (form.website ?? "").isEmpty, req.application.publicWriteLimit.allow(req.clientAddress, now: req.clock.now()) else {
            return try await render(req, target, values: values, errors: ["body": "提交过于频繁，请稍后再试。"], status: .tooManyRequests)
        }
        let c = target.facts.commitment
        var intake = RequestActions.Intake()
        intake.channel = .web
        intake.kind = RequestKind.complaint.rawValue
        intake.categoryCode = Self.categoryCode
        intake.text = form.text ?? ""
        intake.requesterName = form.name
        intake.requesterPhone = (form.phone ?? "").filter { !$0.isWhitespace && $0 != "-" }
        intake.commitmentID = c.id.rawValue
        intake.objectionPeriod = target.report.period.description
        var errors: [String: String] = [:]
        if (intake.requesterPhone ?? "").isEmpty { errors["phone"] = "手机号码：必填，用于查询答复。" }
        for (field, problem) in try await RequestActions.problems(intake, on: req.db, now: req.clock.now()) {
            let key = field == "requesterPhone" ? "phone" : field == "requesterName" ? "name" : field
            if errors[key] == nil { errors[key] = PortalRequestPages.label(field, problem, attributes: []) }
        }
        guard errors.isEmpty else { return try await render(req, target, values: values, errors: errors, status: .unprocessableEntity) }
        let ctx = req.writeContext(actor: PortalRequestPages.citizen)
        let taken = try await RequestActions.take(intake, in: ctx)
        if let lead = c.leadUnits.first {
            try await RequestActions.dispatch(taken.request, unitID: lead.id, coUnitIDs: [],
                                              note: "进展公示异议（\(WebFormat.month(target.report.period))），请核实并答复",
                                              in: req.writeContext(actor: .system))
        }
        PortalRequestPages.allowLookup(taken.request.id!, req: req)
        req.session.data["flash"] = "异议已受理，工单号 \(taken.request.trackingNumber)。牵头单位核实答复后，答复将在项目页公开。"
        return req.redirect(to: SitePath.portalLookup(query: [("n", taken.request.trackingNumber)]), redirectType: .normal)
    }

    private func load(_ req: Request) async throws -> Target {
        guard let id = req.parameters.get("id", as: UUID.self), let month = req.parameters.get("month").flatMap(YearMonth.init) else {
            throw WebError.notFound
        }
        let (_, item) = try await PortalQueries.publishedCommitment(CommitmentID(id), on: req.db)
        guard let report = try await PortalQueries.publishedMonths(commitment: id, on: req.db).first(where: { $0.period == month }) else {
            throw WebError.notFound
        }
        return Target(facts: item, report: report, window: ObjectionWindow(publishedOn: report.publishedOn))
    }

    private func render(_ req: Request, _ t: Target, values: [String: String], errors: [String: String],
                        status: HTTPStatus) async throws -> Response {
        let lang = PortalLanguage.of(req)
        let c = t.facts.commitment
        var shell = PortalShell.make(lang, title: lang.words.objection, path: req.url.path)
        shell.csrfToken = CSRF.token(for: req)
        let page = Page(shell: shell, commitmentTitle: "\(c.number) \(c.title)", commitmentHref: SitePath.portalCommitment(c.id),
                        month: WebFormat.month(t.report.period), percent: WebFormat.percent(t.report.percent),
                        narrative: t.report.narrative, closesOn: WebFormat.date(t.window.closesOn),
                        action: SitePath.portalObjection(c.id, t.report.period.description), values: values, errors: errors)
        return try await lang.page(req, "Portal/objection", page, status: status)
    }
}
