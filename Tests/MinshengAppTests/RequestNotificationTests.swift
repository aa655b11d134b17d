import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
@testable import PolicyParser
import MinshengStore

@Suite struct RequestNotificationTests {
    @Test func aUnitMarksItsNotificationsReadAndOnlyItsOwn() async throws {
        try await withTestApp { app in
            // setup: one request routed to 市城管局, one to 市民政局 (each unit gets a 新工单 notification).
            let cast = try await RequestCast.make(app)
            let api = RequestsAPI(app: app)
            let first = try await api.take(token: cast.hotline)
            try await api.step(first.id, "dispatch", token: cast.hotline, .dispatch(cast.lead))
            let second = try await api.take(token: cast.hotline)
            try await api.step(second.id, "dispatch", token: cast.hotline, .dispatch(cast.other))
            var clerk = try await WebClient.signedIn(app, "cg-web", .clerk, unit: RequestCast.leadName)
            let before = try await clerk.get("/inbox")
            #expect(before.body.string.contains("未读"))

            // MUT
            let marked = try await clerk.post("/inbox/read")

            // validate
            #expect(marked.status == .seeOther)
            let after = try await clerk.get("/inbox")
            #expect(after.body.string.contains("新工单") && !after.body.string.contains(">未读<"))
            let unread = try await NotificationRecord.query(on: app.db).filter(\.$readAt == nil).all()
            #expect(unread.count == 1 && unread.first?.$unit.id == cast.other, "the other unit's notification stays unread")
            let audit = try #require(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "notification.read").first())
            #expect(audit.subjectID == cast.lead)
        }
    }
}

@Suite struct RoutingRulePageTests {
    @Test func anAdminAddsAndDeletesARoutingRule() async throws {
        try await withTestApp { app in
            let cast = try await RequestCast.make(app)
            var admin = try await WebClient.signedIn(app, "root-web", .admin)
            try await admin.get("/admin/requests")
            let added = try await admin.post("/admin/requests/rules", ["categoryPrefix": "0103", "leadUnitID": cast.lead.uuidString])
            #expect(added.status == .seeOther)
            let rule = try #require(try await RoutingRuleRecord.query(on: app.db).first())
            // intake routes by it at once (what intake keeps of the rules is forgotten on change)
            #expect(try await RequestsAPI(app: app).take(token: cast.hotline).suggestedUnitID == cast.lead)
            let page = try await admin.get("/admin/requests")
            #expect(page.body.string.contains("/admin/requests/rules/\(rule.id!)/delete"))

            let deleted = try await admin.post("/admin/requests/rules/\(rule.id!)/delete")

            #expect(deleted.status == .seeOther)
            #expect(try await RoutingRuleRecord.query(on: app.db).count() == 0)
            let audit = try await AuditEntryRecord.query(on: app.db).filter(\.$action == "request.routingRule").all()
            #expect(audit.count == 2 && audit.contains { $0.before?.contains("0103") == true })
            // A new request in that category is no longer routed by the rule.
            let taken = try await RequestsAPI(app: app).take(token: cast.hotline)
            #expect(taken.suggestedUnitID == nil)
        }
    }

    /// A category retired by an admin is refused by the very next intake.
    @Test func aRetiredCategoryIsRefusedAtOnce() async throws {
        try await withTestApp { app in
            let cast = try await RequestCast.make(app)
            var admin = try await WebClient.signedIn(app, "root-web", .admin)
            try await admin.get("/admin/requests")
            let api = RequestsAPI(app: app)
            _ = try await api.take(token: cast.hotline)

            let saved = try await admin.post("/admin/requests/categories", ["code": "0103", "name": "路灯", "active": "0"])

            #expect(saved.status == .seeOther)
            let refused = try await api.intake(token: cast.hotline)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("categoryCode"))
        }
    }
}

@Suite struct RequestImportTimeTests {
    /// An xlsx date-time cell reads as `2026年11月29日 08:30` (PolicyParser's reader keeps the time
    /// of day): the import takes it at that minute, Beijing time.
    @Test func anXlsxDateTimeKeepsItsTimeOfDay() throws {
        let text = try #require(PolicyParser.XlsxReader.date(fromSerial: 46355 + 0.5 / 24 * 17))  // 2026-11-29 08:30
        #expect(text == "2026年11月29日 08:30")
        let at = try #require(RequestImport.parseTime(text))
        #expect(W3CDate.string(at) == "2026-11-29T08:30:00+08:00")
    }
}
