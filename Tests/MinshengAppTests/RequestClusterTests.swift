import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// Recurring requests become a candidate project for next year's plan (转化机制), linked both ways.
@Suite struct RequestClusterTests {
    @Test func aClusterBecomesACandidateProjectLinkedBothWays() async throws {
        try await withTestApp { app in
            // setup: three alike requests in one street and category, and one unlike them
            let cast = try await RequestCast.make(app)
            let api = RequestsAPI(app: app)
            var alike: [UUID] = []
            for text in ["和平路路灯不亮，晚上很黑", "和平路的路灯又不亮了", "和平路路灯坏了不亮"] {
                alike.append(try await api.take(IntakeBody(text: text), token: cast.hotline).id)
            }
            let other = try await api.take(IntakeBody(categoryCode: "0801", text: "物业不作为"), token: cast.hotline).id
            var web = try await WebClient.signedIn(app, "desk", .hotline)

            // MUT: the clusters page lists the three; proposing them makes a candidate
            let page = try await web.get("/requests/clusters")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("3 件"))
            let members = try #require(page.body.string.firstMatch(of: /name="members" value="([^"]+)"/)?.1)
            #expect(Set(members.split(separator: ",").compactMap { UUID(uuidString: String($0)) }) == Set(alike))
            let res = try await web.post("/requests/candidates", ["title": "和平路路灯整治", "members": String(members),
                                                                   "categoryCode": "0103", "place": "东城街道"])

            // validate
            #expect(res.status == .seeOther)
            let candidate = try #require(try await CandidateProjectRecord.query(on: app.db).first())
            #expect(candidate.title == "和平路路灯整治")
            #expect(candidate.requestCount == 3)
            #expect(candidate.year == app.clock.today.year + 1)
            let linked = try await CitizenRequestRecord.query(on: app.db).filter(\.$candidateID == candidate.id).all().compactMap(\.id)
            #expect(Set(linked) == Set(alike))
            #expect(try await CitizenRequestRecord.find(other, on: app.db)?.candidateID == nil)
            let shown = try await web.get("/requests/\(alike[0])")
            #expect(shown.body.string.contains("候选项目：和平路路灯整治"))
            let again = try await web.get("/requests/clusters")
            #expect(again.body.string.contains("已提为候选项目"))
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == AuditAction.candidateCreate.rawValue).count() == 1)
            let pool = try await web.get("/requests/candidates")
            #expect(pool.status == .ok)
            #expect(pool.body.string.contains("和平路路灯整治"))
            for id in alike { #expect(pool.body.string.contains("/requests/\(id)")) }
        }
    }
}
