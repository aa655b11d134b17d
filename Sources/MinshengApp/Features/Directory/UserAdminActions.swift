import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// An admin's changes to an existing account: 姓名, role and unit (edit), 停用 / 启用, and a new
/// password (重置密码). Each is audited through ``WriteContext/commit(_:)``; disabling and a reset
/// end the account's web sessions, and disabling revokes its tokens too.
enum UserAdminActions {
    /// What an account was, for before → after.
    struct State: Codable, Equatable {
        var displayName: String?
        var role: String
        var unit: String?
        var disabled: Bool
    }

    static func state(_ u: UserRecord, unitName: String?) -> State {
        State(displayName: u.displayName, role: u.role, unit: unitName, disabled: u.disabledAt != nil)
    }

    static func currentUnitName(_ u: UserRecord, on db: any Database) async throws -> String? {
        try await u.$unit.id.asyncMap { try await UnitRecord.find($0, on: db)?.name } ?? nil
    }

    /// Changes 姓名, role and unit. A unit must exist (matched by alias and short form, like
    /// ``UserAccounts/create``); an unknown one is refused with the close matches. A clerk or unit
    /// head needs a unit. An admin cannot take the admin role from themself (someone must remain).
    static func update(userID id: UserID, displayName: String, role: Role, unitName: String?, in ctx: WriteContext) async throws {
        let userID = id.rawValue
        let person = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if person.isEmpty || person.count > 50 { problems.append(FieldProblem("displayName", .personNameRequired(max: 50))) }
        let unitText = unitName?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if role.isBoundToUnit && unitText.isEmpty { problems.append(FieldProblem("unit", .unitRequiredForRole)) }
        if ctx.actor.userID == userID && role != .admin { problems.append(FieldProblem("role", .ownAdminRole)) }
        guard problems.isEmpty else { throw Rejection.invalid(problems) }
        try await ctx.commit { tx in
            let db = tx.db
            guard let user = try await UserRecord.find(userID, on: db) else { throw Rejection.notFound(.user) }
            let before = state(user, unitName: try await currentUnitName(user, on: db))
            var unitID: UUID? = nil
            if !unitText.isEmpty {
                let units = try await UnitDirectory.load(on: db)
                guard let found = units.existing(unitText) else {
                    let names = try await UnitRecord.query(on: db).all().map(\.name)
                    throw UserAccounts.UnknownUnit(name: unitText, closeMatches: UnitName.closeMatches(unitText, among: names))
                }
                unitID = found
            }
            user.displayName = person
            user.role = role.rawValue
            user.$unit.id = unitID
            try await user.save(on: db)
            try await tx.audit(.userUpdate, .user, userID, before: before, after: state(user, unitName: try await currentUnitName(user, on: db)))
        }
    }

    /// 停用 (true) or 启用 (false). Disabling ends every session and revokes every token; an admin
    /// cannot disable themself. Returns the sessions ended.
    @discardableResult
    static func setDisabled(userID id: UserID, _ disabled: Bool, in ctx: WriteContext) async throws -> Int {
        let userID = id.rawValue
        if disabled && ctx.actor.userID == userID { throw Rejection.conflict(.disablingSelf) }
        return try await ctx.commit { tx in
            let db = tx.db
            guard let user = try await UserRecord.find(userID, on: db) else { throw Rejection.notFound(.user) }
            let before = state(user, unitName: nil)
            guard (user.disabledAt != nil) != disabled else { return 0 }
            user.disabledAt = disabled ? tx.now : nil
            try await user.save(on: db)
            var ended = 0
            var revoked = 0
            if disabled {
                ended = try await UserAccounts.endSessions(of: id, except: nil, on: db)
                let live = try await TokenRecord.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil).all()
                for token in live { token.revokedAt = tx.now; try await token.save(on: db) }
                revoked = live.count
            }
            struct After: Encodable { var state: State; var sessionsEnded: Int; var tokensRevoked: Int }
            try await tx.audit(disabled ? .userDisable : .userEnable, .user, userID, before: before,
                               after: After(state: state(user, unitName: nil), sessionsEnded: ended, tokensRevoked: revoked))
            return ended
        }
    }

    /// 重置密码: a new password the policy accepts, set by an admin; the account's sessions end
    /// (the person signs in with the new one). Audited without the password.
    static func resetPassword(userID id: UserID, to password: String, in ctx: WriteContext) async throws {
        let userID = id.rawValue
        guard let user = try await UserRecord.find(userID, on: ctx.db) else { throw Rejection.notFound(.user) }
        try UserAccounts.checkPolicy(password, userName: user.name, field: "password")
        let hash = try Bcrypt.hash(password)
        try await ctx.commit { tx in
            guard let record = try await UserRecord.find(userID, on: tx.db) else { throw Rejection.notFound(.user) }
            record.passwordHash = hash
            try await record.save(on: tx.db)
            let ended = try await UserAccounts.endSessions(of: id, except: nil, on: tx.db)
            try await tx.audit(.passwordReset, .user, userID, after: ["name": record.name, "sessionsEnded": String(ended)])
        }
    }
}
