import Fluent

/// An account an admin disabled (停用): it signs in no more; its sessions and tokens were ended.
struct AddUserDisabled: AsyncMigration {
    var name: String { "0081_AddUserDisabled" }

    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("disabled_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("disabled_at").update()
    }
}
