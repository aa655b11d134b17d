import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// Issue 13 (staff side), monthly reports: every field at once, a narrative within its limit,
/// spreadsheet cells within Excel's, and progress that falls only with a reason.
@Suite struct ReportFindingsTests {
    @Test func theFormFlagsEveryInvalidFieldInOneSubmission() async throws {
        try await withTestApp { app in
            // setup: 市城管局's 新建城市公厕 (target 60 座)
            let planID = try await TestPlan.store(app)
            var clerk = try await WebClient.signedIn(app, "chengguan", .clerk, unit: "市城管局")
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let item = try #require(facts.commitments.first { $0.commitment.number == "1" })
            let target = try #require(item.commitment.targets.first)
            // MUT: the tester's submission: −5, 一百万, abc and no narrative
            let res = try await clerk.post("/commitments/\(item.commitment.id)/report", [
                "period": "2026-07", "percent": "-5", "investment": "一百万",
                ReportFormInput.actualField(target.id): "abc", "narrative": "  ", "action": "submit"])
            // validate: all four flagged at once, nothing stored
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains("id=\"err-percent\">完成进度应在 0 到 100 之间。"))
            #expect(html.contains("id=\"err-investment\">完成投资请填写数字"))
            #expect(html.contains("id=\"err-\(ReportFormInput.actualField(target.id))\">“新建城市公厕”请填写数字"))
            #expect(html.contains("id=\"err-narrative\">请填写工作进展。"))
            #expect(try await ProgressReportRecord.query(on: app.db).count() == 0)
        }
    }

    @Test func mergedErrorsLeaveOutWhatOnlyFollowsFromAnUnreadableField() {
        let id = UUID()
        let merged = ReportFormInput.merged(
            unreadable: [ReportFormInput.actualField(id): "“公厕”请填写数字（座）。"],
            problems: [.percentRequired, .investmentInvalid, .narrativeRequired])
        #expect(Set(merged.keys) == [ReportFormInput.actualField(id), "investment", "narrative"])
    }

    @Test func aNarrativeOverTheLimitIsRefusedByTheFormAndTheAPI() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let token = try await makeToken(app, "api-clerk", .clerk, unit: "市住房城乡建设局")
            var clerk = try await WebClient.signedIn(app, "zhujian", .clerk, unit: "市住房城乡建设局")
            let item = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "3" })
            let huge = String(repeating: "字", count: 300_000)
            // MUT
            let api = try await APIClient(app: app).send(.POST, "/api/v1/commitments/\(item.id)/reports", token: token,
                                                         json: ReportBody(period: "2026-06", percent: 40, narrative: huge))
            let form = try await clerk.post("/commitments/\(item.id)/report", [
                "period": "2026-07", "percent": "40", "narrative": huge, "action": "submit"])
            let atLimit = try await APIClient(app: app).send(
                .POST, "/api/v1/commitments/\(item.id)/reports", token: token,
                json: ReportBody(period: "2026-06", percent: 40, narrative: String(repeating: "字", count: 5_000)))
            // validate
            #expect(api.status == .unprocessableEntity)
            #expect(api.apiError?.fields["narrative"] == "工作进展过长（不超过5000字），较长的材料请作为附件上传")
            #expect(form.status == .unprocessableEntity)
            #expect(form.body.string.contains("id=\"err-narrative\">工作进展过长（不超过5000字）"))
            #expect(atLimit.status == .created)
            #expect(try atLimit.decode(ReportDTO.self).narrative.count == 5_000)
        }
    }

    @Test func anEmptyNarrativeIsRefusedByTheAPI() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let token = try await makeToken(app, "api-clerk", .clerk, unit: "市住房城乡建设局")
            let item = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "3" })
            let res = try await APIClient(app: app).send(.POST, "/api/v1/commitments/\(item.id)/reports", token: token,
                                                         json: ReportBody(period: "2026-06", percent: 40, narrative: " \u{200B} "))
            #expect(res.status == .unprocessableEntity)
            #expect(res.apiError?.fields["narrative"] == "请填写工作进展")
        }
    }

    @Test func aLowerPercentIsRefusedUntilConfirmedWithAReasonThenShownAndAudited() async throws {
        try await withTestApp { app in
            // setup: 改造老旧小区 (no targets) reported 62.6% for May
            let planID = try await TestPlan.store(app)
            let token = try await makeToken(app, "api-clerk", .clerk, unit: "市住房城乡建设局")
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            let item = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "3" })
            let path = "/api/v1/commitments/\(item.id)/reports"
            let api = APIClient(app: app)
            let may = try await api.send(.POST, path, token: token, json: ReportBody(period: "2026-05", percent: 62.6))
            #expect(may.status == .created)
            // MUT 1: June at 10% without a reason
            let refused = try await api.send(.POST, path, token: token, json: ReportBody(period: "2026-06", percent: 10))
            // validate 1: a structured refusal naming May's figure; nothing stored for June
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.apiError?.code == "progress_lower")
            #expect(refused.apiError?.fields["percent"]?.contains("2026年5月已报的62.6%") == true)
            #expect(try await ProgressReportRecord.query(on: app.db).filter(\.$period == "2026-06").count() == 0)
            // MUT 2: confirmed with a reason
            let confirmed = try await api.send(.POST, path, token: token,
                                               json: ReportBody(period: "2026-06", percent: 10, decreaseReason: "经审计核减工程量"))
            // validate 2: stored with its reason, audited, shown on the commitment page
            #expect(confirmed.status == .created)
            #expect(try confirmed.decode(ReportDTO.self).decreaseReason == "经审计核减工程量")
            let stored = try await ProgressReportRecord.query(on: app.db).filter(\.$period == "2026-06").first()
            #expect(stored?.decreaseReason == "经审计核减工程量")
            let audit = try await AuditEntryRecord.query(on: app.db).filter(\.$action == AuditAction.reportCreate.rawValue).all()
            #expect(audit.contains { $0.after?.contains("经审计核减工程量") == true })
            let page = try await coordinator.get("/commitments/\(item.id)")
            #expect(page.body.string.contains("进度回落，原因：经审计核减工程量"))
        }
    }

    @Test func theFormAsksForTheReasonAndAcceptsItOnTheNextSubmission() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            var clerk = try await WebClient.signedIn(app, "zhujian", .clerk, unit: "市住房城乡建设局")
            let item = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "3" })
            let june = try await clerk.post("/commitments/\(item.id)/report", [
                "period": "2026-06", "percent": "62.6", "narrative": "六月进展", "action": "submit"])
            #expect(june.status == .seeOther)
            var fields = ["period": "2026-07", "percent": "10", "narrative": "七月核减", "action": "submit"]
            let asked = try await clerk.post("/commitments/\(item.id)/report", fields)
            #expect(asked.status == .unprocessableEntity)
            #expect(asked.body.string.contains("<textarea id=\"decreaseReason\" name=\"decreaseReason\""))
            #expect(asked.body.string.contains("累计完成进度低于2026年6月已报的62.6%"))
            fields["decreaseReason"] = "经审计核减"
            let ok = try await clerk.post("/commitments/\(item.id)/report", fields)
            #expect(ok.status == .seeOther)
            #expect(try await ProgressReportRecord.query(on: app.db).filter(\.$period == "2026-07").first()?.decreaseReason == "经审计核减")
        }
    }

    @Test func aSpreadsheetCellIsCutToExcelsLimitWithoutSplittingACharacter() throws {
        let limit = XlsxCell.textLimit
        #expect(limit == 32_767)
        let fits = String(repeating: "字", count: limit)
        #expect(XlsxCell.fitted(fits) == fits)
        let cut = XlsxCell.fitted(String(repeating: "字", count: 300_000))
        #expect(cut.utf16.count == limit)
        #expect(cut.hasSuffix(XlsxCell.truncationMark))
        // Emoji take two UTF-16 units each: never half of one.
        let emoji = XlsxCell.fitted(String(repeating: "😀", count: 20_000))
        #expect(emoji.utf16.count <= limit)
        #expect(emoji.dropLast(XlsxCell.truncationMark.count).allSatisfy { $0 == "😀" })
        // Through the writer and back: the long cell is cut, the short one kept.
        let data = try XlsxWriter.data(sheets: [XlsxSheet(name: "通报", rows: [["工作进展"], [.text(String(repeating: "字", count: 300_000))], ["短"]])])
        let sheet = try #require(try XlsxReader.read(data).first)
        #expect(sheet.rows[1].first?.plainText.utf16.count == limit)
        #expect(sheet.rows[2].first?.plainText == "短")
    }
}

/// Issue 13: 退回重报 did not reach the clerk (home still 已报送, form empty, no reason); a locked
/// month looked editable and answered with two different messages; the home's count did not
/// match its buttons.
@Suite struct ReportReturnTests {
    @Test func aReturnWithoutAReasonIsRefusedByTheAPI() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let clerk = try await makeToken(app, "clerk1", .clerk, unit: "市城管局")
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let toilets = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "1" })
            let path = "/api/v1/commitments/\(toilets.id)/reports"
            let api = APIClient(app: app)
            #expect(try await api.send(.POST, path, token: clerk, json: ReportBody(period: "2026-06", percent: 20)).status == .created)
            let blank = try await api.send(.POST, "\(path)/2026-06/reopen", token: coordinator, json: ["reason": "  "])
            #expect(blank.status == .unprocessableEntity)
            #expect(blank.apiError?.code == "invalid")
            #expect(blank.apiError?.fields["reopenReason"] == "请填写退回理由，告诉填报单位需要修改什么")
            let stored = try await ProgressReportRecord.query(on: app.db).first()
            #expect(stored?.isLocked == true)
        }
    }

    @Test func aReturnedMonthReachesTheClerkWithItsReasonAndTheValuesPrefilled() async throws {
        try await withTestApp { app in
            // setup: 市民政局's 新增养老床位 (≥ 200 张), July reported
            let planID = try await TestPlan.store(app)
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let item = try #require(facts.commitments.first { $0.commitment.leadUnits.names == ["市民政局"] })
            let target = try #require(item.commitment.targets.first)
            let id = item.commitment.id
            var clerk = try await WebClient.signedIn(app, "mz", .clerk, unit: "市民政局")
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            #expect(try await clerk.post("/commitments/\(id)/report", [
                "period": "2026-07", ReportFormInput.actualField(target.id): "150", "investment": "1200",
                "narrative": "已建成150张", "problems": "用地紧张", "action": "submit"]).status == .seeOther)
            // A locked month: read-only, one message.
            let lockedForm = try await clerk.get("/commitments/\(id)/report?period=2026-07")
            #expect(lockedForm.body.string.contains("<fieldset disabled"))
            #expect(!lockedForm.body.string.contains("value=\"submit\""))
            #expect(lockedForm.body.string.contains("value=\"已建成150张\"") || lockedForm.body.string.contains(">已建成150张</textarea>"))
            let again = try await clerk.post("/commitments/\(id)/report", [
                "period": "2026-07", "percent": "80", "narrative": "再报", "action": "submit"])
            #expect(again.status == .conflict)
            let lockWording = Wording.report(.periodLocked) + "。"
            #expect(again.body.string.components(separatedBy: lockWording).count - 1 == 1)
            #expect(!again.body.string.contains("督查协调员"))
            #expect(lockedForm.body.string.components(separatedBy: lockWording).count - 1 == 1)

            // MUT: the coordinator returns July with a reason
            let returned = try await coordinator.post("/commitments/\(id)/reports/2026-07/reopen", ["reason": "床位数与民政统计不符，请核对"])
            #expect(returned.status == .seeOther)

            // validate: the clerk's home shows the return and its reason as a link to the month
            let home = try await clerk.get("/clerk").body.string
            #expect(home.contains("2026年7月已退回重报：床位数与民政统计不符，请核对"))
            #expect(!home.contains("2026年7月已报送"))
            // the form opens with the returned values and the reason
            let form = try await clerk.get("/commitments/\(id)/report?period=2026-07").body.string
            #expect(form.contains("床位数与民政统计不符，请核对"))
            #expect(form.contains("value=\"150\""))
            #expect(form.contains("value=\"1200\""))
            #expect(form.contains(">已建成150张</textarea>"))
            #expect(form.contains(">用地紧张</textarea>"))
            #expect(!form.contains("<fieldset disabled"))
            // the corrected month goes in as revision 2; the home no longer lists the return
            #expect(try await clerk.post("/commitments/\(id)/report", [
                "period": "2026-07", ReportFormInput.actualField(target.id): "160", "investment": "1200",
                "narrative": "已建成160张（更正）", "action": "submit"]).status == .seeOther)
            let report = try #require(try await ProgressReportRecord.query(on: app.db).filter(\.$commitment.$id == id.rawValue).first())
            #expect(report.revision == 2)
            #expect(report.narrative == "已建成160张（更正）")
            #expect(!(try await clerk.get("/clerk").body.string.contains("已退回重报")))
        }
    }

    @Test func theHomesCountMatchesItsButtons() async throws {
        try await withTestApp { app in
            // 市住房城乡建设局 (also spelt 市住房和城乡建设局) leads 改造老旧小区 and supports
            // 新增养老床位: its part there has a button too, which the count used to leave out.
            _ = try await TestPlan.store(app)
            for (name, unit, supports) in [("cg", "市城管局", false), ("zj", "市住房城乡建设局", true)] {
                var clerk = try await WebClient.signedIn(app, name, .clerk, unit: unit)
                let html = try await clerk.get("/clerk").body.string
                let owed = try #require(html.firstMatch(of: /data-owed>(\d+)</)?.1).description
                let buttons = html.components(separatedBy: "class=\"button").count - 1
                let links = html.components(separatedBy: "<a class=\"error\"").count - 1
                #expect(Int(owed) == buttons + links, "\(unit)")
                #expect(Int(owed) ?? 0 > 0, "\(unit)")
                let split = try #require(html.firstMatch(of: /牵头 (\d+) 项，配合 (\d+) 项/))
                let (lead, support) = (Int(split.1) ?? -1, Int(split.2) ?? -1)
                #expect(lead + support == Int(owed), "\(unit)")
                #expect(lead > 0, "\(unit)")
                if supports { #expect(support > 0, "\(unit)") }
            }
        }
    }
}

/// Issue 13: after a percent-only report the commitment page showed every target as 未报.
@Suite struct LastKnownTargetValueTests {
    @Test func thePageAndTheAPIKeepTheLastKnownValueWithItsMonth() async throws {
        try await withTestApp { app in
            // setup: 新建城市公厕 (60 座): May reports 42 座, June only a percent
            let planID = try await TestPlan.store(app)
            let clerk = try await makeToken(app, "clerk1", .clerk, unit: "市城管局")
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            let toilets = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "1" })
            let path = "/api/v1/commitments/\(toilets.id)/reports"
            let api = APIClient(app: app)
            #expect(try await api.send(.POST, path, token: clerk, json: ReportBody(
                period: "2026-05", targets: [.init(targetId: toilets.targets[0].id, actual: 42)])).status == .created)
            #expect(try await api.send(.POST, path, token: clerk, json: ReportBody(period: "2026-06", percent: 75)).status == .created)
            // MUT
            let page = try await coordinator.get("/commitments/\(toilets.id)").body.string
            let listed = try #require(try await TestPlan.commitments(app, planID).first { $0.id == toilets.id })
            // validate
            #expect(page.contains("data-label=\"最新实际\">42座（2026年5月）</td>"))
            #expect(!page.contains("data-label=\"最新实际\">未报"))
            #expect(listed.targets.first?.actual == 42)
            #expect(listed.lastPeriod == "2026-06")
            #expect(listed.actualPercent == 75)
        }
    }
}
