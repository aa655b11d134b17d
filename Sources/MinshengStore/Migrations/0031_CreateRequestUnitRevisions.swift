import FluentKit

/// A revision per unit of the requests it leads: every write that changes a unit's open requests
/// moves it in the same transaction, so a kept list (``RequestInboxCache``) is checked with one read
/// on every instance.
package struct CreateRequestUnitRevisions: AsyncMigration {
    package init() {}

    package var name: String { "0031_CreateRequestUnitRevisions" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("request_unit_revisions")
            .field("unit_id", .uuid, .identifier(auto: false))
            .field("revision", .int, .required)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("request_unit_revisions").delete()
    }
}
