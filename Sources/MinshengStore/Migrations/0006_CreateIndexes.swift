import FluentKit
import FluentSQL
import SQLKit

/// Indexes on the foreign keys the plan listing and roll-ups read by. Plain `CREATE INDEX`
/// statements work unchanged on SQLite and PostgreSQL; the schema builder has no index call.
package struct CreateIndexes: AsyncMigration {
    package init() {}

    package var name: String { "0006_CreateIndexes" }

    package static let indexes: [(String, String, [String])] = [
        ("idx_commitments_plan", "commitments", ["plan_id", "position"]),
        ("idx_targets_commitment", "targets", ["commitment_id"]),
        ("idx_commitment_units_commitment", "commitment_units", ["commitment_id"]),
        ("idx_commitment_units_unit", "commitment_units", ["unit_id"]),
        ("idx_commitment_leaders_commitment", "commitment_leaders", ["commitment_id"]),
        ("idx_schedule_nodes_plan", "schedule_nodes", ["plan_id"]),
        ("idx_sections_plan", "sections", ["plan_id"]),
        ("idx_report_actuals_report", "report_target_actuals", ["report_id"]),
        ("idx_audit_at", "audit_entries", ["at"]),
        ("idx_tokens_user", "tokens", ["user_id"]),
    ]

    package func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for (name, table, columns) in Self.indexes {
            let builder = sql.create(index: name).on(table)
            for column in columns { builder.column(column) }
            try await builder.run()
        }
    }

    package func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for (name, _, _) in Self.indexes {
            try await sql.drop(index: name).run()
        }
    }
}
