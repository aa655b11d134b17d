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
        let key = LoginThrottle.key(username: username, ip: req.remoteAddress?.ipAddress)
        let now = req.clock.now()
        if let wait = await req.application.loginThrottle.retryAfter(key, now: now) {
            let response = try await render(req, username: username, next: next,
                                             error: WebError.throttled(seconds: wait).message, status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(wait))
            return response
        }
        if username.isEmpty || password.isEmpty {
            return try await render(req, username: username, next: next, error: "请输入用户名和密码。", status: .unprocessableEntity)
        }
        let user = try await UserRecord.query(on: req.db).filter(\.$name == username).first()
        // Verify against a fixed hash when the user is unknown, so timing does not reveal names.
        let hash = user?.passwordHash ?? Self.decoyHash
        let ok = (try? await req.password.async.verify(password, created: hash)) ?? false
        guard ok, let user, user.passwordHash != nil else {
            await req.application.loginThrottle.recordFailure(key, now: now)
            return try await render(req, username: username, next: next, error: "用户名或密码错误。", status: .unauthorized)
        }
        await req.application.loginThrottle.reset(key)
        // A new session id at sign-in (against session fixation): the anonymous one is dropped.
        if let old = req.session.id {
            req.session.id = nil
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
        }
        req.auth.login(user)
        req.session.authenticate(user)
        // A new token after sign-in: one captured before cannot be replayed.
        req.session.data[CSRF.sessionKey] = CSRF.randomToken()
        return req.redirect(to: next.isEmpty ? Self.home(for: user.role) : next, redirectType: .normal)
    }

    func logout(req: Request) async throws -> Response {
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
