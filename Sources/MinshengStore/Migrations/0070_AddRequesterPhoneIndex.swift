import FluentKit
import FluentSQL
import SQLKit

/// The blind index of a requester's phone (HMAC-SHA256 of the normalised number under a key derived
/// from the data key, ``DataKeyring``): the portal's lookup and the spam guard find a phone's
/// requests by it, since `requester_phone` holds ciphertext from migration 0071 on.
package struct AddRequesterPhoneIndex: AsyncMigration {
    package init() {}

    package var name: String { "0070_AddRequesterPhoneIndex" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("citizen_requests").field("requester_phone_index", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_citizen_requests_phone_index ON citizen_requests (requester_phone_index, received_at)").run()
    }

    package func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.raw("DROP INDEX IF EXISTS idx_citizen_requests_phone_index").run() }
        try await database.schema("citizen_requests").deleteField("requester_phone_index").update()
    }
}
