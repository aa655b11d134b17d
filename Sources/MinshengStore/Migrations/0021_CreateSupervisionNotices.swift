import FluentKit

/// 督办单 and their history. `(year, serial)` is unique, so two coordinators issuing at once
/// cannot get the same 督办〔年〕号.
package struct CreateSupervisionNotices: AsyncMigration {
    package init() {}

    package var name: String { "0021_CreateSupervisionNotices" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("supervision_notices")
            .id()
            .field("year", .int, .required)
            .field("serial", .int, .required)
            .field("number", .string, .required)
            .field("commitment_id", .uuid, .references("commitments", "id", onDelete: .setNull))
            .field("unit_id", .uuid, .required, .references("units", "id", onDelete: .restrict))
            .field("required_action", .string, .required)
            .field("issued_on", .string, .required)
            .field("deadline", .string, .required)
            .field("state", .string, .required)
            .field("issued_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("reply", .string)
            .field("replied_at", .datetime)
            .field("decision_note", .string)
            .field("closed_on", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "year", "serial")
            .create()
        try await database.schema("supervision_events")
            .id()
            .field("notice_id", .uuid, .required, .references("supervision_notices", "id", onDelete: .cascade))
            .field("event", .string, .required)
            .field("note", .string, .required)
            .field("user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("at", .datetime, .required)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("supervision_events").delete()
        try await database.schema("supervision_notices").delete()
    }
}
