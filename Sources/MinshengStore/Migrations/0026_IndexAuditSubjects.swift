import FluentKit
import FluentSQL
import SQLKit

/// Audit entries by subject: the audit API filters by subject, and the dashboard counts notice
/// writes (its validator for what it shows of 督办).
package struct IndexAuditSubjects: AsyncMigration {
    package init() {}

    package var name: String { "0026_IndexAuditSubjects" }

    package func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_audit_subject").on("audit_entries").column("subject_type").column("subject_id").run()
    }

    package func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "idx_audit_subject").run()
    }
}
