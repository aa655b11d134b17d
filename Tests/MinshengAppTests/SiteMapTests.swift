import Foundation
import Testing
import Vapor
@testable import MinshengApp

/// The site map's two directions: every ``SitePath`` is a registered route and every registered
/// page or form is a ``SitePath``, and a printed link fills the pattern's parameters in order.
@Suite struct SiteMapTests {
    @Test func everyPathIsRegisteredAndEveryRouteIsAPath() async throws {
        try await withTestApp { app in
            // MUT
            let registered = Set(app.webRoutes.map(\.path))
            let declared = Set(SitePath.all.map(\.pattern))
            // validate
            #expect(registered == declared, "only registered: \(registered.subtracting(declared)), only declared: \(declared.subtracting(registered))")
            #expect(SitePath.all.count == declared.count, "a pattern is listed twice")
        }
    }

    @Test func linksFillParametersAndEncodeQueries() {
        let id = UUID(uuidString: "6F1A0E2C-0000-4000-8000-000000000001")!
        #expect(SitePath.commitment(id) == "/commitments/6F1A0E2C-0000-4000-8000-000000000001")
        #expect(SitePath.reopen(id, "2026-06") == "/commitments/6F1A0E2C-0000-4000-8000-000000000001/reports/2026-06/reopen")
        #expect(SitePath.commitments(query: [("unit", "市民政局"), ("health", nil)])
            == "/commitments?unit=%E5%B8%82%E6%B0%91%E6%94%BF%E5%B1%80")
        #expect(SitePath.home() == "/")
    }
}
