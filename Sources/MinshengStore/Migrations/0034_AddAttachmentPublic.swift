import FluentKit
import FluentSQL
import SQLKit

/// A photo attached to a commitment may be published on the portal by a coordinator
/// (`is_public`); none is public until someone chooses it.
package struct AddAttachmentPublic: AsyncMigration {
    package init() {}

    package var name: String { "0034_AddAttachmentPublic" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("attachments").field("is_public", .bool, .required, .sql(.default(false))).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("attachments").deleteField("is_public").update()
    }
}
