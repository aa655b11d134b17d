import FluentKit

/// 退回重报 now carries the coordinator's reason and the moment, so the unit's clerk is told what
/// to correct (on their home and in the form); kept on the row after the revision, and in the
/// audit entry of the return.
package struct AddReportReopenReason: AsyncMigration {
    package init() {}

    package var name: String { "0041_AddReportReopenReason" }

    package func prepare(on database: any Database) async throws {
        for table in ["progress_reports", "report_contributions"] {
            try await database.schema(table).field("reopen_reason", .string).update()
            try await database.schema(table).field("reopened_at", .datetime).update()
        }
    }

    package func revert(on database: any Database) async throws {
        for table in ["progress_reports", "report_contributions"] {
            try await database.schema(table).deleteField("reopened_at").update()
            try await database.schema(table).deleteField("reopen_reason").update()
        }
    }
}
