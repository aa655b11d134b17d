import Fluent
import Foundation
import MinshengCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor
import MinshengStore

/// A unit's request list as the API last encoded it, per page and day, kept while the unit's
/// revision (``WriteTransaction/touch(requestsOf:)``, moved by every write to its requests in the
/// same transaction) is unchanged: one read of that revision answers the list on every instance.
final class RequestInboxCache: Sendable {
    struct Key: Hashable, Sendable {
        var unit: UUID
        var page: Int
        var per: Int
        var day: CivilDate
    }

    private let entries = NIOLockedValueBox<[Key: (revision: Int, body: ByteBuffer)]>([:])
    /// More keys than this and the cache starts again (pages × units × one day).
    let capacity: Int

    init(capacity: Int = 4_096) { self.capacity = capacity }

    func body(_ key: Key, revision: Int) -> ByteBuffer? {
        entries.withLockedValue { e in e[key].flatMap { $0.revision == revision ? $0.body : nil } }
    }

    func keep(_ body: ByteBuffer, for key: Key, revision: Int) {
        entries.withLockedValue { e in
            if e.count >= capacity { e.removeAll(keepingCapacity: true) }
            e[key] = (revision, body)
        }
    }

    /// The unit's revision (0 before its first request write).
    static func revision(of unitID: UUID, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        return try await sql.raw("SELECT revision FROM request_unit_revisions WHERE unit_id = \(bind: unitID)")
            .first()?.decode(column: "revision", as: Int.self) ?? 0
    }
}

extension Application {
    private struct RequestInboxCacheKey: StorageKey { typealias Value = RequestInboxCache }

    var requestInboxCache: RequestInboxCache {
        get { storage[RequestInboxCacheKey.self] ?? RequestInboxCache(capacity: 0) }
        set { storage[RequestInboxCacheKey.self] = newValue }
    }
}
