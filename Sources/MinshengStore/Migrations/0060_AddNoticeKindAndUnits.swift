import FluentKit
import FluentSQL
import SQLKit

/// 督办 gets a type (一般 / 重点 / 领导批示件), the 批示 it carries out, more than one 承办单位
/// and 抄送 units. `unit_id` stays the first (主办) addressee so older rows and queries keep
/// working; the others are kept in order as comma-separated unit ids (portable text, no arrays).
package struct AddNoticeKindAndUnits: AsyncMigration {
    package init() {}

    package var name: String { "0060_AddNoticeKindAndUnits" }

    package func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        try await database.schema("supervision_notices")
            .field("kind", .string, .required, .sql(.default(SQLLiteral.string("general")))).update()
        try await database.schema("supervision_notices").field("instruction_id", .uuid).update()
        try await database.schema("supervision_notices").field("co_unit_ids", .string).update()
        try await database.schema("supervision_notices").field("cc_unit_ids", .string).update()
    }

    package func revert(on database: any Database) async throws {
        for field in ["cc_unit_ids", "co_unit_ids", "instruction_id", "kind"] {
            try await database.schema("supervision_notices").deleteField(.string(field)).update()
        }
    }
}
