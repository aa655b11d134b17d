import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// A plan published as a workbook (项目汇总表) imports through the page like any document, and the
/// review shows the table it was read from: each header and what it was taken as.
@Suite struct ImportTableTests {
    static let fixture = packageRoot.appendingPathComponent("Tests/Fixtures/f21_xlsx_summary_table.xlsx")

    @Test(.enabled(if: FileManager.default.fileExists(atPath: ImportTableTests.fixture.path), "needs Tests/Fixtures"))
    func workbookImportShowsTheTableItWasReadFrom() async throws {
        try await withTestApp { app in
            // setup
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            try await coordinator.get("/imports")
            let bytes = Array(try Data(contentsOf: Self.fixture))

            // MUT
            let created = try await coordinator.upload("/imports", field: "file", filename: "项目汇总表.xlsx", data: bytes,
                contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let location = try #require(created.location)
            let review = try await coordinator.get(location)

            // validate
            #expect(created.status == .seeOther)
            #expect(review.status == .ok)
            let html = review.body.string
            #expect(html.contains("识别的表格"))
            #expect(html.contains("<td data-label=\"读作\">项目名称</td>"))
            #expect(html.contains("<td data-label=\"读作\">牵头单位</td>"))
            let drafts = try await PlanRecord.query(on: app.db).all()
            let plan = try #require(drafts.first)
            let facts = try await PlanQueries.facts(planID: plan.requireID(), on: app.db)
            #expect(!facts.commitments.isEmpty)
        }
    }
}
