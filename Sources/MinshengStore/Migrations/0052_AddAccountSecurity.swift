import FluentKit

/// Account security (issue 12): a password set by someone else must be changed at first sign-in
/// (`must_change_password`); the TOTP second factor (`totp_secret` sealed with AES-GCM, never in
/// plain text; `totp_enabled_at` once confirmed with a code; `totp_last_step` the step of the
/// last accepted code, so a code is accepted once); one-time recovery codes, kept as SHA-256 only.
package struct AddAccountSecurity: AsyncMigration {
    package init() {}

    package var name: String { "0052_AddAccountSecurity" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .field("must_change_password", .bool, .required, .sql(.default(false)))
            .update()
        try await database.schema("users").field("totp_secret", .string).update()
        try await database.schema("users").field("totp_enabled_at", .datetime).update()
        try await database.schema("users").field("totp_last_step", .int64).update()
        try await database.schema("totp_recovery_codes")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("code_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("used_at", .datetime)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("totp_recovery_codes").delete()
        for column in ["totp_last_step", "totp_enabled_at", "totp_secret", "must_change_password"] {
            try await database.schema("users").deleteField(FieldKey(stringLiteral: column)).update()
        }
    }
}
