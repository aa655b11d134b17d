import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// `/account/security` and `/account/totp…`: a signed-in user's own sessions, API tokens and
/// second factor. Every change goes through ``SecondFactor`` or ``AccountSessions`` (audited).
struct SecurityController {
    struct SecurityPage: Encodable {
        struct SessionRow: Encodable {
            var handle: String
            var signedInAt: String
            var seenAt: String
            var address: String
            var agent: String
            var isCurrent: Bool
            var endHref: String
        }
        struct TokenRow: Encodable {
            var id: String
            var createdAt: String
            var revokedAt: String?
            var revokeHref: String
        }
        struct Links: Encodable {
            var totp = SitePath.accountTotp()
            var password = SitePath.accountPassword()
            var signOutEverywhere = SitePath.accountSignOutEverywhere()
        }
        var shell: WebShell
        var sessions: [SessionRow]
        var tokens: [TokenRow]
        var hasTokens: Bool
        var totpOn: Bool
        var totpRequired: Bool
        var recoveryCodesLeft: Int
        var links = Links()
    }

    static func stamp(_ date: Date?) -> String {
        guard let date else { return "—" }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    func show(req: Request) async throws -> Response {
        let user = try req.requireWebUser()
        let userID = try user.requireID()
        let sessions = try await AccountSessions.sessions(of: userID, current: req.session.id?.string, on: req.db)
        let tokens = try await TokenRecord.query(on: req.db).filter(\.$user.$id == userID).sort(\.$createdAt, .descending).all()
        var codesLeft = 0
        if user.totpEnabledAt != nil { codesLeft = try await SecondFactor.recoveryCodesLeft(user, on: req.db) }
        let page = SecurityPage(
            shell: WebShell.make(req, title: "账号安全"),
            sessions: sessions.map { s in
                SecurityPage.SessionRow(handle: s.session.handle, signedInAt: Self.stamp(s.session.signedInAt), seenAt: Self.stamp(s.session.seenAt),
                      address: s.session.address.isEmpty ? "—" : s.session.address, agent: s.session.agent, isCurrent: s.session.isCurrent,
                      endHref: SitePath.accountSessionEnd(s.session.handle))
            },
            tokens: tokens.map {
                SecurityPage.TokenRow(id: $0.id?.uuidString ?? "", createdAt: Self.stamp($0.createdAt), revokedAt: $0.revokedAt.map(Self.stamp),
                                      revokeHref: SitePath.accountTokenRevoke($0.id?.uuidString ?? ""))
            },
            hasTokens: !tokens.isEmpty,
            totpOn: user.totpEnabledAt != nil,
            totpRequired: SecondFactor.requiredRoles.contains(user.role),
            recoveryCodesLeft: codesLeft)
        return try await req.view.render("Directory/security", page).encodeResponse(for: req).get()
    }

    func endSession(req: Request) async throws -> Response {
        let user = try req.requireWebUser()
        let handle = req.parameters.get("id") ?? ""
        let current = req.session.id?.string
        guard try await AccountSessions.end(handle: handle, of: user, current: current, in: req.writeContext(actor: .init(user))) else {
            throw WebError.notFound
        }
        forget(req)
        if let current, AccountSessions.handle(of: current) == handle {
            req.auth.logout(UserRecord.self)
            req.session.destroy()
            return req.redirect(to: SitePath.login(), redirectType: .normal)
        }
        req.flash("已结束该会话。")
        return req.redirect(to: SitePath.accountSecurity(), redirectType: .normal)
    }

    func signOutEverywhere(req: Request) async throws -> Response {
        let user = try req.requireWebUser()
        _ = try await AccountSessions.endAll(of: user, in: req.writeContext(actor: .init(user)))
        forget(req)
        req.auth.logout(UserRecord.self)
        req.session.destroy()
        return req.redirect(to: SitePath.login(), redirectType: .normal)
    }

    func revokeToken(req: Request) async throws -> Response {
        let user = try req.requireWebUser()
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let token = try await TokenRecord.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == user.requireID()).first() else {
            throw WebError.notFound
        }
        if token.revokedAt == nil {
            try await UserAccounts.revokeTokens(of: user, onlyHash: token.tokenHash, in: req.writeContext(actor: .init(user)))
        }
        req.flash("已吊销该令牌。")
        return req.redirect(to: SitePath.accountSecurity(), redirectType: .normal)
    }

    // MARK: Second factor

    struct TotpPage: Encodable {
        var shell: WebShell
        var totpOn: Bool
        var pending: Bool
        var secret: String
        var uri: String
        var error: String?
        var recoveryCodes: [String]
        var hasRecoveryCodes: Bool
        var links = Links()

        struct Links: Encodable {
            var security = SitePath.accountSecurity()
            var start = SitePath.accountTotp()
            var confirm = SitePath.accountTotpConfirm()
            var disable = SitePath.accountTotpDisable()
        }
    }

    struct CodeForm: Content { var code: String? }

    func totp(req: Request) async throws -> Response {
        let user = try req.requireWebUser()
        let pending = try await SecondFactor.pending(for: user, on: req.db, key: req.application.auditKey)
        return try await renderTotp(req, user: user, pending: pending, error: nil, codes: [], status: .ok)
    }

    /// Starts enrolment (a new secret, not yet in force) and shows it.
    func begin(req: Request) async throws -> Response {
        let user = try req.requireWebUser()
        do {
            let pending = try await SecondFactor.begin(for: user, in: req.writeContext(actor: .init(user)))
            return try await renderTotp(req, user: user, pending: pending, error: nil, codes: [], status: .ok)
        } catch {
            guard let error = ErrorMapping.coreError(error) else { throw error }
            return try await renderTotp(req, user: user, pending: nil, error: error.message, codes: [], status: error.status)
        }
    }

    /// Confirms with a code; on success shows the recovery codes once.
    func confirm(req: Request) async throws -> Response {
        let user = try req.requireWebUser()
        let form = try req.content.decode(CodeForm.self)
        do {
            let codes = try await SecondFactor.confirm(for: user, code: form.code ?? "", in: req.writeContext(actor: .init(user)))
            forget(req)
            return try await renderTotp(req, user: user, pending: nil, error: nil, codes: codes, status: .ok)
        } catch {
            guard let error = ErrorMapping.coreError(error) else { throw error }
            let pending = try await SecondFactor.pending(for: user, on: req.db, key: req.application.auditKey)
            return try await renderTotp(req, user: user, pending: pending, error: error.fields["code"] ?? error.message, codes: [],
                                        status: error.status)
        }
    }

    func disable(req: Request) async throws -> Response {
        let user = try req.requireWebUser()
        let form = try req.content.decode(CodeForm.self)
        do {
            try await SecondFactor.disable(for: user, code: form.code ?? "", in: req.writeContext(actor: .init(user)))
        } catch {
            guard let error = ErrorMapping.coreError(error) else { throw error }
            return try await renderTotp(req, user: user, pending: nil, error: error.fields["code"] ?? error.message, codes: [],
                                        status: error.status)
        }
        forget(req)
        req.flash("已关闭双因素认证。")
        return req.redirect(to: SitePath.accountSecurity(), redirectType: .normal)
    }

    func renderTotp(_ req: Request, user: UserRecord, pending: SecondFactor.Pending?, error: String?, codes: [String],
                    status: HTTPStatus) async throws -> Response {
        let page = TotpPage(shell: WebShell.make(req, title: "双因素认证"), totpOn: user.totpEnabledAt != nil, pending: pending != nil,
                            secret: pending.map { Self.grouped($0.base32) } ?? "", uri: pending?.uri ?? "", error: error,
                            recoveryCodes: codes, hasRecoveryCodes: !codes.isEmpty)
        let response = try await req.view.render("Directory/totp", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }

    /// Base32 in groups of four, easier to type.
    static func grouped(_ text: String) -> String {
        var out = ""
        for (i, c) in text.enumerated() {
            if i > 0 && i % 4 == 0 { out.append(" ") }
            out.append(c)
        }
        return out
    }

    /// The user's row changed (or sessions ended): this instance forgets what it confirmed.
    func forget(_ req: Request) {
        (req.application.sessions.driver as? SessionStore)?.forgetAll()
    }
}
