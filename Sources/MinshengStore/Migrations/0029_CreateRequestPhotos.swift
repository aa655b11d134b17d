import FluentKit

/// Photos of citizens' requests.
package struct CreateRequestPhotos: AsyncMigration {
    package init() {}

    package var name: String { "0029_CreateRequestPhotos" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("request_photos")
            .id()
            .field("request_id", .uuid, .required, .references("citizen_requests", "id", onDelete: .cascade))
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
        try await database.schema("request_photos").delete()
    }
}
