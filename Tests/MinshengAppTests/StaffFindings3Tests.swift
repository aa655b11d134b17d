import Fluent
import Foundation
@testable import MinshengApp
import MinshengCore
import PolicyParser
import Testing
import Vapor
import VaporTesting
import MinshengStore

/// Issue 13, third pass: the import review's rows (fields, add, delete, merge, paging), deleting a
/// draft, publishing a past year's plan, and 批量督办 in one transaction.
@Suite struct StaffFindings3Tests {
    // MARK: pure pieces

    @Test func goalNumbersReadAsTheDocumentWouldSayThem() {
        #expect(DisplayText.itemNumber("goal.1") == "总体目标1")
        #expect(DisplayText.itemNumber("goal.12") == "总体目标12")
        #expect(DisplayText.itemNumber("二.(三).5") == "二（三）5")
        #expect(!DisplayText.itemNumber("goal.x").hasPrefix("总体目标"))
    }

    @Test func aPlanWhoseYearsArePastAsksBeforePublishing() {
        let today = CivilDate(2026, 11, 29)
        #expect(PublishCheck.pastYear(periodFrom: 2023, periodTo: 2023, today: today) == 2023)
        #expect(PublishCheck.pastYear(periodFrom: 2021, periodTo: 2025, today: today) == 2025)
        #expect(PublishCheck.pastYear(periodFrom: 2024, periodTo: 2026, today: today) == nil)
        #expect(PublishCheck.pastYear(periodFrom: 2026, periodTo: nil, today: today) == nil)
        #expect(PublishCheck.pastYear(periodFrom: nil, periodTo: nil, today: today) == nil)
    }

    @Test func scheduleNodesAreReadFromOneLineOrRefusedQuotingThePiece() throws {
        let read = try ImportReviewPage.parseNodes("2026-06-30 50%；2026/12/31 100％").get()
        #expect(read.map(\.date) == ["2026-06-30", "2026-12-31"])
        #expect(read.map(\.percent) == [50, 100])
        #expect(try ImportReviewPage.parseNodes("  ").get().isEmpty)
        guard case .failure(let bad) = ImportReviewPage.parseNodes("2026-13-01 50%") else { Issue.record("accepted"); return }
        #expect(bad.text.contains("2026-13-01 50%"))
        guard case .failure(let over) = ImportReviewPage.parseNodes("2026-06-30 150%") else { Issue.record("accepted"); return }
        #expect(over.text.contains("0 到 100"))
        #expect(ImportReviewPage.nodesText([ScheduleNode(date: CivilDate(2026, 6, 30), percent: 50)]) == "2026-06-30 50%")
    }

    // MARK: the review page

    @Test func reviewShowsGoalsByNameAndTheNewFieldsAndSavesThem() async throws {
        try await withTestApp { app in
            // setup: a draft with a goal and a task.
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            try await coordinator.get("/imports")
            let planID = try await Self.draft(app, items: 3, goal: true)
            let page = try await coordinator.get("/imports/\(planID)")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("总体目标1"))
            #expect(!html.contains(">goal.1<"))
            for label in ["完成时限", "实施区域（区县）", "计划投资（万元）", "进度节点"] { #expect(html.contains(label)) }
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let task = try #require(facts.commitments.first { $0.commitment.kind == .task })
            let key = task.commitment.id.uuidString
            // MUT: a bad sum and a bad node are both refused with what was typed; nothing saved.
            var form = ["title_\(key)": task.commitment.title, "version_\(key)": "\(task.record.version)",
                        "lead_\(key)": "市城管局", "deadline_\(key)": "2026-11-30", "districts_\(key)": "东区、西区",
                        "invest_\(key)": "一百万", "nodes_\(key)": "2026-06-30 50%"]
            let refused = try await coordinator.post("/imports/\(planID)", form)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("计划投资“一百万”"))
            #expect(try await CommitmentRecord.find(task.commitment.id.rawValue, on: app.db)?.deadline == nil)
            form["invest_\(key)"] = "1,200"
            form["nodes_\(key)"] = "2026-06-30 40%；2026-12-31 100%"
            let saved = try await coordinator.post("/imports/\(planID)", form)
            // validate
            #expect(saved.status == .seeOther)
            let after = try #require(try await PlanQueries.facts(planID: planID, on: app.db).commitments.first { $0.commitment.id == task.commitment.id })
            #expect(after.record.deadline == "2026-11-30")
            #expect(after.commitment.districts == ["东区", "西区"])
            #expect(after.commitment.plannedInvestment == 1200)
            #expect(after.commitment.scheduleNodes?.map(\.percent) == [40, 100])
            let again = try await coordinator.get("/imports/\(planID)")
            #expect(again.body.string.contains("value=\"2026-06-30 40%；2026-12-31 100%\""))
        }
    }

    @Test func rowsAreAddedDeletedAndMergedWithTheirTargetsAndAudited() async throws {
        try await withTestApp { app in
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            try await coordinator.get("/imports")
            let planID = try await Self.draft(app, items: 4, goal: false)
            let before = try await PlanQueries.facts(planID: planID, on: app.db).commitments
            // add
            let added = try await coordinator.post("/imports/\(planID)/rows", ["op": "add", "newTitle": "新建口袋公园10个"])
            #expect(added.status == .seeOther)
            let withNew = try await PlanQueries.facts(planID: planID, on: app.db).commitments
            #expect(withNew.count == before.count + 1)
            #expect(withNew.last?.commitment.title == "新建口袋公园10个")
            #expect(withNew.last?.commitment.number == "补充1")
            // merge rows 1 and 2: 1 keeps its title, gets 2's target and units
            let merged = try await coordinator.post("/imports/\(planID)/rows",
                                                    pairs: [("op", "merge"), ("rows[]", before[1].commitment.id.uuidString),
                                                            ("rows[]", before[0].commitment.id.uuidString)])
            #expect(merged.status == .seeOther)
            let afterMerge = try await PlanQueries.facts(planID: planID, on: app.db).commitments
            #expect(afterMerge.count == withNew.count - 1)
            let kept = try #require(afterMerge.first { $0.commitment.id == before[0].commitment.id })
            #expect(kept.commitment.title == before[0].commitment.title)
            #expect(kept.commitment.targets.count == before[0].commitment.targets.count + before[1].commitment.targets.count)
            #expect(Set(kept.commitment.leadUnits) == Set(before[0].commitment.leadUnits + before[1].commitment.leadUnits))
            #expect(kept.record.lineTo == before[1].record.lineTo)
            #expect(try await TargetRecord.query(on: app.db).filter(\.$commitment.$id == before[1].commitment.id.rawValue).count() == 0)
            // delete
            let deleted = try await coordinator.post("/imports/\(planID)/rows",
                                                     pairs: [("op", "delete"), ("rows[]", before[3].commitment.id.uuidString)])
            #expect(deleted.status == .seeOther)
            #expect(try await CommitmentRecord.find(before[3].commitment.id.rawValue, on: app.db) == nil)
            // merging one row is refused, saying why
            let one = try await coordinator.post("/imports/\(planID)/rows",
                                                 pairs: [("op", "merge"), ("rows[]", before[2].commitment.id.uuidString)])
            #expect(one.status == .unprocessableEntity)
            #expect(one.body.string.contains("合并至少要勾选两项任务"))
            // every write is in the audit trail
            let actions = try await AuditEntryRecord.query(on: app.db).all().map(\.action)
            #expect(actions.contains("commitment.create"))
            #expect(actions.contains("commitment.merge"))
            #expect(actions.contains("commitment.delete"))
        }
    }

    @Test func aDraftIsDeletedWithEverythingImportedButAPublishedPlanIsNot() async throws {
        try await withTestApp { app in
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            try await coordinator.get("/imports")
            let draftID = try await Self.draft(app, items: 3, goal: true)
            let publishedID = try await TestPlan.store(app)
            let gone = try await coordinator.post("/imports/\(draftID)/delete", ["confirm": "1"])
            #expect(gone.status == .seeOther)
            #expect(try await PlanRecord.find(draftID, on: app.db) == nil)
            #expect(try await CommitmentRecord.query(on: app.db).filter(\.$plan.$id == draftID).count() == 0)
            let entry = try #require(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "plan.delete").first())
            #expect(entry.before?.contains("commitments") == true)
            let kept = try await coordinator.post("/imports/\(publishedID)/delete", ["confirm": "1"])
            #expect(kept.status == .conflict)
            #expect(try await PlanRecord.find(publishedID, on: app.db) != nil)
        }
    }

    @Test func aHugeDraftIsShownAPageAtATime() async throws {
        try await withTestApp { app in
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            try await coordinator.get("/imports")
            let planID = try await Self.draft(app, items: 400, goal: false, sourceLines: 20_000)
            let first = try await coordinator.get("/imports/\(planID)")
            #expect(first.status == .ok)
            let html = first.body.string
            #expect(html.components(separatedBy: "<article class=\"row-card").count - 1 == ImportReviewPage.pageSize)
            #expect(html.contains("共400项（第1/7页）"))
            #expect(html.contains("rel=\"next\""))
            #expect(first.body.readableBytes < 1_500_000)
            let last = try await coordinator.get("/imports/\(planID)?page=7")
            #expect(last.body.string.components(separatedBy: "<article class=\"row-card").count - 1 == 400 - 6 * ImportReviewPage.pageSize)
            #expect(last.body.string.contains("原文第"))
        }
    }

    // MARK: publishing a past year

    @Test func aPastYearsPlanIsPublishedOnlyOnceConfirmed() async throws {
        try await withTestApp { app in
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            try await coordinator.get("/imports")
            let planID = try await TestPlan.store(app, publish: false, year: 2023)
            let review = try await coordinator.get("/imports/\(planID)")
            #expect(review.body.string.contains("这是2023年的计划（现在是2026年）"))
            #expect(review.body.string.contains("confirmPastYear"))
            let refused = try await coordinator.post("/imports/\(planID)/publish")
            #expect(refused.status == .conflict)
            #expect(refused.body.string.contains("确认发布往年计划"))
            #expect(try await PlanRecord.find(planID, on: app.db)?.status == PlanStatus.draft.rawValue)
            let published = try await coordinator.post("/imports/\(planID)/publish", ["confirmPastYear": "1"])
            #expect(published.status == .seeOther)
            #expect(try await PlanRecord.find(planID, on: app.db)?.status == PlanStatus.published.rawValue)
            // This year's draft shows no warning.
            let current = try await TestPlan.store(app, publish: false, year: 2026)
            #expect(!(try await coordinator.get("/imports/\(current)")).body.string.contains("confirmPastYear"))
        }
    }

    // MARK: 批量督办

    @Test func everyRedItemOfAPlanGetsItsNoticeInOneAuditedStep() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            let list = try await coordinator.get("/commitments?plan=\(planID)")
            #expect(list.body.string.contains("id=\"bulk-red\""))
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let reds = facts.commitments.filter {
                CommitmentStatusBuilder.status(of: $0, rules: facts.rules, today: testToday).1.health == .red
            }
            #expect(!reds.isEmpty)
            let issued = try await coordinator.post("/supervision/bulk", ["plan": planID.uuidString, "scope": "red",
                                                                          "deadline": "2026-07-25"])
            #expect(issued.status == .seeOther)
            let notices = try await SupervisionNoticeRecord.query(on: app.db).all()
            #expect(notices.count == reds.count)
            #expect(Set(notices.compactMap { $0.$commitment.id }) == Set(reds.map(\.commitment.id.rawValue)))
            #expect(notices.allSatisfy { $0.deadline == "2026-07-25" && $0.requiredAction.contains("低于序时进度") })
            let audit = try await AuditEntryRecord.query(on: app.db).all().map(\.action)
            #expect(audit.filter { $0 == "notice.issue" }.count == reds.count)
            #expect(audit.filter { $0 == "notice.bulkIssue" }.count == 1)
        }
    }

    @Test func aBulkNoticeThatCannotGoToOneItemIssuesNone() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            // An item without a 牵头单位 among those chosen: nothing is issued (one transaction).
            let orphan = facts.commitments[2].commitment.id.rawValue
            try await CommitmentUnitRecord.query(on: app.db).filter(\.$commitment.$id == orphan).delete()
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            try await coordinator.get("/commitments?plan=\(planID)")
            let refused = try await coordinator.post("/supervision/bulk", pairs: [
                ("plan", planID.uuidString), ("scope", "selected"),
                ("commitments[]", facts.commitments[0].commitment.id.uuidString), ("commitments[]", orphan.uuidString)])
            #expect(refused.status == .seeOther)
            #expect(try await SupervisionNoticeRecord.query(on: app.db).count() == 0)
            let back = try await coordinator.get(try #require(refused.location))
            #expect(back.body.string.contains("没有牵头单位"))
            // A past deadline is refused for all as well.
            await #expect(throws: NoticeActions.BulkRefusal.self) {
                _ = try await NoticeActions.issueForPlan(planID: PlanID(planID), commitmentIDs: [facts.commitments[0].commitment.id],
                                                         deadline: "2026-01-01", in: app.writeContext(actor: .system))
            }
            #expect(try await SupervisionNoticeRecord.query(on: app.db).count() == 0)
        }
    }

    // MARK: support

    /// A draft built directly: `items` tasks (each with one target and a lead unit), optionally a goal
    /// first, over a source of `sourceLines` lines.
    static func draft(_ app: Application, items: Int, goal: Bool, sourceLines: Int = 0) async throws -> UUID {
        var parsed: [ParsedItem] = []
        if goal {
            parsed.append(ParsedItem(kind: .goal, number: "goal.1", section: "", title: "总体目标：全年办好十件实事", text: "总体目标",
                                     leaders: [], leadUnits: [], supportUnits: [], targets: [], lines: LineRange(from: 2, to: 2)))
        }
        let units = ["市城管局", "市民政局", "市教育局"]
        for i in 1...items {
            let line = 2 + (goal ? 1 : 0) + (i - 1) * max(1, sourceLines / max(items, 1))
            parsed.append(ParsedItem(kind: .task, number: "\(i)", section: "城市管理", title: "第\(i)项实事",
                                     text: "第\(i)项实事。", leaders: [], leadUnits: [units[i % units.count]], supportUnits: [],
                                     targets: [ParsedTarget(metric: "建成设施", value: Double(i), unit: "个", op: .atLeast, by: "2026")],
                                     lines: LineRange(from: line, to: line)))
        }
        let plan = ParsedPlan(source: "draft.txt", title: "2026年草稿计划", documentNumber: nil,
                              period: YearSpan(from: 2026, to: 2026), items: parsed)
        let text = (0..<max(sourceLines, items + 3)).map { "第\($0 + 1)行原文" }.joined(separator: "\n")
        return try await PlanImporter().store(plan, text: text, in: app.writeContext(actor: .system)).planID
    }
}

/// Issue 13, third pass: accounts (unknown units refused with close matches, edit, disable,
/// reset), units without a 联络员, the bulletin's issue kept per month, and 督办's fields in the API.
@Suite struct StaffFindings3AccountTests {
    @Test func anUnknownUnitIsRefusedWithTheCloseMatchesAndNothingIsCreated() async throws {
        try await withTestApp { app in
            _ = try await TestPlan.store(app)
            let before = try await UnitRecord.query(on: app.db).count()
            await #expect(throws: UserAccounts.UnknownUnit.self) {
                _ = try await UserAccounts.create(name: "c1", displayName: "张三", role: .clerk, unitName: "市民政厅",
                                                  password: nil, createsUnit: false, in: app.writeContext(actor: .system))
            }
            do {
                _ = try await UserAccounts.create(name: "c1", displayName: "张三", role: .clerk, unitName: "市民政厅",
                                                  password: nil, createsUnit: false, in: app.writeContext(actor: .system))
            } catch let unknown as UserAccounts.UnknownUnit {
                #expect(unknown.closeMatches.first == "市民政局")
                #expect(unknown.message.contains("未找到单位“市民政厅”"))
                #expect(unknown.message.contains("相近的单位有：市民政局"))
            }
            #expect(try await UnitRecord.query(on: app.db).count() == before)
            #expect(try await UserRecord.query(on: app.db).filter(\.$name == "c1").count() == 0)
            // A short form still matches without asking.
            let ok = try await UserAccounts.create(name: "c2", displayName: "李四", role: .clerk, unitName: "市城管局",
                                                   password: nil, createsUnit: false, in: app.writeContext(actor: .system))
            #expect(ok.$unit.id != nil)
        }
    }

    @Test func anAdminEditsDisablesAndResetsAnAccountAndEachIsAudited() async throws {
        try await withTestApp { app in
            _ = try await TestPlan.store(app)
            var admin = try await WebClient.signedIn(app, "root", .admin)
            var clerk = try await WebClient.signedIn(app, "clerk1", .clerk, unit: "市城管局")
            #expect(try await clerk.get("/clerk").status == .ok)
            let user = try #require(try await UserRecord.query(on: app.db).filter(\.$name == "clerk1").first())
            try await admin.get("/admin/users")
            // edit: 姓名 and unit (a short form), then an unknown unit refused with close matches
            let edited = try await admin.post("/admin/users/\(user.id!)", ["displayName": "王五", "role": "clerk", "unit": "市民政局"])
            #expect(edited.status == .seeOther)
            let after = try #require(try await UserRecord.find(user.id, on: app.db))
            #expect(after.displayName == "王五")
            #expect(try await UnitRecord.find(after.$unit.id, on: app.db)?.name == "市民政局")
            let unknown = try await admin.post("/admin/users/\(user.id!)", ["displayName": "王五", "role": "clerk", "unit": "市民政厅"])
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.body.string.contains("相近的单位有：市民政局"))
            // disable: the clerk's session ends and sign-in is refused
            let disabled = try await admin.post("/admin/users/\(user.id!)/disable", ["disabled": "1"])
            #expect(disabled.status == .seeOther)
            let away = try await clerk.get("/clerk")
            #expect(away.status == .seeOther && (away.location ?? "").hasPrefix("/login"))
            // reset: a weak password refused, a good one set
            let weak = try await admin.post("/admin/users/\(user.id!)/password", ["password": "123"])
            #expect(weak.status == .unprocessableEntity)
            let reset = try await admin.post("/admin/users/\(user.id!)/password", ["password": "Kx7-horse-battery-2026"])
            #expect(reset.status == .seeOther)
            var again = WebClient(app: app)
            try await again.get("/login")
            let refused = try await again.post("/login", ["username": "clerk1", "password": "Kx7-horse-battery-2026"])
            #expect(refused.status == .unauthorized)
            // enable: signs in with the new password
            _ = try await admin.post("/admin/users/\(user.id!)/disable", ["disabled": "0"])
            var back = WebClient(app: app)
            try await back.get("/login")
            let signedIn = try await back.post("/login", ["username": "clerk1", "password": "Kx7-horse-battery-2026"])
            #expect(signedIn.status == .seeOther)
            let actions = Set(try await AuditEntryRecord.query(on: app.db).all().map(\.action))
            for action in ["user.update", "user.disable", "user.enable", "user.passwordReset"] { #expect(actions.contains(action)) }
            // An admin cannot disable themself.
            let rootID = try #require(try await UserRecord.query(on: app.db).filter(\.$name == "root").first()?.id)
            #expect(try await admin.post("/admin/users/\(rootID)/disable", ["disabled": "1"]).status == .conflict)
        }
    }

    @Test func unitsWithoutAClerkAreListed() async throws {
        try await withTestApp { app in
            _ = try await TestPlan.store(app)
            _ = try await WebClient.signedIn(app, "clerk1", .clerk, unit: "市城管局")
            var admin = try await WebClient.signedIn(app, "root", .admin)
            let page = try await admin.get("/admin/units")
            let html = page.body.string
            let section = try #require(html.components(separatedBy: "id=\"no-clerk\"").last?.components(separatedBy: "</section>").first)
            #expect(section.contains("市民政局"))
            #expect(!section.contains("市城管局"))
        }
    }

    @Test func theBulletinsIssueIsKeptPerMonthAuditedAndUsed() async throws {
        try await withTestApp { app in
            _ = try await TestPlan.store(app)
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            try await coordinator.get("/bulletins/2026-06")
            let bad = try await coordinator.post("/bulletins/2026-06/issue", ["number": "abc", "issuer": "", "date": "2026-13-01"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("期号应为正整数"))
            #expect(bad.body.string.contains("请填写印发单位"))
            #expect(bad.body.string.contains("印发日期格式"))
            let saved = try await coordinator.post("/bulletins/2026-06/issue", [
                "number": "17", "issuer": "测试市民生实事办", "date": "2026-07-03", "problems": "问题甲", "requirements": "要求乙"])
            #expect(saved.status == .seeOther)
            let page = try await coordinator.get("/bulletins/2026-06")
            #expect(page.body.string.contains("第17期 · 测试市民生实事办 · 2026年7月3日"))
            let docx = try await coordinator.get("/bulletins/2026-06/docx")
            #expect(docx.status == .ok)
            let xml = try OfficialDocumentTests.part(Data(buffer: docx.body), "word/document.xml")
            #expect(xml.contains("第17期"))
            #expect(xml.contains("测试市民生实事办"))
            #expect(xml.contains("问题甲"))
            // Another month keeps its defaults; the change is audited with what it said before.
            #expect(!(try await coordinator.get("/bulletins/2026-05")).body.string.contains("第17期"))
            _ = try await coordinator.post("/bulletins/2026-06/issue", [
                "number": "18", "issuer": "测试市民生实事办", "date": "2026-07-03", "problems": "", "requirements": ""])
            let entries = try await AuditEntryRecord.query(on: app.db).filter(\.$action == "bulletin.issue").all()
            #expect(entries.count == 2)
            #expect(entries.contains { ($0.before ?? "").contains("17") })
            // A leader reads the bulletin but cannot change its issue.
            var leader = try await WebClient.signedIn(app, "lead", .leader)
            #expect(try await leader.post("/bulletins/2026-06/issue", ["number": "1"]).status == .forbidden)
        }
    }

    @Test func theNoticesAPICarriesKindUnitsAndCopies() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let token = try await makeToken(app, "coord", .coordinator)
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let commitment = facts.commitments[0].commitment.id.rawValue
            let units = try await UnitRecord.query(on: app.db).all()
            let id = { (name: String) in units.first { $0.name == name }!.id! }
            struct Body: Content {
                var unitIDs: [UUID]; var commitmentID: UUID; var requiredAction: String; var deadline: String
                var kind: String; var copyUnitIDs: [UUID]
            }
            let api = APIClient(app: app)
            let created = try await api.send(.POST, "/api/v1/notices", token: token, json: Body(
                unitIDs: [id("各区政府"), id("市城管局")], commitmentID: commitment, requiredAction: "加快进度",
                deadline: "2026-07-30", kind: "key", copyUnitIDs: [id("市民政局")]))
            #expect(created.status == .created)
            let dto = try created.decode(NoticesController.NoticeDTO.self)
            #expect(dto.kind == "key")
            #expect(dto.kindLabel == "重点督办" || dto.kindLabel.contains("重点"))
            #expect(dto.units == ["市城管局", "各区政府"])
            #expect(dto.copies == ["市民政局"])
            let listed = try await api.send(.GET, "/api/v1/notices", token: token).decode([NoticesController.NoticeDTO].self)
            #expect(listed.first?.copyUnitIDs == [id("市民政局")])
            struct Bad: Content { var unitID: UUID; var requiredAction: String; var deadline: String; var kind: String }
            let refused = try await api.send(.POST, "/api/v1/notices", token: token,
                                             json: Bad(unitID: id("市城管局"), requiredAction: "x", deadline: "2026-07-30", kind: "urgent"))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.apiError?.fields["kind"] != nil)
        }
    }
}
