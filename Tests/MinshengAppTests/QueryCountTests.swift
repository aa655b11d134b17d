import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// The SQL statements the busiest requests send, pinned (like Django's `assertNumQueries`): a
/// change that adds a round trip to one of these paths has to change a number here and say why.
/// Counted on SQLite and on PostgreSQL alike (the statements are the same; only their text differs).
///
/// Before the feature-slice rebuild (6740ad6), the same requests sent: form submit 22, API submit
/// 22, commitment page 14 (every view), warm dashboard 3, listing 8 cold and 0 warm. Every staff
/// page on PostgreSQL reads its session from the database, so that a sign-out on one instance holds
/// on all, in one statement with its user; the commitment page and dashboard bodies are kept per
/// plan revision and confirmed with one statement.
@Suite struct QueryCountTests {
    /// Whether the app runs on PostgreSQL, where instances share the database and every request
    /// confirms what it keeps; on SQLite one process owns the file and trusts a confirmation for a
    /// second (the session with its user, a kept page's revision), so a warm page sends nothing.
    func shared(_ app: Application) -> Bool {
        if case .postgres = app.minshengConfig.storage { true } else { false }
    }

    /// Prints what ran when a count moves, so the failure says which statement is new.
    func expectCount(_ statements: [String], _ expected: Int, _ what: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(statements.count == expected, Comment(rawValue: "\(what): \(statements.count) statements\n" + statements.joined(separator: "\n")),
                sourceLocation: sourceLocation)
    }

    @Test func submittingAReportThroughTheForm() async throws {
        try await withTestApp { app in
            // setup
            let planID = try await TestPlan.store(app)
            var clerk = try await WebClient.signedIn(app, "mz", .clerk, unit: "市民政局")
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let id = try #require(facts.commitments.first { $0.commitment.leadUnits.names == ["市民政局"] }).commitment.id
            _ = try await clerk.get("/commitments/\(id)/report?period=2026-06")

            // MUT
            let (res, statements) = try await QueryCounter.measure {
                try await clerk.post("/commitments/\(id)/report", ["action": "submit", "period": "2026-06", "percent": "40",
                                                                    "narrative": "按计划推进"])
            }

            // validate
            #expect(res.status == .seeOther)
            // The audit chain (issue 12) adds the chain's head read and the day head's upsert, and on
            // PostgreSQL the chain's transaction lock: 16 → 18 on SQLite, 17 → 20 on PostgreSQL.
            expectCount(statements, shared(app) ? 20 : 18, "POST /commitments/:id/report")
        }
    }

    @Test func submittingAReportThroughTheAPI() async throws {
        try await withTestApp { app in
            // setup
            let planID = try await TestPlan.store(app)
            let clerk = try await makeToken(app, "mz", .clerk, unit: "市民政局")
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let id = try #require(facts.commitments.first { $0.commitment.leadUnits.names == ["市民政局"] }).commitment.id

            // MUT
            let (res, statements) = try await QueryCounter.measure {
                try await APIClient(app: app).send(.POST, "/api/v1/commitments/\(id)/reports", token: clerk,
                                                   json: ReportBody(period: "2026-06", percent: 40))
            }

            // validate
            #expect(res.status == .created)
            // The bearer token and its user and unit are one statement (were three). The audit chain
            // adds its head read and the day head's upsert (18 → 20), and on PostgreSQL its lock.
            expectCount(statements, shared(app) ? 21 : 20, "POST /api/v1/commitments/:id/reports")
        }
    }

    @Test func takingACitizensRequestThroughTheAPI() async throws {
        try await withTestApp { app in
            // setup
            let cast = try await RequestCast.make(app)
            let api = RequestsAPI(app: app)

            // MUT
            let (res, statements) = try await QueryCounter.measure { try await api.intake(token: cast.hotline, key: "count-1") }

            // validate
            #expect(res.status == .created)
            // The token with its user; the idempotency key, the category and the routing rules
            // read before the turn; in it the day's counter, the request, its history entry, the
            // SMS, the audit chain's head, entry and day head, and on PostgreSQL the chain's lock.
            // Intakes that queue on SQLite share one turn's statements (IntakeBatchTests).
            expectCount(statements, shared(app) ? 14 : 13, "POST /api/v1/requests")
        }
    }

    @Test func theCommitmentPage() async throws {
        try await withTestApp { app in
            // setup
            let planID = try await TestPlan.store(app)
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let id = try #require(facts.commitments.first).commitment.id

            // MUT
            let (page, statements) = try await QueryCounter.measure { try await coordinator.get("/commitments/\(id)") }
            let (again, warmStatements) = try await QueryCounter.measure { try await coordinator.get("/commitments/\(id)") }

            // validate
            #expect(page.status == .ok)
            #expect(again.status == .ok)
            #expect(again.body.string.contains(coordinator.csrf ?? "no token"))
            #expect(!again.body.string.contains(KeptPage.Slot.csrfToken.rawValue))
            // 15 since the page lists the citizens' objections to its published months (one query).
            expectCount(statements, shared(app) ? 16 : 15, "GET /commitments/:id")
            expectCount(warmStatements, shared(app) ? 2 : 0, "GET /commitments/:id (warm)")
        }
    }

    @Test func theWarmDashboard() async throws {
        try await withTestApp { app in
            // setup
            _ = try await TestPlan.store(app)
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            _ = try await coordinator.get("/dashboard")

            // MUT
            let (page, statements) = try await QueryCounter.measure { try await coordinator.get("/dashboard") }

            // validate
            #expect(page.status == .ok)
            expectCount(statements, shared(app) ? 2 : 0, "GET /dashboard (warm)")
        }
    }

    @Test func theListingColdAndWarm() async throws {
        try await withTestApp { app in
            // setup
            let planID = try await TestPlan.store(app)
            let path = "/api/v1/plans/\(planID)/commitments"

            // MUT
            let (cold, coldStatements) = try await QueryCounter.measure { try await APIClient(app: app).send(.GET, path) }
            let (warm, warmStatements) = try await QueryCounter.measure { try await APIClient(app: app).send(.GET, path) }

            // validate
            #expect(cold.status == .ok)
            #expect(warm.status == .ok)
            expectCount(coldStatements, 9, "GET listing (cold)")
            // One process owns a SQLite file, so a listing confirmed within the second is answered
            // from memory; instances sharing PostgreSQL confirm the plan's revision every time.
            expectCount(warmStatements, shared(app) ? 1 : 0, "GET listing (warm)")
        }
    }
}
