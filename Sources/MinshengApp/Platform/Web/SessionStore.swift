import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Sessions kept in the database, read from it on every request, so that a sign-out through one
/// instance ends the session on every instance at once (several `minsheng serve` behind one load
/// balancer share the table). What it saves is the write: Vapor's sessions middleware writes the
/// session back after every response, which on SQLite means one serialised write per page view;
/// here a write happens only when the data changed since this instance last read or wrote it.
final class SessionStore: SessionDriver, Sendable {
    let base: any SessionDriver
    let capacity: Int
    /// What this instance last read or wrote per session, to skip unchanged write-backs.
    private let known = NIOLockedValueBox<[String: [String: String]]>([:])

    init(base: any SessionDriver, capacity: Int = 10_000) {
        self.base = base
        self.capacity = capacity
    }

    private func remember(_ id: SessionID, _ data: SessionData) {
        known.withLockedValue { all in
            if all.count >= capacity { all.removeAll(keepingCapacity: true) }
            all[id.string] = data.snapshot
        }
    }

    private func forget(_ id: SessionID) {
        _ = known.withLockedValue { $0.removeValue(forKey: id.string) }
    }

    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        base.createSession(data, for: request).map { id in
            self.remember(id, data)
            return id
        }
    }

    /// Reads Fluent's session table (`_fluent_sessions`: key, data as JSON) with one plain
    /// statement: this runs on every page view, and Fluent's model decoding cost as much as the rest
    /// of a kept page. The user the session last named on this instance is read in the same
    /// statement (``UserSessionAuthenticator`` then needs none); both come fresh from the database.
    func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        guard let sql = request.db as? any SQLDatabase else {
            return base.readSession(sessionID, for: request)
        }
        // Vapor keeps the signed-in user's id under `_<type name>Session`.
        let userKey = "_UserRecordSession"
        let guess = known.withLockedValue { $0[sessionID.string]?[userKey] }.flatMap(UUID.init(uuidString:))
        let query: SQLQueryString
        if let guess {
            query = """
                SELECT s.data AS data, u.id AS id, u.name AS name, u.display_name AS display_name, \
                u.password_hash AS password_hash, u.role AS role, u.unit_id AS unit_id, u.is_demo AS is_demo, \
                u.created_at AS created_at, un.name AS unit_name FROM _fluent_sessions s \
                LEFT JOIN users u ON u.id = \(bind: guess) LEFT JOIN units un ON un.id = u.unit_id \
                WHERE s.key = \(bind: sessionID.string)
                """
        } else {
            query = "SELECT data FROM _fluent_sessions WHERE key = \(bind: sessionID.string)"
        }
        return sql.raw(query).first().flatMapThrowing { row in
            guard let row else {
                self.forget(sessionID)
                return nil
            }
            let data = try row.decode(column: "data", as: SessionData.self)
            if guess != nil, let user = try? row.decode(model: UserSessionAuthenticator.Row.self) {
                request.storage[UserSessionAuthenticator.PreloadedKey.self] = user.record
                if let unitName = try? row.decode(column: "unit_name", as: String?.self) {
                    request.storage[WebUnitNameKey.self] = unitName
                }
            }
            self.remember(sessionID, data)
            return data
        }
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        if known.withLockedValue({ $0[sessionID.string] }) == data.snapshot {
            return request.eventLoop.makeSucceededFuture(sessionID)
        }
        return base.updateSession(sessionID, to: data, for: request).map { id in
            self.remember(id, data)
            return id
        }
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> {
        forget(sessionID)
        return base.deleteSession(sessionID, for: request)
    }
}
