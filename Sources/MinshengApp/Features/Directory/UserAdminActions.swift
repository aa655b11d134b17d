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
    static func update(userID: UUID, displayName: String, role: Role, unitName: String?, in ctx: WriteContext) async throws {
        let person = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        var fields: [String: String] = [:]
        if person.isEmpty || person.count > 50 { fields["displayName"] = "请填写姓名（不超过50字）" }
        let unitText = unitName?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if role.isBoundToUnit && unitText.isEmpty { fields["unit"] = "单位联络员和单位负责人必须指定所属单位" }
        if ctx.actor.userID == userID && role != .admin { fields["role"] = "不能取消自己的系统管理员角色" }
        guard fields.isEmpty else { throw APIError.invalid(fields) }
        try await ctx.commit { tx in
            let db = tx.db
            guard let user = try await UserRecord.find(userID, on: db) else { throw APIError.notFound("用户") }
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
    static func setDisabled(userID: UUID, _ disabled: Bool, in ctx: WriteContext) async throws -> Int {
        if disabled && ctx.actor.userID == userID { throw APIError(.conflict, "self", "不能停用自己的账号") }
        return try await ctx.commit { tx in
            let db = tx.db
            guard let user = try await UserRecord.find(userID, on: db) else { throw APIError.notFound("用户") }
            let before = state(user, unitName: nil)
            guard (user.disabledAt != nil) != disabled else { return 0 }
            user.disabledAt = disabled ? tx.now : nil
            try await user.save(on: db)
            var ended = 0
            var revoked = 0
            if disabled {
                ended = try await UserAccounts.endSessions(of: userID, except: nil, on: db)
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
    static func resetPassword(userID: UUID, to password: String, in ctx: WriteContext) async throws {
        guard let user = try await UserRecord.find(userID, on: ctx.db) else { throw APIError.notFound("用户") }
        try UserAccounts.checkPolicy(password, userName: user.name, field: "password")
        let hash = try Bcrypt.hash(password)
        try await ctx.commit { tx in
            guard let record = try await UserRecord.find(userID, on: tx.db) else { throw APIError.notFound("用户") }
            record.passwordHash = hash
            try await record.save(on: tx.db)
            let ended = try await UserAccounts.endSessions(of: userID, except: nil, on: tx.db)
            try await tx.audit(.passwordReset, .user, userID, after: ["name": record.name, "sessionsEnded": String(ended)])
        }
    }
}
