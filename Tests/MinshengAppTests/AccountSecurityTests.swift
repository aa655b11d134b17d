import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// Issue 12, sign-in: the TOTP second factor, forced change of initial passwords, one's own
/// sessions and tokens, sign-out everywhere; each audited.
@Suite struct AccountSecurityTests {
    /// The secret shown on the enrolment page, decoded.
    static func secret(in html: String) throws -> [UInt8] {
        let start = try #require(html.range(of: "id=\"totp-secret\" class=\"secret\">"))
        let rest = html[start.upperBound...]
        let end = try #require(rest.range(of: "</code>"))
        return try #require(Base32.decode(String(rest[..<end.lowerBound])))
    }

    static func code(_ secret: [UInt8], _ app: Application, stepsAhead: Int64 = 0) -> String {
        let totp = Totp.standard
        return totp.code(secret: secret, counter: totp.step(at: app.clock.now()) + stepsAhead)
    }

    static func actions(_ app: Application) async throws -> [String] {
        try await AuditEntryRecord.query(on: app.db).all().map(\.action)
    }

    /// Enrols the client's user; returns the secret and the recovery codes.
    static func enrol(_ client: inout WebClient, _ app: Application) async throws -> ([UInt8], [String]) {
        let started = try await client.post("/account/totp")
        #expect(started.status == .ok)
        #expect(started.body.string.contains("otpauth://totp/"))
        let secret = try Self.secret(in: started.body.string)
        // A wrong code does not turn it on.
        let wrong = try await client.post("/account/totp/confirm", ["code": "000000" == code(secret, app) ? "111111" : "000000"])
        #expect(wrong.status == .unprocessableEntity)
        let confirmed = try await client.post("/account/totp/confirm", ["code": code(secret, app)])
        #expect(confirmed.status == .ok)
        let codes = confirmed.body.string.components(separatedBy: "<li><code>").dropFirst()
            .compactMap { $0.components(separatedBy: "</code>").first }
        #expect(codes.count == SecondFactor.recoveryCodeCount)
        return (secret, codes)
    }

    @Test func enrolThenSignInAsksForTheCodeAndRefusesAReplay() async throws {
        try await withTestApp { app in
            // setup: a coordinator enrols
            var coord = try await WebClient.signedIn(app, "coord", .coordinator)
            let (secret, recovery) = try await Self.enrol(&coord, app)
            let stored = try #require(try await UserRecord.query(on: app.db).filter(\.$name == "coord").first())
            // The secret is sealed, not stored as typed or as base32.
            let sealed = try #require(stored.totpSecret)
            #expect(!sealed.contains(Base32.encode(secret)))
            #expect(try await TotpRecoveryCodeRecord.query(on: app.db).count() == SecondFactor.recoveryCodeCount)
            #expect(try await TotpRecoveryCodeRecord.query(on: app.db).all().allSatisfy { !recovery.contains($0.codeHash) })

            // MUT: the password alone signs nobody in
            var client = WebClient(app: app)
            try await client.get("/login")
            let step1 = try await client.post("/login", ["username": "coord", "password": WebClient.password])
            #expect(step1.location == "/login/totp")
            #expect(try await client.get("/dashboard").location?.hasPrefix("/login?next=") == true)
            try await client.get("/login/totp")
            let bad = try await client.post("/login/totp", ["code": "12345"])
            #expect(bad.status == .unauthorized)
            // A code already used at enrolment is refused (replay); the next step's is accepted.
            let replay = try await client.post("/login/totp", ["code": Self.code(secret, app)])
            #expect(replay.status == .unauthorized)
            let ok = try await client.post("/login/totp", ["code": Self.code(secret, app, stepsAhead: 1)])
            #expect(ok.status == .seeOther)
            #expect(try await client.get("/dashboard").status == .ok)

            // The same code again, in another browser: refused.
            var other = WebClient(app: app)
            try await other.get("/login")
            try await other.post("/login", ["username": "coord", "password": WebClient.password])
            try await other.get("/login/totp")
            #expect(try await other.post("/login/totp", ["code": Self.code(secret, app, stepsAhead: 1)]).status == .unauthorized)
            // A recovery code works once.
            #expect(try await other.post("/login/totp", ["code": recovery[0].uppercased()]).status == .seeOther)
            var third = WebClient(app: app)
            try await third.get("/login")
            try await third.post("/login", ["username": "coord", "password": WebClient.password])
            try await third.get("/login/totp")
            #expect(try await third.post("/login/totp", ["code": recovery[0]]).status == .unauthorized)

            // validate: audited, the secret in no entry
            let actions = try await Self.actions(app)
            for action in ["user.totpBegin", "user.totpEnable", "auth.recoveryCode", "auth.failure", "auth.signIn"] {
                #expect(actions.contains(action), "\(action) audited")
            }
            let texts = try await AuditEntryRecord.query(on: app.db).all().map { ($0.after ?? "") + ($0.before ?? "") }
            #expect(!texts.contains { $0.contains(Base32.encode(secret)) || $0.contains(sealed) })
            let failures = try await AuditEntryRecord.query(on: app.db).filter(\.$action == "auth.failure").all()
            #expect(failures.contains { ($0.after ?? "").contains("wrong second factor") })
        }
    }

    @Test func guessingCodesLocksTheAccount() async throws {
        try await withTestApp { app in
            var coord = try await WebClient.signedIn(app, "coord", .coordinator)
            _ = try await Self.enrol(&coord, app)
            var client = WebClient(app: app)
            try await client.get("/login")
            try await client.post("/login", ["username": "coord", "password": WebClient.password])
            var statuses: [HTTPStatus] = []
            for _ in 0..<SignInLockout.account.threshold {
                statuses.append(try await client.post("/login/totp", ["code": "000001"]).status)
            }
            #expect(statuses.last == .tooManyRequests)
            #expect(try await Self.actions(app).contains("auth.lockout"))
        }
    }

    @Test func requiredEnrolmentSendsAdminsAndCoordinatorsToEnrol() async throws {
        var config = AppConfig.testing()
        config.totpRequired = true
        try await withTestApp(config: config) { app in
            var coord = try await WebClient.signedIn(app, "coord", .coordinator)
            let res = try await coord.get("/dashboard")
            #expect(res.status == .seeOther)
            #expect(res.location == "/account/totp")
            let enrolPage = try await coord.get("/account/totp")
            #expect(enrolPage.status == .ok)
            #expect(enrolPage.body.string.contains(Wording.totpRequired))
            #expect(try await coord.post("/supervision", ["requiredAction": "x"]).location == "/account/totp")
            _ = try await Self.enrol(&coord, app)
            #expect(try await coord.get("/dashboard").status == .ok)
            // A leader has no such duty.
            var leader = try await WebClient.signedIn(app, "leader", .leader)
            #expect(try await leader.get("/dashboard").status == .ok)
            // Nor a demo account.
            _ = try await UserAccounts.create(name: "admin-demo", role: .admin, unitName: nil, password: "demo", isDemo: true,
                                              in: app.writeContext(actor: .system))
            var demo = WebClient(app: app)
            try await demo.get("/login")
            try await demo.post("/login", ["username": "admin-demo", "password": "demo"])
            #expect(try await demo.get("/admin/users").status == .ok)
        }
    }

    @Test func aPasswordSetByTheAdminIsChangedAtFirstSignIn() async throws {
        try await withTestApp { app in
            // setup: the admin creates a clerk
            var admin = try await WebClient.signedIn(app, "admin1", .admin)
            let made = try await admin.post("/admin/users", ["name": "clerk9", "displayName": "王九", "role": "leader",
                                                            "password": "Initial-Pass-2026"])
            #expect(made.status == .seeOther)
            let record = try #require(try await UserRecord.query(on: app.db).filter(\.$name == "clerk9").first())
            #expect(record.mustChangePassword)
            // MUT
            var clerk = WebClient(app: app)
            try await clerk.get("/login")
            try await clerk.post("/login", ["username": "clerk9", "password": "Initial-Pass-2026"])
            let sent = try await clerk.get("/commitments")
            #expect(sent.location == "/account/password")
            let page = try await clerk.get("/account/password")
            #expect(page.body.string.contains(Wording.mustChangePassword))
            let changed = try await clerk.post("/account/password", ["currentPassword": "Initial-Pass-2026",
                                                                    "newPassword": "Own-Secret-77z", "confirmPassword": "Own-Secret-77z"])
            #expect(changed.status == .seeOther)
            // validate
            #expect(try await clerk.get("/commitments").status == .ok)
            let after = try #require(try await UserRecord.query(on: app.db).filter(\.$name == "clerk9").first())
            #expect(!after.mustChangePassword)
        }
    }

    @Test func ownSessionsAndTokensAreListedAndEnded() async throws {
        try await withTestApp { app in
            // setup: two browsers of one user, one token; another user's token
            var first = try await WebClient.signedIn(app, "lead", .leader)
            var second = WebClient(app: app)
            try await second.get("/login")
            try await second.post("/login", ["username": "lead", "password": WebClient.password])
            let user = try #require(try await UserRecord.query(on: app.db).filter(\.$name == "lead").first())
            _ = try await UserAccounts.createToken(for: user, in: app.writeContext(actor: .system))
            var other = try await WebClient.signedIn(app, "other", .leader)
            let otherUser = try #require(try await UserRecord.query(on: app.db).filter(\.$name == "other").first())
            _ = try await UserAccounts.createToken(for: otherUser, in: app.writeContext(actor: .system))
            let otherToken = try #require(try await TokenRecord.query(on: app.db).filter(\.$user.$id == otherUser.id!).first())

            // MUT: the page lists two sessions (one current) and the token
            let page = try await first.get("/account/security")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.components(separatedBy: "/account/sessions/").count - 1 == 3) // two ends + end-all
            #expect(html.contains("（当前）"))
            #expect(html.contains("/account/tokens/"))
            // Ending the other browser's session signs it out.
            let secondKey = try #require(second.cookie)
            let ended = try await first.post("/account/sessions/\(AccountSessions.handle(of: secondKey))/end")
            #expect(ended.location == "/account/security")
            #expect(try await second.get("/commitments").location?.hasPrefix("/login?next=") == true)
            // Someone else's token cannot be revoked here; one's own can.
            #expect(try await first.post("/account/tokens/\(otherToken.id!)/revoke").status == .notFound)
            let token = try #require(try await TokenRecord.query(on: app.db).filter(\.$user.$id == user.id!).first())
            #expect(try await first.post("/account/tokens/\(token.id!)/revoke").status == .seeOther)
            #expect(try await TokenRecord.find(token.id!, on: app.db)?.revokedAt != nil)
            #expect(try await TokenRecord.find(otherToken.id!, on: app.db)?.revokedAt == nil)
            // Sign out everywhere ends this session too, and leaves the other user's alone.
            var again = WebClient(app: app)
            try await again.get("/login")
            try await again.post("/login", ["username": "lead", "password": WebClient.password])
            let all = try await first.post("/account/sessions/end-all")
            #expect(all.location == "/login")
            #expect(try await again.get("/commitments").location?.hasPrefix("/login?next=") == true)
            #expect(try await first.get("/commitments").location?.hasPrefix("/login?next=") == true)
            #expect(try await other.get("/commitments").status == .ok)

            // validate
            let actions = try await Self.actions(app)
            #expect(actions.contains("auth.sessionEnd"))
            #expect(actions.contains("auth.signOutEverywhere"))
            #expect(actions.contains("token.revoke"))
        }
    }

    @Test func newAccountFormsRefuseAPostWithoutCSRFToken() async throws {
        try await withTestApp { app in
            var client = try await WebClient.signedIn(app, "lead", .leader)
            for path in ["/account/sessions/end-all", "/account/totp", "/account/totp/confirm", "/account/totp/disable",
                         "/login/totp"] {
                #expect(try await client.post(path, [:], withToken: false).status == .forbidden, "\(path)")
            }
            #expect(try await client.get("/commitments").status == .ok)
        }
    }

    @Test func everySignInFailureAndLockoutIsAudited() async throws {
        try await withTestApp { app in
            _ = try await WebClient.signedIn(app, "lead", .leader)
            var client = WebClient(app: app)
            try await client.get("/login")
            for _ in 0..<SignInLockout.account.threshold {
                try await client.post("/login", ["username": "lead", "password": "wrong-password-1"])
            }
            let actions = try await Self.actions(app)
            #expect(actions.filter { $0 == "auth.signIn" }.count == 1)
            #expect(actions.filter { $0 == "auth.failure" }.count == SignInLockout.account.threshold)
            #expect(actions.filter { $0 == "auth.lockout" }.count >= 1)
        }
    }
}
