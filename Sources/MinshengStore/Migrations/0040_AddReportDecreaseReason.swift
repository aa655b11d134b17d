import FluentKit

/// A month's consolidated report may now be lower than the month before only with a reason
/// (进度回落说明); the reason is kept with the report it explains (nullable: earlier reports and
/// reports that did not fall have none).
package struct AddReportDecreaseReason: AsyncMigration {
    package init() {}

    package var name: String { "0040_AddReportDecreaseReason" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("progress_reports").field("decrease_reason", .string).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("progress_reports").deleteField("decrease_reason").update()
    }
}
