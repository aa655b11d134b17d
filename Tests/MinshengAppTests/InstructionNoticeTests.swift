import Fluent
import Foundation
@testable import MinshengApp
import MinshengCore
import Testing
import Vapor
import VaporTesting
import MinshengStore

/// Issue 13, staff side: a leader's 批示 becomes a 领导批示件 督办 in one click; 督办 has a type,
/// several 承办单位 in the plan's order and 抄送 units; deputies read the overview and bulletins.
@Suite struct InstructionNoticeTests {
    @Test func aLeadersInstructionBecomesANoticeToTheLeadUnitInOneClick() async throws {
        try await withTestApp { app in
            // setup: a published plan; commitment 1 is led by 市城管局; a leader writes a 批示.
            let planID = try await TestPlan.store(app)
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let id = try #require(facts.commitments.first { $0.commitment.leadUnits.names == ["市城管局"] }).commitment.id
            var leader = try await WebClient.signedIn(app, "lead", .leader)
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            var clerk = try await WebClient.signedIn(app, "cg", .clerk, unit: "市城管局")
            var other = try await WebClient.signedIn(app, "mz", .clerk, unit: "市民政局")
            #expect(try await leader.post("/commitments/\(id)/instructions", ["text": "请加快推进，月底前见成效。"]).status == .seeOther)
            let note = try #require(try await CommitmentNoteRecord.query(on: app.db).filter(\.$kind == "instruction").first())
            // MUT: the coordinator sees the button beside the 批示 and presses it.
            let page = try await coordinator.get("/commitments/\(id)")
            #expect(page.body.string.contains("id=\"instruction-\(note.id!.uuidString)\""))
            #expect(page.body.string.contains("name=\"instructionID\" value=\"\(note.id!.uuidString)\""))
            #expect(try await leader.get("/commitments/\(id)").body.string.contains("name=\"instructionID\"") == false)
            let issued = try await coordinator.post("/supervision", ["instructionID": note.id!.uuidString])
            // validate: a 领导批示件 to 市城管局 quoting the 批示, due in the default time, linked back.
            #expect(issued.status == .seeOther)
            let notice = try #require(try await SupervisionNoticeRecord.query(on: app.db).first())
            let unit = try #require(try await UnitRecord.query(on: app.db).filter(\.$name == "市城管局").first())
            #expect(notice.coreKind == .instruction)
            #expect(notice.instructionID == note.id)
            #expect(notice.addresseeIDs == [unit.id!])
            #expect(notice.$commitment.id == id.rawValue)
            #expect(notice.requiredAction.contains("“请加快推进，月底前见成效。”"))
            #expect(notice.deadline == Supervision.defaultDeadline(issuedOn: testToday).description)
            let shown = try await clerk.get("/supervision/\(notice.id!)").body.string
            #expect(shown.contains("领导批示件"))
            // The commitment named as the document numbers it (第1项), not the parser's bare "1".
            #expect(shown.contains("第1项 新建城市公厕"))
            #expect(shown.contains("/commitments/\(id.uuidString)#instruction-\(note.id!.uuidString)"))
            #expect(try await clerk.get("/supervision").body.string.contains(notice.number))
            #expect(try await other.get("/supervision/\(notice.id!)").status == .forbidden)
            #expect(try await other.get("/supervision").body.string.contains(notice.number) == false)
            // A 批示 that is not one (a comment's id, a stranger) is refused, nothing issued.
            #expect(try await coordinator.post("/supervision", ["instructionID": UUID().uuidString]).status == .unprocessableEntity)
            #expect(try await leader.post("/supervision", ["instructionID": note.id!.uuidString]).status == .forbidden)
            #expect(try await SupervisionNoticeRecord.query(on: app.db).count() == 1)
        }
    }

    @Test func severalAddresseesInThePlansOrderAndCopiedUnitsReadOnly() async throws {
        try await withTestApp { app in
            // setup: commitment 2, 牵头 市民政局, 配合 the 住建 unit (which sorts first by code point).
            let planID = try await TestPlan.store(app)
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let id = try #require(facts.commitments.first { $0.commitment.leadUnits.names == ["市民政局"] }).commitment.id
            let links = try await NoticeQueries.planUnits(of: id, on: app.db)
            #expect(links.map(\.role) == ["lead", "support"])
            let lead = links[0].$unit.id, support = links[1].$unit.id
            let cg = try #require(try await UnitRecord.query(on: app.db).filter(\.$name == "市城管局").first()).id!
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            var copied = try await WebClient.signedIn(app, "cg", .clerk, unit: "市城管局")
            try await coordinator.get("/supervision/new?commitment=\(id)")
            // MUT: ticked support first, lead second, 市城管局 copied, as 重点督办.
            let issued = try await coordinator.post("/supervision", pairs: [
                ("commitmentID", id.uuidString), ("kind", "key"), ("unitIDs[]", support.uuidString), ("unitIDs[]", lead.uuidString),
                ("copyUnitIDs[]", cg.uuidString), ("requiredAction", "加快床位建设"), ("deadline", "2026-08-01"),
            ])
            // validate
            #expect(issued.status == .seeOther)
            let notice = try #require(try await SupervisionNoticeRecord.query(on: app.db).first())
            #expect(notice.addresseeIDs == [lead, support])
            #expect(notice.copyIDs == [cg])
            #expect(notice.coreKind == .key)
            let shown = try await copied.get("/supervision/\(notice.id!)")
            #expect(shown.status == .ok)
            #expect(shown.body.string.contains("重点督办"))
            #expect(shown.body.string.contains("/supervision/\(notice.id!)/reply") == false)
            #expect(try await copied.post("/supervision/\(notice.id!)/reply", ["reply": "x"]).status == .forbidden)
            let names = try await NoticeQueries.unitNames(of: notice, on: app.db)
            #expect(names.addressees.first == "市民政局")
            #expect(names.copies == ["市城管局"])
            // The form ticks every 牵头单位 and lists the commitment's own units first, in plan order.
            let form = try await coordinator.get("/supervision/new?commitment=\(id)").body.string
            let leadAt = try #require(form.range(of: "value=\"\(lead.uuidString)\" checked"))
            let supportAt = try #require(form.range(of: "value=\"\(support.uuidString)\""))
            #expect(leadAt.lowerBound < supportAt.lowerBound)
        }
    }

    @Test func deputiesReadTheOverviewAndBulletinsWithoutNoticeLinks() async throws {
        try await withTestApp { app in
            _ = try await TestPlan.store(app)
            var deputy = try await WebClient.signedIn(app, "dep", .deputy)
            var leader = try await WebClient.signedIn(app, "lead", .leader)
            let dashboard = try await deputy.get("/dashboard")
            #expect(dashboard.status == .ok)
            #expect(dashboard.body.string.contains("未办结督办"))
            #expect(dashboard.body.string.contains("href=\"/supervision") == false)
            // The leader's body is kept apart: theirs links the counts.
            #expect(try await leader.get("/dashboard").body.string.contains("href=\"/supervision"))
            #expect(try await deputy.get("/dashboard").body.string.contains("href=\"/supervision") == false)
            #expect(try await deputy.get("/bulletins").location == "/bulletins/2026-06")
            let bulletin = try await deputy.get("/bulletins/2026-06")
            #expect(bulletin.status == .ok)
            #expect(bulletin.body.string.contains("月度通报") || bulletin.body.string.contains("通报"))
            #expect(try await deputy.get("/supervision").status == .forbidden)
        }
    }
}
