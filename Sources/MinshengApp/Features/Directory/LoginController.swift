import Fluent
import Foundation
import Vapor

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
        try await SignInProtection.recordSuccess(attempt, user: user, in: req.writeContext(actor: .init(user)))
        // A new session id at sign-in (against session fixation): the anonymous one is dropped.
        if let old = req.session.id {
            req.session.id = nil
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
        }
        req.auth.login(user)
        req.session.authenticate(user)
        SessionLimits.start(req, at: req.clock.now())
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
