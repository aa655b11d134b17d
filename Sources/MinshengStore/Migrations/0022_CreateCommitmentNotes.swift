import FluentKit

/// 批示 (leaders' instructions) and comments (deputies', coordinators') on a commitment, one
/// table told apart by `kind`.
package struct CreateCommitmentNotes: AsyncMigration {
    package init() {}

    package var name: String { "0022_CreateCommitmentNotes" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("commitment_notes")
            .id()
            .field("commitment_id", .uuid, .required, .references("commitments", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("author_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("author_name", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("commitment_notes").delete()
    }
}
