import Fluent
import Foundation
import MinshengCore
import SQLKit
import Vapor
import MinshengStore

/// Brings every stored personal field under the current data key (``DataKeyring``), a batch at a
/// time, each batch one audited write (``WriteContext/commit(_:)``): plain rows from before
/// encryption (migration `SealPersonalData`), and rows under an older key (`minsheng keys rotate`).
/// Restartable: a row is done once it names the current key, so a second run continues where the
/// first stopped and a finished one finds nothing to do.
enum PersonalDataSealing {
    /// One table's personal columns; the phone's blind index where there is one.
    struct Table: Sendable {
        var name: String
        var fields: [SealedField]
        var phone: SealedField?
        var phoneIndexColumn: String?
    }

    static let tables: [Table] = [
        Table(name: "citizen_requests", fields: [.requesterName, .requesterPhone], phone: .requesterPhone,
              phoneIndexColumn: "requester_phone_index"),
        Table(name: "outbox_messages", fields: [.outboxRecipient], phone: nil, phoneIndexColumn: nil),
    ]

    static let batchSize = 500

    /// What a run did.
    struct Outcome: Sendable, Equatable {
        var rows = 0
        var batches = 0
    }

    /// Re-encrypts, in batches of `batchSize`, every row whose personal fields are not all under
    /// the current key (or lack their phone index). Throws ``DataKeyError/unknownKey(_:_:)`` at
    /// the first value whose key is not configured (nothing of that batch is written).
    static func sealAll(in ctx: WriteContext, batchSize: Int = batchSize, progress: (@Sendable (Outcome) -> Void)? = nil) async throws -> Outcome {
        var outcome = Outcome()
        for table in tables {
            while true {
                let rows = try await pending(table, keys: ctx.dataKeys, limit: batchSize, on: ctx.db)
                if rows.isEmpty { break }
                let done = try await ctx.commit { tx in
                    guard let sql = tx.db as? any SQLDatabase else { throw DataKeyError.unwritable("no SQL database") }
                    let keys = tx.context.dataKeys
                    for row in rows {
                        var assignments: [SQLQueryString] = []
                        var phone: String?
                        for field in table.fields {
                            let plain = try keys.open(row.values[field] ?? nil, field, row: row.id)
                            if field == table.phone { phone = plain }
                            assignments.append("\(ident: field.column) = \(bind: keys.seal(plain, field, row: row.id))")
                        }
                        if let column = table.phoneIndexColumn {
                            assignments.append("\(ident: column) = \(bind: keys.phoneIndex(phone))")
                        }
                        var statement: SQLQueryString = "UPDATE \(ident: table.name) SET "
                        for (i, a) in assignments.enumerated() { statement = statement + (i == 0 ? "" : ", ") + a }
                        try await sql.raw(statement + " WHERE id = \(bind: row.id)").run()
                    }
                    try await tx.audit(.dataKeyReseal, .dataKey, nil,
                                       after: ["table": table.name, "rows": String(rows.count), "key": keys.current.id])
                    return rows.count
                }
                outcome.rows += done
                outcome.batches += 1
                progress?(outcome)
            }
        }
        return outcome
    }

    struct PendingRow: Sendable {
        var id: UUID
        var values: [SealedField: String?]
    }

    /// Rows of `table` with a field not under the current key, or a phone without its index.
    static func pending(_ table: Table, keys: DataKeyring, limit: Int, on db: any Database) async throws -> [PendingRow] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let current = SealedText.prefix + keys.current.id + ".%"
        var conditions: [SQLQueryString] = table.fields.map { "(\(ident: $0.column) IS NOT NULL AND \(ident: $0.column) NOT LIKE \(bind: current))" }
        if let phone = table.phone, let index = table.phoneIndexColumn {
            conditions.append("(\(ident: phone.column) IS NOT NULL AND \(ident: index) IS NULL)")
        }
        var query: SQLQueryString = "SELECT id"
        for field in table.fields { query = query + ", \(ident: field.column)" }
        query = query + " FROM \(ident: table.name) WHERE "
        for (i, c) in conditions.enumerated() { query = query + (i == 0 ? "" : " OR ") + c }
        query = query + " ORDER BY id LIMIT \(unsafeRaw: String(max(1, limit)))"
        return try await sql.raw(query).all().map { row in
            var values: [SealedField: String?] = [:]
            for field in table.fields { values[field] = try row.decode(column: field.column, as: String?.self) }
            return PendingRow(id: try row.decode(column: "id", as: UUID.self), values: values)
        }
    }

    /// How many values of each field are under each key (`plain` for values not yet encrypted).
    static func counts(on db: any Database) async throws -> [SealedField: [String: Int]] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        var out: [SealedField: [String: Int]] = [:]
        for table in tables {
            for field in table.fields {
                let rows = try await sql.raw("""
                    SELECT substr(\(ident: field.column), 1, \(unsafeRaw: String(SealedText.headerLength))) AS head, COUNT(*) AS n \
                    FROM \(ident: table.name) WHERE \(ident: field.column) IS NOT NULL GROUP BY head
                    """).all()
                var byKey: [String: Int] = [:]
                for row in rows {
                    let head = try row.decode(column: "head", as: String.self)
                    let key = SealedText.keyID(of: head + "x") ?? "plain"
                    byKey[key, default: 0] += try row.decode(column: "n", as: Int.self)
                }
                out[field] = byKey
            }
        }
        return out
    }

    /// Key ids that stored values name and `keys` lacks, sorted.
    static func missingKeys(on db: any Database, keys: DataKeyring) async throws -> [String] {
        let used = try await counts(on: db).values.flatMap(\.keys)
        return Set(used).subtracting(keys.ids + ["plain"]).sorted()
    }

    /// Rows that still need a key (`keys retire` refuses to drop it while any do).
    static func rows(under keyID: String, on db: any Database) async throws -> Int {
        try await counts(on: db).values.reduce(0) { $0 + ($1[keyID] ?? 0) }
    }

    /// The data holds values under keys that are not configured.
    struct MissingKeys: Error, CustomStringConvertible {
        var ids: [String]
        var origin: String
        var description: String {
            "个人数据由未配置的密钥 \(ids.joined(separator: "、")) 加密，当前密钥来自 \(origin)。请配置备份或加密时使用的密钥（MINSHENG_DATA_KEY 及 MINSHENG_DATA_KEYS_PREVIOUS，或 MINSHENG_DATA_KEY_FILE），否则诉求人姓名和电话无法读取 (personal data is encrypted under key(s) \(ids.joined(separator: ", ")) that the configuration lacks)"
        }
    }
}
