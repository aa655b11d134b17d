import FluentKit
import FluentSQL
import SQLKit

/// Report drafts were keyed (commitment, month), so a lead unit's clerk and a support unit's
/// clerk overwrote and deleted each other's. They move to a table keyed (commitment, unit,
/// month); each existing draft goes to the unit of the user who saved it (a draft whose saver
/// has no unit any more cannot be attributed and is dropped, as it could not be submitted).
package struct KeyReportDraftsByUnit: AsyncMigration {
    package init() {}

    package var name: String { "0025_KeyReportDraftsByUnit" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("unit_report_drafts")
            .id()
            .field("commitment_id", .uuid, .required, .references("commitments", "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references("units", "id", onDelete: .cascade))
            .field("period", .string, .required)
            .field("payload", .string, .required)
            .field("saved_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("updated_at", .datetime, .required)
            .unique(on: "commitment_id", "unit_id", "period")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            INSERT INTO unit_report_drafts (id, commitment_id, unit_id, period, payload, saved_by, updated_at)
            SELECT d.id, d.commitment_id, u.unit_id, d.period, d.payload, d.saved_by, d.updated_at
            FROM report_drafts d JOIN users u ON u.id = d.saved_by WHERE u.unit_id IS NOT NULL
            """).run()
        try await database.schema("report_drafts").delete()
    }

    package func revert(on database: any Database) async throws {
        try await CreateReportDrafts().prepare(on: database)
        try await database.schema("unit_report_drafts").delete()
    }
}
