import Fluent
import Foundation
import MinshengCore
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
    /// Set when someone else chose the password (an admin, `minsheng user add`): the user must
    /// change it before anything else (``AccountGate``).
    @Field(key: "must_change_password") var mustChangePassword: Bool
    /// The TOTP secret, sealed (``TotpSecrets``); set at enrolment, in force once ``totpEnabledAt`` is.
    @OptionalField(key: "totp_secret") var totpSecret: String?
    @OptionalField(key: "totp_enabled_at") var totpEnabledAt: Date?
    /// The step of the last code accepted: that code, and older ones, are refused.
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?

    init() {}
    init(name: String, role: String, unitID: UUID?, passwordHash: String?, isDemo: Bool = false, createdAt: Date,
         mustChangePassword: Bool = false) {
        self.mustChangePassword = mustChangePassword
        self.name = name
        self.role = role
        self.$unit.id = unitID
        self.passwordHash = passwordHash
        self.isDemo = isDemo
        self.createdAt = createdAt
    }
}

extension UserRecord: Authenticatable {}

/// One recovery code of a user's second factor: only its SHA-256 is kept; used once.
final class TotpRecoveryCodeRecord: Model, @unchecked Sendable {
    static let schema = "totp_recovery_codes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: UserRecord
    @Field(key: "code_hash") var codeHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}
    init(userID: UUID, codeHash: String, createdAt: Date) {
        self.$user.id = userID
        self.codeHash = codeHash
        self.createdAt = createdAt
    }
}

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
        Hex.string(SHA256.hash(data: Data(token.utf8)))
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
