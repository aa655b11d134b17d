import Foundation
import Testing
import Vapor
@testable import MinshengApp
import MinshengStore

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

/// Templates print links from the site map, never as literals: every `href`, `action`, `src` or
/// `formaction` in `Resources/Views` that starts with `/` is a static file under `Public/`
/// (`/css/…`, `/js/…`, served by ``StaticFilesMiddleware``); everything else comes from the page
/// context, where ``SitePath`` printed it. Rendered pages then link only to registered routes.
@Suite struct TemplateLinkTests {
    static let views = packageRoot.appendingPathComponent("Resources/Views")
    static let publicDirectory = packageRoot.appendingPathComponent("Public")
    /// `href="…"`, `action="…"`, `src="…"`, `formaction="…"` (single or double quotes).
    static let attribute = try! NSRegularExpression(pattern: #"\b(?:href|action|src|formaction)\s*=\s*(["'])(.*?)\1"#)

    static func attributeValues(in text: String) -> [String] {
        attribute.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 2), in: text).map { String(text[$0]) }
        }
    }

    static func templates() throws -> [URL] {
        let walker = try #require(FileManager.default.enumerator(at: views, includingPropertiesForKeys: nil))
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "leaf" }
    }

    /// A literal path may only name a file in `Public/`.
    static func isStaticAsset(_ path: String) -> Bool {
        let file = String(path.prefix { $0 != "?" && $0 != "#" }).drop { $0 == "/" }
        guard !file.isEmpty, !file.contains("..") else { return false }
        return FileManager.default.fileExists(atPath: publicDirectory.appendingPathComponent(String(file)).path)
    }

    @Test func templatesPrintNoLiteralPathsButStaticFiles() throws {
        // setup
        let files = try Self.templates()
        #expect(files.count >= 40, "found only \(files.count) templates under \(Self.views.path)")
        var literals: [String] = []
        var assets: Set<String> = []
        // MUT
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for value in Self.attributeValues(in: text) where value.hasPrefix("/") {
                if Self.isStaticAsset(value) { assets.insert(value) } else { literals.append("\(file.lastPathComponent): \(value)") }
            }
        }
        // validate
        #expect(literals.isEmpty, "literal paths in templates (print them from SitePath in the page context): \(literals)")
        #expect(assets == ["/css/minsheng.css", "/css/print.css", "/js/minsheng.js", "/js/portal.js"])
    }

    @Test func theCheckCatchesALiteralPath() {
        let values = Self.attributeValues(in: #"<form method="post" action="/commitments/#(id)/report"><a href='/account/security'>"#)
        #expect(values == ["/commitments/#(id)/report", "/account/security"])
        #expect(!Self.isStaticAsset("/commitments/1/report") && !Self.isStaticAsset("/css/../Package.swift"))
        #expect(Self.isStaticAsset("/css/minsheng.css"))
    }

    /// Whether a printed path (query and fragment dropped) matches a registered route.
    static func matches(_ link: String, _ routes: [[PathComponent]]) -> Bool {
        let path = link.prefix { $0 != "?" && $0 != "#" }
        let parts = path.split(separator: "/").map(String.init)
        return routes.contains { route in
            var i = 0
            for component in route {
                switch component {
                case .catchall: return true
                case .constant(let c): guard i < parts.count, parts[i] == c else { return false }
                case .parameter, .anything: guard i < parts.count else { return false }
                }
                i += 1
            }
            return i == parts.count
        }
    }

    /// Every link a rendered page prints is non-empty and leads to a route or a static file.
    static func checkLinks(_ html: String, page: String, routes: [[PathComponent]], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!html.isEmpty, "\(page) rendered nothing", sourceLocation: sourceLocation)
        for value in attributeValues(in: html) {
            #expect(!value.isEmpty, "\(page) prints an empty link", sourceLocation: sourceLocation)
            guard value.hasPrefix("/") else { continue } // #anchors, otpauth:, https:
            #expect(isStaticAsset(value) || matches(value, routes), "\(page) links to \(value), which no route serves",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func renderedPagesLinkOnlyToRegisteredRoutes() async throws {
        try await withTestApp { app in
            // setup
            let planID = try await TestPlan.store(app)
            let draftID = try await TestPlan.store(app, publish: false, year: 2027)
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let commitment = try #require(facts.commitments.first { $0.commitment.leadUnits.names == ["市城管局"] }).commitment.id.rawValue
            let units = try await UnitRecord.query(on: app.db).all()
            struct Body: Content { var unitIDs: [UUID]; var commitmentID: UUID; var requiredAction: String; var deadline: String }
            let notice = try await APIClient(app: app).send(.POST, "/api/v1/notices", token: makeToken(app, "coord-api", .coordinator),
                json: Body(unitIDs: [units.first { $0.name == "市城管局" }!.id!], commitmentID: commitment,
                           requiredAction: "加快进度", deadline: "2026-07-30")).decode(NoticesController.NoticeDTO.self)
            let routes = app.routes.all.map(\.path)
            var visited = 0
            func walk(_ client: inout WebClient, _ paths: [String]) async throws {
                for path in paths {
                    // MUT
                    let res = try await client.get(path)
                    // validate
                    #expect(res.status == .ok, "\(path): \(res.status)")
                    Self.checkLinks(res.body.string, page: path, routes: routes)
                    visited += 1
                }
            }
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            try await walk(&coordinator, [
                SitePath.dashboard(), SitePath.commitments(), SitePath.commitment(commitment), SitePath.notices(),
                SitePath.newNotice(query: [("commitment", commitment.uuidString)]), SitePath.notice(notice.id),
                SitePath.imports(), SitePath.importReview(draftID), SitePath.bulletin("2026-06"), SitePath.accountSecurity(),
                SitePath.accountTotp(), SitePath.accountPassword(), SitePath.requestClusters(), SitePath.requestRankings(),
            ])
            var clerk = try await WebClient.signedIn(app, "clerk", .clerk, unit: "市城管局")
            try await walk(&clerk, [SitePath.clerkHome(), SitePath.report(commitment), SitePath.requestInbox(), SitePath.notice(notice.id)])
            var hotline = try await WebClient.signedIn(app, "hotline", .hotline)
            try await walk(&hotline, [SitePath.hotline(), SitePath.newRequest()])
            var admin = try await WebClient.signedIn(app, "admin", .admin)
            try await walk(&admin, [SitePath.adminUsers(), SitePath.adminUnits(), SitePath.apiClients()])
            var visitor = WebClient(app: app)
            try await walk(&visitor, [
                SitePath.login(), SitePath.portal(), SitePath.portalPlan(planID), SitePath.portalCommitment(commitment),
                SitePath.portalProgress(), SitePath.portalRankings(), SitePath.portalLookup(), SitePath.portalNewRequest(),
            ])
            // The error pages, staff and public, carry the layout's links too.
            for path in ["/no-such-page", "/public/no-such-page"] {
                let res = try await visitor.get(path)
                #expect(res.status == .notFound)
                Self.checkLinks(res.body.string, page: path, routes: routes)
            }
            #expect(visited == 31)
        }
    }

    /// The portal's footer links Open311 discovery, an API address outside ``SitePath``.
    @Test func theOpen311DiscoveryLinkAnswers() async throws {
        try await withTestApp { app in
            let res = try await app.testing().sendRequest(.GET, GeoReportController.discoveryLink)
            #expect(res.status == .ok)
            #expect(res.headers.contentType?.subType == "json")
        }
    }
}
