import Fluent
import Foundation
import MinshengCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

@Suite struct ListingTests {
    @Test func listingComputesExpectedActualAndColourThroughCore() async throws {
        try await withTestApp(today: CivilDate(2026, 7, 10)) { app in
            // setup: toilets report only June (20%); beds report every month up to June (70% by target);
            // old housing never reports
            let planID = try await TestPlan.store(app)
            let toiletsClerk = try await makeToken(app, "a", .clerk, unit: "市城管局")
            let bedsClerk = try await makeToken(app, "b", .clerk, unit: "市民政局")
            let before = try await TestPlan.commitments(app, planID)
            let toilets = try #require(before.first { $0.number == "1" })
            let beds = try #require(before.first { $0.number == "2" })
            let api = APIClient(app: app)
            try await api.send(.POST, "/api/v1/commitments/\(toilets.id)/reports", token: toiletsClerk,
                               json: ReportBody(period: "2026-06", percent: 20))
            for month in 1...5 {
                try await api.send(.POST, "/api/v1/commitments/\(beds.id)/reports", token: bedsClerk,
                                   json: ReportBody(period: "2026-0\(month)", percent: Double(month * 11)))
            }
            try await api.send(.POST, "/api/v1/commitments/\(beds.id)/reports", token: bedsClerk,
                               json: ReportBody(period: "2026-06", targets: [.init(targetId: beds.targets[0].id, actual: 140)]))
            // MUT
            let rows = try await TestPlan.commitments(app, planID)
            // validate: the annual curve (60% by 06-30, 100% by 11-30) expects 60 + 40 × 10/153 on 07-10
            let expected = ScheduleRule.annual(year: 2026).expectedPercent(on: CivilDate(2026, 7, 10))
            for row in rows { #expect(abs(row.expectedPercent - expected) < 0.06) }
            let t = try #require(rows.first { $0.id == toilets.id })
            let b = try #require(rows.first { $0.id == beds.id })
            let h = try #require(rows.first { $0.number == "3" })
            #expect(t.actualPercent == 20)
            #expect(t.health == "red")                     // ~42.6 points behind > 30
            #expect(t.healthReasons.contains("far_behind"))
            #expect(b.actualPercent == 70)                 // 140 of 200 beds
            #expect(b.health == "green")               // ahead of schedule, every month reported
            #expect(b.missingReports == 0)
            #expect(b.targets[0].attainment?.isMet == false)
            #expect(h.actualPercent == 0)
            #expect(h.health == "red")
            #expect(h.missingReports == 6)                 // Jan…Jun owed, none reported
            #expect(h.leadUnits == ["市住房和城乡建设局"])      // written 市住房城乡建设局: one unit, two spellings
            #expect(t.leaders == ["王明"])
            #expect(t.supportUnits == ["各区政府"])

            let reds = try await api.send(.GET, "/api/v1/plans/\(planID)/commitments?health=red").decode([CommitmentStatusDTO].self)
            #expect(Set(reds.map(\.id)) == [toilets.id, h.id])
        }
    }

    @Test func aNewReportShowsInTheCachedListingAtOnce() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let clerk = try await makeToken(app, "a", .clerk, unit: "市城管局")
            let first = try await TestPlan.commitments(app, planID)      // fills the cache
            let toilets = try #require(first.first { $0.number == "1" })
            #expect(toilets.actualPercent == 0)
            try await APIClient(app: app).send(.POST, "/api/v1/commitments/\(toilets.id)/reports", token: clerk,
                                               json: ReportBody(period: "2026-06", percent: 55))
            let second = try await TestPlan.commitments(app, planID)
            #expect(second.first { $0.id == toilets.id }?.actualPercent == 55)
        }
    }

    @Test func listingPagesAndRevalidates() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let api = APIClient(app: app)
            let path = "/api/v1/plans/\(planID)/commitments"
            let all = try await api.send(.GET, path)
            let page = try await api.send(.GET, "\(path)?limit=2&offset=1")
            let past = try await api.send(.GET, "\(path)?offset=10")
            let bad = try await api.send(.GET, "\(path)?limit=0")
            let etag = try #require(all.headers.first(name: .eTag))
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .ifNoneMatch, value: etag)
            let unchanged = try await app.testing().sendRequest(.GET, path, headers: headers)

            #expect(all.headers.first(name: "X-Total-Count") == "3")
            #expect(try page.decode([CommitmentStatusDTO].self).map(\.number) == ["2", "3"])
            #expect(page.headers.first(name: "X-Total-Count") == "3")
            #expect(try past.decode([CommitmentStatusDTO].self).isEmpty)
            #expect(bad.status == .unprocessableEntity)
            #expect(unchanged.status == .notModified)

            // a write changes the validator
            let clerk = try await makeToken(app, "a", .clerk, unit: "市城管局")
            let first = try all.decode([CommitmentStatusDTO].self)[0]
            try await api.send(.POST, "/api/v1/commitments/\(first.id)/reports", token: clerk, json: ReportBody(period: "2026-06", percent: 5))
            let changed = try await app.testing().sendRequest(.GET, path, headers: headers)
            #expect(changed.status == .ok)
            #expect(changed.headers.first(name: .eTag) != etag)
        }
    }

    @Test func planDetailIsReusedOnlyWhileItsRevisionHolds() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let api = APIClient(app: app)
            let path = "/api/v1/plans/\(planID)"
            let first = try await api.send(.GET, path).decode(PlanDTO.self)
            struct Bands: Content { var version: Int; var bandYellow: Double; var bandRed: Double }
            let patched = try await api.send(.PATCH, path, token: coordinator,
                                             json: Bands(version: first.version, bandYellow: 15, bandRed: 35))
            let afterPatch = try await api.send(.GET, path).decode(PlanDTO.self)
            // a second server on the same database renames the plan and bumps its revision
            guard let sql = app.db as? any SQLDatabase else { Issue.record("not SQL"); return }
            try await sql.update("plans").set("title", to: "改名后的计划").where("id", .equal, planID).run()
            let stale = try await api.send(.GET, path).decode(PlanDTO.self)
            try await sql.update("plans").set("revision", to: SQLBinaryExpression(SQLColumn("revision"), .add, SQLLiteral.numeric("1")))
                .where("id", .equal, planID).run()
            let fresh = try await api.send(.GET, path).decode(PlanDTO.self)
            let missing = try await api.send(.GET, "/api/v1/plans/\(UUID())")

            #expect(patched.status == .ok)
            #expect(afterPatch.bands == HealthBands(yellow: 15, red: 35))
            #expect(stale.title == first.title)          // same revision: the kept body
            #expect(fresh.title == "改名后的计划")         // revision moved: rebuilt
            #expect(missing.status == .notFound)
            #expect(missing.apiError?.code == "not_found")
        }
    }

    @Test func aLargeListingIsSentGzippedToClientsThatAcceptIt() async throws {
        try await withTestApp(today: CivilDate(2026, 9, 15)) { app in
            let planID = try await DemoLoader(app: app).loadSynthetic(count: 40)
            let path = "/api/v1/plans/\(planID)/commitments"
            let plain = try await APIClient(app: app).send(.GET, path)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .acceptEncoding, value: "br;q=1.0, gzip;q=0.8")
            let zipped = try await app.testing().sendRequest(.GET, path, headers: headers)
            headers.replaceOrAdd(name: .acceptEncoding, value: "gzip;q=0")
            let refused = try await app.testing().sendRequest(.GET, path, headers: headers)

            #expect(plain.headers.first(name: .contentEncoding) == nil)
            #expect(try plain.decode([CommitmentStatusDTO].self).count == 40)
            #expect(zipped.headers.first(name: .contentEncoding) == "gzip")
            #expect(zipped.headers.first(name: .vary) == "Accept-Encoding")
            #expect(Array(zipped.body.readableBytesView.prefix(2)) == [0x1f, 0x8b])
            #expect(zipped.body.readableBytes * 4 < plain.body.readableBytes)
            #expect(refused.headers.first(name: .contentEncoding) == nil)
        }
    }

    @Test(arguments: [
        ("gzip", true), ("GZIP", true), ("deflate, gzip;q=0.8", true), (" br ,  gzip ", true),
        ("x-gzip", true), ("*", true), ("gzip;q=0", false), ("gzip; q=0.000", false), ("gzip;q=0.5", true),
        ("br, deflate", false), ("", false), ("gzipx", false), ("identity", false),
    ])
    func acceptEncodingIsReadPerCodingAndQuality(header: String, accepted: Bool) {
        #expect(Gzip.isAccepted(by: header) == accepted)
    }

    @Test func staticFilesAreServedOnlyUnderPublicTopLevelEntries() async throws {
        try await withTestApp { app in
            let css = try await app.testing().sendRequest(.GET, "/css/minsheng.css")
            let missing = try await app.testing().sendRequest(.GET, "/css/none.css")
            let api = try await app.testing().sendRequest(.GET, "/api/v1/plans")
            #expect(css.status == .ok)
            #expect(css.body.readableBytes > 100)
            #expect(missing.status == .notFound)
            #expect(api.status == .ok)
            #expect(StaticFilesMiddleware.firstComponent("/css/minsheng.css") == "css")
            #expect(StaticFilesMiddleware.firstComponent("//js/a.js") == "js")
            #expect(StaticFilesMiddleware.firstComponent("/") == nil)
        }
    }

    @Test func rollupsGroupBySectionUnitLeaderAndDistrict() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let api = APIClient(app: app)
            let bySection = try await api.send(.GET, "/api/v1/plans/\(planID)/rollup?by=section").decode(RollupDTO.self)
            let byUnit = try await api.send(.GET, "/api/v1/plans/\(planID)/rollup?by=unit").decode(RollupDTO.self)
            let byLeader = try await api.send(.GET, "/api/v1/plans/\(planID)/rollup?by=leader").decode(RollupDTO.self)
            let byDistrict = try await api.send(.GET, "/api/v1/plans/\(planID)/rollup?by=district")
            let bad = try await api.send(.GET, "/api/v1/plans/\(planID)/rollup?by=colour")

            #expect(bySection.total.commitments == 3)
            #expect(bySection.groups.map(\.key) == ["城市管理", "养老服务"])
            #expect(bySection.groups.map(\.commitments) == [2, 1])
            // 市住房和城乡建设局 is the spelling seen first; 市住房城乡建设局 is its alias
            #expect(byUnit.groups.map(\.key) == ["市城管局", "市民政局", "市住房和城乡建设局"])
            #expect(byLeader.groups.first { $0.key == "王明" }?.commitments == 2)
            #expect(byUnit.total.counts.total == 3)
            #expect(byUnit.total.missingReports == 18)     // three commitments × Jan…Jun
            #expect(byDistrict.status == .ok)
            #expect(bad.status == .unprocessableEntity)
        }
    }

    @Test func commitmentScheduleOverrideChangesItsExpectedPercent() async throws {
        try await withTestApp(today: CivilDate(2026, 7, 10)) { app in
            let planID = try await TestPlan.store(app)
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let toilets = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "1" })
            struct Patch: Content { var version: Int; var schedule: [ScheduleNodeDTO] }
            let api = APIClient(app: app)
            let bad = try await api.send(.PATCH, "/api/v1/commitments/\(toilets.id)", token: coordinator,
                                         json: Patch(version: toilets.version, schedule: [.init(date: "2026-09-30", percent: 80)]))
            let ok = try await api.send(.PATCH, "/api/v1/commitments/\(toilets.id)", token: coordinator,
                                        json: Patch(version: toilets.version, schedule: [.init(date: "2026-03-31", percent: 10),
                                                                                         .init(date: "2026-12-31", percent: 100)]))
            #expect(bad.status == .unprocessableEntity)      // last node must be 100%
            #expect(ok.status == .ok)
            let detail = try ok.decode(CommitmentDetailDTO.self)
            #expect(detail.scheduleIsOverride)
            let rule = ScheduleRule(start: CivilDate(2026, 1, 1), nodes: [.init(date: CivilDate(2026, 3, 31), percent: 10),
                                                                          .init(date: CivilDate(2026, 12, 31), percent: 100)])
            #expect(abs(detail.status.expectedPercent - rule.expectedPercent(on: CivilDate(2026, 7, 10))) < 0.06)
        }
    }
}
