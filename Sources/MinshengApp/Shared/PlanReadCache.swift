import Foundation
import MinshengCore
import NIOConcurrencyHelpers
import Vapor

/// Encoded plan listings (`GET /plans/{id}/commitments`), kept per plan until the plan's revision
/// or the day changes.
///
/// Health depends on facts and on `today`, so a listing is valid for one (revision, day). Writes
/// in this process invalidate at once; writes by another process (a second server on the same
/// PostgreSQL) are noticed when the revision is re-read, at most `recheckInterval` later.
final class PlanReadCache: Sendable {
    struct Entry: Sendable {
        var revision: Int
        var day: CivilDate
        var body: ByteBuffer
        var checkedAt: Date
        /// Published or archived (readable without signing in).
        var isPublic: Bool
    }

    let recheckInterval: TimeInterval
    private let entries = NIOLockedValueBox<[UUID: Entry]>([:])

    init(recheckInterval: TimeInterval = 1) { self.recheckInterval = recheckInterval }

    /// The cached body if it is for `day` and was confirmed recently.
    func fresh(_ planID: UUID, day: CivilDate, now: Date) -> Entry? {
        entries.withLockedValue { all in
            guard let entry = all[planID], entry.day == day,
                  now.timeIntervalSince(entry.checkedAt) < recheckInterval else { return nil }
            return entry
        }
    }

    /// The cached body for `day`, however old its confirmation.
    func any(_ planID: UUID, day: CivilDate) -> Entry? {
        entries.withLockedValue { all in all[planID].flatMap { $0.day == day ? $0 : nil } }
    }

    func confirm(_ planID: UUID, now: Date) {
        entries.withLockedValue { all in all[planID]?.checkedAt = now }
    }

    func store(_ planID: UUID, _ entry: Entry) {
        entries.withLockedValue { all in all[planID] = entry }
    }

    func invalidate(_ planID: UUID) {
        _ = entries.withLockedValue { all in all.removeValue(forKey: planID) }
    }

    func invalidateAll() {
        entries.withLockedValue { all in all.removeAll() }
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
