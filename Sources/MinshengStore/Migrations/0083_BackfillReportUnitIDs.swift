import FluentKit
import FluentSQL
import SQLKit

/// Fills `progress_reports.unit_id` of rows stored before it existed: the unit whose canonical
/// name the row names, else the unit that spelling is an alias of (a name merged away or
/// renamed and kept as an alias). A name no unit bears nor aliases stays unattributed (NULL):
/// the row still shows its name, and no unit is guessed for it. Idempotent: only NULL rows.
package struct BackfillReportUnitIDs: AsyncMigration {
    package init() {}

    package var name: String { "0083_BackfillReportUnitIDs" }

    package func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            UPDATE progress_reports SET unit_id = COALESCE(
                (SELECT u.id FROM units u WHERE u.name = progress_reports.unit_name),
                (SELECT a.unit_id FROM unit_aliases a WHERE a.alias = progress_reports.unit_name))
            WHERE unit_id IS NULL
            """).run()
    }

    package func revert(on database: any Database) async throws {}
}
