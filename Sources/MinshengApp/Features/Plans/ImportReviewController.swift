import Fluent
import Foundation
import MinshengCore
import PolicyParser
import Vapor
import MinshengStore

/// Import review: upload or paste → draft → edit beside the source → publish.
struct ImportReviewController {
    struct PasteForm: Content {
        var text: String?
        var filename: String?
    }

    struct FileForm: Content { var file: File? }

    func start(req: Request) async throws -> Response {
        try await renderStart(req, error: nil, pasted: "", filename: "", status: .ok)
    }

    func renderStart(_ req: Request, error: String?, pasted: String, filename: String, status: HTTPStatus) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.importPlan)
        let drafts = try await PlanRecord.query(on: req.db).filter(\.$status == PlanStatus.draft.rawValue)
            .sort(\.$createdAt, .descending).all()
        let page = ImportStartPage(
            shell: WebShell.make(req, title: "计划导入"),
            drafts: drafts.map { .init(title: $0.title, href: SitePath.importReview($0.id!), created: WebFormat.timestamp($0.createdAt)) },
            error: error, pasted: pasted, filename: filename)
        let response = try await req.view.render("Plans/start", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }

    func create(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.importPlan)
        var filename = "粘贴文本.txt"
        var text = ""
        if req.headers.contentType?.type == "multipart", let file = (try? req.content.decode(FileForm.self))?.file,
           file.data.readableBytes > 0 {
            filename = file.filename
            switch Self.read(Data(buffer: file.data), filename: filename) {
            case .success(let read): text = read
            case .failure(let message):
                return try await renderStart(req, error: "文件无法读取：\(message.text)", pasted: "", filename: "",
                                             status: .unprocessableEntity)
            }
        } else {
            let form = try req.content.decode(PasteForm.self)
            text = form.text ?? ""
            if let f = form.filename?.trimmingCharacters(in: .whitespaces), !f.isEmpty { filename = f }
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return try await renderStart(req, error: "请上传文件（.txt、.docx、.html、.xlsx）或粘贴计划文本。", pasted: "", filename: "",
                                         status: .unprocessableEntity)
        }
        if let refusal = Self.tooLong(text) {
            // Not echoed back: a 1.3 MB paste made an 87 MB page.
            return try await renderStart(req, error: refusal, pasted: "", filename: "", status: .payloadTooLarge)
        }
        let outcome = try await PlanImporter().importText(text, filename: filename, in: req.writeContext(actor: viewer.auditActor))
        req.flash("已导入为草稿：识别任务\(outcome.commitments)项、指标\(outcome.targets)个、待核对\(outcome.diagnostics.count)处。")
        return req.redirect(to: SitePath.importReview(outcome.planID), redirectType: .normal)
    }

    /// The most text one import takes. A city's 民生实事 plan with its annex tables runs to some
    /// 10–60 thousand characters; 200,000 leaves room for the largest while a 1.3 MB paste (several
    /// documents at once, which made a 40,000-row draft) is refused before parsing.
    static let maxCharacters = 200_000

    /// The refusal for a text over ``maxCharacters``, in Chinese, or nil.
    static func tooLong(_ text: String) -> String? {
        let count = text.count
        guard count > maxCharacters else { return nil }
        let wan = { (n: Int) in WebFormat.decimal(Double(n) / 10_000, places: 1) }
        return "文本过长（约\(wan(count))万字），超过一次导入的上限\(wan(maxCharacters))万字。一份民生实事计划通常不超过6万字，"
            + "请检查是否一次粘贴了多份文件或无关内容，只保留这一份计划的正文和附件表格后再导入。"
    }

    struct ReadFailure: Error { var text: String }

    /// The document's text, or the reader's reason in Chinese.
    static func read(_ data: Data, filename: String) -> Result<String, ReadFailure> {
        do {
            return .success(try DocumentReader.read(data: data, filename: filename))
        } catch {
            return .failure(ReadFailure(text: error.chineseMessage))
        }
    }

    func review(req: Request) async throws -> Response {
        try await renderReview(req, errors: [:], status: .ok)
    }

    func renderReview(_ req: Request, errors: [String: String], status: HTTPStatus) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.importPlan)
        guard let id = req.parameters.get("id", as: UUID.self) else { throw WebError.notFound }
        let facts = try await PlanQueries.facts(planID: id, on: req.db)
        // Diagnostics are not stored: the parser is pure and fast, so parse the kept source again.
        let parsed = PlanParser().parse(text: facts.plan.sourceText, source: facts.plan.sourceName)
        let page = ImportReviewPage.make(shell: WebShell.make(req, title: "核对导入：\(facts.plan.title)"), facts: facts,
                                         sourceText: facts.plan.sourceText, diagnostics: parsed.diagnostics,
                                         tables: parsed.tables, errors: errors,
                                         page: req.query[Int.self, at: "page"] ?? 1, today: req.today)
        let response = try await req.view.render("Plans/review", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }

    /// Saves the edited rows: title, leaders and units of each commitment whose fields changed,
    /// and its targets (edited or deleted), through the same writes (and version checks) as the API.
    /// Every field is checked before anything is written, so a typing error saves nothing and the
    /// message repeats what was typed.
    func save(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.editPlan, on: .plan(status: .draft))
        guard let id = req.parameters.get("id", as: UUID.self) else { throw WebError.notFound }
        let facts = try await PlanQueries.facts(planID: id, on: req.db)
        // The form is decoded once: reading each field through `req.content.get` decodes the whole
        // body again per field, which took 13–36 s for one seed's review (hundreds of fields).
        let posted = (try? req.content.decode([String: String].self)) ?? [:]
        func field(_ key: String) -> String? { posted[key] }
        var errors: [String: String] = [:]

        // Read and check.
        var commitmentEdits: [(facts: CommitmentFacts, form: CommitmentPatchForm)] = []
        var targetEdits: [(number: String, target: Target, change: TargetChange)] = []
        for f in facts.commitments {
            let c = f.commitment
            let key = c.id.uuidString
            if let title = field("title_\(key)") {
                let shown = DisplayText.itemNumber(c.number)
                let leaders = ImportReviewPage.names(field("leaders_\(key)") ?? "")
                let lead = ImportReviewPage.names(field("lead_\(key)") ?? "")
                let support = ImportReviewPage.names(field("support_\(key)") ?? "")
                let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
                let edit = RowFieldsEdit(field: field, key: key)
                let checked = edit.change(of: f.record, nodes: c.scheduleNodes ?? [])
                if case .failure(let problem) = checked { errors["\(problem.field)_\(key)"] = "\(shown)：\(problem.text)" }
                if trimmed.isEmpty {
                    errors["title_\(key)"] = "\(shown)：标题不能为空。"
                } else if case .success(let more) = checked,
                          trimmed != c.title || leaders != c.leaders || lead != c.leadUnits.names || support != c.supportUnits.names || !more.isEmpty {
                    let version = Int(field("version_\(key)") ?? "") ?? f.record.version
                    var form = CommitmentPatchForm(
                        version: version, title: trimmed == c.title ? nil : trimmed, leaders: leaders == c.leaders ? nil : leaders,
                        leadUnits: lead == c.leadUnits.names ? nil : lead, supportUnits: support == c.supportUnits.names ? nil : support)
                    form.deadline = more.deadline
                    form.districts = more.districts
                    form.plannedInvestment = more.plannedInvestment
                    form.schedule = more.schedule
                    commitmentEdits.append((f, form))
                }
            }
            for (target, record) in zip(c.targets, f.targetRecords) {
                guard let edit = TargetEdit(field: field, key: target.id.uuidString) else { continue }
                switch edit.change(of: target, version: edit.version ?? record.version) {
                case .success(let change?): targetEdits.append((c.number, target, change))
                case .success(nil): continue
                case .failure(let problem): errors["tvalue_\(target.id.uuidString)"] = "\(c.number)「\(target.metric)」：\(problem.text)"
                }
            }
        }
        if !errors.isEmpty { return try await renderReview(req, errors: errors, status: .unprocessableEntity) }

        // Write; a version another reviewer moved on (409) is reported per row.
        var changed = 0
        for (f, form) in commitmentEdits {
            do {
                try await CommitmentEditActions.update(commitmentID: f.commitment.id, form: form, in: req.writeContext(actor: viewer.auditActor))
                changed += 1
            } catch {
                guard let error = ErrorMapping.refusal(error) else { throw error }
                let detail = error.fields.values.sorted().joined(separator: "；")
                errors["title_\(f.commitment.id.uuidString)"] = "\(DisplayText.itemNumber(f.commitment.number))：\(detail.isEmpty ? error.message : detail)"
            }
        }
        for (number, target, change) in targetEdits {
            do {
                switch change {
                case .delete(let version):
                    try await CommitmentEditActions.deleteTarget(targetID: TargetID(target.id), version: version, in: req.writeContext(actor: viewer.auditActor))
                case .update(let form):
                    _ = try await CommitmentEditActions.updateTarget(targetID: TargetID(target.id), form: form, in: req.writeContext(actor: viewer.auditActor))
                }
                changed += 1
            } catch {
                guard let error = ErrorMapping.refusal(error) else { throw error }
                let detail = error.fields.values.sorted().joined(separator: "；")
                errors["tvalue_\(target.id.uuidString)"] = "\(number)「\(target.metric)」：\(detail.isEmpty ? error.message : detail)"
            }
        }
        if !errors.isEmpty { return try await renderReview(req, errors: errors, status: .conflict) }
        req.flash(changed == 0 ? "没有修改。" : "已保存\(changed)项修改。")
        return req.redirect(to: SitePath.importReview(id), redirectType: .normal)
    }

    /// A row's 完成时限, 区县, 计划投资 and 进度节点 as the review form posts them.
    struct RowFieldsEdit {
        var deadline: String?
        var districts: String?
        var investment: String?
        var nodes: String?

        init(field: (String) -> String?, key: String) {
            deadline = field("deadline_\(key)")?.trimmingCharacters(in: .whitespaces)
            districts = field("districts_\(key)")
            investment = field("invest_\(key)")?.trimmingCharacters(in: .whitespaces)
            nodes = field("nodes_\(key)")
        }

        /// The fields that changed, as a PATCH would carry them.
        struct Change {
            var deadline: String?
            var districts: [String]?
            var plannedInvestment: Double?
            var schedule: [ScheduleNodeDTO]?
            var isEmpty: Bool { deadline == nil && districts == nil && plannedInvestment == nil && schedule == nil }
        }

        struct Problem: Error { var field: String; var text: String }

        /// What changed against the stored row; a date, sum or node that cannot be read is refused,
        /// quoting it. An emptied 计划投资 is refused too (write 0): the stored figure is not dropped silently.
        func change(of record: CommitmentRecord, nodes current: [ScheduleNode]) -> Result<Change, Problem> {
            var out = Change()
            if let deadline, deadline != (record.deadline ?? "") {
                let stated = deadline.replacingOccurrences(of: "/", with: "-")
                guard stated.isEmpty || CivilDate.deadline(stated: stated) != nil else {
                    return .failure(.init(field: "deadline", text: "完成时限“\(deadline)”应写成 2026、2026-11 或 2026-11-30。"))
                }
                out.deadline = stated
            }
            if let districts {
                let list = ImportReviewPage.names(districts)
                if list != record.districtList { out.districts = list }
            }
            if let investment {
                let cleaned = investment.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "万元", with: "")
                    .replacingOccurrences(of: "万", with: "")
                if cleaned.isEmpty {
                    if record.plannedInvestment != nil {
                        return .failure(.init(field: "invest", text: "计划投资不能清空；没有投资请填 0。"))
                    }
                } else if let v = Double(cleaned), v.isFinite, v >= 0 {
                    if v != record.plannedInvestment { out.plannedInvestment = v }
                } else {
                    return .failure(.init(field: "invest", text: "计划投资“\(investment)”应为不小于0的数字（万元），如 1200。"))
                }
            }
            if let nodes {
                switch ImportReviewPage.parseNodes(nodes) {
                case .failure(let problem): return .failure(.init(field: "nodes", text: problem.text))
                case .success(let typed):
                    if typed.map(\.date) != current.map(\.date.description) || typed.map(\.percent) != current.map(\.percent) {
                        out.schedule = typed
                    }
                }
            }
            return .success(out)
        }
    }

    /// What the form asks for one target.
    enum TargetChange {
        case update(TargetPatchForm)
        case delete(version: Int)
    }

    struct FieldProblem: Error { var text: String }

    /// One target's fields as the review form posts them.
    struct TargetEdit {
        var version: Int?
        var metric: String
        var op: String
        var value: String
        var unit: String
        var delete: Bool

        /// Nil when the form did not carry this target (another page's row).
        init?(field: (String) -> String?, key: String) {
            guard let metric = field("tmetric_\(key)"), let value = field("tvalue_\(key)") else { return nil }
            version = field("tversion_\(key)").flatMap { Int($0) }
            self.metric = metric.trimmingCharacters(in: .whitespacesAndNewlines)
            op = field("top_\(key)") ?? ""
            self.value = value.trimmingCharacters(in: .whitespaces)
            unit = (field("tunit_\(key)") ?? "").trimmingCharacters(in: .whitespaces)
            delete = field("tdelete_\(key)") == "1"
        }

        /// The change asked for: a deletion, the changed fields as a PATCH, or nil when nothing
        /// changed. A value that is not a number, an empty name or an unknown relation is refused
        /// here, quoting what was typed.
        func change(of target: Target, version: Int) -> Result<TargetChange?, FieldProblem> {
            if delete { return .success(.delete(version: version)) }
            guard let number = Double(value.replacingOccurrences(of: ",", with: "")), number.isFinite else {
                return .failure(FieldProblem(text: "数值“\(value)”不是数字，请填写阿拉伯数字（如 5.8）。"))
            }
            guard !metric.isEmpty else { return .failure(FieldProblem(text: "指标名称不能为空。")) }
            guard TargetOp(rawValue: op) != nil else { return .failure(FieldProblem(text: "请选择关系（不少于、不超过、达到……）。")) }
            let form = TargetPatchForm(version: version, metric: metric == target.metric ? nil : metric,
                                       op: op == target.op.rawValue ? nil : op,
                                       value: number == target.value ? nil : number,
                                       unit: unit == target.unit ? nil : unit)
            let unchanged = form.metric == nil && form.op == nil && form.value == nil && form.unit == nil
            return .success(unchanged ? nil : .update(form))
        }
    }

    struct PublishForm: Content { var confirmPastYear: String? }

    func publish(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.publishPlan, on: .plan(status: .draft))
        guard let id = req.parameters.get("id", as: UUID.self) else { throw WebError.notFound }
        let confirmed = (try? req.content.decode(PublishForm.self))?.confirmPastYear == "1"
        do {
            try await PlanActions.publish(planID: PlanID(id), pastYearConfirmed: confirmed, in: req.writeContext(actor: viewer.auditActor))
        } catch {
            guard let error = ErrorMapping.refusal(error) else { throw error }
            return try await renderReview(req, errors: ["publish": error.message], status: .conflict)
        }
        req.flash("计划已发布，开始跟踪。")
        return req.redirect(to: WebLink.commitments(plan: id), redirectType: .normal)
    }

    // MARK: rows and the draft itself

    struct RowsForm: Content {
        var op: String?
        var rows: [String]?
        var newNumber: String?
        var newTitle: String?
    }

    /// Adds a row, or deletes or merges the rows ticked (`op` = add, delete, merge).
    func rows(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.editPlan, on: .plan(status: .draft))
        guard let id = req.parameters.get("id", as: UUID.self) else { throw WebError.notFound }
        let form = try req.content.decode(RowsForm.self)
        let ids = (form.rows ?? []).compactMap(CommitmentID.init)
        let ctx = try await req.writeContext(actor: viewer.auditActor)
        do {
            switch form.op {
            case "add":
                let cid = try await DraftRowActions.add(planID: PlanID(id), number: form.newNumber ?? "", title: form.newTitle ?? "", in: ctx)
                let total = try await CommitmentRecord.query(on: req.db).filter(\.$plan.$id == id).count()
                req.flash("已添加任务「\((form.newTitle ?? "").trimmingCharacters(in: .whitespacesAndNewlines))」，在最后一页。")
                let page = max(1, (total + ImportReviewPage.pageSize - 1) / ImportReviewPage.pageSize)
                return req.redirect(to: SitePath.importReview(id, query: [("page", String(page))]) + "#row-\(cid.uuidString)",
                                    redirectType: .normal)
            case "delete":
                let n = try await DraftRowActions.delete(planID: PlanID(id), commitmentIDs: ids, in: ctx)
                req.flash("已删除\(n)项任务。")
            case "merge":
                let (number, n) = try await DraftRowActions.merge(planID: PlanID(id), commitmentIDs: ids, in: ctx)
                req.flash("已将\(n)项任务并入\(DisplayText.itemNumber(number))。")
            default:
                return try await renderReview(req, errors: ["rows": "请选择要做的操作（添加、删除或合并）。"], status: .unprocessableEntity)
            }
        } catch {
            guard let error = ErrorMapping.refusal(error) else { throw error }
            let detail = error.fields.values.sorted().joined(separator: "；")
            return try await renderReview(req, errors: ["rows": detail.isEmpty ? error.message : detail],
                                          status: error.status == .conflict ? .conflict : .unprocessableEntity)
        }
        let page = req.query[Int.self, at: "page"] ?? 1
        return req.redirect(to: SitePath.importReview(id, query: [("page", String(page))]), redirectType: .normal)
    }

    /// Deletes the draft (a wrong file, a paste of several documents), audited with what it was.
    func deleteDraft(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.importPlan)
        try viewer.require(.editPlan, on: .plan(status: .draft))
        guard let id = req.parameters.get("id", as: UUID.self) else { throw WebError.notFound }
        do {
            let title = try await PlanActions.deleteDraft(planID: PlanID(id), in: req.writeContext(actor: viewer.auditActor))
            req.flash("草稿「\(title)」已删除。")
        } catch {
            guard let error = ErrorMapping.refusal(error) else { throw error }
            return try await renderReview(req, errors: ["draft": error.message], status: .conflict)
        }
        return req.redirect(to: SitePath.imports(), redirectType: .normal)
    }
}
