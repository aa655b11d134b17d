import Fluent
import Foundation
import MinshengCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// The defects the transport-split App produced (issue 8), each pinned through the feature's
/// own entry points: the unit merge, report drafts, units by identity.
@Suite struct SliceDefectTests {
    /// `POST /api/v1/units/merge` used to leave notices on the merged unit (whose `unit_id` is
    /// `ON DELETE RESTRICT`), so merging a unit with a notice failed.
    @Test func apiMergeMovesSupervisionNotices() async throws {
        try await withTestApp { app in
            // setup
            _ = try await TestPlan.store(app)
            let admin = try await makeToken(app, "root", .admin)
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let keep = try #require(try await UnitRecord.query(on: app.db).filter(\.$name == "市住房和城乡建设局").first())
            let gone = UnitRecord(name: "市住建局")
            try await gone.create(on: app.db)
            let api = APIClient(app: app)
            struct Issue: Content { var unitID: UUID; var requiredAction: String; var deadline: String }
            let issued = try await api.send(.POST, "/api/v1/notices", token: coordinator,
                                            json: Issue(unitID: gone.id!, requiredAction: "请报送进度", deadline: "2026-07-20"))
            let notice = try issued.decode(NoticesController.NoticeDTO.self)

            // MUT
            struct Merge: Content { var into: UUID; var from: UUID }
            let merged = try await api.send(.POST, "/api/v1/units/merge", token: admin, json: Merge(into: keep.id!, from: gone.id!))

            // validate
            #expect(issued.status == .created)
            #expect(merged.status == .ok)
            let moved = try #require(try await SupervisionNoticeRecord.find(notice.id, on: app.db))
            #expect(moved.$unit.id == keep.id)
            #expect(try await UnitRecord.find(gone.id, on: app.db) == nil)
            let shown = try await api.send(.GET, "/api/v1/notices/\(notice.id)", token: coordinator).decode(NoticesController.NoticeDTO.self)
            #expect(shown.unit == "市住房和城乡建设局")
        }
    }

    /// Drafts were keyed (commitment, month): the support unit's clerk overwrote the lead unit's
    /// draft, and a submission by either deleted the other's.
    @Test func leadAndSupportClerksKeepTheirOwnDrafts() async throws {
        try await withTestApp { app in
            // setup: commitment 2 is led by 市民政局 and supported by 市住房和城乡建设局.
            let planID = try await TestPlan.store(app)
            var lead = try await WebClient.signedIn(app, "mz", .clerk, unit: "市民政局")
            var support = try await WebClient.signedIn(app, "zj", .clerk, unit: "市住房和城乡建设局")
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let id = try #require(facts.commitments.first { $0.commitment.leadUnits.names == ["市民政局"] }).commitment.id
            let path = "/commitments/\(id)/report"
            _ = try await lead.get(path + "?period=2026-06")
            _ = try await support.get(path + "?period=2026-06")

            // MUT
            let leadSaved = try await lead.post(path, ["action": "save", "period": "2026-06", "percent": "40",
                                                       "narrative": "牵头单位草稿"])
            let supportSaved = try await support.post(path, ["action": "save", "period": "2026-06", "percent": "30",
                                                             "narrative": "配合单位草稿"])
            let leadForm = try await lead.get(path + "?period=2026-06")
            let submitted = try await lead.post(path, ["action": "submit", "period": "2026-06", "percent": "40",
                                                       "narrative": "牵头单位报送"])
            let supportForm = try await support.get(path + "?period=2026-06")

            // validate
            #expect(leadSaved.status == .seeOther)
            #expect(supportSaved.status == .seeOther)
            #expect(leadForm.body.string.contains("牵头单位草稿"))
            #expect(!leadForm.body.string.contains("配合单位草稿"))
            #expect(submitted.status == .seeOther)
            #expect(supportForm.body.string.contains("配合单位草稿"))
            let drafts = try await ReportDraftRecord.query(on: app.db).all()
            #expect(drafts.count == 1)
        }
    }

    /// Units were names in Core and ids in storage: after a merge the lead unit's stored reports
    /// still named the old unit, so Core said a locked month was open for the new lead while
    /// storage refused it. Now the merge renames the reports' unit and both agree (409, taken).
    @Test func afterAMergeCoreAndStorageAgreeOnALockedMonth() async throws {
        try await withTestApp { app in
            // setup: 市城管局 leads commitment 1 and reports June; then it is merged into 市综合行政执法局.
            let planID = try await TestPlan.store(app)
            let oldClerk = try await makeToken(app, "cg", .clerk, unit: "市城管局")
            let admin = try await makeToken(app, "root", .admin)
            let api = APIClient(app: app)
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let id = try #require(facts.commitments.first { $0.commitment.leadUnits.names == ["市城管局"] }).commitment.id
            let june = try await api.send(.POST, "/api/v1/commitments/\(id)/reports", token: oldClerk,
                                          json: ReportBody(period: "2026-06", percent: 50))
            let oldUnit = try #require(try await UnitRecord.query(on: app.db).filter(\.$name == "市城管局").first())
            let newClerk = try await makeToken(app, "cg2", .clerk, unit: "市综合行政执法局")
            let newUnit = try #require(try await UnitRecord.query(on: app.db).filter(\.$name == "市综合行政执法局").first())
            struct Merge: Content { var into: UUID; var from: UUID }
            let merged = try await api.send(.POST, "/api/v1/units/merge", token: admin, json: Merge(into: newUnit.id!, from: oldUnit.id!))

            // MUT
            let again = try await api.send(.POST, "/api/v1/commitments/\(id)/reports", token: newClerk,
                                           json: ReportBody(period: "2026-06", percent: 60))
            let july = try await api.send(.POST, "/api/v1/commitments/\(id)/reports", token: newClerk,
                                          json: ReportBody(period: "2026-07", percent: 60))

            // validate
            #expect(june.status == .created)
            #expect(merged.status == .ok)
            #expect(again.status == .conflict)
            #expect(again.apiError?.code == "period_taken")
            #expect(july.status == .created)
            let units = try await ProgressReportRecord.query(on: app.db).all().map(\.unitName)
            #expect(Set(units) == ["市综合行政执法局"])
        }
    }
}
