import Fluent
import Foundation
import MinshengCore
import SQLKit
import Vapor
import MinshengStore

/// Creating users and tokens, shared by the commands, the demo loader and the API.
enum UserAccounts {
    /// Why a user form names a unit that does not exist (the admin page asks before creating one).
    struct UnknownUnit: Error, Equatable {
        var name: String
        /// Existing units whose names come close (Core's ``UnitName/closeMatches(_:among:limit:threshold:)``).
        var closeMatches: [String] = []

        /// The refusal in Chinese, naming the close matches.
        var message: String {
            let near = closeMatches.isEmpty ? "没有名称相近的单位。"
                : "相近的单位有：\(closeMatches.joined(separator: "、"))。"
            return "未找到单位“\(name)”。\(near)请使用已有单位的名称；如确为新单位，请明确要求新建该单位。"
        }
    }

    /// Creates a user; `initialPassword`: the password was chosen by someone else (an admin, the
    /// command), so the user must change it at first sign-in (``AccountGate``). A clerk's unit is resolved like units in imported plans (aliases and the
    /// standard short forms match: 市卫健委 finds 市卫生健康委). With `createsUnit` false a name
    /// that matches no unit is refused (``UnknownUnit``) instead of creating one. A password must
    /// pass the ``PasswordPolicy``, except the demo accounts' (`admin-demo` …), which the demo
    /// loader creates with `isDemo` and which are for trying Minsheng only.
    static func create(name rawName: String, displayName: String? = nil, role: Role, unitName: String?, password: String?,
                       createsUnit: Bool = true, isDemo: Bool = false, initialPassword: Bool = false,
                       in ctx: WriteContext) async throws -> UserRecord {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw Rejection.invalid([FieldProblem("name", .required)]) }
        if let password, !isDemo { try checkPolicy(password, userName: name) }
        let person = displayName?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let person, person.count > 50 { throw Rejection.invalid([FieldProblem("displayName", .personNameTooLong(max: 50))]) }
        if role.isBoundToUnit && (unitName ?? "").isEmpty {
            throw Rejection.invalid([FieldProblem("unit", .unitRequiredForRole)])
        }
        if try await UserRecord.query(on: ctx.db).filter(\.$name == name).count() > 0 {
            throw Rejection.conflict(.userNameTaken(name))
        }
        let hash = try password.map { try Bcrypt.hash($0) }
        return try await ctx.commit { tx in
            let db = tx.db
            var unitID: UUID? = nil
            if let unitName, !unitName.isEmpty {
                var units = try await UnitDirectory.load(on: db)
                if !createsUnit, units.existing(unitName) == nil {
                    let names = try await UnitRecord.query(on: db).all().map(\.name)
                    throw UnknownUnit(name: unitName, closeMatches: UnitName.closeMatches(unitName, among: names))
                }
                unitID = try await units.resolve(unitName)
            }
            let user = UserRecord(name: name, role: role.rawValue, unitID: unitID, passwordHash: hash,
                                  isDemo: isDemo, createdAt: tx.now, mustChangePassword: initialPassword && hash != nil)
            if let person, !person.isEmpty { user.displayName = person }
            try await user.create(on: db)
            try await tx.audit(.userCreate, .user, user.id, after: ["name": name, "displayName": person ?? "",
                                                                   "role": role.rawValue, "unit": unitName ?? "",
                                                                   "mustChangePassword": String(user.mustChangePassword)])
            return user
        }
    }

    /// Refuses (``Rejection/invalid(_:)``, field `password` or `field`) a password the policy refuses.
    static func checkPolicy(_ password: String, userName: String, field: String = "password") throws {
        let refusals = PasswordPolicy.standard.refusals(for: password, userName: userName)
        guard refusals.isEmpty else { throw Rejection.invalid([FieldProblem(field, .password(refusals))]) }
    }

    /// Sets a new password for `user` after the policy accepts it, audited (never the password or
    /// its hash), and ends the user's other web sessions (a session opened with the old password,
    /// perhaps by whoever learnt it, must not outlive it); `keepingSession` is the session the
    /// change was made in. The caller has checked the current password. Returns how many sessions
    /// it ended.
    @discardableResult
    static func changePassword(of user: UserRecord, to newPassword: String, keepingSession: String? = nil,
                               in ctx: WriteContext) async throws -> Int {
        try checkPolicy(newPassword, userName: user.name, field: "newPassword")
        let hash = try Bcrypt.hash(newPassword)
        let userID = try user.requireID()
        let ended = try await ctx.commit { tx in
            guard let record = try await UserRecord.find(userID, on: tx.db) else { throw Rejection.notFound(.user) }
            record.passwordHash = hash
            record.mustChangePassword = false
            try await record.save(on: tx.db)
            let ended = try await endSessions(of: UserID(userID), except: keepingSession, on: tx.db)
            try await tx.audit(.passwordChange, .user, userID, after: ["name": record.name, "sessionsEnded": String(ended)])
            return ended
        }
        user.passwordHash = hash
        user.mustChangePassword = false
        return ended
    }

    /// Deletes the user's web sessions but `except`. The sessions' data is JSON whose column type
    /// differs (jsonb on PostgreSQL, text on SQLite), so they are read and matched here rather
    /// than with a JSON operator of one dialect; the table holds only live sessions.
    static func endSessions(of userID: UserID, except keep: String?, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        var keys: [String] = []
        for row in try await sql.raw("SELECT key, data FROM _fluent_sessions").all() {
            let key = try row.decode(column: "key", as: String.self)
            guard key != keep, let data = try? row.decode(column: "data", as: SessionData.self),
                  data["_UserRecordSession"] == userID.uuidString else { continue }
            keys.append(key)
        }
        for key in keys { try await sql.raw("DELETE FROM _fluent_sessions WHERE key = \(bind: key)").run() }
        return keys.count
    }

    /// A new token for `user`; returns the token text, storing only its hash.
    static func createToken(for user: UserRecord, in ctx: WriteContext) async throws -> String {
        let token = TokenRecord.generate()
        let userID = try user.requireID()
        try await ctx.commit { tx in
            let record = TokenRecord(userID: userID, tokenHash: TokenRecord.hash(token), createdAt: tx.now)
            try await record.create(on: tx.db)
            // The token itself is never recorded; its id is enough to revoke it.
            try await tx.audit(.tokenCreate, .user, userID, after: ["tokenID": record.id?.uuidString ?? ""])
        }
        return token
    }

    /// Revokes the user's live tokens (every one, or only the one whose hash is given); a revoked
    /// token authenticates nobody. Returns how many were revoked.
    @discardableResult
    static func revokeTokens(of user: UserRecord, onlyHash: String? = nil, in ctx: WriteContext) async throws -> Int {
        let userID = try user.requireID()
        return try await ctx.commit { tx in
            let db = tx.db
            var query = TokenRecord.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
            if let onlyHash { query = query.filter(\.$tokenHash == onlyHash) }
            let live = try await query.all()
            for token in live {
                token.revokedAt = tx.now
                try await token.save(on: db)
                try await tx.audit(.tokenRevoke, .user, userID, after: ["tokenID": token.id?.uuidString ?? ""])
            }
            return live.count
        }
    }
}

extension UserRecord {
    /// The user's role as Core knows it.
    var coreRole: Role? { Role(rawValue: role) }
}
