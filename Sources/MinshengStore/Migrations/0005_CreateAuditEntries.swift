import FluentKit

/// The append-only audit log.
package struct CreateAuditEntries: AsyncMigration {
    package init() {}

    package var name: String { "0005_CreateAuditEntries" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries")
            .id()
            .field("at", .datetime, .required)
            .field("user_id", .uuid)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("subject_type", .string, .required)
            .field("subject_id", .uuid)
            .field("before", .string)
            .field("after", .string)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("audit_entries").delete()
    }
}
