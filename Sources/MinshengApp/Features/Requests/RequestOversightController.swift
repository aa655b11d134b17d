import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// The pages that look at requests as a whole: the monthly 三率 ranking (and its xlsx), a unit's
/// month request by request, the clusters of recurring requests (→ candidate projects), the
/// platform import and the settings.
struct RequestOversightController {
    // MARK: ranking

    func month(_ req: Request) throws -> YearMonth {
        guard let text = req.query[String.self, at: "month"] else { return req.today.yearMonth }
        guard let month = YearMonth(text), month <= req.today.yearMonth, month.year >= 2000 else { throw WebError.notFound }
        return month
    }

    static func percent(_ rate: Double?) -> String { rate.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }

    func line(_ r: RequestScoring.Ranked, unitIDs: [String: UUID], month: YearMonth) -> RankingPage.Line {
        let u = r.unit
        return .init(place: r.place, unit: u.unit,
                     href: unitIDs[u.unit].map { SitePath.requestUnitScore($0, query: [("month", month.description)]) } ?? "",
                     score: String(format: "%.2f", r.score), dispatched: u.dispatched, response: Self.percent(u.responseRate),
                     resolution: Self.percent(u.resolutionRate), satisfaction: Self.percent(u.satisfactionRate),
                     onTime: Self.percent(u.onTimeRate), returns: Self.percent(u.returnRate), redo: Self.percent(u.redoRate),
                     unreasonable: u.unreasonable)
    }

    func rankings(req: Request) async throws -> Response {
        try await req.webViewer().require(.readRequestScores)
        let month = try month(req)
        let ranking = try await RequestRanking.month(month, on: req.db, cache: req.application.requestRankingCache)
        let unitIDs = try await unitIDs(req)
        let months = (0..<12).map { req.today.yearMonth.adding(months: -$0) }
        let page = RankingPage(
            shell: WebShell.make(req, title: "三率排名"), month: month.description, monthLabel: WebFormat.month(month),
            months: months.map { ChoiceOption(value: $0.description, label: WebFormat.month($0), selected: $0 == month) },
            weights: "响应率 \(Int(ranking.weights.response)) : 解决率 \(Int(ranking.weights.resolution)) : 满意率 \(Int(ranking.weights.satisfaction))",
            lines: ranking.lines.map { line($0, unitIDs: unitIDs, month: month) },
            red: ranking.red.map { line($0, unitIDs: unitIDs, month: month) },
            black: ranking.black.map { line($0, unitIDs: unitIDs, month: month) },
            xlsxHref: SitePath.requestRankingsXlsx(query: [("month", month.description)]),
            definitions: RankingPage.definitions)
        return try await req.view.render("Requests/rankings", page).encodeResponse(for: req).get()
    }

    func unitIDs(_ req: Request) async throws -> [String: UUID] {
        Dictionary(try await UnitRecord.query(on: req.db).all().map { ($0.name, $0.id!) }, uniquingKeysWith: { a, _ in a })
    }

    func rankingsXlsx(req: Request) async throws -> Response {
        try await req.webViewer().require(.readRequestScores)
        let month = try month(req)
        let ranking = try await RequestRanking.month(month, on: req.db, cache: req.application.requestRankingCache)
        var rows: [[XlsxCell]] = [["名次", "单位", "综合得分", "派单数", "响应率", "解决率", "满意率", "按时办结率", "回退率", "重办率", "无理诉求（不计）"]]
        func rate(_ r: Double?) -> XlsxCell { r.map { .number(($0 * 1000).rounded() / 10) } ?? .empty }
        for r in ranking.lines {
            let u = r.unit
            rows.append([.number(Double(r.place)), .text(u.unit), .number(r.score), .number(Double(u.dispatched)),
                         rate(u.responseRate), rate(u.resolutionRate), rate(u.satisfactionRate), rate(u.onTimeRate),
                         rate(u.returnRate), rate(u.redoRate), .number(Double(u.unreasonable))])
        }
        let notes: [[XlsxCell]] = [["指标", "口径"]] + RankingPage.definitions.map { [.text($0.name), .text($0.text)] }
            + [["权重", .text("\(ranking.weights.response) : \(ranking.weights.resolution) : \(ranking.weights.satisfaction)")]]
        let data = try XlsxWriter.data(sheets: [
            XlsxSheet(name: "三率排名", rows: rows, columnWidths: [6, 24, 10, 8, 10, 10, 10, 12, 10, 10, 14]),
            XlsxSheet(name: "指标口径", rows: notes, columnWidths: [12, 80]),
        ], modified: req.clock.now())
        return Response.download(data, filename: "接诉即办三率排名\(month).xlsx",
                                           type: HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    }

    /// Where a unit loses points in a month, request by request. A unit's own staff see their unit only.
    func unitScore(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        guard let unitID = req.parameters.get("id", as: UUID.self), let unit = try await UnitRecord.find(unitID, on: req.db) else {
            throw WebError.notFound
        }
        if viewer.role.isBoundToUnit { guard viewer.unitID == unitID else { throw WebError.forbidden } } else {
            try viewer.require(.readRequestScores)
        }
        let month = try month(req)
        let records = try await RequestQueries.monthRequests(month, unitID: UnitID(unitID), on: req.db)
        let score = RequestScoring.scores(records.map { RequestQueries.facts($0, unit: unit.name) }).first
        let weights = try await RequestSettings.weights(year: month.year, on: req.db)
        let rows = records.map { r -> UnitScorePage.Row in
            var losses: [String] = []
            if r.signedInTime == false { losses.append("未按时签收（响应率）") }
            if r.repliedInTime == false { losses.append("未按时答复（按时办结率）") }
            if r.returnCount > 0 { losses.append("退单 \(r.returnCount) 次（回退率）") }
            if let res = r.coreResolution, res != .solved { losses.append("回访\(res.label)（解决率）") }
            if let sat = r.coreSatisfaction, sat.weight < 1 { losses.append("回访\(sat.label)（满意率）") }
            if r.redoCount > 0 { losses.append("重办 \(r.redoCount) 次（重办率）") }
            return .init(trackingNumber: r.trackingNumber, href: SitePath.request(r.id!), excerpt: String(r.text.prefix(50)),
                         losses: losses, counted: !r.unreasonable)
        }
        let page = UnitScorePage(shell: WebShell.make(req, title: "\(unit.name) 三率明细"), unit: unit.name,
                                 monthLabel: WebFormat.month(month), score: score.map { String(format: "%.2f", $0.score(weights)) } ?? "—",
                                 rows: rows, backHref: SitePath.requestRankings(query: [("month", month.description)]))
        return try await req.view.render("Requests/unit", page).encodeResponse(for: req).get()
    }

    // MARK: clusters → candidate projects

    func clusters(req: Request) async throws -> Response {
        _ = try await req.webViewer()
        let months = min(24, max(1, req.query[Int.self, at: "months"] ?? 6))
        let found = try await RequestQueries.clusters(months: months, today: req.today, minimum: 3, on: req.db)
        let categories = try await RequestQueries.categoryNames(on: req.db)
        let candidateIDs = Set(found.compactMap(\.candidateID))
        let candidates = candidateIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await CandidateProjectRecord.query(on: req.db)
            .filter(\.$id ~~ Array(candidateIDs)).all().map { ($0.id!, $0.title) })
        let page = ClustersPage(
            shell: WebShell.make(req, title: "诉求聚类"), months: months,
            clusters: found.prefix(50).enumerated().map { index, item in
                let c = item.cluster
                let series = YearMonth.range(req.today.yearMonth.adding(months: -(months - 1)), through: req.today.yearMonth)
                let counts = series.map { c.byMonth[$0] ?? 0 }
                let half = counts.count / 2
                let earlier = counts.prefix(half).reduce(0, +), later = counts.suffix(counts.count - half).reduce(0, +)
                return .init(index: index, category: categories[c.category] ?? c.category, categoryCode: c.category, place: c.place,
                             example: c.example, count: c.members.count,
                             trend: later > earlier ? "上升" : (later < earlier ? "下降" : "持平"),
                             byMonth: zip(series, counts).filter { $0.1 > 0 }.map { "\($0.0.month)月 \($0.1)" }.joined(separator: "，"),
                             members: c.members.map(\.uuidString).joined(separator: ","),
                             candidate: item.candidateID.flatMap { candidates[$0] })
            },
            proposeAction: SitePath.candidates(), nextYear: req.today.year + 1)
        return try await req.view.render("Requests/clusters", page).encodeResponse(for: req).get()
    }

    struct ProposeForm: Content {
        var title: String?
        var categoryCode: String?
        var place: String?
        var members: String?
        var note: String?
    }

    /// Proposes a cluster as a candidate project for next year's plan (候选项目库), linking its requests.
    func propose(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        let form = try req.content.decode(ProposeForm.self)
        let ids = (form.members ?? "").split(separator: ",").compactMap { UUID(uuidString: String($0)) }
        guard let title = blankToNil(form.title), !ids.isEmpty else {
            req.flash("请填写候选项目名称。")
            return req.redirect(to: SitePath.requestClusters(), redirectType: .normal)
        }
        let year = req.today.year + 1
        try await req.writeContext(actor: viewer.auditActor).commit { tx in
            let c = CandidateProjectRecord()
            c.title = String(title.prefix(200))
            c.year = year
            c.categoryCode = form.categoryCode ?? ""
            c.place = form.place ?? ""
            c.requestCount = ids.count
            c.note = form.note ?? ""
            c.$proposedBy.id = viewer.user.id
            c.createdAt = tx.now
            try await c.create(on: tx.db)
            try await CitizenRequestRecord.query(on: tx.db).filter(\.$id ~~ ids).set(\.$candidateID, to: c.id).update()
            for id in ids {
                try await RequestEventRecord(requestID: id, step: "link", note: "纳入\(year)年候选项目：\(c.title)",
                                             userID: viewer.user.id, at: tx.now).create(on: tx.db)
            }
            try await tx.audit(.candidateCreate, .candidate, c.id, after: ["title": c.title, "requests": String(ids.count)])
        }
        req.flash("已将 \(ids.count) 件诉求提为\(year)年候选项目：\(title)。")
        return req.redirect(to: SitePath.requestClusters(), redirectType: .normal)
    }

    /// The candidate pool (候选项目库), newest first, each with the requests it came from.
    func candidatePool(req: Request) async throws -> Response {
        _ = try await req.webViewer()
        let candidates = try await CandidateProjectRecord.query(on: req.db).sort(\.$createdAt, .descending).limit(200).all()
        let ids = candidates.compactMap(\.id)
        let requests = ids.isEmpty ? [] : try await CitizenRequestRecord.query(on: req.db).filter(\.$candidateID ~~ ids)
            .sort(\.$receivedAt).all()
        let byCandidate = Dictionary(grouping: requests, by: { $0.candidateID })
        let categories = try await RequestQueries.categoryNames(on: req.db)
        let page = CandidatePoolPage(
            shell: WebShell.make(req, title: "候选项目库"),
            candidates: candidates.map { c in
                .init(title: c.title, year: c.year, category: categories[c.categoryCode] ?? c.categoryCode, place: c.place,
                      requestCount: c.requestCount, proposedOn: WebFormat.timestamp(c.createdAt),
                      requests: (byCandidate[c.id] ?? []).map { .init(text: $0.trackingNumber, href: SitePath.request($0.id!)) })
            },
            clustersHref: SitePath.requestClusters())
        return try await req.view.render("Requests/candidates", page).encodeResponse(for: req).get()
    }

    // MARK: import

    func importForm(req: Request) async throws -> Response {
        try await req.webViewer().require(.takeRequest)
        let page = RequestImportPage(shell: WebShell.make(req, title: "导入12345平台工单"), action: SitePath.requestImport(), report: nil, error: nil)
        return try await req.view.render("Requests/import", page).encodeResponse(for: req).get()
    }

    struct Upload: Content {
        var file: File?
        var takeValidRows: String?
    }

    func importUpload(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.takeRequest)
        let upload = try req.content.decode(Upload.self)
        var report: RequestImport.Report?
        var error: String?
        if let file = upload.file, file.data.readableBytes > 0 {
            do {
                report = try await RequestImport.run(Data(buffer: file.data), takeValidRows: upload.takeValidRows != nil,
                                                     in: req.writeContext(actor: viewer.auditActor))
            } catch let e as RequestImport.ImportError {
                error = RequestImportWording.message(e)
            }
        } else {
            error = "请选择要导入的 CSV 或 xlsx 文件。"
        }
        let page = RequestImportPage(shell: WebShell.make(req, title: "导入12345平台工单"), action: SitePath.requestImport(),
                                     report: report, error: error)
        let response = try await req.view.render("Requests/import", page).encodeResponse(for: req).get()
        if error != nil || (report?.refused ?? 0) > 0 && (report?.nothingTaken ?? false) { response.status = .unprocessableEntity }
        return response
    }

    // MARK: settings (admin)

    func settings(req: Request) async throws -> Response {
        try await req.webViewer().require(.manageRequestSettings)
        return try await renderSettings(req, errors: [:], status: .ok)
    }

    func renderSettings(_ req: Request, errors: [String: String], status: HTTPStatus) async throws -> Response {
        let limits = try await RequestSettings.limits(on: req.db)
        let year = req.today.year
        let weights = try await RequestSettings.weights(year: year, on: req.db)
        let units = try await UnitRecord.query(on: req.db).sort(\.$name).all()
        let names = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name) })
        let categories = try await RequestCategoryRecord.query(on: req.db).sort(\.$code).all()
        let rules = try await RoutingRuleRecord.query(on: req.db).sort(\.$categoryPrefix).all()
        var limitFields: [RequestSettingsPage.Field] = [.init(name: "signFor", label: "签收时限", value: String(limits.signFor))]
        limitFields += RequestKind.allCases.map { .init(name: "handling.\($0.rawValue)", label: "\($0.label)办理时限", value: String(limits.handling($0))) }
        limitFields += [.init(name: "extendedMaximum", label: "延期上限", value: String(limits.extendedMaximum)),
                        .init(name: "remindBefore", label: "提前提醒", value: String(limits.remindBefore)),
                        .init(name: "escalateAfter", label: "超期转督办", value: String(limits.escalateAfter))]
        let page = RequestSettingsPage(
            shell: WebShell.make(req, title: "诉求设置"), limitsAction: SitePath.requestLimits(), rulesAction: SitePath.requestRules(),
            categoriesAction: SitePath.requestCategories(), limits: limitFields,
            weights: [.init(name: "response", label: "响应率", value: String(weights.response)),
                      .init(name: "resolution", label: "解决率", value: String(weights.resolution)),
                      .init(name: "satisfaction", label: "满意率", value: String(weights.satisfaction))],
            year: year,
            rules: rules.map { rule in
                .init(category: rule.categoryPrefix, area: [rule.district, rule.street].filter { !$0.isEmpty }.joined(separator: " ").isEmpty
                        ? "全部" : [rule.district, rule.street].filter { !$0.isEmpty }.joined(separator: " "),
                      lead: names[rule.$leadUnit.id] ?? "",
                      coUnits: rule.coUnitIDs.split(separator: ",").compactMap { UUID(uuidString: String($0)).flatMap { names[$0] } }.joined(separator: "、"),
                      deleteAction: SitePath.requestRuleDelete(rule.id!))
            },
            units: units.map { ChoiceOption(value: $0.id!.uuidString, label: $0.name, selected: false) },
            categories: categories.map { ChoiceOption(value: $0.code, label: "\($0.code) \($0.name)\($0.active ? "" : "（停用）")", selected: false) },
            errors: errors.sorted { $0.key < $1.key }.map(\.value))
        let response = try await req.view.render("Requests/settings", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }

    func saveLimits(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.manageRequestSettings)
        let form = try req.content.decode([String: String].self)
        var errors: [String: String] = [:]
        func int(_ key: String) -> Int? {
            guard let v = form[key].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else { errors[key] = "应为整数"; return nil }
            return v
        }
        func dbl(_ key: String) -> Double? {
            guard let v = form[key].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) else { errors[key] = "应为数字"; return nil }
            return v
        }
        var limits = RequestLimits.standard
        limits.signFor = int("signFor") ?? 0
        for kind in RequestKind.allCases { limits.handling[kind] = int("handling.\(kind.rawValue)") ?? 0 }
        limits.extendedMaximum = int("extendedMaximum") ?? 0
        limits.remindBefore = int("remindBefore") ?? 0
        limits.escalateAfter = int("escalateAfter") ?? 0
        let weights = ScoreWeights(response: dbl("response") ?? -1, resolution: dbl("resolution") ?? -1, satisfaction: dbl("satisfaction") ?? -1)
        if errors.isEmpty {
            errors.merge(limits.problems()) { a, _ in a }
            if !weights.isValid { errors["weights"] = "三项权重应各在 0–100 之间且合计 100" }
        }
        guard errors.isEmpty else { return try await renderSettings(req, errors: errors, status: .unprocessableEntity) }
        let year = req.today.year
        try await req.writeContext(actor: viewer.auditActor).commit { [limits] tx in
            tx.touchAllRequestUnits()
            try await RequestSettings.store(RequestSettings.limitsKey, limits, in: tx)
            try await RequestSettings.store(RequestSettings.weightsKey(year), weights, in: tx)
        }
        req.flash("时限和权重已保存。")
        return req.redirect(to: SitePath.requestSettings(), redirectType: .normal)
    }

    struct RuleForm: Content {
        var categoryPrefix: String?
        var district: String?
        var street: String?
        var leadUnitID: String?
        var coUnitIDs: [String]?
    }

    func addRule(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.manageRequestSettings)
        let form = try req.content.decode(RuleForm.self)
        let prefix = (form.categoryPrefix ?? "").trimmingCharacters(in: .whitespaces)
        var errors: [String: String] = [:]
        if !RequestCategory.isValidCode(prefix) { errors["categoryPrefix"] = "分类编码应为 2、4 或 6 位数字" }
        let lead = form.leadUnitID.flatMap(UUID.init(uuidString:))
        if lead == nil { errors["leadUnitID"] = "请选择主办单位" }
        guard errors.isEmpty, let lead else { return try await renderSettings(req, errors: errors, status: .unprocessableEntity) }
        let co = (form.coUnitIDs ?? []).compactMap(UUID.init(uuidString:)).filter { $0 != lead }
        try await req.writeContext(actor: viewer.auditActor).commit { tx in
            let rule = RoutingRuleRecord()
            rule.categoryPrefix = prefix
            rule.district = (form.district ?? "").trimmingCharacters(in: .whitespaces)
            rule.street = (form.street ?? "").trimmingCharacters(in: .whitespaces)
            rule.$leadUnit.id = lead
            rule.coUnitIDs = co.map(\.uuidString).joined(separator: ",")
            try await rule.create(on: tx.db)
            try await tx.audit(.requestRoutingRule, .routingRule, rule.id, after: ["category": prefix, "lead": lead.uuidString])
        }
        req.application.intakeBatcher?.forgetRules()
        req.flash("派单规则已添加。")
        return req.redirect(to: SitePath.requestSettings(), redirectType: .normal)
    }

    /// Deletes a routing rule: requests already routed keep their units; new ones no longer match it.
    func deleteRule(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.manageRequestSettings)
        guard let id = req.parameters.get("id", as: UUID.self) else { throw WebError.notFound }
        try await RequestSettings.deleteRule(id, in: req.writeContext(actor: viewer.auditActor))
        req.application.intakeBatcher?.forgetRules()
        req.flash("派单规则已删除。")
        return req.redirect(to: SitePath.requestSettings(), redirectType: .normal)
    }

    struct CategoryForm: Content {
        var code: String?
        var name: String?
        var active: String?
    }

    /// Adds a category, or renames / retires an existing code.
    func saveCategory(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.manageRequestSettings)
        let form = try req.content.decode(CategoryForm.self)
        let code = (form.code ?? "").trimmingCharacters(in: .whitespaces)
        var errors: [String: String] = [:]
        if !RequestCategory.isValidCode(code) { errors["code"] = "分类编码应为 2、4 或 6 位数字" }
        guard let name = blankToNil(form.name), name.count <= 30 else {
            errors["name"] = "请填写分类名称（不超过30字）"
            return try await renderSettings(req, errors: errors, status: .unprocessableEntity)
        }
        guard errors.isEmpty else { return try await renderSettings(req, errors: errors, status: .unprocessableEntity) }
        try await req.writeContext(actor: viewer.auditActor).commit { tx in
            let row = try await RequestCategoryRecord.query(on: tx.db).filter(\.$code == code).first() ?? RequestCategoryRecord(code: code, name: name)
            let before = row.id == nil ? nil : ["name": row.name, "active": String(row.active)]
            row.name = name
            row.active = form.active != "0"
            try await row.save(on: tx.db)
            try await tx.audit(.requestCategory, .requestCategory, row.id, before: before, after: ["code": code, "name": name, "active": String(row.active)])
        }
        req.application.intakeBatcher?.forgetRules()
        req.flash("分类 \(code) \(name) 已保存。")
        return req.redirect(to: SitePath.requestSettings(), redirectType: .normal)
    }
}
