import FluentKit

/// An account an admin disabled (停用): it signs in no more; its sessions and tokens were ended.
package struct AddUserDisabled: AsyncMigration {
    package init() {}

    package var name: String { "0081_AddUserDisabled" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("users").field("disabled_at", .datetime).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("disabled_at").update()
    }
}
