import FluentKit
import FluentSQL
import SQLKit
import Foundation
import MinshengCore

/// Writes audit entries, the only writer of `audit_entries`: appends them to the hash chain
/// (``AuditChain``) inside the transaction of the write they record. Entries are never updated or
/// deleted by the app.
package enum AuditLog {
    /// The actor of a write: a user, or `system` for commands and the demo loader.
    package struct Actor: Sendable {
        package var userID: UUID?
        package var name: String
        package static let system = Actor(userID: nil, name: "system")
        package init(userID: UUID?, name: String) { self.userID = userID; self.name = name }
        package init(_ user: UserRecord) { self.init(userID: user.id, name: user.name) }
    }

    /// One entry to append: what a write recorded, its before and after already JSON.
    package struct Entry: Sendable {
        package var at: Date
        package var actor: Actor
        package var action: String
        package var subjectType: String
        package var subjectID: UUID?
        package var before: String?
        package var after: String?

        package init(at: Date, actor: Actor, action: String, subjectType: String, subjectID: UUID?,
             before: (any Encodable)? = nil, after: (any Encodable)? = nil) throws {
            self.at = at
            self.actor = actor
            self.action = action
            self.subjectType = subjectType
            self.subjectID = subjectID
            self.before = try before.map(AuditLog.json)
            self.after = try after.map(AuditLog.json)
        }
    }

    /// Appends `entries`, in order, to the chain. Call it inside the transaction of the write they
    /// record, after that write's other statements (``WriteContext/commit(_:)`` does): on
    /// PostgreSQL it takes the chain's transaction lock, held until commit, so writers in every
    /// instance append one after another; taking it last means its holder waits on no other lock.
    /// On SQLite the write transaction (`BEGIN IMMEDIATE`) already excludes every other writer.
    ///
    /// Statements: the lock (PostgreSQL), the head, one INSERT of the entries, one upsert per day.
    package static func record(_ entries: [Entry], on db: any Database, key: AuditKey) async throws {
        guard !entries.isEmpty else { return }
        guard let sql = db as? any SQLDatabase else { throw AuditChainError.noSQL }
        if sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: AuditChain.postgresLock))").run()
        }
        var seq: Int64 = 0, previous = AuditChain.genesis, day: String? = nil, dayEntries: Int64 = 0
        if let head = try await sql.raw("SELECT day, seq, hash, entries FROM audit_chain_heads ORDER BY seq DESC LIMIT 1").first() {
            seq = try head.decode(column: "seq", as: Int64.self)
            previous = try head.decode(column: "hash", as: String.self)
            day = try head.decode(column: "day", as: String.self)
            dayEntries = try head.decode(column: "entries", as: Int64.self)
        }
        var rows: [SQLQueryString] = []
        var heads: [(day: String, seq: Int64, hash: String, entries: Int64)] = []
        for entry in entries {
            // Days follow the chain: a transaction that read the clock before midnight and commits
            // after another's entry of the new day joins the new day.
            var entryDay = AuditChain.day(of: entry.at)
            if let day, entryDay < day { entryDay = day }
            if entryDay != day { day = entryDay; dayEntries = 0 }
            seq += 1
            dayEntries += 1
            let fields = AuditChain.Fields(seq: seq, day: entryDay, id: UUID(), at: AuditChain.rounded(entry.at),
                                           userID: entry.actor.userID, actor: entry.actor.name, action: entry.action,
                                           subjectType: entry.subjectType, subjectID: entry.subjectID,
                                           before: entry.before, after: entry.after)
            let hash = AuditChain.hash(fields, previous: previous)
            rows.append("""
                (\(bind: fields.id), \(bind: fields.at), \(bind: fields.userID), \(bind: fields.actor), \(bind: fields.action), \
                \(bind: fields.subjectType), \(bind: fields.subjectID), \(bind: fields.before), \(bind: fields.after), \
                \(bind: seq), \(bind: entryDay), \(bind: previous), \(bind: hash))
                """)
            if heads.last?.day == entryDay { heads.removeLast() }
            heads.append((entryDay, seq, hash, dayEntries))
            previous = hash
        }
        try await sql.raw("""
            INSERT INTO audit_entries (id, at, user_id, actor, action, subject_type, subject_id, "before", "after", \
            chain_seq, chain_day, prev_hash, entry_hash) VALUES \(rows.joined(separator: ", "))
            """).run()
        for head in heads {
            let signature = AuditChain.sign(day: head.day, seq: head.seq, hash: head.hash, entries: head.entries, key: key)
            try await sql.raw("""
                INSERT INTO audit_chain_heads (day, seq, hash, entries, signature) \
                VALUES (\(bind: head.day), \(bind: head.seq), \(bind: head.hash), \(bind: head.entries), \(bind: signature)) \
                ON CONFLICT (day) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, entries = excluded.entries, \
                signature = excluded.signature
                """).run()
        }
    }

    package static func json(_ value: any Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
