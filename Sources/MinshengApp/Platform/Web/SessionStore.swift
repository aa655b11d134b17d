import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor
import MinshengStore

/// Sessions kept in the database, so that a sign-out through one instance ends the session on
/// every instance at once (several `minsheng serve` behind one load balancer share the table):
/// on PostgreSQL every request reads its session, with its user, in one statement. Where one
/// process owns the database (SQLite) a read confirmed less than `recheckInterval` ago is
/// trusted, the same rule as ``PlanReadCache``: this process makes every change itself.
/// Vapor's sessions middleware writes the session back after every response; here a write
/// happens only when the data changed since this instance last read or wrote it.
final class SessionStore: SessionDriver, Sendable {
    let base: any SessionDriver
    let capacity: Int
    let recheckInterval: TimeInterval

    struct Known: Sendable {
        var data: [String: String]
        /// The session's user and their unit's name, as last read with the session.
        var user: UserSessionAuthenticator.Row?
        var unitName: String?
        /// When the database last confirmed this entry (nil: written here, not yet read back).
        var checkedAt: Date?
    }

    /// What this instance last read or wrote per session.
    private let known = NIOLockedValueBox<[String: Known]>([:])

    init(base: any SessionDriver, capacity: Int = 10_000, recheckInterval: TimeInterval = 0) {
        self.base = base
        self.capacity = capacity
        self.recheckInterval = recheckInterval
    }

    private func remember(_ id: SessionID, _ data: SessionData, user: UserSessionAuthenticator.Row? = nil,
                          unitName: String? = nil, checkedAt: Date? = nil) {
        known.withLockedValue { all in
            if all.count >= capacity { all.removeAll(keepingCapacity: true) }
            var entry = all[id.string] ?? Known(data: [:])
            entry.data = data.snapshot
            if let checkedAt {
                entry.user = user
                entry.unitName = unitName
                entry.checkedAt = checkedAt
            }
            all[id.string] = entry
        }
    }

    /// The user's columns as `UserSessionAuthenticator.Row` decodes them, from the joined `users u`.
    private static let userColumns = UserSessionAuthenticator.Row.joinedColumns

    /// Puts the user read with the session where ``UserSessionAuthenticator`` and the page look.
    private func preload(_ request: Request, user: UserSessionAuthenticator.Row?, unitName: String?) {
        guard let user else { return }
        request.storage[UserSessionAuthenticator.PreloadedKey.self] = user.record
        if let unitName { request.storage[WebUnitNameKey.self] = unitName }
    }

    /// Forgets every session this instance knows: sessions were ended in the database by other
    /// means (a password change), and must be read again before they are trusted.
    func forgetAll() {
        known.withLockedValue { $0.removeAll() }
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
        let now = request.application.clock.now()
        let entry = known.withLockedValue { $0[sessionID.string] }
        if recheckInterval > 0, let entry, let checkedAt = entry.checkedAt, now.timeIntervalSince(checkedAt) < recheckInterval,
           entry.data[userKey] == nil || entry.user?.id.uuidString == entry.data[userKey] {
            preload(request, user: entry.user, unitName: entry.unitName)
            return request.eventLoop.makeSucceededFuture(SessionData(initialData: entry.data))
        }
        let guess = entry?.data[userKey].flatMap(UUID.init(uuidString:))
        let query: SQLQueryString
        if let guess {
            query = """
                SELECT s.data AS data, \(unsafeRaw: Self.userColumns), un.name AS unit_name FROM _fluent_sessions s \
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
            var user: UserSessionAuthenticator.Row?
            var unitName: String?
            if guess != nil, let found = try? row.decode(model: UserSessionAuthenticator.Row.self) {
                user = found
                unitName = try? row.decode(column: "unit_name", as: String?.self)
            }
            self.preload(request, user: user, unitName: unitName)
            self.remember(sessionID, data, user: user, unitName: unitName, checkedAt: now)
            return data
        }
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        if known.withLockedValue({ $0[sessionID.string]?.data }) == data.snapshot {
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
