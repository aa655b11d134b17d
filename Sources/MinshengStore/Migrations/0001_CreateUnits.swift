import FluentKit

/// Units and their aliases; leaders.
package struct CreateUnits: AsyncMigration {
    package init() {}

    package var name: String { "0001_CreateUnits" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("units")
            .id()
            .field("name", .string, .required)
            .unique(on: "name")
            .create()
        try await database.schema("unit_aliases")
            .id()
            .field("unit_id", .uuid, .required, .references("units", "id", onDelete: .cascade))
            .field("alias", .string, .required)
            .unique(on: "alias")
            .create()
        try await database.schema("leaders")
            .id()
            .field("name", .string, .required)
            .unique(on: "name")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("leaders").delete()
        try await database.schema("unit_aliases").delete()
        try await database.schema("units").delete()
    }
}
