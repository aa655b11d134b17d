import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

@Suite struct UnitsAndPlanRulesTests {
    struct UnitDTO: Content { var id: UUID; var name: String; var aliases: [String] }
    struct Merge: Content { var into: UUID; var from: UUID }

    @Test func adminMergesTwoRecordsOfOneUnit() async throws {
        try await withTestApp { app in
            // setup: 市数据局 and 市大数据管理局 are one unit the spelling rule cannot see
            var parsed = TestPlan.parsed()
            parsed.items[0].supportUnits = ["市数据局"]
            parsed.items[1].supportUnits = ["市大数据管理局"]
            let outcome = try await PlanImporter().store(parsed, text: "", in: app.writeContext(actor: .system))
            try await PlanActions.publish(planID: PlanID(outcome.planID), in: app.writeContext(actor: .system))
            let admin = try await makeToken(app, "admin", .admin)
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let api = APIClient(app: app)
            let units = try await api.send(.GET, "/api/v1/units").decode([UnitDTO].self)
            let short = try #require(units.first { $0.name == "市数据局" })
            let long = try #require(units.first { $0.name == "市大数据管理局" })
            _ = try await TestPlan.commitments(app, outcome.planID)          // fill the listing cache
            // MUT
            let refused = try await api.send(.POST, "/api/v1/units/merge", token: coordinator, json: Merge(into: long.id, from: short.id))
            let merged = try await api.send(.POST, "/api/v1/units/merge", token: admin, json: Merge(into: long.id, from: short.id))
            // validate
            #expect(refused.status == .forbidden)
            #expect(merged.status == .ok)
            #expect(Set(try merged.decode(UnitDTO.self).aliases) == ["市数据局", "市大数据管理局"])
            let after = try await api.send(.GET, "/api/v1/units").decode([UnitDTO].self)
            #expect(!after.contains { $0.id == short.id })
            let rows = try await TestPlan.commitments(app, outcome.planID)
            #expect(rows.first { $0.number == "1" }?.supportUnits == ["市大数据管理局"])
            #expect(rows.first { $0.number == "2" }?.supportUnits == ["市大数据管理局"])
            // a later import of the short spelling lands on the merged unit
            let again = try await PlanImporter().store(parsed, text: "", in: app.writeContext(actor: .system))
            _ = again
            #expect(try await UnitRecord.query(on: app.db).filter(\.$name == "市数据局").count() == 0)
        }
    }

    @Test func planBandsAndScheduleAreEditableAndValidated() async throws {
        try await withTestApp(today: CivilDate(2026, 7, 10)) { app in
            let planID = try await TestPlan.store(app)
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let clerk = try await makeToken(app, "clerk", .clerk, unit: "市民政局")
            let api = APIClient(app: app)
            let beds = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "2" })
            for month in 1...6 {
                try await api.send(.POST, "/api/v1/commitments/\(beds.id)/reports", token: clerk,
                                   json: ReportBody(period: String(format: "2026-%02d", month), percent: Double(month * 8)))
            }
            #expect(try await TestPlan.commitments(app, planID).first { $0.id == beds.id }?.health == "yellow")   // 48 vs ~62.6: 14.6 behind > 10

            struct Bands: Content { var version: Int; var bandYellow: Double; var bandRed: Double }
            struct Schedule: Content { var version: Int; var schedule: [ScheduleNodeDTO] }
            struct Inverted: Content { var version: Int; var bandYellow: Double; var bandRed: Double }
            let inverted = try await api.send(.PATCH, "/api/v1/plans/\(planID)", token: coordinator,
                                              json: Inverted(version: 2, bandYellow: 40, bandRed: 20))
            let widened = try await api.send(.PATCH, "/api/v1/plans/\(planID)", token: coordinator,
                                             json: Bands(version: 2, bandYellow: 20, bandRed: 40))
            #expect(inverted.status == .unprocessableEntity)
            #expect(widened.status == .ok)
            #expect(try await TestPlan.commitments(app, planID).first { $0.id == beds.id }?.health == "green")  // 14.6 behind < 20

            let badSchedule = try await api.send(.PATCH, "/api/v1/plans/\(planID)", token: coordinator,
                                                 json: Schedule(version: 3, schedule: [.init(date: "2026-06-30", percent: 60)]))
            let slower = try await api.send(.PATCH, "/api/v1/plans/\(planID)", token: coordinator,
                                            json: Schedule(version: 3, schedule: [.init(date: "2026-06-30", percent: 40),
                                                                                  .init(date: "2026-12-31", percent: 100)]))
            #expect(badSchedule.status == .unprocessableEntity)
            #expect(badSchedule.apiError?.fields["schedule"] != nil)
            #expect(slower.status == .ok)
            let plan = try slower.decode(PlanDTO.self)
            #expect(plan.schedule.map(\.date) == ["2026-06-30", "2026-12-31"])
            #expect(plan.bands == HealthBands(yellow: 20, red: 40))
            let row = try #require(try await TestPlan.commitments(app, planID).first { $0.id == beds.id })
            let rule = ScheduleRule(start: CivilDate(2026, 1, 1), nodes: [.init(date: CivilDate(2026, 6, 30), percent: 40),
                                                                          .init(date: CivilDate(2026, 12, 31), percent: 100)])
            #expect(abs(row.expectedPercent - rule.expectedPercent(on: CivilDate(2026, 7, 10))) < 0.06)
        }
    }
    @Test func aDraftsTargetCanBeDeletedWithItsVersionButAPublishedPlansCannot() async throws {
        try await withTestApp { app in
            let draftID = try await TestPlan.store(app, publish: false)
            let publishedID = try await TestPlan.store(app, year: 2027)
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let clerk = try await makeToken(app, "clerk", .clerk, unit: "市城管局")
            let api = APIClient(app: app)
            let draft = try #require(try await PlanQueries.facts(planID: draftID, on: app.db).commitments.first { !$0.targetRecords.isEmpty })
            let published = try #require(try await PlanQueries.facts(planID: publishedID, on: app.db).commitments.first { !$0.targetRecords.isEmpty })
            let target = draft.targetRecords[0]
            let path = "/api/v1/targets/\(target.id!)"

            let byClerk = try await api.send(.DELETE, "\(path)?version=\(target.version)", token: clerk)
            let noVersion = try await api.send(.DELETE, path, token: coordinator)
            let stale = try await api.send(.DELETE, "\(path)?version=\(target.version + 1)", token: coordinator)
            let deleted = try await api.send(.DELETE, "\(path)?version=\(target.version)", token: coordinator)
            let again = try await api.send(.DELETE, "\(path)?version=\(target.version)", token: coordinator)
            let publishedTarget = published.targetRecords[0]
            let locked = try await api.send(.DELETE, "/api/v1/targets/\(publishedTarget.id!)?version=\(publishedTarget.version)",
                                            token: coordinator)

            #expect(byClerk.status == .forbidden)
            #expect(noVersion.status == .unprocessableEntity)
            #expect(noVersion.apiError?.fields["version"] != nil)
            #expect(stale.status == .conflict)
            #expect(deleted.status == .noContent)
            #expect(try await TargetRecord.find(target.id, on: app.db) == nil)
            #expect(again.status == .notFound)
            #expect(locked.status == .conflict)
            #expect(locked.apiError?.code == "not_draft")
            #expect(try await TargetRecord.find(publishedTarget.id, on: app.db) != nil)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "target.delete").count() == 1)
        }
    }
}
