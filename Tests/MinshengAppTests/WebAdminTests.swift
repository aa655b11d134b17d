import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

@Suite struct WebAdminTests {
    @Test func adminCreatesAClerkWhoCanSignIn() async throws {
        try await withTestApp { app in
            _ = try await TestPlan.store(app)
            var admin = try await WebClient.signedIn(app, "root", .admin)
            let short = try await admin.post("/admin/users", ["name": "newclerk", "displayName": "赵六", "role": "clerk", "unit": "市民政局", "password": "short"])
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.string.contains("密码至少10位"))
            let noUnit = try await admin.post("/admin/users", ["name": "newclerk", "displayName": "赵六", "role": "clerk", "unit": "", "password": "long-enough"])
            #expect(noUnit.status == .unprocessableEntity)
            #expect(noUnit.body.string.contains("单位联络员和单位负责人必须指定所属单位"))
            let ok = try await admin.post("/admin/users", ["name": "newclerk", "displayName": "赵六", "role": "clerk", "unit": "市民政局", "password": "long-enough"])
            #expect(ok.status == .seeOther)
            let list = try await admin.get("/admin/users")
            #expect(list.body.string.contains("newclerk"))
            var clerk = WebClient(app: app)
            try await clerk.get("/login")
            let signIn = try await clerk.post("/login", ["username": "newclerk", "password": "long-enough"])
            #expect(signIn.status == .seeOther)
            #expect(signIn.location == "/clerk")
            // The password the admin chose is changed first (issue 12); then the clerk's work.
            #expect(try await clerk.get("/clerk").location == "/account/password")
            try await clerk.get("/account/password")
            let changed = try await clerk.post("/account/password", ["currentPassword": "long-enough", "newPassword": "Own-Choice-2026",
                                                                    "confirmPassword": "Own-Choice-2026"])
            #expect(changed.location == "/clerk")
            #expect(try await clerk.get("/clerk").body.string.contains("新增养老床位"))
        }
    }

    @Test func mergingUnitsMovesTheirNoticesLinksAndUsers() async throws {
        try await withTestApp { app in
            // setup: a short name (市住建局) stored as a unit of its own beside the full name.
            _ = try await TestPlan.store(app)
            var admin = try await WebClient.signedIn(app, "root", .admin)
            let keep = try #require(try await UnitRecord.query(on: app.db).filter(\.$name == "市住房和城乡建设局").first())
            let gone = UnitRecord(name: "市住建局")
            try await gone.create(on: app.db)
            try await UnitAliasRecord(unitID: gone.id!, alias: "市住建局").create(on: app.db)
            let notice = SupervisionNoticeRecord()
            notice.year = 2026; notice.serial = 1; notice.number = "督办〔2026〕1号"; notice.$unit.id = gone.id!
            notice.requiredAction = "x"; notice.issuedOn = "2026-07-01"; notice.deadline = "2026-07-20"
            notice.state = SupervisionState.issued.rawValue; notice.createdAt = Date(); notice.updatedAt = Date()
            try await notice.create(on: app.db)
            #expect(try await admin.get("/admin/units").body.string.contains("市住建局"))
            // MUT
            let same = try await admin.post("/admin/units/merge", ["into": keep.id!.uuidString, "from": keep.id!.uuidString])
            let merged = try await admin.post("/admin/units/merge", ["into": keep.id!.uuidString, "from": gone.id!.uuidString])
            // validate
            #expect(same.status == .unprocessableEntity)
            #expect(merged.status == .seeOther)
            #expect(try await UnitRecord.find(gone.id, on: app.db) == nil)
            #expect(try await SupervisionNoticeRecord.find(notice.id, on: app.db)?.$unit.id == keep.id)
            let aliases = try await UnitAliasRecord.query(on: app.db).filter(\.$unit.$id == keep.id!).all().map(\.alias)
            #expect(aliases.contains("市住建局"))
            let page = try await admin.get("/admin/units")
            #expect(page.body.string.contains("已将“市住建局”并入“市住房和城乡建设局”"))
        }
    }

    @Test func coordinatorReopensALockedMonth() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let item = try #require(facts.commitments.first { $0.commitment.leadUnits.names == ["市民政局"] })
            var clerk = try await WebClient.signedIn(app, "mz", .clerk, unit: "市民政局")
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            let id = item.commitment.id
            try await clerk.get("/commitments/\(id)/report")
            #expect(try await clerk.post("/commitments/\(id)/report", ["period": "2026-07", "percent": "40", "narrative": "七月进展", "action": "submit"]).status == .seeOther)
            let page = try await coordinator.get("/commitments/\(id)")
            #expect(page.body.string.contains("/reports/2026-07/reopen"))
            #expect(try await clerk.get("/commitments/\(id)").body.string.contains("退回重报") == false)
            #expect(try await coordinator.post("/commitments/\(id)/reports/2026-07/reopen").status == .unprocessableEntity)
            #expect(try await coordinator.post("/commitments/\(id)/reports/2026-07/reopen", ["reason": "请核对床位数"]).status == .seeOther)
            #expect(try await coordinator.post("/commitments/\(id)/reports/2026-07/reopen", ["reason": "请核对床位数"]).status == .conflict)
            // The unit corrects the month.
            #expect(try await clerk.post("/commitments/\(id)/report", ["period": "2026-07", "percent": "45", "narrative": "七月进展（更正）", "action": "submit"]).status == .seeOther)
            let report = try #require(try await ProgressReportRecord.query(on: app.db).filter(\.$commitment.$id == id.rawValue).first())
            #expect(report.percent == 45)
        }
    }
    @Test func aSupportUnitsContributionIsShownAndCanBeReturned() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let item = try #require(facts.commitments.first { $0.commitment.leadUnits.names == ["市民政局"] })
            let supportUnit = try #require(item.commitment.supportUnits.first)
            var support = try await WebClient.signedIn(app, "zj", .clerk, unit: supportUnit.name)
            var lead = try await WebClient.signedIn(app, "mz", .clerk, unit: "市民政局")
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            let id = item.commitment.id
            try await support.get("/commitments/\(id)/report")
            let submitted = try await support.post("/commitments/\(id)/report",
                                                   ["period": "2026-07", "narrative": "完成选址踏勘", "action": "submit"])
            let leadPage = try await lead.get("/commitments/\(id)").body.string
            let coordinatorPage = try await coordinator.get("/commitments/\(id)").body.string
            let returned = try await coordinator.post("/commitments/\(id)/reports/2026-07/reopen", ["unitID": supportUnit.id.rawValue.uuidString, "reason": "请补充选址情况"])
            let contribution = try #require(try await ReportContributionRecord.query(on: app.db).filter(\.$commitment.$id == id.rawValue).first())

            #expect(submitted.status == .seeOther)
            #expect(leadPage.contains("配合单位报送"))              // the lead unit sees the part it consolidates
            #expect(leadPage.contains("完成选址踏勘"))
            #expect(!leadPage.contains("name=\"unitID\""))        // but may not return it
            #expect(coordinatorPage.contains("name=\"unitID\" value=\"\(supportUnit.id.rawValue.uuidString)\""))
            #expect(returned.status == .seeOther)
            #expect(contribution.state == ReportState.reopened.rawValue)
            #expect(try await ProgressReportRecord.query(on: app.db).filter(\.$commitment.$id == id.rawValue).count() == 0)
            // The support unit corrects its part through the same form.
            try await support.get("/commitments/\(id)/report")
            let corrected = try await support.post("/commitments/\(id)/report",
                                                   ["period": "2026-07", "narrative": "选址已报批", "action": "submit"])
            let revised = try #require(try await ReportContributionRecord.find(contribution.id, on: app.db))
            #expect(corrected.status == .seeOther)
            #expect(revised.revision == 2)
            #expect(revised.narrative == "选址已报批")
            #expect(revised.state == ReportState.submitted.rawValue)
        }
    }
}
