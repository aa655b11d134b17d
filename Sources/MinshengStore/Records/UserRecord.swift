import Crypto
import FluentKit
import Foundation
import MinshengCore

/// A person who signs in or calls the API: a role, and for unit clerks the unit they report for.
package final class UserRecord: Model, @unchecked Sendable {
    package static let schema = "users"

    @ID(key: .id) package var id: UUID?
    @Field(key: "name") package var name: String
    @OptionalField(key: "display_name") package var displayName: String?
    /// Bcrypt hash; nil for API-only users who never sign in.
    @OptionalField(key: "password_hash") package var passwordHash: String?
    /// `admin`, `coordinator`, `clerk`, `leader`, `deputy`.
    @Field(key: "role") package var role: String
    @OptionalParent(key: "unit_id") package var unit: UnitRecord?
    @Field(key: "is_demo") package var isDemo: Bool
    @Field(key: "created_at") package var createdAt: Date
    /// When an admin disabled (停用) the account; nil while it may sign in.
    @OptionalField(key: "disabled_at") package var disabledAt: Date?
    /// Set when someone else chose the password (an admin, `minsheng user add`): the user must
    /// change it before anything else (``AccountGate``).
    @Field(key: "must_change_password") package var mustChangePassword: Bool
    /// The TOTP secret, sealed (``TotpSecrets``); set at enrolment, in force once ``totpEnabledAt`` is.
    @OptionalField(key: "totp_secret") package var totpSecret: String?
    @OptionalField(key: "totp_enabled_at") package var totpEnabledAt: Date?
    /// The step of the last code accepted: that code, and older ones, are refused.
    @OptionalField(key: "totp_last_step") package var totpLastStep: Int64?

    package init() {}
    package init(name: String, role: String, unitID: UUID?, passwordHash: String?, isDemo: Bool = false, createdAt: Date,
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


/// One recovery code of a user's second factor: only its SHA-256 is kept; used once.
package final class TotpRecoveryCodeRecord: Model, @unchecked Sendable {
    package static let schema = "totp_recovery_codes"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: UserRecord
    @Field(key: "code_hash") package var codeHash: String
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "used_at") package var usedAt: Date?

    package init() {}
    package init(userID: UUID, codeHash: String, createdAt: Date) {
        self.$user.id = userID
        self.codeHash = codeHash
        self.createdAt = createdAt
    }
}

/// A bearer token. Only the SHA-256 of the token is stored; the token itself is shown once.
package final class TokenRecord: Model, @unchecked Sendable {
    package static let schema = "tokens"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: UserRecord
    @Field(key: "token_hash") package var tokenHash: String
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "revoked_at") package var revokedAt: Date?

    package init() {}
    package init(userID: UUID, tokenHash: String, createdAt: Date) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.createdAt = createdAt
    }

    /// Hex SHA-256 of a token string.
    package static func hash(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }

    /// A new random token: `ms_` + 32 random bytes, base64url.
    package static func generate() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        return "ms_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
