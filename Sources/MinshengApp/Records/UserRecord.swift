import Fluent
import Foundation
import Vapor

/// A person who signs in or calls the API: a role, and for unit clerks the unit they report for.
final class UserRecord: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @OptionalField(key: "display_name") var displayName: String?
    /// Bcrypt hash; nil for API-only users who never sign in.
    @OptionalField(key: "password_hash") var passwordHash: String?
    /// `admin`, `coordinator`, `clerk`, `leader`, `deputy`.
    @Field(key: "role") var role: String
    @OptionalParent(key: "unit_id") var unit: UnitRecord?
    @Field(key: "is_demo") var isDemo: Bool
    @Field(key: "created_at") var createdAt: Date
    /// When an admin disabled (停用) the account; nil while it may sign in.
    @OptionalField(key: "disabled_at") var disabledAt: Date?

    init() {}
    init(name: String, role: String, unitID: UUID?, passwordHash: String?, isDemo: Bool = false, createdAt: Date) {
        self.name = name
        self.role = role
        self.$unit.id = unitID
        self.passwordHash = passwordHash
        self.isDemo = isDemo
        self.createdAt = createdAt
    }
}

extension UserRecord: Authenticatable {}

/// A bearer token. Only the SHA-256 of the token is stored; the token itself is shown once.
final class TokenRecord: Model, @unchecked Sendable {
    static let schema = "tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: UserRecord
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}
    init(userID: UUID, tokenHash: String, createdAt: Date) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.createdAt = createdAt
    }

    /// Hex SHA-256 of a token string.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A new random token: `ms_` + 32 random bytes, base64url.
    static func generate() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        return "ms_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
