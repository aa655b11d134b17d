import Fluent
import Foundation
import Vapor
import MinshengStore

/// Sign-in, sign-out and the role's home page.
struct LoginController {
    struct LoginForm: Content {
        var username: String?
        var password: String?
        var next: String?
    }

    struct LoginPage: Encodable {
        var shell: WebShell
        var username: String
        var next: String
        var error: String?
        var links = Links()

        struct Links: Encodable { var login = SitePath.login() }
    }

    func show(req: Request) async throws -> Response {
        if let user = req.auth.get(UserRecord.self) {
            return req.redirect(to: Self.home(for: user.role))
        }
        let next = Self.safeNext(req.query[String.self, at: "next"]) ?? ""
        return try await render(req, username: "", next: next, error: nil, status: .ok)
    }

    func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let password = form.password ?? ""
        let next = Self.safeNext(form.next) ?? ""
        if username.isEmpty || password.isEmpty {
            return try await render(req, username: username, next: next, error: "请输入用户名和密码。", status: .unprocessableEntity)
        }
        let attempt = SignInProtection.Attempt(userName: username, address: ClientAddress.of(req))
        // A locked account or address is refused before its password is looked at.
        if let wait = try await SignInProtection.lockedFor(attempt, on: req.db, now: req.clock.now()) {
            return try await locked(req, username: username, next: next, seconds: wait)
        }
        let user = try await UserRecord.query(on: req.db).filter(\.$name == username).first()
        // Verify against a fixed hash when the user is unknown, so timing does not reveal names.
        let hash = user?.passwordHash ?? Self.decoyHash
        let ok = (try? await req.password.async.verify(password, created: hash)) ?? false
        guard ok, let user, user.passwordHash != nil, user.disabledAt == nil else {
            let reason = user == nil ? "unknown user" : (user?.passwordHash == nil ? "no password"
                : ok && user?.disabledAt != nil ? "disabled" : "wrong password")
            if let wait = try await SignInProtection.recordFailure(attempt, user: user, reason: reason,
                                                                   in: req.writeContext(actor: SignInProtection.anonymous)) {
                return try await locked(req, username: username, next: next, seconds: wait)
            }
            return try await render(req, username: username, next: next, error: Wording.signInFailed, status: .unauthorized)
        }
        // A second factor: the password alone signs nobody in; the session remembers who passed it,
        // for a few minutes, and the code is asked for next.
        if user.totpEnabledAt != nil {
            try await newSessionID(req)
            req.session.data[Self.pendingUserKey] = user.id?.uuidString
            req.session.data[Self.pendingAtKey] = String(Int(req.clock.now().timeIntervalSince1970))
            req.session.data[Self.pendingNextKey] = next
            return req.redirect(to: SitePath.loginTotp(), redirectType: .normal)
        }
        try await SignInProtection.recordSuccess(attempt, user: user, in: req.writeContext(actor: .init(user)))
        return try await complete(req, user: user, next: next)
    }

    /// Session keys of a sign-in waiting for its second factor.
    static let pendingUserKey = "totpPendingUser", pendingAtKey = "totpPendingAt", pendingNextKey = "totpPendingNext"
    /// How long the code may be typed after the password.
    static let pendingLimit: TimeInterval = 5 * 60

    struct CodeForm: Content {
        var code: String?
    }

    struct CodePage: Encodable {
        var shell: WebShell
        var error: String?
        var links = Links()

        struct Links: Encodable { var code = SitePath.loginTotp() }
    }

    /// The user who passed the password and has yet to give the code, while it is recent.
    func pendingUser(_ req: Request) async throws -> UserRecord? {
        guard let id = req.session.data[Self.pendingUserKey].flatMap(UUID.init(uuidString:)),
              let at = req.session.data[Self.pendingAtKey].flatMap(Double.init),
              req.clock.now().timeIntervalSince1970 - at <= Self.pendingLimit else { return nil }
        return try await UserRecord.find(id, on: req.db)
    }

    /// Without a recent password step there is nothing to confirm: back to the sign-in page.
    func totpForm(req: Request) async throws -> Response {
        guard try await pendingUser(req) != nil else {
            return req.redirect(to: SitePath.login(), redirectType: .normal)
        }
        return try await renderCode(req, error: nil, status: .ok)
    }

    /// The second step: a code from the authenticator app or a recovery code. A wrong one counts
    /// as a failed sign-in (``SignInProtection``), so guessing codes locks the account too.
    func totpSubmit(req: Request) async throws -> Response {
        guard let user = try await pendingUser(req) else {
            if req.auth.get(UserRecord.self) == nil { req.session.data["flash"] = Wording.totpExpired }
            return req.redirect(to: SitePath.login(), redirectType: .normal)
        }
        let form = try req.content.decode(CodeForm.self)
        let attempt = SignInProtection.Attempt(userName: user.name, address: ClientAddress.of(req))
        if let wait = try await SignInProtection.lockedFor(attempt, on: req.db, now: req.clock.now()) {
            clearPending(req)
            return try await locked(req, username: user.name, next: "", seconds: wait)
        }
        let accepted = try await SecondFactor.verifyAtSignIn(user, code: form.code ?? "", in: req.writeContext(actor: .init(user)))
        guard let accepted else {
            if let wait = try await SignInProtection.recordFailure(attempt, user: user, reason: "wrong second factor",
                                                                   in: req.writeContext(actor: SignInProtection.anonymous)) {
                clearPending(req)
                return try await locked(req, username: user.name, next: "", seconds: wait)
            }
            return try await renderCode(req, error: Wording.totpWrong, status: .unauthorized)
        }
        let next = Self.safeNext(req.session.data[Self.pendingNextKey]) ?? ""
        clearPending(req)
        try await SignInProtection.recordSuccess(attempt, user: user, secondFactor: accepted.rawValue,
                                                 in: req.writeContext(actor: .init(user)))
        if accepted == .recoveryCode {
            let left = try await SecondFactor.recoveryCodesLeft(user, on: req.db)
            req.session.data["flash"] = "已使用一个恢复码，还剩 \(left) 个。"
        }
        return try await complete(req, user: user, next: next)
    }

    func clearPending(_ req: Request) {
        for key in [Self.pendingUserKey, Self.pendingAtKey, Self.pendingNextKey] { req.session.data[key] = nil }
    }

    func renderCode(_ req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let page = CodePage(shell: WebShell.make(req, title: "双因素验证"), error: error)
        let response = try await req.view.render("Directory/login-totp", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }

    /// A new session id (against session fixation): the one before is dropped.
    func newSessionID(_ req: Request) async throws {
        if let old = req.session.id {
            req.session.id = nil
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
        }
    }

    /// Signs `user` in on a fresh session and sends them on.
    func complete(_ req: Request, user: UserRecord, next: String) async throws -> Response {
        try await newSessionID(req)
        req.auth.login(user)
        req.session.authenticate(user)
        SessionLimits.start(req, at: req.clock.now())
        // What the account's session list shows (``AccountSessions``).
        req.session.data[AccountSessions.addressKey] = ClientAddress.of(req)
        req.session.data[AccountSessions.agentKey] = String((req.headers.first(name: .userAgent) ?? "").prefix(160))
        // A new token after sign-in: one captured before cannot be replayed.
        req.session.data[CSRF.sessionKey] = CSRF.randomToken()
        return req.redirect(to: next.isEmpty ? Self.home(for: user.role) : next, redirectType: .normal)
    }

    /// 429 with `Retry-After`: the account or the address is locked.
    func locked(_ req: Request, username: String, next: String, seconds: Int) async throws -> Response {
        let response = try await render(req, username: username, next: next,
                                         error: WebError.throttled(seconds: seconds).message, status: .tooManyRequests)
        response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
        return response
    }

    func logout(req: Request) async throws -> Response {
        if let user = req.auth.get(UserRecord.self) {
            let address = ClientAddress.of(req)
            try await req.writeContext(actor: .init(user)).commit { tx in
                try await tx.audit(.signOut, .user, user.id, after: ["name": user.name, "address": address])
            }
        }
        req.auth.logout(UserRecord.self)
        req.session.unauthenticate(UserRecord.self)
        req.session.destroy()
        return req.redirect(to: SitePath.login(), redirectType: .normal)
    }

    func home(req: Request) async throws -> Response {
        let user = try req.requireWebUser()
        return req.redirect(to: Self.home(for: user.role))
    }

    func render(_ req: Request, username: String, next: String, error: String?, status: HTTPStatus) async throws -> Response {
        let page = LoginPage(shell: WebShell.make(req, title: "登录"), username: username, next: next, error: error)
        let response = try await req.view.render("Directory/login", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }

    /// Where each role starts.
    static func home(for role: String) -> String {
        switch role {
        case "coordinator", "leader": SitePath.dashboard()
        case "clerk": SitePath.clerkHome()
        case "hotline": SitePath.hotline()
        case "unitLeader": SitePath.requestInbox()
        case "admin": SitePath.adminUsers()
        default: SitePath.commitments()
        }
    }

    /// Only same-site paths: `/x` yes; `//evil.example`, `http://…`, `/\evil` no.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"),
              !next.contains("\r"), !next.contains("\n") else { return nil }
        return next
    }

    /// Bcrypt of a random string nobody knows, made once per process.
    static let decoyHash: String = (try? Bcrypt.hash(CSRF.randomToken())) ?? ""
}
