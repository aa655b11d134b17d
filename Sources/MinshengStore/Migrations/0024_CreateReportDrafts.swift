import FluentKit

/// A clerk's unsubmitted report (草稿): the form as last saved, one per commitment and month.
/// Submitting turns it into a `progress_reports` row through the same rules as the API and
/// deletes the draft.
package struct CreateReportDrafts: AsyncMigration {
    package init() {}

    package var name: String { "0024_CreateReportDrafts" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("report_drafts")
            .id()
            .field("commitment_id", .uuid, .required, .references("commitments", "id", onDelete: .cascade))
            .field("period", .string, .required)
            .field("payload", .string, .required)
            .field("saved_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("updated_at", .datetime, .required)
            .unique(on: "commitment_id", "period")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("report_drafts").delete()
    }
}
