import Foundation
import MinshengCore
import NIOConcurrencyHelpers
import Vapor
import MinshengStore

/// The plan read model's one cache: per plan, its view of one day (``WebPlanSnapshot``, from
/// which pages and API rows are projected) and the view's API listing, encoded once.
///
/// Health depends on facts and on `today`, so a view is valid for one (revision, day). Writes in
/// this process invalidate at once (``WriteContext``); writes by another instance on the same
/// database move the plan's revision, which a reader confirms with one small query. Only where a
/// single process owns the database (SQLite) may a reader trust a confirmation for
/// `recheckInterval` without asking again; on PostgreSQL the interval is 0, so every instance sees
/// every other's writes at once.
final class PlanReadCache: PlanCache {
    struct Entry: Sendable {
        var revision: Int
        var day: CivilDate
        /// The plan's view of the day, which pages project into their rows.
        var view: WebPlanSnapshot
        /// Each row's JSON, for pages.
        var rows: [ByteBuffer]
        /// The whole listing, `[row,row,…]`, assembled once.
        var body: ByteBuffer
        /// `body` gzipped once, for clients that accept it.
        var gzipped: ByteBuffer?
        /// The listing's validator, `"r<revision>-<day>"`.
        var etag: String
        var checkedAt: Date
        /// Published or archived (readable without signing in).
        var isPublic: Bool

        init(view: WebPlanSnapshot, rows: [ByteBuffer], checkedAt: Date, isPublic: Bool) {
            self.revision = view.revision
            self.day = view.day
            self.view = view
            self.rows = rows
            self.body = Self.join(rows[...])
            // Small listings are not worth it; large ones shrink to about a tenth.
            self.gzipped = body.readableBytes > 8_192 ? Gzip.compress(body) : nil
            self.etag = "\"r\(revision)-\(day)\""
            self.checkedAt = checkedAt
            self.isPublic = isPublic
        }

        /// `[a,b,…]` from encoded rows.
        static func join(_ rows: ArraySlice<ByteBuffer>) -> ByteBuffer {
            var body = ByteBufferAllocator().buffer(capacity: rows.reduce(2) { $0 + $1.readableBytes + 1 })
            body.writeStaticString("[")
            for (i, row) in rows.enumerated() {
                if i > 0 { body.writeStaticString(",") }
                body.writeImmutableBuffer(row)
            }
            body.writeStaticString("]")
            return body
        }
    }

    /// A plan's encoded `GET /plans/{id}` body (day-independent), valid while its revision is.
    struct Detail: Sendable {
        var revision: Int
        var status: PlanStatus
        var body: ByteBuffer
    }

    let recheckInterval: TimeInterval
    private let details = NIOLockedValueBox<[UUID: Detail]>([:])
    private let entries = NIOLockedValueBox<[UUID: Entry]>([:])
    /// Bumped by every invalidation, so a listing computed while a write happened is not stored.
    private let generations = NIOLockedValueBox<[UUID: Int]>([:])
    private let allGeneration = NIOLockedValueBox(0)

    init(recheckInterval: TimeInterval = 1) { self.recheckInterval = recheckInterval }

    /// The cached body if it is for `day` and was confirmed recently.
    func fresh(_ planID: UUID, day: CivilDate, now: Date) -> Entry? {
        entries.withLockedValue { all in
            guard let entry = all[planID], entry.day == day,
                  now.timeIntervalSince(entry.checkedAt) < recheckInterval else { return nil }
            return entry
        }
    }

    /// The entry for `day` if it was built at `revision` (just confirmed by the caller).
    func entry(_ planID: UUID, revision: Int, day: CivilDate) -> Entry? {
        entries.withLockedValue { all in
            all[planID].flatMap { $0.day == day && $0.revision == revision ? $0 : nil }
        }
    }

    func confirm(_ planID: UUID, now: Date) {
        entries.withLockedValue { all in all[planID]?.checkedAt = now }
    }

    /// Computes a listing once however many requests ask for it at the same moment: the first
    /// caller runs `build`, the others wait for its result (after a write, a busy listing would
    /// otherwise be rebuilt by every request in flight).
    func singleFlight(_ planID: UUID, _ build: @escaping @Sendable () async throws -> Entry) async throws -> Entry {
        let (task, isOwner) = flights.withLockedValue { flights -> (Task<Entry, any Error>, Bool) in
            if let running = flights[planID] { return (running, false) }
            let task = Task { try await build() }
            flights[planID] = task
            return (task, true)
        }
        defer { if isOwner { _ = flights.withLockedValue { $0.removeValue(forKey: planID) } } }
        return try await task.value
    }

    private let flights = NIOLockedValueBox<[UUID: Task<Entry, any Error>]>([:])

    /// A token to pass to ``store(_:_:ifGeneration:)`` taken before loading the facts.
    func generation(_ planID: UUID) -> Int {
        allGeneration.withLockedValue { $0 } * 1_000_000 + generations.withLockedValue { $0[planID] ?? 0 }
    }

    /// Stores the entry unless the plan was invalidated since `generation` was taken.
    func store(_ planID: UUID, _ entry: Entry, ifGeneration generation: Int) {
        entries.withLockedValue { all in
            guard self.generation(planID) == generation else { return }
            all[planID] = entry
        }
    }

    /// The plan's cached body if it was built at `revision`.
    func detail(_ planID: UUID, revision: Int) -> Detail? {
        details.withLockedValue { all in all[planID].flatMap { $0.revision == revision ? $0 : nil } }
    }

    func storeDetail(_ planID: UUID, _ detail: Detail) {
        details.withLockedValue { $0[planID] = detail }
    }

    func invalidate(_ planID: UUID) {
        _ = details.withLockedValue { $0.removeValue(forKey: planID) }
        entries.withLockedValue { all in
            all.removeValue(forKey: planID)
            generations.withLockedValue { $0[planID, default: 0] += 1 }
        }
    }

    func invalidateAll() {
        details.withLockedValue { $0.removeAll() }
        entries.withLockedValue { all in
            all.removeAll()
            allGeneration.withLockedValue { $0 += 1 }
        }
    }
}

extension Application {
    private struct PlanReadCacheKey: StorageKey { typealias Value = PlanReadCache }

    /// Set once in `configure`, read by handlers.
    var planReadCache: PlanReadCache {
        get { storage[PlanReadCacheKey.self] ?? PlanReadCache(recheckInterval: 0) }
        set { storage[PlanReadCacheKey.self] = newValue }
    }
}
