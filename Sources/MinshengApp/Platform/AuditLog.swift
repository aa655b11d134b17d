import Fluent
import SQLKit
import Foundation
import Vapor

/// Writes audit entries. Call it inside the same transaction as the write it records.
enum AuditLog {
    /// The actor of a write: a user, or `system` for commands and the demo loader.
    struct Actor: Sendable {
        var userID: UUID?
        var name: String
        static let system = Actor(userID: nil, name: "system")
        init(userID: UUID?, name: String) { self.userID = userID; self.name = name }
        init(_ user: UserRecord) { self.init(userID: user.id, name: user.name) }
    }

    static func record(on db: any Database, at date: Date, actor: Actor, action: String,
                       subjectType: String, subjectID: UUID?,
                       before: (any Encodable)? = nil, after: (any Encodable)? = nil) async throws {
        let before = try before.map(json), after = try after.map(json)
        guard let sql = db as? any SQLDatabase else {
            let entry = AuditEntryRecord()
            entry.at = date
            entry.userID = actor.userID
            entry.actor = actor.name
            entry.action = action
            entry.subjectType = subjectType
            entry.subjectID = subjectID
            entry.before = before
            entry.after = after
            try await entry.create(on: db)
            return
        }
        // One plain statement: every write records an entry, and Fluent's `create` reads the
        // model's fields by reflection each time.
        try await sql.raw("""
            INSERT INTO audit_entries (id, at, user_id, actor, action, subject_type, subject_id, "before", "after") \
            VALUES (\(bind: UUID()), \(bind: date), \(bind: actor.userID), \(bind: actor.name), \(bind: action), \
            \(bind: subjectType), \(bind: subjectID), \(bind: before), \(bind: after))
            """).run()
    }

    static func json(_ value: any Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
