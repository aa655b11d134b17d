import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// 月度通报 and the 项目进展表 downloads.
struct BulletinController {
    func index(req: Request) async throws -> Response {
        _ = try await req.webViewer()
        let last = req.today.yearMonth.adding(months: -1)
        return req.redirect(to: WebLink.bulletin(last.description))
    }

    func build(_ req: Request, viewer: WebViewer? = nil) async throws -> BulletinPage {
        guard let text = req.parameters.get("month"), let month = YearMonth(text) else {
            throw WebError.badRequest("月份格式应为 年-月，如 2026-06。")
        }
        let today = req.today
        let plans = try await PlanRecord.query(on: req.db).filter(\.$status == PlanStatus.published.rawValue)
            .sort(\.$createdAt).all()
        let firstYear = plans.compactMap(\.periodFrom).min()
        if let problem = BulletinIssue.problem(month: month, firstYear: firstYear, today: today) {
            throw WebError.badRequest(Wording.bulletin(problem))
        }
        let asOf = min(month.lastDay, today)
        var snapshots: [WebPlanSnapshot] = []
        for p in plans {
            if asOf == today {
                snapshots.append(try await WebQueries.snapshot(p.id!, req: req))
            } else {
                let facts = try await PlanQueries.facts(planID: p.id!, on: req.db)
                snapshots.append(WebPlanSnapshot.make(facts: facts, today: asOf))
            }
        }
        let notices = try await SupervisionNoticeRecord.query(on: req.db).with(\.$unit).all()
        let facts = notices.compactMap { n -> BulletinPage.NoticeFact? in
            guard let issued = n.issuedDate, let deadline = n.deadlineDate else { return nil }
            return .init(id: n.id!, number: n.number, unit: n.unit.name, state: n.coreState, issuedOn: issued,
                         closedOn: n.closedOn.flatMap(CivilDate.init), deadline: deadline)
        }
        var page = BulletinPage.make(shell: WebShell.make(req, title: "\(WebFormat.month(month))通报"), month: month, asOf: asOf,
                                     today: today, snapshots: snapshots, notices: facts)
        page.requests = try await RequestQueries.monthSummary(month, on: req.db)
        page.issue = .defaults(page: page, month: month, firstYear: firstYear ?? today.year,
                               planIssuer: plans.first?.issuer, today: today)
        if let stored = try await BulletinActions.issue(of: month, on: req.db) {
            page.issue.fill(from: stored)
            page.issueSaved = true
        }
        page.issueDateText = CivilDate(page.issue.date).map(WebFormat.date) ?? ""
        page.canSaveIssue = viewer?.may(.issueNotice) ?? false
        page.issueSaveHref = SitePath.bulletinIssue(month)
        return page
    }

    /// The bulletin as a 公文 (.docx, GB/T 9704): the page's figures, with the 期号, 印发单位,
    /// 印发日期, 主要问题 and 下步工作要求 as the coordinator set them on the page (else the defaults).
    func docx(req: Request) async throws -> Response {
        _ = try await req.webViewer()
        let page = try await build(req)
        var fields = page.issue
        // Each field on its own: a query naming only some keeps the defaults of the others.
        func field(_ key: String) -> String { req.query[String.self, at: key] ?? "" }
        fields.fill(from: .init(number: field("number"), issuer: field("issuer"), date: field("date"),
                                problems: field("problems"), requirements: field("requirements")))
        guard let date = CivilDate(fields.date) else { throw WebError.badRequest("印发日期格式应为 年-月-日，如 2026-07-03。") }
        guard let number = Int(fields.number.trimmingCharacters(in: .whitespaces)), number > 0, number < 10_000 else {
            throw WebError.badRequest("期号应为正整数，如 6。")
        }
        let doc = page.officialDocument(number: number, issuer: fields.issuer, date: date, problems: fields.problems,
                                        requirements: fields.requirements)
        let data = try DocxWriter.data(doc, modified: req.clock.now())
        return Response.download(data, filename: "民生实事\(page.month)通报（第\(number)期）.docx",
                                 type: HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.wordprocessingml.document"))
    }

    func show(req: Request) async throws -> Response {
        try await render(req, fields: nil, errors: [:], status: .ok)
    }

    func render(_ req: Request, fields: BulletinPage.IssueFields?, errors: [String: String], status: HTTPStatus) async throws -> Response {
        let viewer = try await req.webViewer()
        var page = try await build(req, viewer: viewer)
        if let fields { page.issue = fields }
        page.issueErrors = errors.keys.sorted().compactMap { errors[$0] }
        page.hasIssueErrors = !errors.isEmpty
        let response = try await req.view.render("Overview/bulletin", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }

    struct IssueForm: Content {
        var number: String?
        var issuer: String?
        var date: String?
        var problems: String?
        var requirements: String?
    }

    /// Saves the month's 期号, 印发单位, 印发日期, 主要问题 and 下步工作要求 (audited); the page,
    /// print and .docx use them from then on. Every problem is shown at once and the typed text kept.
    func saveIssue(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.issueNotice)
        guard let text = req.parameters.get("month"), let month = YearMonth(text) else {
            throw WebError.badRequest("月份格式应为 年-月，如 2026-06。")
        }
        let form = try req.content.decode(IssueForm.self)
        let fields = BulletinPage.IssueFields(number: form.number ?? "", issuer: form.issuer ?? "", date: form.date ?? "",
                                              problems: form.problems ?? "", requirements: form.requirements ?? "")
        do {
            try await BulletinActions.save(month: month, fields: fields, in: req.writeContext(actor: viewer.auditActor))
        } catch let rejection as Rejection {
            return try await render(req, fields: fields, errors: ErrorMapping.apiError(for: rejection).fields, status: .unprocessableEntity)
        }
        req.flash("已保存\(WebFormat.month(month))通报：第\(fields.number.trimmingCharacters(in: .whitespaces))期。")
        return req.redirect(to: WebLink.bulletin(month.description), redirectType: .normal)
    }

    func xlsx(req: Request) async throws -> Response {
        _ = try await req.webViewer()
        let page = try await build(req)
        let data = try XlsxWriter.data(sheets: page.sheets(), modified: req.clock.now())
        return Response.download(data, filename: "民生实事\(page.month)通报.xlsx",
                             type: HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    }

    func progressTable(_ req: Request) async throws -> (WebPlanSnapshot, [[XlsxCell]]) {
        let viewer = try await req.webViewer()
        guard let id = req.parameters.get("id", as: UUID.self) else { throw WebError.notFound }
        let s = try await WebQueries.snapshot(id, req: req)
        if s.status == .draft { try viewer.require(.readDraft) }
        let latest = try await Self.latestTexts(planID: id, on: req.db)
        return (s, ProgressTable.rows(s, latest: latest))
    }

    func progressXlsx(req: Request) async throws -> Response {
        let (s, rows) = try await progressTable(req)
        let sheet = XlsxSheet(name: "项目进展表", rows: rows, columnWidths: ProgressTable.widths)
        let data = try XlsxWriter.data(sheets: [sheet], modified: req.clock.now())
        return Response.download(data, filename: "\(s.title)项目进展表.xlsx",
                             type: HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    }

    func progressCSV(req: Request) async throws -> Response {
        let (s, rows) = try await progressTable(req)
        return Response.download(CSVWriter.data(rows: rows), filename: "\(s.title)项目进展表.csv",
                             type: HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"]))
    }

    /// The latest consolidated report's texts per commitment of a plan.
    static func latestTexts(planID: UUID, on db: any Database) async throws -> [UUID: ProgressTable.Latest] {
        let reports = try await ProgressReportRecord.query(on: db)
            .join(CommitmentRecord.self, on: \ProgressReportRecord.$commitment.$id == \CommitmentRecord.$id)
            .filter(CommitmentRecord.self, \.$plan.$id == planID)
            .sort(\.$period).all()
        var out: [UUID: ProgressTable.Latest] = [:]
        for r in reports {
            out[r.$commitment.id] = .init(narrative: r.narrative, problems: r.problems, nextSteps: r.nextSteps)
        }
        return out
    }
}
