import FluentKit
import FluentSQL
import SQLKit

/// The audit trail's hash chain (``AuditChain``): each entry's place (`chain_seq`), day, the hash
/// of the entry before it and its own; and one signed head per day. Entries written before this
/// migration keep these columns empty: the chain starts here, and `minsheng audit verify` counts
/// them as written before it began.
package struct ChainAuditEntries: AsyncMigration {
    package init() {}

    package var name: String { "0050_ChainAuditEntries" }

    package func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one at a time.
        try await database.schema("audit_entries").field("chain_seq", .int64).update()
        try await database.schema("audit_entries").field("chain_day", .string).update()
        try await database.schema("audit_entries").field("prev_hash", .string).update()
        try await database.schema("audit_entries").field("entry_hash", .string).update()
        // Unique: two writers that somehow read the same head cannot both append the same place.
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "idx_audit_chain_seq").unique().on("audit_entries").column("chain_seq").run()
        }
        try await database.schema("audit_chain_heads")
            .field("day", .string, .required)
            .field("seq", .int64, .required)
            .field("hash", .string, .required)
            .field("entries", .int64, .required)
            .field("signature", .string, .required)
            .unique(on: "day")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("audit_chain_heads").delete()
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "idx_audit_chain_seq").run()
        }
        for column in ["entry_hash", "prev_hash", "chain_day", "chain_seq"] {
            try await database.schema("audit_entries").deleteField(.string(column)).update()
        }
    }
}
