import Fluent
import SQLKit

/// A photo attached to a commitment may be published on the portal by a coordinator
/// (`is_public`); none is public until someone chooses it.
struct AddAttachmentPublic: AsyncMigration {
    var name: String { "0034_AddAttachmentPublic" }

    func prepare(on database: any Database) async throws {
        try await database.schema("attachments").field("is_public", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("attachments").deleteField("is_public").update()
    }
}
