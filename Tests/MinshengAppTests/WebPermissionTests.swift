import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// Every web route × every role (anonymous, admin, coordinator, clerk, leader, deputy, hotline,
/// unitLeader), against a table written from the issue, not from the code's own access list.
@Suite struct WebPermissionTests {
    /// Who may use each route (nil: anyone, signed in or not).
    static let expected: [String: Set<Role>?] = {
        let everyone: Set<Role> = Set(Role.allCases)
        let coordinatorAdmin: Set<Role> = [.coordinator, .admin]
        let overview: Set<Role> = [.coordinator, .leader, .deputy]
        // Citizens' requests: the hotline takes them in and routes them, the lead unit's clerk handles
        // them and its unit leader approves the reply; coordinators, leaders and admins read; the
        // deputies see none of it.
        let requestReaders: Set<Role> = [.hotline, .clerk, .unitLeader, .coordinator, .leader, .admin]
        let rankingReaders: Set<Role> = [.hotline, .unitLeader, .coordinator, .leader, .admin]
        let hotlineDesk: Set<Role> = [.hotline, .coordinator, .admin]
        return [
            "GET /": everyone,
            "GET /login": nil,
            "POST /login": nil,
            "POST /logout": nil,
            "GET /account/password": everyone,
            "POST /account/password": everyone,
            "GET /login/totp": nil, "POST /login/totp": nil,
            "GET /account/security": everyone,
            "POST /account/sessions/:id/end": everyone,
            "POST /account/sessions/end-all": everyone,
            "POST /account/tokens/:id/revoke": everyone,
            "GET /account/totp": everyone, "POST /account/totp": everyone,
            "POST /account/totp/confirm": everyone, "POST /account/totp/disable": everyone,
            "GET /dashboard": overview,
            "GET /commitments": everyone,
            "GET /commitments/:id": everyone,
            "POST /commitments/:id/instructions": [.leader],
            "POST /commitments/:id/comments": [.deputy],
            "POST /commitments/:id/attachments": [.clerk, .coordinator, .admin],
            "GET /attachments/:id": everyone,
            "POST /attachments/:id/delete": [.clerk, .coordinator, .admin],
            "POST /attachments/:id/public": [.coordinator, .admin],
            "POST /commitments/:id/reports/:period/reopen": coordinatorAdmin,
            "GET /clerk": [.clerk],
            "GET /commitments/:id/report": [.clerk],
            "POST /commitments/:id/report": [.clerk],
            "GET /supervision": [.coordinator, .leader, .clerk, .admin],
            "GET /supervision/new": coordinatorAdmin,
            "POST /supervision": coordinatorAdmin,
            "GET /supervision/:id": [.coordinator, .leader, .clerk, .admin],
            "POST /supervision/:id/reply": [.clerk],
            "POST /supervision/bulk": coordinatorAdmin,
            "POST /supervision/:id/signoff": coordinatorAdmin,
            "POST /supervision/:id/return": coordinatorAdmin,
            "GET /supervision/:id/docx": [.coordinator, .leader, .clerk, .admin],
            "GET /imports": coordinatorAdmin,
            "POST /imports": coordinatorAdmin,
            "GET /imports/:id": coordinatorAdmin,
            "POST /imports/:id": coordinatorAdmin,
            "POST /imports/:id/publish": coordinatorAdmin,
            "POST /imports/:id/rows": coordinatorAdmin,
            "POST /imports/:id/delete": coordinatorAdmin,
            "GET /admin/users": [.admin],
            "POST /admin/users": [.admin],
            "POST /admin/users/:id": [.admin],
            "POST /admin/users/:id/disable": [.admin],
            "POST /admin/users/:id/password": [.admin],
            "GET /admin/units": [.admin],
            "POST /admin/units/merge": [.admin],
            "POST /admin/units/aliases": [.admin],
            "GET /bulletins": overview,
            "GET /bulletins/:month": overview,
            "GET /bulletins/:month/xlsx": overview,
            "GET /bulletins/:month/docx": overview,
            "POST /bulletins/:month/issue": coordinatorAdmin,
            "GET /plans/:id/progress.xlsx": overview,
            "GET /plans/:id/progress.csv": overview,
            "GET /hotline": [.hotline],
            "GET /requests/new": [.hotline],
            "POST /requests": [.hotline],
            "GET /requests/:id": requestReaders,
            "GET /requests/:id/identity": [.hotline, .clerk, .unitLeader],   // the lead unit's staff, not the readers
            "POST /requests/:id/steps/:step": [.clerk],                        // the step here: 签收, the lead unit's clerk's
            "POST /requests/:id/photos": [.hotline, .clerk],
            "GET /request-photos/:id": requestReaders,
            "GET /inbox": [.clerk, .unitLeader],
            "POST /inbox/read": [.clerk, .unitLeader],
            "POST /hotline/read": [.hotline],
            "GET /requests/rankings": rankingReaders,
            "GET /requests/rankings/xlsx": rankingReaders,
            "GET /requests/rankings/units/:id": requestReaders,              // its own unit's staff, and the ranking's readers
            "GET /requests/clusters": hotlineDesk,
            "POST /requests/candidates": hotlineDesk,
            "GET /requests/candidates": hotlineDesk,
            "GET /requests/import": [.hotline],
            "POST /requests/import": [.hotline],
            "GET /admin/requests": [.admin],
            // The portal's forms: anyone, signed in or not (the read pages have no session at all).
            "GET /public/requests/new": nil, "POST /public/requests": nil,
            "GET /public/lookup": nil, "POST /public/lookup": nil, "POST /public/lookup/rate": nil, "POST /public/lookup/redo": nil,
            "GET /public/commitments/:id/objections/:month": nil, "POST /public/commitments/:id/objections/:month": nil,
            "GET /admin/api-clients": [.admin],
            "POST /admin/api-clients": [.admin],
            "POST /admin/api-clients/:id/revoke": [.admin],
            "POST /admin/requests/limits": [.admin],
            "POST /admin/requests/rules": [.admin],
            "POST /admin/requests/rules/:id/delete": [.admin],
            "POST /admin/requests/categories": [.admin],
        ]
    }()

    @Test func everyRouteTimesEveryRole() async throws {
        try await withTestApp { app in
            // setup: a published plan whose commitment 1 is led by 市城管局, a draft, a notice to
            // 市城管局, an attachment, a citizen's request dispatched to 市城管局 with a photo, and one
            // signed-in client per role (the unit-bound ones of 市城管局).
            let planID = try await TestPlan.store(app)
            let draftID = try await TestPlan.store(app, publish: false, year: 2027)
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let commitment = try #require(facts.commitments.first { $0.commitment.leadUnits.names == ["市城管局"] }).commitment.id
            var clients: [Role: WebClient] = [:]
            for role in Role.allCases {
                clients[role] = try await WebClient.signedIn(app, "user-\(role.rawValue)", role,
                                                             unit: role.isBoundToUnit ? "市城管局" : nil)
            }
            let unit = try #require(try await UnitRecord.query(on: app.db).filter(\.$name == "市城管局").first())
            let notice = SupervisionNoticeRecord()
            notice.year = 2026; notice.serial = 1; notice.number = "督办〔2026〕1号"
            notice.$commitment.id = commitment.rawValue; notice.$unit.id = unit.id!
            notice.requiredAction = "加快进度"; notice.issuedOn = "2026-07-01"; notice.deadline = "2026-07-20"
            notice.state = SupervisionState.issued.rawValue; notice.createdAt = Date(); notice.updatedAt = Date()
            try await notice.create(on: app.db)
            let attachment = AttachmentRecord()
            attachment.$commitment.id = commitment.rawValue; attachment.filename = "a.pdf"; attachment.contentType = "application/pdf"
            attachment.size = 5; attachment.sha256 = ""; attachment.storedName = "missing.pdf"; attachment.createdAt = Date()
            attachment.isPublic = false
            try await attachment.create(on: app.db)
            let request = try await RequestRows.make(app, state: .dispatched, lead: unit.id!)
            let photo = RequestPhotoRecord()
            photo.$request.id = request.id!; photo.filename = "p.jpg"; photo.contentType = "image/jpeg"
            photo.size = 5; photo.sha256 = ""; photo.storedName = "missing.jpg"; photo.createdAt = Date()
            try await photo.create(on: app.db)
            var anonymous = WebClient(app: app)
            try await anonymous.get("/login")
            // An account of nobody signed in here: the admin's 停用 in the walk must not end a client's session.
            let other = try await UserAccounts.create(name: "other-user", displayName: "其他", role: .leader, unitName: nil,
                                                      password: nil, in: app.writeContext(actor: .system))

            func concrete(_ path: String) -> String {
                path.replacingOccurrences(of: "/admin/users/:id", with: "/admin/users/\(other.id!)")
                    .replacingOccurrences(of: ":month", with: "2026-06").replacingOccurrences(of: ":period", with: "2026-06")
                    .replacingOccurrences(of: "/requests/rankings/units/:id", with: "/requests/rankings/units/\(unit.id!)")
                    .replacingOccurrences(of: "/requests/:id", with: "/requests/\(request.id!)")
                    .replacingOccurrences(of: "/steps/:step", with: "/steps/sign")
                    .replacingOccurrences(of: "/request-photos/:id", with: "/request-photos/\(photo.id!)")
                    .replacingOccurrences(of: "/supervision/:id", with: "/supervision/\(notice.id!)")
                    .replacingOccurrences(of: "/attachments/:id", with: "/attachments/\(attachment.id!)")
                    .replacingOccurrences(of: "/imports/:id", with: "/imports/\(draftID)")
                    .replacingOccurrences(of: "/plans/:id", with: "/plans/\(planID)")
                    .replacingOccurrences(of: "/commitments/:id", with: "/commitments/\(commitment)")
            }

            // validate: the table covers exactly the registered routes.
            let registered = app.webRoutes.map { "\($0.method.rawValue) \($0.path)" }
            #expect(Set(registered) == Set(Self.expected.keys), "routes and table differ")
            #expect(registered.count == Set(registered).count)

            // MUT: every route as every role; "sign out everywhere" and sign-out last, since they end the session.
            let last = ["/account/sessions/end-all", "/logout"]
            let order = app.webRoutes.filter { !last.contains($0.path) }
                + last.flatMap { path in app.webRoutes.filter { $0.path == path } }
            var checked = 0
            for route in order {
                let key = "\(route.method.rawValue) \(route.path)"
                let allowed = Self.expected[key] ?? nil
                let path = concrete(route.path)
                for role in [Role?.none] + Role.allCases.map(Optional.some) {
                    var client = role.map { clients[$0]! } ?? anonymous
                    let res = route.method == .GET ? try await client.get(path) : try await client.post(path)
                    if let role { clients[role] = client } else { anonymous = client }
                    let toLogin = res.status == .seeOther && (res.location ?? "").hasPrefix("/login?next=")
                    let who = role?.rawValue ?? "anonymous"
                    if let allowed, !(role.map(allowed.contains) ?? false) {
                        if role == nil {
                            #expect(toLogin, "\(key) as anonymous: \(res.status) \(res.location ?? "")")
                        } else {
                            #expect(res.status == .forbidden, "\(key) as \(who): \(res.status)")
                        }
                    } else {
                        #expect(res.status != .forbidden && res.status != .unauthorized && !toLogin && res.status.code < 500,
                                "\(key) as \(who): \(res.status) \(res.location ?? "")")
                    }
                    checked += 1
                }
                // "Sign out everywhere" ended every role's session: sign each in again for sign-out.
                if route.path == "/account/sessions/end-all" {
                    for role in Role.allCases {
                        var client = WebClient(app: app)
                        try await client.get("/login")
                        try await client.post("/login", ["username": "user-\(role.rawValue)", "password": WebClient.password])
                        try await client.get("/commitments")
                        clients[role] = client
                    }
                }
            }
            #expect(checked == Self.expected.count * (Role.allCases.count + 1))
        }
    }

    @Test func postWithoutCSRFTokenIsRefused() async throws {
        try await withTestApp { app in
            // setup
            _ = try await TestPlan.store(app)
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            let unit = try #require(try await UnitRecord.query(on: app.db).filter(\.$name == "市城管局").first())
            let form = ["unitID": unit.id!.uuidString, "requiredAction": "请加快进度", "deadline": "2026-07-31"]
            // MUT
            let refused = try await coordinator.post("/supervision", form, withToken: false)
            let wrong = try await coordinator.post("/supervision", form.merging(["csrfToken": "forged"]) { $1 })
            // validate
            #expect(refused.status == .forbidden)
            #expect(refused.body.string.contains("安全令牌"))
            #expect(refused.headers.first(name: "X-Frame-Options") == "DENY")
            #expect(refused.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
            #expect(refused.headers.first(name: .cacheControl) == "no-store")
            #expect(wrong.status == .forbidden)
            #expect(try await SupervisionNoticeRecord.query(on: app.db).count() == 0)
            let accepted = try await coordinator.post("/supervision", form)
            #expect(accepted.status == .seeOther)
            #expect(try await SupervisionNoticeRecord.query(on: app.db).count() == 1)
        }
    }

    @Test func signInStartsANewSessionAndSignOutEndsIt() async throws {
        try await withTestApp { app in
            _ = try await UserAccounts.create(name: "coord", role: .coordinator, unitName: nil, password: "Secure-Wh1stle-22",
                                              in: app.writeContext(actor: .system))
            var client = WebClient(app: app)
            try await client.get("/login")
            let anonymous = try #require(client.cookie)
            let res = try await client.post("/login", ["username": "coord", "password": "Secure-Wh1stle-22"])
            #expect(res.status == .seeOther)
            let signedIn = try #require(client.cookie)
            #expect(signedIn != anonymous)
            // The old id no longer signs anybody in.
            var replay = WebClient(app: app)
            replay.cookie = anonymous
            #expect(try await replay.get("/dashboard").location?.hasPrefix("/login?next=") == true)
            #expect(try await client.get("/dashboard").status == .ok)
            try await client.get("/dashboard")
            #expect(try await client.post("/logout").status == .seeOther)
            var stolen = WebClient(app: app)
            stolen.cookie = signedIn
            #expect(try await stolen.get("/dashboard").location?.hasPrefix("/login?next=") == true)
        }
    }

    @Test func anonymousSignInNeedsTheTokenToo() async throws {
        try await withTestApp { app in
            var client = WebClient(app: app)
            let res = try await client.post("/login", ["username": "x", "password": "y"], withToken: false)
            #expect(res.status == .forbidden)
        }
    }
}
