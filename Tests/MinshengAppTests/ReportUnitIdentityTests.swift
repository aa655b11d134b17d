import Fluent
import Foundation
import MinshengCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// A lead unit's reports belong to the unit by identity (`progress_reports.unit_id`), not by the
/// name it had when it reported: a rename keeps its months, a new unit given the old name sees
/// none of them, a merge moves them, and rows stored before the column are attributed by name.
@Suite struct ReportUnitIdentityTests {
    /// Commitment 1 (新建城市公厕) is led by 市城管局: its clerk reports June, a coordinator returns it.
    private func reportAndReturnJune(_ app: Application) async throws -> (commitment: UUID, unit: UnitRecord) {
        let planID = try await TestPlan.store(app)
        let clerk = try await makeToken(app, "cg", .clerk, unit: "市城管局")
        let coordinator = try await makeToken(app, "coord", .coordinator)
        let toilets = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "1" })
        let api = APIClient(app: app)
        let path = "/api/v1/commitments/\(toilets.id)/reports"
        let created = try await api.send(.POST, path, token: clerk, json: ReportBody(period: "2026-06", percent: 30, narrative: "已建成18座"))
        #expect(created.status == .created)
        let reopened = try await api.send(.POST, "\(path)/2026-06/reopen", token: coordinator, json: ["reason": "请核对完成数"])
        #expect(reopened.status == .ok)
        let unit = try #require(try await UnitRecord.query(on: app.db).filter(\.$name == "市城管局").first())
        return (toilets.id, unit)
    }

    @Test func aReportIsWrittenWithItsUnitsID() async throws {
        try await withTestApp { app in
            // setup · MUT
            let (commitment, unit) = try await reportAndReturnJune(app)

            // validate
            let row = try #require(try await ProgressReportRecord.query(on: app.db).filter(\.$commitment.$id == commitment).first())
            #expect(row.$unit.id == unit.id)
            #expect(row.unitName == "市城管局")
            #expect(row.coreReport?.unit.id == unit.ref.id)
        }
    }

    @Test func aReturnedMonthSurvivesARenameAndIsSubmittedAgain() async throws {
        try await withTestApp { app in
            // setup
            let (commitment, unit) = try await reportAndReturnJune(app)
            var clerk = try await WebClient.signedIn(app, "cg2", .clerk, unit: "市城管局")

            // MUT: the unit is renamed after its month was returned.
            unit.name = "市城市管理局"
            try await unit.save(on: app.db)
            let returned = try await ReportQueries.returned(unit: unit.ref.id, on: app.db)
            let home = try await clerk.get("/clerk")
            let token = try await makeToken(app, "cg3", .clerk, unit: "市城市管理局")
            let again = try await APIClient(app: app).send(.POST, "/api/v1/commitments/\(commitment)/reports", token: token,
                                                           json: ReportBody(period: "2026-06", percent: 35, narrative: "已建成21座"))

            // validate
            #expect(returned.map(\.commitmentID) == [commitment])
            #expect(returned.first?.reason == "请核对完成数")
            #expect(home.body.string.contains("data-returned"))
            #expect(again.status == .created)
            #expect(try again.decode(ReportDTO.self).revision == 2)
            let row = try #require(try await ProgressReportRecord.query(on: app.db).filter(\.$commitment.$id == commitment).first())
            #expect(row.$unit.id == unit.id)
            #expect(row.unitName == "市城市管理局")   // the name it reported under this time
            #expect(try await ReportQueries.returned(unit: unit.ref.id, on: app.db).isEmpty)
        }
    }

    @Test func aNewUnitGivenAnOldNameNeverSeesTheOldUnitsMonths() async throws {
        try await withTestApp { app in
            // setup: 市城管局's June is returned; the unit is renamed and a new unit takes the old name.
            let (commitment, unit) = try await reportAndReturnJune(app)
            unit.name = "市城管局（撤并前）"
            try await unit.save(on: app.db)
            // The new unit's clerk is bound to it by id (the import keeps 市城管局 as the old unit's
            // alias, so the name would resolve to the old unit).
            var newClerk = try await WebClient.signedIn(app, "newcg", .clerk, unit: "市新设城管局")
            let newcomer = try #require(try await UnitRecord.query(on: app.db).filter(\.$name == "市新设城管局").first())
            newcomer.name = "市城管局"
            try await newcomer.save(on: app.db)

            // MUT
            let theirs = try await ReportQueries.returned(unit: newcomer.ref.id, on: app.db)
            let ours = try await ReportQueries.returned(unit: unit.ref.id, on: app.db)
            let home = try await newClerk.get("/clerk")

            // validate
            #expect(theirs.isEmpty)
            #expect(ours.map(\.commitmentID) == [commitment])
            #expect(!home.body.string.contains("data-returned"))
        }
    }

    @Test func aContributionIsReopenedByItsUnitsIdentityOrByTheNameOfAUnitThatContributed() async throws {
        try await withTestApp { app in
            // setup: commitment 2 is supported by 市住房和城乡建设局, which contributes June.
            let planID = try await TestPlan.store(app)
            let support = try await makeToken(app, "zj", .clerk, unit: "市住房和城乡建设局")
            let beds = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "2" })
            let api = APIClient(app: app)
            let path = "/api/v1/commitments/\(beds.id)/reports"
            #expect(try await api.send(.POST, path, token: support, json: ReportBody(period: "2026-06", narrative: "配合选址")).status == .created)
            let zj = try #require(try await UnitRecord.query(on: app.db).filter(\.$name == "市住房和城乡建设局").first())
            let other = UnitRecord(name: "市交通运输局")
            try await other.create(on: app.db)
            let ctx = app.writeContext(actor: .system)

            // MUT
            zj.name = "市住建局"
            try await zj.save(on: app.db)
            // A unit that did not contribute is refused, never matched to another's month.
            await #expect(throws: Rejection.notFound(.contribution)) {
                try await ReportActions.reopen(commitmentID: CommitmentID(beds.id), planID: PlanID(planID), period: YearMonth(2026, 6),
                                               unit: other.ref.id, reason: "x", in: ctx)
            }
            // The renamed unit is still itself: its month is found by its id.
            try await ReportActions.reopen(commitmentID: CommitmentID(beds.id), planID: PlanID(planID), period: YearMonth(2026, 6),
                                           unit: zj.ref.id, reason: "请补充选址", in: ctx)
            let byID = try await APIClient(app: app).send(.POST, "\(path)/2026-06/reopen?unit=\(zj.id!.uuidString)",
                                                          token: try await makeToken(app, "coord", .coordinator), json: ["reason": "再次退回"])

            // validate
            let returned = try await ReportQueries.returned(unit: zj.ref.id, on: app.db)
            #expect(returned.map(\.commitmentID) == [beds.id])
            #expect(returned.first?.reason == "请补充选址")
            #expect(byID.status == .conflict)              // already reopened: Core refuses a second return
            #expect(try await ReportQueries.returned(unit: other.ref.id, on: app.db).isEmpty)
        }
    }

    @Test func aMergeMovesTheLeadUnitsReports() async throws {
        try await withTestApp { app in
            // setup
            let (commitment, gone) = try await reportAndReturnJune(app)
            let keep = UnitRecord(name: "市城市管理综合行政执法局")
            try await keep.create(on: app.db)

            // MUT
            try await UnitActions.merge(gone.ref.id, into: keep.ref.id, in: app.writeContext(actor: .system))

            // validate
            let row = try #require(try await ProgressReportRecord.query(on: app.db).filter(\.$commitment.$id == commitment).first())
            #expect(row.$unit.id == keep.id)
            #expect(row.unitName == "市城市管理综合行政执法局")
            #expect(try await ReportQueries.returned(unit: keep.ref.id, on: app.db).map(\.commitmentID) == [commitment])
            #expect(try await UnitRecord.find(gone.id, on: app.db) == nil)
        }
    }

    /// The backfill (0083) attributes rows stored before `unit_id` existed: by the unit's name,
    /// else by an alias; a name no unit bears stays unattributed. Runs on SQLite and, with
    /// `DATABASE_URL`, on PostgreSQL.
    @Test func theMigrationBackfillsExistingRowsByNameThenAlias() async throws {
        try await withTestApp { app in
            // setup: three months of commitment 1, as rows stored before the column (unit_id NULL).
            let planID = try await TestPlan.store(app)
            let clerk = try await makeToken(app, "cg", .clerk, unit: "市城管局")
            let toilets = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "1" })
            let api = APIClient(app: app)
            for (month, percent) in [("2026-04", 10.0), ("2026-05", 20.0), ("2026-06", 30.0)] {
                let res = try await api.send(.POST, "/api/v1/commitments/\(toilets.id)/reports", token: clerk,
                                             json: ReportBody(period: month, percent: percent, narrative: "进展"))
                #expect(res.status == .created)
            }
            let unit = try #require(try await UnitRecord.query(on: app.db).filter(\.$name == "市城管局").first())
            try await UnitAliasRecord(unitID: unit.id!, alias: "城管局").create(on: app.db)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE progress_reports SET unit_id = NULL").run()
            try await sql.raw("UPDATE progress_reports SET unit_name = '城管局' WHERE period = '2026-05'").run()
            try await sql.raw("UPDATE progress_reports SET unit_name = '已撤销的局' WHERE period = '2026-04'").run()

            // MUT
            try await BackfillReportUnitIDs().prepare(on: app.db)

            // validate
            let rows = try await ProgressReportRecord.query(on: app.db).sort(\.$period).all()
            #expect(rows.map(\.period) == ["2026-04", "2026-05", "2026-06"])
            #expect(rows.map(\.$unit.id) == [nil, unit.id, unit.id])
            #expect(rows[0].coreReport?.unit.id == .unrecorded)
            #expect(rows.map(\.unitName) == ["已撤销的局", "城管局", "市城管局"])   // names kept as stored
        }
    }
}
