import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// The staff journeys through the pages, in process (the browser tests repeat them in Chromium).
@Suite struct WebJourneyTests {
    @Test func clerkFixesAnInvalidFieldAndTheDashboardChangesColour() async throws {
        try await withTestApp { app in
            // setup: 市民政局 leads 新增养老床位 (target ≥ 200 张); nothing reported by 10 July.
            let planID = try await TestPlan.store(app)
            var clerk = try await WebClient.signedIn(app, "minzheng", .clerk, unit: "市民政局")
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let item = try #require(facts.commitments.first { $0.commitment.leadUnits.names == ["市民政局"] })
            let id = item.commitment.id
            let target = try #require(item.commitment.targets.first)
            let before = try await coordinator.get("/commitments?plan=\(planID)&health=red")
            #expect(before.body.string.contains("data-commitment=\"\(id.uuidString)\""))

            // MUT 1: one invalid field (investment is not a number)
            let home = try await clerk.get("/clerk")
            #expect(home.status == .ok)
            #expect(home.body.string.contains("新增养老床位"))
            let form = try await clerk.get("/commitments/\(id)/report?period=2026-07")
            #expect(form.status == .ok)
            var fields = ["period": "2026-07", ReportFormInput.actualField(target.id): "150", "investment": "一百万",
                          "narrative": "已建成150张", "problems": "", "nextSteps": "继续推进", "action": "submit"]
            let bad = try await clerk.post("/commitments/\(id)/report", fields)
            // validate 1: 422, the field marked, the typed values kept, nothing stored
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("完成投资请填写数字"))
            #expect(bad.body.string.contains("id=\"investment\" name=\"investment\" type=\"text\" inputmode=\"decimal\" value=\"一百万\" aria-invalid=\"true\""))
            #expect(bad.body.string.contains("已建成150张"))
            #expect(try await ProgressReportRecord.query(on: app.db).count() == 0)

            // MUT 2: save a draft, then fix and submit
            fields["action"] = "save"
            let saved = try await clerk.post("/commitments/\(id)/report", fields)
            #expect(saved.status == .seeOther)
            let reloaded = try await clerk.get("/commitments/\(id)/report?period=2026-07")
            #expect(reloaded.body.string.contains("已载入"))
            fields["investment"] = "1200"
            fields["action"] = "submit"
            let ok = try await clerk.post("/commitments/\(id)/report", fields)
            // validate 2: stored, draft gone; still red, since January–June are missing
            #expect(ok.status == .seeOther)
            #expect(ok.location == "/commitments/\(id.uuidString)")
            let reports = try await ProgressReportRecord.query(on: app.db).all()
            #expect(reports.count == 1)
            #expect(reports.first?.investment == 1200)
            #expect(reports.first?.percent == 75)
            let stillRed = try await coordinator.get("/commitments?plan=\(planID)&health=red")
            #expect(stillRed.body.string.contains("data-commitment=\"\(id.uuidString)\""))
            // The clerk's home lists the missing months as links; report them (the percent as typed).
            let owed = try await clerk.get("/clerk")
            #expect(owed.body.string.contains("2026年1月未报（已逾期）"))
            for month in 1...6 {
                let late = try await clerk.post("/commitments/\(id)/report", [
                    "period": "2026-0\(month)", ReportFormInput.actualField(target.id): "\(month * 20)",
                    "percent": "\(month * 10)", "narrative": "补报", "action": "submit"])
                #expect(late.status == .seeOther, "month \(month): \(late.status)")
            }
            #expect(try await ReportDraftRecord.query(on: app.db).count() == 0)
            // validate 3: with the months reported, July's 75% against ~62% expected is green.
            let after = try await coordinator.get("/commitments?plan=\(planID)&health=red")
            #expect(!after.body.string.contains("data-commitment=\"\(id.uuidString)\""))
            let green = try await coordinator.get("/commitments?plan=\(planID)&health=green")
            #expect(green.body.string.contains("data-commitment=\"\(id.uuidString)\""))

            // A second submission for the month is refused (locked): 409 with the reason.
            let again = try await clerk.post("/commitments/\(id)/report", fields)
            #expect(again.status == .conflict)
            #expect(again.body.string.contains("已报送并锁定"))
        }
    }

    @Test func noticeIsIssuedRepliedReturnedAndSignedOff() async throws {
        try await withTestApp { app in
            // setup
            let planID = try await TestPlan.store(app)
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            var clerk = try await WebClient.signedIn(app, "cg", .clerk, unit: "市城管局")
            var otherClerk = try await WebClient.signedIn(app, "mz", .clerk, unit: "市民政局")
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let id = try #require(facts.commitments.first { $0.commitment.leadUnits.names == ["市城管局"] }).commitment.id

            // MUT: issue from the commitment (form pre-filled), with one invalid field first
            let form = try await coordinator.get("/supervision/new?commitment=\(id)")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("督办〔2026〕1号"))
            #expect(form.body.string.contains("低于序时进度"))
            let unit = try #require(try await UnitRecord.query(on: app.db).filter(\.$name == "市城管局").first())
            let bad = try await coordinator.post("/supervision", ["unitID": unit.id!.uuidString, "commitmentID": id.uuidString,
                                                                   "requiredAction": "请加快进度", "deadline": "2026-07-01"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("办理期限不能早于交办日期"))
            let issued = try await coordinator.post("/supervision", ["unitID": unit.id!.uuidString, "commitmentID": id.uuidString,
                                                                      "requiredAction": "请加快进度", "deadline": "2026-07-20"])
            #expect(issued.status == .seeOther)
            let notice = try #require(try await SupervisionNoticeRecord.query(on: app.db).first())
            #expect(notice.number == "督办〔2026〕1号")

            // The other unit's clerk neither sees nor answers it.
            #expect(try await otherClerk.get("/supervision/\(notice.id!)").status == .forbidden)
            #expect(try await otherClerk.post("/supervision/\(notice.id!)/reply", ["reply": "x"]).status == .forbidden)
            let otherList = try await otherClerk.get("/supervision")
            #expect(!otherList.body.string.contains("督办〔2026〕1号"))

            // Sign-off before a reply is refused by the rules (409).
            #expect(try await coordinator.post("/supervision/\(notice.id!)/signoff").status == .conflict)
            // Reply, return, reply again, sign off.
            let empty = try await clerk.post("/supervision/\(notice.id!)/reply", ["reply": "  "])
            #expect(empty.status == .unprocessableEntity)
            #expect(try await clerk.post("/supervision/\(notice.id!)/reply", ["reply": "已增派人手"]).status == .seeOther)
            #expect(try await coordinator.post("/supervision/\(notice.id!)/return", ["note": "请说明完成时限", "deadline": "2026-07-25"]).status == .seeOther)
            let returned = try #require(try await SupervisionNoticeRecord.find(notice.id, on: app.db))
            #expect(returned.coreState == .returned)
            #expect(returned.deadline == "2026-07-25")
            #expect(try await clerk.post("/supervision/\(notice.id!)/reply", ["reply": "7月25日前完成"]).status == .seeOther)
            #expect(try await coordinator.post("/supervision/\(notice.id!)/signoff", ["note": "同意"]).status == .seeOther)
            // validate
            let closed = try #require(try await SupervisionNoticeRecord.find(notice.id, on: app.db))
            #expect(closed.coreState == .signedOff)
            #expect(closed.closedOn == "2026-07-10")
            let events = try await SupervisionEventRecord.query(on: app.db).filter(\.$notice.$id == notice.id!).all()
            #expect(events.map(\.event).sorted() == ["giveBack", "issue", "reply", "reply", "signOff"])
            let page = try await clerk.get("/supervision/\(notice.id!)")
            #expect(page.body.string.contains("已销号"))
            let audit = try await AuditEntryRecord.query(on: app.db).filter(\.$action ~~ ["notice.issue", "notice.signOff"]).count()
            #expect(audit == 2)
        }
    }

    @Test func overdueNoticesEscalateOnTheList() async throws {
        try await withTestApp(today: CivilDate(2026, 8, 1)) { app in
            _ = try await TestPlan.store(app)
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            let unit = try #require(try await UnitRecord.query(on: app.db).filter(\.$name == "市城管局").first())
            for (serial, deadline) in [(1, "2026-07-20"), (2, "2026-07-30"), (3, "2026-08-20")] {
                let n = SupervisionNoticeRecord()
                n.year = 2026; n.serial = serial; n.number = "督办〔2026〕\(serial)号"; n.$unit.id = unit.id!
                n.requiredAction = "x"; n.issuedOn = "2026-07-01"; n.deadline = deadline
                n.state = SupervisionState.issued.rawValue; n.createdAt = Date(); n.updatedAt = Date()
                try await n.create(on: app.db)
            }
            let overdue = try await coordinator.get("/supervision?urgency=overdue")
            #expect(overdue.body.string.contains("逾期12天·升级督办"))
            #expect(overdue.body.string.contains("逾期2天"))
            #expect(!overdue.body.string.contains("督办〔2026〕3号"))
            let dashboard = try await coordinator.get("/dashboard")
            #expect(dashboard.body.string.contains("逾期督办<strong>2</strong>"))
        }
    }

    @Test func coordinatorImportsReviewsAndPublishes() async throws {
        try await withTestApp { app in
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            try await coordinator.get("/imports")
            let text = """
            2026年样例市民生实事项目
            一、教育
            1.新建幼儿园5所。(牵头单位:市教育局)
            2.改造农贸市场10个。
            """
            let created = try await coordinator.post("/imports", ["text": text, "filename": "样例.txt"])
            #expect(created.status == .seeOther)
            let location = try #require(created.location)
            let review = try await coordinator.get(location)
            #expect(review.status == .ok)
            #expect(review.body.string.contains("id=\"L3\""))
            let plan = try #require(try await PlanRecord.query(on: app.db).first())
            let facts = try await PlanQueries.facts(planID: plan.id!, on: app.db)
            #expect(facts.commitments.count >= 2)
            let second = try #require(facts.commitments.first { $0.commitment.leadUnits.isEmpty })
            // The row without a lead unit is flagged; fix it and publish.
            #expect(review.body.string.contains("未识别牵头单位"))
            let key = second.commitment.id.uuidString
            let saved = try await coordinator.post(location, [
                "title_\(key)": second.commitment.title, "version_\(key)": String(second.record.version),
                "leaders_\(key)": "", "lead_\(key)": "市商务局", "support_\(key)": "各区政府"])
            #expect(saved.status == .seeOther)
            let fixed = try await PlanQueries.facts(planID: plan.id!, on: app.db)
            #expect(fixed.commitments.first { $0.commitment.id == second.commitment.id }?.commitment.leadUnits.names == ["市商务局"])
            let published = try await coordinator.post(location + "/publish")
            #expect(published.status == .seeOther)
            #expect(try await PlanRecord.find(plan.id, on: app.db)?.status == PlanStatus.published.rawValue)
            let list = try await coordinator.get(try #require(published.location))
            #expect(list.body.string.contains("农贸市场"))
        }
    }

    @Test func reviewerCorrectsAndDeletesTargetsBeforePublishing() async throws {
        try await withTestApp { app in
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            try await coordinator.get("/imports")
            let text = """
            2026年样例市民生实事项目
            一、文化
            1.提升文化服务。新建城市书房12个,提升全市259个村综合文化服务中心效能。(牵头单位:市文旅局)
            """
            let location = try #require(try await coordinator.post("/imports", ["text": text, "filename": "样例.txt"]).location)
            let review = try await coordinator.get(location)
            let plan = try #require(try await PlanRecord.query(on: app.db).first())
            let item = try #require(try await PlanQueries.facts(planID: plan.id!, on: app.db).commitments.first)
            let books = try #require(zip(item.commitment.targets, item.targetRecords).first { $0.0.value == 12 })
            let villages = try #require(zip(item.commitment.targets, item.targetRecords).first { $0.0.value == 259 })
            func fields(_ t: (Target, TargetRecord), value: String, delete: Bool = false) -> [String: String] {
                let key = t.0.id.uuidString
                var f = ["tversion_\(key)": String(t.1.version), "tmetric_\(key)": t.0.metric, "top_\(key)": t.0.op.rawValue,
                         "tvalue_\(key)": value, "tunit_\(key)": t.0.unit]
                if delete { f["tdelete_\(key)"] = "1" }
                return f
            }

            // a typing error in one target saves nothing, not even the deletion beside it
            let refused = try await coordinator.post(location, fields(books, value: "十五").merging(fields(villages, value: "259", delete: true)) { a, _ in a })
            let untouched = try #require(try await PlanQueries.facts(planID: plan.id!, on: app.db).commitments.first)
            let saved = try await coordinator.post(location, fields(books, value: "15").merging(fields(villages, value: "259", delete: true)) { a, _ in a })
            let after = try #require(try await PlanQueries.facts(planID: plan.id!, on: app.db).commitments.first)
            let audit = try await AuditEntryRecord.query(on: app.db).all().map(\.action)

            #expect(review.body.string.contains("name=\"tvalue_\(books.0.id.uuidString)\" type=\"text\" inputmode=\"decimal\" class=\"num\" value=\"12\""))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("数值“十五”不是数字"))
            #expect(untouched.commitment.targets.map(\.value) == [12, 259])
            #expect(saved.status == .seeOther)
            #expect(after.commitment.targets.map(\.value) == [15])
            #expect(audit.contains("target.update") && audit.contains("target.delete"))
        }
    }

    @Test func leaderInstructsDeputyCommentsClerkAttaches() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let id = try #require(facts.commitments.first { $0.commitment.leadUnits.names == ["市城管局"] }).commitment.id
            var leader = try await WebClient.signedIn(app, "lead", .leader)
            var deputy = try await WebClient.signedIn(app, "dep", .deputy)
            var clerk = try await WebClient.signedIn(app, "cg", .clerk, unit: "市城管局")
            #expect(try await leader.post("/commitments/\(id)/instructions", ["text": "请市城管局加快推进，月底前见成效。"]).status == .seeOther)
            #expect(try await deputy.post("/commitments/\(id)/comments", ["text": "建议公布选址。"]).status == .seeOther)
            #expect(try await deputy.post("/commitments/\(id)/instructions", ["text": "x"]).status == .forbidden)
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]
            try await clerk.get("/commitments/\(id)")
            let up = try await clerk.upload("/commitments/\(id)/attachments", field: "file", filename: "../现场照片.png", data: png, contentType: "image/png")
            #expect(up.status == .seeOther)
            let fake = try await clerk.upload("/commitments/\(id)/attachments", field: "file", filename: "x.pdf",
                                              data: Array("<script>alert(1)</script>".utf8), contentType: "application/pdf")
            #expect(fake.status == .unsupportedMediaType)
            let page = try await clerk.get("/commitments/\(id)")
            #expect(page.body.string.contains("请市城管局加快推进"))
            #expect(page.body.string.contains("建议公布选址"))
            #expect(page.body.string.contains("现场照片.png"))
            let attachment = try #require(try await AttachmentRecord.query(on: app.db).first())
            #expect(attachment.filename == "现场照片.png")
            let download = try await clerk.get("/attachments/\(attachment.id!)")
            #expect(download.status == .ok)
            #expect(download.headers.contentType?.description == "image/png")
            #expect(Array(download.body.readableBytesView) == png)
            // Attached by mistake: a clerk of another unit may not remove it, the responsible clerk may.
            let stored = URL(fileURLWithPath: app.minshengConfig.dataDirectory)
                .appendingPathComponent("attachments").appendingPathComponent(attachment.storedName)
            var other = try await WebClient.signedIn(app, "mz", .clerk, unit: "市民政局")
            try await other.get("/commitments/\(id)")
            #expect(try await other.post("/attachments/\(attachment.id!)/delete").status == .forbidden)
            #expect(page.body.string.contains("/attachments/\(attachment.id!)/delete"))
            #expect(try await clerk.post("/attachments/\(attachment.id!)/delete").status == .seeOther)
            #expect(try await AttachmentRecord.find(attachment.id, on: app.db) == nil)
            #expect(!FileManager.default.fileExists(atPath: stored.path))
            #expect(try await clerk.get("/attachments/\(attachment.id!)").status == .notFound)
            let audit = try #require(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "commitment.detach").first())
            #expect(audit.before?.contains(attachment.sha256) == true)
        }
    }

    @Test func bulletinAndProgressTableDownload() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            var leader = try await WebClient.signedIn(app, "lead", .leader)
            let page = try await leader.get("/bulletins/2026-06")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("2026年6月"))
            let xlsx = try await leader.get("/bulletins/2026-06/xlsx")
            #expect(xlsx.status == .ok)
            let sheets = try XlsxReader.read(Data(buffer: xlsx.body))
            #expect(sheets.map(\.name) == ["通报概况", "单位排名", "逾期报送", "督办情况"])
            #expect(sheets[1].rows.count == 1 + 3)  // three lead units
            let table = try XlsxReader.read(Data(buffer: try await leader.get("/plans/\(planID)/progress.xlsx").body))
            #expect(table[0].rows.first == ProgressTable.header)
            #expect(table[0].rows.count == 4)
            let csv = try await leader.get("/plans/\(planID)/progress.csv")
            #expect(csv.body.string.hasPrefix("\u{FEFF}序号,编号,项目名称"))
            #expect(try await leader.get("/bulletins/2026-13").status == .badRequest)
            #expect(try await leader.get("/bulletins/2026-09").status == .badRequest)
        }
    }
}
