import Crypto
import Fluent
import Foundation
import MinshengCore
import SQLKit
import Vapor
import MinshengStore

/// A user's own web sessions and API tokens (会话管理): listed on `/account/security`, each ended or
/// revoked there, or every session at once ("sign out everywhere"). A session is named on the page
/// by a digest of its key, never the key itself (the key is the cookie).
enum AccountSessions {
    static let addressKey = "signInAddress", agentKey = "userAgent"

    struct Session: Sendable, Equatable {
        /// The first 16 hex digits of the key's SHA-256.
        var handle: String
        var signedInAt: Date?
        var seenAt: Date?
        var address: String
        var agent: String
        var isCurrent: Bool
    }

    static func handle(of key: String) -> String {
        String(Hex.string(SHA256.hash(data: Data(key.utf8))).prefix(16))
    }

    /// The user's live sessions, newest sign-in first. The sessions' data is JSON whose column type
    /// differs by database, so they are read and matched here (as ``UserAccounts/endSessions``).
    static func sessions(of userID: UUID, current: String?, on db: any Database) async throws -> [(key: String, session: Session)] {
        guard let sql = db as? any SQLDatabase else { return [] }
        var found: [(key: String, session: Session)] = []
        for row in try await sql.raw("SELECT key, data FROM _fluent_sessions").all() {
            let key = try row.decode(column: "key", as: String.self)
            guard let data = try? row.decode(column: "data", as: SessionData.self),
                  data["_UserRecordSession"] == userID.uuidString else { continue }
            func date(_ k: String) -> Date? { data[k].flatMap(Double.init).map(Date.init(timeIntervalSince1970:)) }
            found.append((key: key, session: Session(handle: handle(of: key), signedInAt: date(SessionLimits.signedInKey), seenAt: date(SessionLimits.seenKey),
                                       address: data[addressKey] ?? "", agent: data[agentKey] ?? "", isCurrent: key == current)))
        }
        return found.sorted { ($0.session.signedInAt ?? .distantPast) > ($1.session.signedInAt ?? .distantPast) }
    }

    /// Ends the user's session named by `handle` (only one of their own); audited. False when none matches.
    static func end(handle: String, of user: UserRecord, current: String?, in ctx: WriteContext) async throws -> Bool {
        let userID = try user.requireID()
        return try await ctx.commit { tx in
            guard let match = try await sessions(of: userID, current: current, on: tx.db).first(where: { $0.session.handle == handle }),
                  let sql = tx.db as? any SQLDatabase else { return false }
            try await sql.raw("DELETE FROM _fluent_sessions WHERE key = \(bind: match.key)").run()
            try await tx.audit(.sessionEnd, .user, userID, after: ["name": user.name, "session": handle,
                                                                  "current": String(match.session.isCurrent)])
            return true
        }
    }

    /// Ends every session of the user, this one included; audited. Returns how many.
    static func endAll(of user: UserRecord, in ctx: WriteContext) async throws -> Int {
        let userID = try user.requireID()
        return try await ctx.commit { tx in
            let ended = try await UserAccounts.endSessions(of: UserID(userID), except: nil, on: tx.db)
            try await tx.audit(.signOutEverywhere, .user, userID, after: ["name": user.name, "sessionsEnded": String(ended)])
            return ended
        }
    }
}

/// Sends a signed-in user who has something to do first to where it is done: a password someone
/// else set is changed (``UserRecord/mustChangePassword``), and an admin or coordinator without a
/// second factor enrols (``SecondFactor/mustEnrol(_:required:)``, when the configuration requires
/// it). Every other page and form answers 303 to that page meanwhile; the pages to do it, sign-out
/// and sign-in stay open.
struct AccountGate: Middleware {
    let totpRequired: Bool

    static let open: Set<String> = [SitePath.logout.pattern, SitePath.login.pattern, SitePath.loginTotp.pattern,
                                     SitePath.accountPassword.pattern]
    static let enrolment: Set<String> = [SitePath.accountTotp.pattern, SitePath.accountTotpConfirm.pattern]

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let user = req.auth.get(UserRecord.self) else { return next.respond(to: req) }
        let path = req.url.path
        if Self.open.contains(path) { return next.respond(to: req) }
        if user.mustChangePassword {
            req.session.data["flash"] = Wording.mustChangePassword
            return req.eventLoop.makeSucceededFuture(req.redirect(to: SitePath.accountPassword(), redirectType: .normal))
        }
        if SecondFactor.mustEnrol(user, required: totpRequired), !Self.enrolment.contains(path) {
            req.session.data["flash"] = Wording.totpRequired
            return req.eventLoop.makeSucceededFuture(req.redirect(to: SitePath.accountTotp(), redirectType: .normal))
        }
        return next.respond(to: req)
    }
}
