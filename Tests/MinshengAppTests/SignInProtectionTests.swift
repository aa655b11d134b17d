import Fluent
import Foundation
import MinshengCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// Sign-in protection kept in the database: lockouts per account (across addresses) and per
/// address (across accounts) that grow, that a new Application on the same database honours, and
/// are audited; changing one's own password (page and API) under the password policy.
@Suite struct SignInProtectionTests {
    static let good = WebClient.password

    static func user(_ app: Application, _ name: String, role: Role = .coordinator) async throws {
        _ = try await UserAccounts.create(name: name, role: role, unitName: nil, password: good, in: app.writeContext())
    }

    static func client(_ app: Application, from address: String) async throws -> WebClient {
        var client = WebClient(app: app)
        client.address = address
        try await client.get("/login")
        return client
    }

    static func audited(_ app: Application, _ action: AuditAction) async throws -> [AuditEntryRecord] {
        try await AuditEntryRecord.query(on: app.db).filter(\.$action == action.rawValue).all()
    }

    @Test func anAccountLocksAfterFiveFailuresFromAnyAddressesAndTheLockDoubles() async throws {
        try await withTestApp { app in
            // setup
            try await Self.user(app, "coord")
            try await Self.user(app, "other")
            let noon = app.clock.now()
            // MUT: five wrong passwords, each from another address
            var statuses: [HTTPStatus] = []
            var last: TestingHTTPResponse?
            for i in 1...5 {
                var client = try await Self.client(app, from: "198.51.100.\(i)")
                last = try await client.post("/login", ["username": "Coord", "password": "wrong-\(i)"])
                statuses.append(last!.status)
            }
            // validate: the fifth locks the account for a minute, whatever the address
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .unauthorized, .tooManyRequests])
            #expect(last?.headers.first(name: .retryAfter) == "60")
            #expect(last?.body.string.contains("已暂时锁定") == true)
            var fresh = try await Self.client(app, from: "203.0.113.50")
            let rightButLocked = try await fresh.post("/login", ["username": "coord", "password": Self.good])
            #expect(rightButLocked.status == .tooManyRequests)
            #expect(try await fresh.post("/login", ["username": "other", "password": Self.good]).status == .seeOther)
            #expect(try await Self.audited(app, .signInFailure).count == 5)   // the refused try while locked is not one
            let lockouts = try await Self.audited(app, .signInLockout)
            #expect(lockouts.count == 1)
            #expect(lockouts.first?.after?.contains("\"scope\":\"account\"") == true)
            #expect(lockouts.first?.after?.contains("\"seconds\":\"60\"") == true)

            // MUT: after the minute, five more failures lock it for two
            app.clock = .fixed(noon.addingTimeInterval(61))
            var again = try await Self.client(app, from: "198.51.100.9")
            var second: [HTTPStatus] = []
            for _ in 1...5 { second.append(try await again.post("/login", ["username": "coord", "password": "nope"]).status) }
            let doubled = try await again.post("/login", ["username": "coord", "password": Self.good])
            // validate
            #expect(second.last == .tooManyRequests)
            #expect(doubled.status == .tooManyRequests)
            #expect(doubled.headers.first(name: .retryAfter).flatMap(Int.init).map { $0 > 110 && $0 <= 120 } == true)

            // MUT: once it has passed, the right password signs in and clears the account's count
            app.clock = .fixed(noon.addingTimeInterval(61 + 121))
            var later = try await Self.client(app, from: "198.51.100.10")
            #expect(try await later.post("/login", ["username": "coord", "password": Self.good]).status == .seeOther)
            let signIns = try await Self.audited(app, .signIn)
            #expect(signIns.count == 2)   // other's, then coord's
            #expect(signIns.contains { $0.after?.contains("198.51.100.10") == true })
            let sql = app.db as! any SQLDatabase
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM sign_in_counters WHERE scope = 'account' AND key = 'coord'")
                .first()?.decode(column: "n", as: Int.self) == 0)
        }
    }

    @Test func anAddressLocksAfterTenFailuresAcrossAccounts() async throws {
        try await withTestApp { app in
            // setup
            try await Self.user(app, "coord")
            var guesser = try await Self.client(app, from: "192.0.2.66")
            // MUT: ten names, one wrong password each (no account reaches its five)
            var statuses: [HTTPStatus] = []
            for i in 1...10 {
                statuses.append(try await guesser.post("/login", ["username": "name\(i)", "password": "guess-\(i)"]).status)
            }
            let rightPasswordFromThere = try await guesser.post("/login", ["username": "coord", "password": Self.good])
            var elsewhere = try await Self.client(app, from: "192.0.2.67")
            let rightPasswordElsewhere = try await elsewhere.post("/login", ["username": "coord", "password": Self.good])
            // validate
            #expect(statuses.dropLast().allSatisfy { $0 == .unauthorized })
            #expect(statuses.last == .tooManyRequests)
            #expect(rightPasswordFromThere.status == .tooManyRequests)
            #expect(rightPasswordElsewhere.status == .seeOther)
            let lockouts = try await Self.audited(app, .signInLockout)
            #expect(lockouts.count == 1)
            #expect(lockouts.first?.after?.contains("\"key\":\"192.0.2.66\"") == true)
        }
    }

    /// The counters live in the database: a restarted server (or the other instance) still refuses.
    @Test func aLockoutSurvivesANewApplicationOnTheSameDatabase() async throws {
        var config = AppConfig.testing()
        let postgres = { if case .postgres = config.storage { return true } else { return false } }()
        if !postgres { config.storage = .sqliteFile((config.dataDirectory as NSString).appendingPathComponent("minsheng.sqlite")) }
        defer { try? FileManager.default.removeItem(atPath: config.dataDirectory) }
        func start(fresh: Bool) async throws -> Application {
            let app = try await Application.make(.testing)
            app.clock = .fixed(testToday)
            do {
                try await configure(app, config: config)
                if fresh, postgres, let sql = app.db as? any SQLDatabase {
                    try await sql.raw("DROP SCHEMA public CASCADE").run()
                    try await sql.raw("CREATE SCHEMA public").run()
                    try await app.autoMigrate()
                }
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            return app
        }
        await DatabaseGate.shared.enter()
        do {
            // setup + MUT: lock the account on one application, then stop it
            let first = try await start(fresh: true)
            do {
                try await Self.user(first, "coord")
                var client = try await Self.client(first, from: "198.51.100.1")
                for _ in 1...5 { try await client.post("/login", ["username": "coord", "password": "wrong"]) }
            } catch {
                try? await first.asyncShutdown()
                throw error
            }
            try await first.asyncShutdown()
            // validate: a new application on the same database refuses the right password
            let second = try await start(fresh: false)
            do {
                var client = try await Self.client(second, from: "198.51.100.2")
                let res = try await client.post("/login", ["username": "coord", "password": Self.good])
                #expect(res.status == .tooManyRequests)
                #expect(try await AuditChain.verify(on: second.db, key: second.auditKey).isIntact)
            } catch {
                try? await second.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
        } catch {
            await DatabaseGate.shared.leave()
            throw error
        }
        await DatabaseGate.shared.leave()
    }

    @Test func changingOnesOwnPasswordThroughThePage() async throws {
        try await withTestApp { app in
            // setup
            var coord = try await WebClient.signedIn(app, "coord", .coordinator)
            #expect(try await coord.get("/account/password").body.string.contains("修改密码"))
            // MUT + validate: refusals re-render the form with 422
            let wrongCurrent = try await coord.post("/account/password", ["currentPassword": "not-it", "newPassword": "Bright-Lantern-42",
                                                                            "confirmPassword": "Bright-Lantern-42"])
            #expect(wrongCurrent.status == .unprocessableEntity)
            #expect(wrongCurrent.body.string.contains("当前密码不正确"))
            let tooShort = try await coord.post("/account/password", ["currentPassword": Self.good, "newPassword": "Short-1",
                                                                        "confirmPassword": "Short-1"])
            #expect(tooShort.status == .unprocessableEntity)
            #expect(tooShort.body.string.contains("密码至少10位"))
            let withName = try await coord.post("/account/password", ["currentPassword": Self.good, "newPassword": "my-Coord-pass-2026",
                                                                        "confirmPassword": "my-Coord-pass-2026"])
            #expect(withName.body.string.contains("密码不能包含用户名"))
            let common = try await coord.post("/account/password", ["currentPassword": Self.good, "newPassword": "Password123",
                                                                       "confirmPassword": "Password123"])
            #expect(common.body.string.contains("密码过于常见"))
            let mismatch = try await coord.post("/account/password", ["currentPassword": Self.good, "newPassword": "Bright-Lantern-42",
                                                                         "confirmPassword": "Bright-Lantern-43"])
            #expect(mismatch.body.string.contains("两次输入的新密码不一致"))
            let ok = try await coord.post("/account/password", ["currentPassword": Self.good, "newPassword": "Bright-Lantern-42",
                                                                   "confirmPassword": "Bright-Lantern-42"])
            #expect(ok.status == .seeOther)
            // the new password signs in, the old one no longer does
            var fresh = WebClient(app: app)
            try await fresh.get("/login")
            #expect(try await fresh.post("/login", ["username": "coord", "password": Self.good]).status == .unauthorized)
            #expect(try await fresh.post("/login", ["username": "coord", "password": "Bright-Lantern-42"]).status == .seeOther)
            let changes = try await Self.audited(app, .passwordChange)
            #expect(changes.count == 1)
            #expect(changes.allSatisfy { !($0.after ?? "").contains("Bright-Lantern-42") })
            // the wrong current password counted as a failed sign-in of the account
            #expect(try await Self.audited(app, .signInFailure).contains { $0.after?.contains("wrong current password") == true })
        }
    }

    @Test func changingOnesOwnPasswordThroughTheAPIHonoursTheLockout() async throws {
        try await withTestApp { app in
            // setup: a user with a password and a token
            let user = try await UserAccounts.create(name: "clerk", role: .clerk, unitName: "市城管局", password: Self.good,
                                                     in: app.writeContext())
            let token = try await UserAccounts.createToken(for: user, in: app.writeContext())
            let api = APIClient(app: app)
            struct Change: Content { var currentPassword: String; var newPassword: String }
            // MUT + validate
            let anonymous = try await api.send(.POST, "/api/v1/me/password", json: Change(currentPassword: Self.good, newPassword: "Quiet-Harbour-77"))
            #expect(anonymous.status == .unauthorized)
            let common = try await api.send(.POST, "/api/v1/me/password", token: token,
                                            json: Change(currentPassword: Self.good, newPassword: "qwertyuiop"))
            #expect(common.status == .unprocessableEntity)
            #expect(common.apiError?.fields["newPassword"]?.contains("常见") == true)
            var last: TestingHTTPResponse?
            for _ in 1...5 {
                last = try await api.send(.POST, "/api/v1/me/password", token: token,
                                          json: Change(currentPassword: "wrong-one", newPassword: "Quiet-Harbour-77"))
            }
            #expect(last?.status == .tooManyRequests)
            #expect(last?.apiError?.code == "locked")
            #expect(last?.headers.first(name: .retryAfter) == "60")
            let whileLocked = try await api.send(.POST, "/api/v1/me/password", token: token,
                                                 json: Change(currentPassword: Self.good, newPassword: "Quiet-Harbour-77"))
            #expect(whileLocked.status == .tooManyRequests)
            app.clock = .fixed(app.clock.now().addingTimeInterval(61))
            let changed = try await api.send(.POST, "/api/v1/me/password", token: token,
                                             json: Change(currentPassword: Self.good, newPassword: "Quiet-Harbour-77"))
            #expect(changed.status == .noContent)
            let stored = try #require(try await UserRecord.find(user.id, on: app.db))
            #expect(try Bcrypt.verify("Quiet-Harbour-77", created: stored.passwordHash ?? ""))
        }
    }

    @Test func newUsersMeetThePolicyExceptTheDemoAccounts() async throws {
        try await withTestApp { app in
            let admin = try await makeToken(app, "root", .admin)
            struct NewUser: Content { var name: String; var role: String; var password: String }
            let api = APIClient(app: app)
            let weak = try await api.send(.POST, "/api/v1/users", token: admin, json: NewUser(name: "wang", role: "deputy", password: "wang123456"))
            #expect(weak.status == .unprocessableEntity)
            #expect(weak.apiError?.fields["password"]?.contains("密码不能包含用户名") == true)
            let strong = try await api.send(.POST, "/api/v1/users", token: admin, json: NewUser(name: "wang", role: "deputy", password: "Quiet-Harbour-77"))
            #expect(strong.status == .created)
            // The demo loader's accounts (admin / admin-demo …) are exempt, and only they.
            let demo = try await UserAccounts.create(name: "admin", role: .admin, unitName: nil, password: "admin-demo", isDemo: true,
                                                     in: app.writeContext())
            #expect(demo.isDemo)
            await #expect(throws: Rejection.self) {
                try await UserAccounts.create(name: "admin2", role: .admin, unitName: nil, password: "admin2-demo", in: app.writeContext())
            }
        }
    }

    @Test(arguments: [
        (["203.0.113.9"], [], "203.0.113.9"),                          // nginx on loopback appends the client
        (["198.51.100.1", "203.0.113.9"], [], "203.0.113.9"),          // a forged first hop is not believed
        (["203.0.113.9", "10.0.0.2"], ["10.0.0.2"], "203.0.113.9"),    // a trusted proxy further in
        ([], [], "unknown"),
    ] as [([String], [String], String)])
    func theClientAddressIsTheLastUntrustedHop(forwarded: [String], trusted: [String], expected: String) async throws {
        try await withTestApp { app in
            var config = app.minshengConfig
            config.trustedProxies = trusted
            app.minshengConfig = config
            var headers = HTTPHeaders()
            if !forwarded.isEmpty { headers.add(name: .xForwardedFor, value: forwarded.joined(separator: ", ")) }
            let req = Request(application: app, method: .GET, url: URI(path: "/"), headers: headers, on: app.eventLoopGroup.next())
            #expect(ClientAddress.of(req) == expected)
        }
    }
}

extension SignInProtectionTests {
    /// A session opened with the old password (on another browser, perhaps by someone else) ends
    /// with it; the one the change was made in goes on.
    @Test func changingThePasswordEndsTheUsersOtherSessions() async throws {
        try await withTestApp { app in
            // setup: one user signed in twice, another user once
            var here = try await WebClient.signedIn(app, "coord", .coordinator)
            var there = WebClient(app: app)
            try await there.get("/login")
            #expect(try await there.post("/login", ["username": "coord", "password": Self.good]).status == .seeOther)
            var someoneElse = try await WebClient.signedIn(app, "leader", .leader)
            #expect(try await there.get("/dashboard").status == .ok)
            // MUT
            let changed = try await here.post("/account/password", ["currentPassword": Self.good, "newPassword": "Bright-Lantern-42",
                                                                      "confirmPassword": "Bright-Lantern-42"])
            // validate
            #expect(changed.status == .seeOther)
            #expect(try await here.get("/dashboard").status == .ok)
            #expect(try await there.get("/dashboard").location?.hasPrefix("/login?next=") == true)
            #expect(try await someoneElse.get("/dashboard").status == .ok)
            let entry = try #require(try await Self.audited(app, .passwordChange).first)
            #expect(entry.after?.contains("\"sessionsEnded\":\"1\"") == true)
        }
    }
}
