import FluentKit

/// Photos and PDFs attached to a commitment. The bytes live in the data directory under
/// `attachments/`; the row keeps the checked type, size and a SHA-256.
package struct CreateAttachments: AsyncMigration {
    package init() {}

    package var name: String { "0023_CreateAttachments" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("attachments")
            .id()
            .field("commitment_id", .uuid, .required, .references("commitments", "id", onDelete: .cascade))
            .field("filename", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("stored_name", .string, .required)
            .field("uploaded_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("attachments").delete()
    }
}
