import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

@Suite struct ReportsAPITests {
    @Test func clerkOfLeadUnitReportsAMonthThenTheMonthIsLocked() async throws {
        try await withTestApp { app in
            // setup
            let planID = try await TestPlan.store(app)
            let clerk = try await makeToken(app, "clerk1", .clerk, unit: "市城管局")
            let toilets = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "1" })
            let api = APIClient(app: app)
            // MUT
            let created = try await api.send(.POST, "/api/v1/commitments/\(toilets.id)/reports", token: clerk,
                                             json: ReportBody(period: "2026-06", targets: [.init(targetId: toilets.targets[0].id, actual: 30)],
                                                        narrative: "已建成30座"))
            let again = try await api.send(.POST, "/api/v1/commitments/\(toilets.id)/reports", token: clerk,
                                           json: ReportBody(period: "2026-06", percent: 60))
            // validate
            #expect(created.status == .created)
            let report = try created.decode(ReportDTO.self)
            #expect(report.percent == 50)                 // 30 of 60 座, derived by Core from the target
            #expect(report.percentSource == "derived")
            #expect(report.isLocked)
            #expect(again.status == .conflict)
            #expect(again.apiError?.code == "period_taken")
            let listed = try await TestPlan.commitments(app, planID).first { $0.id == toilets.id }
            #expect(listed?.actualPercent == 50)
            #expect(listed?.lastPeriod == "2026-06")
            #expect(listed?.targets.first?.actual == 30)
        }
    }

    @Test func aReportOnTimeIsNotLateAndOneAfterMonthEndIs() async throws {
        try await withTestApp(today: CivilDate(2026, 6, 30)) { app in
            let planID = try await TestPlan.store(app)
            let clerk = try await makeToken(app, "clerk1", .clerk, unit: "市民政局")
            let beds = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "2" })
            let onTime = try await APIClient(app: app).send(.POST, "/api/v1/commitments/\(beds.id)/reports", token: clerk,
                                                            json: ReportBody(period: "2026-06", percent: 40))
            #expect(onTime.status == .created)
            #expect(try onTime.decode(ReportDTO.self).isLate == false)
        }
        try await withTestApp(today: CivilDate(2026, 7, 10)) { app in
            let planID = try await TestPlan.store(app)
            let clerk = try await makeToken(app, "clerk1", .clerk, unit: "市民政局")
            let beds = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "2" })
            let late = try await APIClient(app: app).send(.POST, "/api/v1/commitments/\(beds.id)/reports", token: clerk,
                                                          json: ReportBody(period: "2026-06", percent: 40))
            #expect(late.status == .created)
            #expect(try late.decode(ReportDTO.self).isLate)
            #expect(try late.decode(ReportDTO.self).dueOn == "2026-06-30")
        }
    }

    @Test func badInputIs422WithFields() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let clerk = try await makeToken(app, "clerk1", .clerk, unit: "市城管局")
            let toilets = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "1" })
            let api = APIClient(app: app)
            let path = "/api/v1/commitments/\(toilets.id)/reports"

            let badMonth = try await api.send(.POST, path, token: clerk, json: ReportBody(period: "2026-13", percent: 10))
            let badPercent = try await api.send(.POST, path, token: clerk, json: ReportBody(period: "2026-06", percent: 150))
            let future = try await api.send(.POST, path, token: clerk, json: ReportBody(period: "2026-09", percent: 10))
            let strangeTarget = try await api.send(.POST, path, token: clerk,
                                                   json: ReportBody(period: "2026-06", targets: [.init(targetId: UUID(), actual: 3)]))
            let noPercent = try await api.send(.POST, path, token: clerk, json: ReportBody(period: "2026-06"))

            for res in [badMonth, badPercent, future, strangeTarget, noPercent] {
                #expect(res.status == .unprocessableEntity)
            }
            #expect(badMonth.apiError?.fields["period"] != nil)
            #expect(badPercent.apiError?.fields["percent"] != nil)
            #expect(future.apiError?.fields["period"] != nil)
            #expect(strangeTarget.apiError?.fields["targets"] != nil)
            #expect(noPercent.apiError?.fields["percent"] != nil)
            #expect(badPercent.apiError?.message.isEmpty == false)
            let stored = try await ProgressReportRecord.query(on: app.db).count()
            #expect(stored == 0)
        }
    }

    @Test func missingFieldInJSONIs422NamingTheField() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let clerk = try await makeToken(app, "clerk1", .clerk, unit: "市城管局")
            let toilets = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "1" })
            struct NoPeriod: Content { var percent: Double }
            let res = try await APIClient(app: app).send(.POST, "/api/v1/commitments/\(toilets.id)/reports", token: clerk,
                                                         json: NoPeriod(percent: 10))
            #expect(res.status == .unprocessableEntity)
            #expect(res.apiError?.fields["period"] != nil)
        }
    }

    @Test func coordinatorReopensAMonthAndTheClerkResubmitsARevision() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let clerk = try await makeToken(app, "clerk1", .clerk, unit: "市城管局")
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let toilets = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "1" })
            let api = APIClient(app: app)
            let path = "/api/v1/commitments/\(toilets.id)/reports"
            try await api.send(.POST, path, token: clerk, json: ReportBody(period: "2026-06", percent: 20))

            let byClerk = try await api.send(.POST, "\(path)/2026-06/reopen", token: clerk)
            let reopened = try await api.send(.POST, "\(path)/2026-06/reopen", token: coordinator, json: ["reason": "请核对完成数"])
            let twice = try await api.send(.POST, "\(path)/2026-06/reopen", token: coordinator)
            let revised = try await api.send(.POST, path, token: clerk,
                                             json: ReportBody(period: "2026-06", targets: [.init(targetId: toilets.targets[0].id, actual: 45)]))

            #expect(byClerk.status == .forbidden)
            #expect(reopened.status == .ok)
            #expect(try reopened.decode(ReportDTO.self).isLocked == false)
            #expect(try reopened.decode(ReportDTO.self).reopenReason == "请核对完成数")
            #expect(twice.status == .conflict)            // Core: only a locked month can be reopened
            #expect(revised.status == .created)
            let report = try revised.decode(ReportDTO.self)
            #expect(report.revision == 2)
            #expect(report.percent == 75)
            #expect(report.isLocked)
            #expect(try await ProgressReportRecord.query(on: app.db).count() == 1)
        }
    }

    @Test func supportUnitAddsAContributionThatDoesNotCount() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let support = try await makeToken(app, "support", .clerk, unit: "市住房和城乡建设局")
            let rows = try await TestPlan.commitments(app, planID)
            let beds = try #require(rows.first { $0.number == "2" })
            let form = ReportBody(period: "2026-06", narrative: "配合完成选址")
            let res = try await APIClient(app: app).send(.POST, "/api/v1/commitments/\(beds.id)/reports", token: support, json: form)
            #expect(res.status == .created)
            let stored = try res.decode(ReportDTO.self)
            #expect(stored.kind == "contribution")
            let after = try await TestPlan.commitments(app, planID)
            let listed = after.first { $0.id == beds.id }
            #expect(listed?.actualPercent == 0)
            let count = try await APIClient(app: app).send(.GET, "/api/v1/commitments/\(beds.id)/reports")
                .decode([ReportDTO].self).filter { $0.kind == "contribution" }.count
            #expect(count == 1)
        }
    }
    @Test func coordinatorReopensASupportUnitsContributionAndItIsRevised() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let support = try await makeToken(app, "support", .clerk, unit: "市住房和城乡建设局")
            let lead = try await makeToken(app, "lead", .clerk, unit: "市民政局")
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let beds = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "2" })
            let api = APIClient(app: app)
            let path = "/api/v1/commitments/\(beds.id)/reports"
            let unit = "市住房和城乡建设局".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!

            let first = try await api.send(.POST, path, token: support, json: ReportBody(period: "2026-06", narrative: "配合完成选址"))
            let again = try await api.send(.POST, path, token: support, json: ReportBody(period: "2026-06", narrative: "改一下"))
            try await api.send(.POST, path, token: lead, json: ReportBody(period: "2026-06", percent: 40))
            let bySupport = try await api.send(.POST, "\(path)/2026-06/reopen?unit=\(unit)", token: support)
            let unknownUnit = try await api.send(.POST, "\(path)/2026-06/reopen?unit=%E5%B8%82%E6%97%A0%E6%AD%A4%E5%B1%80", token: coordinator)
            let reopened = try await api.send(.POST, "\(path)/2026-06/reopen?unit=\(unit)", token: coordinator, json: ["reason": "请补充选址情况"])
            let revised = try await api.send(.POST, path, token: support, json: ReportBody(period: "2026-06", narrative: "选址已报批"))
            let thirdTime = try await api.send(.POST, path, token: support, json: ReportBody(period: "2026-06", narrative: "再改"))
            let all = try await api.send(.GET, path).decode([ReportDTO].self)
            let audit = try await AuditEntryRecord.query(on: app.db).all().map(\.action)

            #expect(first.status == .created)
            #expect(again.status == .conflict)                 // a submitted contribution is locked
            #expect(bySupport.status == .forbidden)
            #expect(unknownUnit.status == .notFound)
            #expect(reopened.status == .ok)
            let reopenedDTO = try reopened.decode(ReportDTO.self)
            #expect(reopenedDTO.kind == "contribution")
            #expect(reopenedDTO.isLocked == false)
            #expect(revised.status == .created)
            let revisedDTO = try revised.decode(ReportDTO.self)
            #expect(revisedDTO.revision == 2)
            #expect(revisedDTO.narrative == "选址已报批")
            #expect(revisedDTO.isLocked)
            #expect(thirdTime.status == .conflict)
            // the lead unit's report for the month is untouched, and still the one that counts
            #expect(all.filter { $0.kind == "consolidated" }.map(\.percent) == [40])
            #expect(all.filter { $0.kind == "contribution" }.count == 1)
            #expect(try await TestPlan.commitments(app, planID).first { $0.id == beds.id }?.actualPercent == 40)
            #expect(audit.filter { $0 == "contribution.reopen" }.count == 1)
            #expect(audit.filter { $0 == "contribution.revise" }.count == 1)
        }
    }
}
