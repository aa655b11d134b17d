import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

@Suite struct AuditTests {
    struct Entry: Content {
        var actor: String
        var action: String
        var subjectType: String
        var subjectID: UUID?
        var before: String?
        var after: String?
    }

    @Test func everyWriteIsRecordedWithBeforeAndAfter() async throws {
        try await withTestApp { app in
            // setup
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let clerk = try await makeToken(app, "clerk", .clerk, unit: "市城管局")
            let api = APIClient(app: app)
            let planID = try await TestPlan.store(app)
            let toilets = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "1" })
            struct Patch: Content { var version: Int; var title: String }
            // MUT
            try await api.send(.PATCH, "/api/v1/commitments/\(toilets.id)", token: coordinator,
                               json: Patch(version: toilets.version, title: "新建和改造城市公厕"))
            try await api.send(.POST, "/api/v1/commitments/\(toilets.id)/reports", token: clerk,
                               json: ReportBody(period: "2026-06", percent: 40))
            // validate
            let entries = try await api.send(.GET, "/api/v1/audit", token: coordinator).decode([Entry].self)
            let actions = entries.map(\.action)
            #expect(actions.contains("plan.import"))
            #expect(actions.contains("plan.publish"))
            #expect(actions.contains("user.create"))
            let edit = try #require(entries.first { $0.action == "commitment.update" })
            #expect(edit.actor == "coord")
            #expect(edit.subjectID == toilets.id)
            #expect(edit.before?.contains("新建城市公厕") == true)
            #expect(edit.after?.contains("新建和改造城市公厕") == true)
            let report = try #require(entries.first { $0.action == "report.create" })
            #expect(report.actor == "clerk")
            #expect(report.after?.contains("2026-06") == true)
            #expect(actions.first == "report.create")   // newest first

            let filtered = try await api.send(.GET, "/api/v1/audit?subjectID=\(toilets.id)", token: coordinator).decode([Entry].self)
            #expect(Set(filtered.map(\.action)) == ["commitment.update", "report.create"])
        }
    }

    @Test func refusedWritesLeaveNoEntry() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let clerk = try await makeToken(app, "clerk", .clerk, unit: "市城管局")
            let toilets = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "1" })
            let before = try await AuditEntryRecord.query(on: app.db).count()
            try await APIClient(app: app).send(.POST, "/api/v1/commitments/\(toilets.id)/reports", token: clerk,
                                               json: ReportBody(period: "2026-06", percent: 400))
            #expect(try await AuditEntryRecord.query(on: app.db).count() == before)
        }
    }
}
