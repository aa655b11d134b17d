import FluentKit
import FluentSQL
import SQLKit

/// A lead unit's consolidated report names its unit by identity (`unit_id`), not only by the
/// name it had then (`unit_name`, kept for display): a renamed unit still finds its returned
/// months, and a new unit given an old name never sees another's. Nullable, with `SET NULL`: a
/// report outlives a deleted unit and keeps the name it was submitted under. Filled for existing
/// rows by ``BackfillReportUnitIDs``.
package struct AddReportUnitID: AsyncMigration {
    package init() {}

    package var name: String { "0082_AddReportUnitID" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("progress_reports")
            .field("unit_id", .uuid, .references("units", "id", onDelete: .setNull))
            .update()
        // A unit's returned months (退回重报) are looked up by unit and state.
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_progress_reports_unit_state").on("progress_reports").column("unit_id").column("state").run()
    }

    package func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "idx_progress_reports_unit_state").run()
        }
        try await database.schema("progress_reports").deleteField("unit_id").update()
    }
}
