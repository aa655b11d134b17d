import Fluent
import Foundation
import MinshengCore
import NIOCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// Issue 12, configuration and operations: cookies in production, audit retention and export,
/// `/metrics`, request ids.
@Suite struct OperationsSecurityTests {
    // MARK: Cookies

    @Test func cookiesAreSecureWhenConfiguredAndAlwaysHttpOnlyAndSameSite() async throws {
        var secure = AppConfig.testing()
        secure.secureCookies = true
        try await withTestApp(config: secure) { app in
            let res = try await app.testing().sendRequest(.GET, "/login")
            let cookie = try #require(res.headers[.setCookie].first { $0.hasPrefix("minsheng_session=") })
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            let lang = try await app.testing().sendRequest(.GET, "/public?lang=en")
            let langCookie = try #require(lang.headers[.setCookie].first { $0.hasPrefix("minsheng_lang=") })
            #expect(langCookie.contains("Secure") && langCookie.contains("SameSite=Lax"))
        }
        try await withTestApp { app in
            // Not production, not configured: no `Secure` (plain-HTTP development), the rest as ever.
            #expect(!app.secureCookies)
            let res = try await app.testing().sendRequest(.GET, "/login")
            let cookie = try #require(res.headers[.setCookie].first { $0.hasPrefix("minsheng_session=") })
            #expect(!cookie.contains("Secure"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
        }
    }

    // MARK: Retention

    @Test(arguments: [(nil, 180), ("180", 180), ("365", 365), (" 200 ", 200)] as [(String?, Int)])
    func retentionOfAtLeast180DaysIsAccepted(text: String?, days: Int) throws {
        #expect(try AuditRetention.days(from: text) == days)
    }

    @Test(arguments: ["179", "30", "0", "-5", "six months"])
    func shorterOrUnreadableRetentionIsRefusedClearly(text: String) async throws {
        #expect(throws: AuditRetentionError.self) { try AuditRetention.days(from: text) }
        do {
            _ = try AuditRetention.days(from: text)
        } catch {
            #expect(String(describing: error).contains("180"))
        }
        // configure refuses to start with it.
        var config = AppConfig.testing()
        config.auditRetentionRefusal = (try? AuditRetention.days(from: text)).map(String.init) ?? "refused"
        let app = try await Application.make(.testing)
        app.clock = .fixed(testToday)
        await #expect(throws: AuditRetentionError.self) { try await configure(app, config: config) }
        try await app.asyncShutdown()
    }

    // MARK: Export

    static func sampleEntries(_ app: Application) async throws {
        for name in ["a", "b", "c"] {
            _ = try await UserAccounts.create(name: "user-\(name)", role: .leader, unitName: nil, password: nil,
                                              in: app.writeContext(actor: .system))
        }
    }

    @Test func exportCarriesEveryEntryWithItsHashesAndTheDaysHeads() async throws {
        try await withTestApp { app in
            try await Self.sampleEntries(app)
            let range = try AuditExport.DayRange(from: "2026-07-01", to: "2026-07-31")
            var lines: [String] = []
            let summary = try await AuditExport.write(range, on: app.db) { lines.append($0) }
            let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
            #expect(objects.first?["type"] as? String == "export")
            let entries = objects.filter { $0["type"] as? String == "entry" }
            let chained = try await AuditEntryRecord.query(on: app.db).filter(\.$chainSeq != nil).count()
            #expect(entries.count == chained && summary.entries == chained && chained >= 3)
            // Each entry's hash recomputes from its exported fields, and each follows the one before.
            func int(_ v: Any?) -> Int64 {
                if let i = v as? Int { return Int64(i) }
                if let n = v as? NSNumber { return n.int64Value }
                return -1
            }
            var previous: String?
            for e in entries {
                let fields = AuditChain.Fields(
                    seq: int(e["seq"]), day: e["day"] as! String, id: UUID(uuidString: e["id"] as! String)!,
                    at: Date(timeIntervalSince1970: Double(int(e["atMillis"])) / 1000),
                    userID: (e["userID"] as? String).flatMap(UUID.init(uuidString:)), actor: e["actor"] as! String,
                    action: e["action"] as! String, subjectType: e["subjectType"] as! String,
                    subjectID: (e["subjectID"] as? String).flatMap(UUID.init(uuidString:)),
                    before: e["before"] as? String, after: e["after"] as? String)
                #expect(AuditChain.hash(fields, previous: e["prevHash"] as! String) == e["entryHash"] as? String)
                if let previous { #expect(e["prevHash"] as? String == previous) }
                previous = e["entryHash"] as? String
            }
            #expect(objects.last?["type"] as? String == "head")
            // Another month: nothing.
            var none: [String] = []
            let empty = try await AuditExport.write(try AuditExport.DayRange(from: "2026-01-01", to: "2026-01-31"), on: app.db) { none.append($0) }
            #expect(empty.entries == 0 && none.count == 1)
            #expect(throws: APIError.self) { try AuditExport.DayRange(from: "2026-07-31", to: "2026-07-01") }
            #expect(throws: APIError.self) { try AuditExport.DayRange(from: "2026-13-01", to: "2026-07-01") }
        }
    }

    static var hasPython: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") }

    /// The command writes the file; the auditors' script (Python's standard library only) finds it
    /// intact, signatures included, and finds an edited line.
    @Test(.enabled(if: hasPython)) func theCommandsExportVerifiesOutsideMinsheng() async throws {
        try await withTestApp { app in
            try await Self.sampleEntries(app)
            let file = NSTemporaryDirectory() + "audit-export-\(UUID().uuidString).jsonl"
            defer { try? FileManager.default.removeItem(atPath: file) }
            var context = CommandContext(console: Terminal(), input: CommandInput(arguments: [
                "minsheng", "export", "--from", "2026-07-01", "--to", "2026-07-31", file]))
            context.application = app
            try await AuditCommand().run(using: &context)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "audit.export").count() == 1)
            let script = packageRoot.appendingPathComponent("Scripts/verify-audit-export.py").path
            func run(_ args: [String]) throws -> (Int32, String) {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
                p.arguments = [script] + args
                let pipe = Pipe()
                p.standardOutput = pipe
                try p.run()
                p.waitUntilExit()
                return (p.terminationStatus, String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
            }
            let (ok, said) = try run([file, "--key", "minsheng-test-audit-key"])
            #expect(ok == 0, "\(said)")
            #expect(said.contains("intact"))
            let (badKey, _) = try run([file, "--key", "another-key-of-16-bytes"])
            #expect(badKey == 1)
            // One edited actor: found.
            let text = try String(contentsOfFile: file, encoding: .utf8)
            try text.replacingOccurrences(of: "\"actor\":\"system\"", with: "\"actor\":\"nobody\"")
                .write(toFile: file, atomically: true, encoding: .utf8)
            let (edited, why) = try run([file])
            #expect(edited == 1)
            #expect(why.contains("edited"))
        }
    }

    @Test func exportDownloadIsForAuditReadersAndAudited() async throws {
        try await withTestApp { app in
            try await Self.sampleEntries(app)
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let clerk = try await makeToken(app, "clerk", .clerk, unit: "市城管局")
            let api = APIClient(app: app)
            let res = try await api.send(.GET, "/api/v1/audit/export?from=2026-07-01&to=2026-07-31", token: coordinator)
            #expect(res.status == .ok)
            #expect(res.headers.contentType?.subType == "x-ndjson")
            #expect(res.body.string.split(separator: "\n").count >= 5)
            #expect(try await api.send(.GET, "/api/v1/audit/export?from=2026-07-01&to=2026-07-31", token: clerk).status == .forbidden)
            #expect(try await api.send(.GET, "/api/v1/audit/export?from=2026-07-01&to=2026-07-31").status == .unauthorized)
            let bad = try await api.send(.GET, "/api/v1/audit/export?from=2026-07-31&to=2026-07-01", token: coordinator)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.apiError?.fields["to"] != nil)
            #expect(try await api.send(.GET, "/api/v1/audit/export?from=2025-01-01&to=2026-07-01", token: coordinator).status
                    == .unprocessableEntity)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "audit.export").count() == 1)
        }
    }

    // MARK: Metrics

    @Test func metricsNeedTheConfiguredTokenAndCountRoutesByPattern() async throws {
        var config = AppConfig.testing()
        config.metricsToken = "scrape-token-0123456789"
        try await withTestApp(config: config) { app in
            // setup: a published plan with commitments and no report this month; a request past its limit
            let planID = try await TestPlan.store(app)
            let unit = try #require(try await UnitRecord.query(on: app.db).filter(\.$name == "市城管局").first())
            _ = try await RequestRows.make(app, state: .handling, lead: unit.id!) { $0.handlingDue = "2026-07-01" }
            _ = try await RequestRows.make(app, state: .handling, lead: unit.id!) { $0.handlingDue = "2026-08-01" }
            _ = try await RequestRows.make(app, state: .closed, lead: unit.id!) { $0.handlingDue = "2026-07-01" }
            let api = APIClient(app: app)
            try await api.send(.GET, "/api/v1/plans/\(planID)")
            try await api.send(.GET, "/api/v1/plans/\(UUID())")
            // MUT
            let refused = try await app.testing().sendRequest(.GET, "/metrics")
            let wrong = try await api.send(.GET, "/metrics", token: "scrape-token-wrong")
            let res = try await api.send(.GET, "/metrics", token: "scrape-token-0123456789")
            // validate
            #expect(refused.status == .forbidden)
            #expect(wrong.status == .forbidden)
            #expect(res.status == .ok)
            #expect(res.headers.first(name: .contentType)?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = res.body.string
            #expect(text.contains(#"http_requests_total{method="GET",route="/api/v1/plans/:planID",status="200"} 1"#))
            #expect(text.contains(#"http_requests_total{method="GET",route="/api/v1/plans/:planID",status="404"} 1"#))
            #expect(!text.contains(planID.uuidString))
            #expect(text.contains(#"http_request_duration_seconds_bucket{method="GET",route="/api/v1/plans/:planID",le="#))
            #expect(text.contains("minsheng_requests_open_past_limit 1.0"))
            let commitments = try await CommitmentRecord.query(on: app.db).count()
            let reported = try await ProgressReportRecord.query(on: app.db).filter(\.$period == "2026-07").count()
            #expect(text.contains("minsheng_reports_due_this_month \(commitments - reported).0"))
            #expect(commitments - reported > 0)
        }
    }

    @Test func withoutATokenOnlyALoopbackScraperNotThroughTheProxyReadsMetrics() async throws {
        try await withTestApp { app in
            func request(peer: String?, forwarded: String?) -> Request {
                var headers = HTTPHeaders()
                if let forwarded { headers.add(name: .xForwardedFor, value: forwarded) }
                return Request(application: app, method: .GET, url: "/metrics", headers: headers,
                               remoteAddress: peer.flatMap { try? SocketAddress(ipAddress: $0, port: 5000) }, on: app.eventLoopGroup.next())
            }
            #expect(MetricsEndpoint.mayRead(request(peer: "127.0.0.1", forwarded: nil), token: nil))
            #expect(MetricsEndpoint.mayRead(request(peer: "::1", forwarded: nil), token: nil))
            #expect(!MetricsEndpoint.mayRead(request(peer: "127.0.0.1", forwarded: "203.0.113.9"), token: nil))
            #expect(!MetricsEndpoint.mayRead(request(peer: "203.0.113.9", forwarded: nil), token: nil))
            #expect(!MetricsEndpoint.mayRead(request(peer: nil, forwarded: nil), token: nil))
            // With a token configured, loopback alone is not enough.
            #expect(!MetricsEndpoint.mayRead(request(peer: "127.0.0.1", forwarded: nil), token: "scrape-token-0123456789"))
            // In-memory requests have no peer: refused.
            let inMemory = try await app.testing().sendRequest(.GET, "/metrics")
            #expect(inMemory.status == .forbidden)
        }
    }

    // MARK: Request ids

    @Test func everyAnswerCarriesTheRequestsId() async throws {
        try await withTestApp { app in
            let given = try await app.testing().sendRequest(.GET, "/health/live", headers: ["X-Request-Id": "abc-123"])
            #expect(given.headers.first(name: .xRequestId) == "abc-123")
            let made = try await app.testing().sendRequest(.GET, "/health/live")
            #expect(UUID(uuidString: made.headers.first(name: .xRequestId) ?? "") != nil)
            let notFound = try await app.testing().sendRequest(.GET, "/no/such/page", headers: ["X-Request-Id": "nf-1"])
            #expect(notFound.headers.first(name: .xRequestId) == "nf-1")
        }
    }
}
