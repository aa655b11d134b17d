import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp

/// Session time limits and the health endpoints.
@Suite struct SessionLimitsTests {
    @Test func anIdleSessionEndsAfterThirtyMinutes() async throws {
        try await withTestApp { app in
            // setup
            var coord = try await WebClient.signedIn(app, "coord", .coordinator)
            let start = app.clock.now()
            // MUT + validate: 29 minutes of quiet are fine; the next 31 are not
            app.clock = .fixed(start.addingTimeInterval(29 * 60))
            #expect(try await coord.get("/dashboard").status == .ok)
            app.clock = .fixed(start.addingTimeInterval((29 + 31) * 60))
            let expired = try await coord.get("/dashboard")
            #expect(expired.status == .seeOther)
            #expect(expired.location?.hasPrefix("/login?next=") == true)
            // and it stays ended: the old cookie names no session now
            #expect(try await coord.get("/dashboard").location?.hasPrefix("/login?next=") == true)
        }
    }

    @Test func anActiveSessionEndsTwelveHoursAfterSignIn() async throws {
        try await withTestApp { app in
            var coord = try await WebClient.signedIn(app, "coord", .coordinator)
            let start = app.clock.now()
            var statuses: [HTTPStatus] = []
            // a request every 20 minutes for 13 hours
            for step in 1...39 {
                app.clock = .fixed(start.addingTimeInterval(Double(step) * 20 * 60))
                statuses.append(try await coord.get("/dashboard").status)
            }
            // 12 h = step 36; steps 1…35 are inside, 36 is at the limit exactly, 37 on are past it
            #expect(statuses.prefix(35).allSatisfy { $0 == .ok })
            #expect(statuses.suffix(3).allSatisfy { $0 == .seeOther })
        }
    }

    @Test func liveAndReadyAnswer() async throws {
        try await withTestApp { app in
            let live = try await APIClient(app: app).send(.GET, "/health/live")
            let ready = try await APIClient(app: app).send(.GET, "/health/ready")
            #expect(live.status == .ok)
            #expect(ready.status == .ok)
            #expect(ready.body.string.contains("\"status\":\"ready\""))
        }
    }

    /// An instance whose database does not answer is not ready (the balancer sends it nothing).
    @Test func notReadyWithoutItsDatabase() async throws {
        var config = AppConfig.testing()
        config.storage = .postgres("postgres://nobody:none@127.0.0.1:1/none?tlsmode=disable")
        config.autoMigrate = false
        let app = try await Application.make(.testing)
        app.clock = .fixed(testToday)
        do {
            try await configure(app, config: config)
            let live = try await app.testing().sendRequest(.GET, "/health/live")
            let ready = try await app.testing().sendRequest(.GET, "/health/ready")
            #expect(live.status == .ok)
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.body.string.contains("unreachable"))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
