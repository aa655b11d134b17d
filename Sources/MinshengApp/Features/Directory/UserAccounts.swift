import Fluent
import Foundation
import MinshengCore
import Vapor

/// Creating users and tokens, shared by the commands, the demo loader and the API.
enum UserAccounts {
    /// Why a user form names a unit that does not exist (the admin page asks before creating one).
    struct UnknownUnit: Error, Equatable { var name: String }

    /// Creates a user; a clerk's unit is resolved like units in imported plans (aliases and the
    /// standard short forms match: 市卫健委 finds 市卫生健康委). With `createsUnit` false a name
    /// that matches no unit is refused (``UnknownUnit``) instead of creating one.
    static func create(name rawName: String, displayName: String? = nil, role: Role, unitName: String?, password: String?,
                       createsUnit: Bool = true, isDemo: Bool = false, in ctx: WriteContext) async throws -> UserRecord {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw APIError.invalid(["name": "必填"]) }
        let person = displayName?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let person, person.count > 50 { throw APIError.invalid(["displayName": "姓名不超过50字"]) }
        if role.isBoundToUnit && (unitName ?? "").isEmpty {
            throw APIError.invalid(["unit": "单位联络员和单位负责人必须指定所属单位"])
        }
        if try await UserRecord.query(on: ctx.db).filter(\.$name == name).count() > 0 {
            throw APIError(.conflict, "name_taken", "用户名 \(name) 已存在")
        }
        let hash = try password.map { try Bcrypt.hash($0) }
        return try await ctx.commit { tx in
            let db = tx.db
            var unitID: UUID? = nil
            if let unitName, !unitName.isEmpty {
                var units = try await UnitDirectory.load(on: db)
                if !createsUnit, units.existing(unitName) == nil { throw UnknownUnit(name: unitName) }
                unitID = try await units.resolve(unitName)
            }
            let user = UserRecord(name: name, role: role.rawValue, unitID: unitID, passwordHash: hash,
                                  isDemo: isDemo, createdAt: tx.now)
            if let person, !person.isEmpty { user.displayName = person }
            try await user.create(on: db)
            try await tx.audit(.userCreate, .user, user.id, after: ["name": name, "displayName": person ?? "",
                                                                   "role": role.rawValue, "unit": unitName ?? ""])
            return user
        }
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
