import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Sessions kept in the database (so a restart signs nobody out), with a short in-process
/// cache in front: Vapor's sessions middleware writes the session back after every response,
/// which on SQLite means one serialised write per page view. Here a write happens only when the
/// data changed, and a read hits the database at most once per `ttl` per session.
///
/// `ttl` bounds how long another server process may keep honouring a session this one deleted.
final class CachedSessionDriver: SessionDriver, Sendable {
    struct Entry: Sendable {
        var data: [String: String]
        var loadedAt: Date
    }

    let base: any SessionDriver
    let ttl: TimeInterval
    let capacity: Int
    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    init(base: any SessionDriver, ttl: TimeInterval = 30, capacity: Int = 10_000) {
        self.base = base
        self.ttl = ttl
        self.capacity = capacity
    }

    private func remember(_ id: SessionID, _ data: SessionData) {
        entries.withLockedValue { all in
            if all.count >= capacity { all.removeAll(keepingCapacity: true) }
            all[id.string] = Entry(data: data.snapshot, loadedAt: Date())
        }
    }

    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        base.createSession(data, for: request).map { id in
            self.remember(id, data)
            return id
        }
    }

    func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        let now = Date()
        if let hit = entries.withLockedValue({ $0[sessionID.string] }), now.timeIntervalSince(hit.loadedAt) < ttl {
            return request.eventLoop.makeSucceededFuture(SessionData(initialData: hit.data))
        }
        return base.readSession(sessionID, for: request).map { data in
            if let data { self.remember(sessionID, data) } else { self.forget(sessionID) }
            return data
        }
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        if let hit = entries.withLockedValue({ $0[sessionID.string] }), hit.data == data.snapshot,
           Date().timeIntervalSince(hit.loadedAt) < ttl {
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

    private func forget(_ id: SessionID) {
        _ = entries.withLockedValue { $0.removeValue(forKey: id.string) }
    }
}
