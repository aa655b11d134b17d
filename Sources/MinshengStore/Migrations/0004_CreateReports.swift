import FluentKit

/// Monthly progress reports (the lead unit's consolidated one, at most one row per month: a
/// reopened month's revision replaces the row, the earlier revision stays in the audit log),
/// per-target actuals, support-unit contributions. `(commitment_id, period)` is unique so two
/// posts for one month store exactly one report. Lateness is derived from `submitted_on` and
/// `due_on`, never stored.
package struct CreateReports: AsyncMigration {
    package init() {}

    package var name: String { "0004_CreateReports" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("progress_reports")
            .id()
            .field("commitment_id", .uuid, .required, .references("commitments", "id", onDelete: .cascade))
            .field("period", .string, .required)
            .field("percent", .double, .required)
            .field("investment", .double)
            .field("narrative", .string, .required)
            .field("problems", .string, .required)
            .field("next_steps", .string, .required)
            .field("percent_source", .string)
            .field("unit_name", .string, .required)
            .field("submitted_at", .datetime, .required)
            .field("submitted_on", .string, .required)
            .field("due_on", .string, .required)
            .field("submitted_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("state", .string, .required)
            .field("revision", .int, .required)
            .field("is_demo", .bool, .required)
            .unique(on: "commitment_id", "period")
            .create()
        try await database.schema("report_target_actuals")
            .id()
            .field("report_id", .uuid, .required, .references("progress_reports", "id", onDelete: .cascade))
            .field("target_id", .uuid, .required, .references("targets", "id", onDelete: .cascade))
            .field("actual", .double, .required)
            .unique(on: "report_id", "target_id")
            .create()
        try await database.schema("report_contributions")
            .id()
            .field("commitment_id", .uuid, .required, .references("commitments", "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references("units", "id", onDelete: .cascade))
            .field("period", .string, .required)
            .field("percent", .double)
            .field("investment", .double)
            .field("narrative", .string, .required)
            .field("problems", .string, .required)
            .field("next_steps", .string, .required)
            .field("submitted_at", .datetime, .required)
            .field("submitted_on", .string, .required)
            .field("due_on", .string, .required)
            .field("submitted_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("state", .string, .required)
            .field("revision", .int, .required)
            .unique(on: "commitment_id", "unit_id", "period")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("report_contributions").delete()
        try await database.schema("report_target_actuals").delete()
        try await database.schema("progress_reports").delete()
    }
}
