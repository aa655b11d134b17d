import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// The clerk's home and the monthly report form (save draft; submit through the same rules and
/// writes as the API).
struct ClerkController {
    func home(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        guard let unit = viewer.unit else { throw WebError.forbidden }
        let snapshots = try await WebQueries.publishedSnapshots(req: req)
        let drafts = try await ReportDraftRecord.query(on: req.db).filter(\.$unit.$id == viewer.unitID ?? UUID())
            .filter(\.$period == req.today.yearMonth.description).all()
        let returned = try await ReportQueries.returned(unit: unit.id, on: req.db)
        let page = ClerkHomePage.make(shell: WebShell.make(req, title: "我的任务"), unit: unit, snapshots: snapshots,
                                      today: req.today, drafts: Set(drafts.map { $0.$commitment.id.uuidString }), returned: returned)
        return try await req.view.render("Tracking/home", page).encodeResponse(for: req).get()
    }

    struct FormContext {
        var viewer: WebViewer
        var facts: PlanFacts
        var item: CommitmentFacts
        var row: WebCommitmentRow
        var unit: String
        var unitID: UUID
        /// The clerk's unit as Core's rules compare it (by id).
        var unitRef: UnitRef { UnitRef(id: UnitID(unitID), name: unit) }
    }

    /// Loads the commitment and checks, with Core, that the clerk's unit may report on it.
    func context(_ req: Request) async throws -> FormContext {
        let viewer = try await req.webViewer()
        guard let id = req.parameters.get("id", as: UUID.self),
              let record = try await CommitmentRecord.find(id, on: req.db) else { throw WebError.notFound }
        let facts = try await PlanQueries.facts(planID: record.$plan.id, onlyCommitment: id, on: req.db)
        guard let item = facts.commitments.first, let unit = viewer.unitName, let unitID = viewer.unitID else {
            throw WebError.notFound
        }
        try viewer.require(.submitReport, on: .commitment(item.commitment, of: facts.corePlan))
        let snapshot = WebPlanSnapshot.make(facts: facts, today: req.today)
        guard let row = snapshot.rows.first else { throw WebError.notFound }
        return FormContext(viewer: viewer, facts: facts, item: item, row: row, unit: unit, unitID: unitID)
    }

    /// Months that may be reported now: those missing, those returned (退回重报), then the current one.
    static func periods(_ ctx: FormContext, returned: [YearMonth], today: CivilDate) -> [YearMonth] {
        var list = ctx.row.missingPeriods
        for m in returned + [today.yearMonth] where !list.contains(m) { list.append(m) }
        return list.sorted()
    }

    /// Whether the clerk's unit leads the commitment (its report) or supports it (its contribution).
    func isLead(_ ctx: FormContext) -> Bool { ctx.item.commitment.relation(of: ctx.unitRef.id) == .lead }

    func form(req: Request) async throws -> Response {
        let ctx = try await context(req)
        let today = req.today
        let period = req.query[String.self, at: "period"].flatMap(YearMonth.init)?.description ?? today.yearMonth.description
        var input = ReportFormInput(period: period)
        var savedAt: Date?
        if let draft = try await ReportDraftRecord.query(on: req.db).filter(\.$commitment.$id == ctx.row.id)
            .filter(\.$unit.$id == ctx.unitID).filter(\.$period == period).first(),
           let saved = try? JSONDecoder().decode(ReportFormInput.self, from: Data(draft.payload.utf8)) {
            input = saved
            input.period = period
            savedAt = draft.updatedAt
        } else if let month = YearMonth(period),
                  let stored = try await ReportQueries.stored(commitmentID: ctx.row.id, period: month, unitID: ctx.unitID,
                                                              isLead: isLead(ctx), on: req.db) {
            // A returned month opens with what was submitted, to correct; a locked one shows it.
            input = stored.input
        }
        return try await render(req, ctx, input: input, errors: [:], savedAt: savedAt, status: .ok)
    }

    func render(_ req: Request, _ ctx: FormContext, input: ReportFormInput, errors: [String: String], savedAt: Date?,
                status: HTTPStatus) async throws -> Response {
        let returned = try await ReportQueries.returned(unit: UnitID(ctx.unitID), on: req.db)
            .filter { $0.commitmentID == ctx.row.id }
        let stored = try await YearMonth(input.period).asyncMap {
            try await ReportQueries.stored(commitmentID: ctx.row.id, period: $0, unitID: ctx.unitID, isLead: isLead(ctx), on: req.db)
        } ?? nil
        let page = ReportFormPage.make(
            shell: WebShell.make(req, title: "填报月度进展"), row: ctx.row, targets: ctx.item.commitment.targets,
            latestActuals: ctx.item.latestActuals, periods: Self.periods(ctx, returned: returned.map(\.period), today: req.today),
            input: input, errors: errors, draftSavedAt: savedAt, locked: stored?.isLocked ?? false,
            reopenReason: stored?.reopenReason)
        let response = try await req.view.render("Tracking/report", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }

    /// Reads the posted form into strings, whatever was typed.
    static func input(from req: Request, targets: [Target]) -> ReportFormInput {
        let posted = (try? req.content.decode([String: String].self)) ?? [:]
        func field(_ key: String) -> String { posted[key] ?? "" }
        var input = ReportFormInput(period: field("period"), percent: field("percent"), investment: field("investment"),
                                    narrative: field("narrative"), problems: field("problems"), nextSteps: field("nextSteps"),
                                    decreaseReason: field("decreaseReason"))
        for t in targets { input.actuals[t.id.uuidString] = field(ReportFormInput.actualField(t.id)) }
        return input
    }

    func submit(req: Request) async throws -> Response {
        let ctx = try await context(req)
        let targets = ctx.item.commitment.targets
        let input = Self.input(from: req, targets: targets)
        let action = (try? req.content.get(String.self, at: "action")) ?? "submit"
        if action == "save" {
            guard let period = YearMonth(input.period) else {
                return try await render(req, ctx, input: input, errors: ["period": "请选择报送月份。"], savedAt: nil, status: .unprocessableEntity)
            }
            let payload = String(decoding: try JSONEncoder().encode(input), as: UTF8.self)
            try await ReportActions.saveDraft(commitmentID: ctx.item.commitment.id, unitID: ctx.unitRef.id, period: period, payload: payload,
                                              in: req.writeContext(actor: ctx.viewer.auditActor))
            req.flash("草稿已保存（\(WebFormat.month(period))）。")
            return req.redirect(to: WebLink.report(ctx.row.id, period: period.description), redirectType: .normal)
        }

        let (read, unreadable) = input.readDraft(targets: targets, fallbackPeriod: req.today.yearMonth)
        guard let draft = read, unreadable.isEmpty else {
            // Every problem at once: what could not be read, and what Core says of the rest.
            let problems = read.map {
                ReportPolicy.problems($0, for: ctx.item.commitment, rules: ctx.facts.rules,
                                      existing: ctx.item.reports.map(\.report), unit: ctx.unitRef, today: req.today)
            } ?? []
            return try await render(req, ctx, input: input, errors: ReportFormInput.merged(unreadable: unreadable, problems: problems),
                                    savedAt: nil, status: .unprocessableEntity)
        }
        do {
            try await ReportActions.submit(draft, to: ctx.item, rules: ctx.facts.rules, unit: ctx.unitRef,
                                           in: req.writeContext(actor: ctx.viewer.auditActor))
        } catch let refusal as ReportRefusal {
            return try await render(req, ctx, input: input, errors: ReportFormInput.errors(for: refusal.all), savedAt: nil,
                                    status: refusal.first.isConflict ? .conflict : .unprocessableEntity)
        } catch let rejection as ReportRejection {
            return try await render(req, ctx, input: input, errors: ReportFormInput.errors(for: [rejection]), savedAt: nil,
                                    status: rejection.isConflict ? .conflict : .unprocessableEntity)
        }
        req.flash("\(WebFormat.month(draft.period))进展已报送。")
        return req.redirect(to: WebLink.commitment(ctx.row.id), redirectType: .normal)
    }
}
