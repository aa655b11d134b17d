import FluentKit

/// Users (with role and unit) and their bearer tokens (hashes only).
package struct CreateUsers: AsyncMigration {
    package init() {}

    package var name: String { "0002_CreateUsers" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("name", .string, .required)
            .field("display_name", .string)
            .field("password_hash", .string)
            .field("role", .string, .required)
            .field("unit_id", .uuid, .references("units", "id", onDelete: .setNull))
            .field("is_demo", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "name")
            .create()
        try await database.schema("tokens")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("tokens").delete()
        try await database.schema("users").delete()
    }
}
