import FluentKit
import Foundation
import FluentSQL
import SQLKit
import MinshengCore

/// A database without SQL reached a query written in SQL: Minsheng runs on SQLite or PostgreSQL
/// only, so this is a server fault (500), never a refusal of the caller's input.
package struct SQLDatabaseRequired: Error, CustomStringConvertible {
    package init() {}
    package var description: String { "Minsheng needs an SQL database (SQLite or PostgreSQL)" }
}

/// Optimistic locking (乐观锁): a write names the version it read; the version column is bumped by
/// `UPDATE … SET version = v + 1 WHERE id = ? AND version = v`, so of two writers holding the same
/// version exactly one matches a row and the other gets 409, with no lost update.
/// `RETURNING` is understood by both SQLite (3.35+) and PostgreSQL.
package enum VersionLock {
    /// Claims `version` of row `id` in `table`, returning the new version; throws
    /// ``Rejection/staleVersion(current:)`` (409) when stale.
    package static func claim(_ table: String, id: UUID, version: Int, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { throw SQLDatabaseRequired() }
        let rows = try await sql.update(table)
            .set("version", to: version + 1)
            .where("id", .equal, id)
            .where("version", .equal, version)
            .returning("id")
            .all()
        if rows.isEmpty {
            let current = try await sql.select().column("version").from(table).where("id", .equal, id)
                .first(decodingColumn: "version", as: Int.self)
            guard let current else { throw Rejection.notFound(.record) }
            throw Rejection.staleVersion(current: current)
        }
        return version + 1
    }
}

/// The plan revision: moved by ``WriteContext/commit(_:)`` for every plan a write touches, so a
/// cached view knows when it is stale (also across server instances).
package enum PlanRevision {
    /// Published plans' ids and revisions, oldest first, without loading the plans.
    package static func published(on db: any Database) async throws -> [(id: UUID, revision: Int)] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await sql.select().column("id").column("revision").from("plans")
            .where("status", .equal, PlanStatus.published.rawValue)
            .orderBy("created_at", .ascending)
            .all()
            .map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "revision", as: Int.self)) }
    }

    /// The revision of the plan a commitment belongs to, in one small query (nil: no such commitment).
    package static func ofCommitment(_ commitmentID: UUID, on db: any Database) -> EventLoopFuture<Int?> {
        guard let sql = db as? any SQLDatabase else { return db.eventLoop.makeSucceededFuture(nil) }
        return sql.raw("""
            SELECT plans.revision AS revision FROM commitments JOIN plans ON plans.id = commitments.plan_id \
            WHERE commitments.id = \(bind: commitmentID)
            """).first().flatMapThrowing { row in try row?.decode(column: "revision", as: Int.self) }
    }

    package static func ofCommitment(_ commitmentID: UUID, on db: any Database) async throws -> Int? {
        try await ofCommitment(commitmentID, on: db).get()
    }

    package static func current(_ planID: UUID, on db: any Database) async throws -> Int? {
        guard let sql = db as? any SQLDatabase else { return nil }
        return try await sql.select().column("revision").from("plans").where("id", .equal, planID)
            .first(decodingColumn: "revision", as: Int.self)
    }
}
