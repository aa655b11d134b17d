import Foundation
import MinshengCore
import NIOConcurrencyHelpers
import Vapor
import MinshengStore

/// Rendered bodies of commitment pages, per commitment, kept while the plan's revision and the
/// day are the same. Everything on the body comes from the plan's facts and the commitment's
/// reports, notes and attachments, whose writes all move the plan's revision
/// (``WriteContext``), so a kept body is never stale on this instance or another.
final class CommitmentPageCache: PlanCache {
    struct Entry: Sendable {
        var planID: UUID
        var revision: Int
        /// When the database last confirmed `revision` (see ``confirmed(_:day:now:within:)``).
        var checkedAt: Date
        var day: CivilDate
        var title: String
        var subject: Subject
        /// Body HTML by what the viewer may do (``CommitmentController/rights(_:_:)``).
        var bodies: [String: KeptPage.Segments]
    }

    private let entries = NIOLockedValueBox<[UUID: Entry]>([:])
    private let capacity: Int

    init(capacity: Int = 2_000) { self.capacity = capacity }

    func entry(_ commitmentID: UUID, revision: Int, day: CivilDate) -> Entry? {
        entries.withLockedValue { all in
            all[commitmentID].flatMap { $0.revision == revision && $0.day == day ? $0 : nil }
        }
    }

    /// The entry for `day` if the database confirmed its revision less than `interval` ago (only
    /// where one process owns the database; writes here forget their plan's entries at once).
    func confirmed(_ commitmentID: UUID, day: CivilDate, now: Date, within interval: TimeInterval) -> Entry? {
        guard interval > 0 else { return nil }
        return entries.withLockedValue { all in
            all[commitmentID].flatMap { $0.day == day && now.timeIntervalSince($0.checkedAt) < interval ? $0 : nil }
        }
    }

    func store(_ commitmentID: UUID, planID: UUID, revision: Int, day: CivilDate, now: Date, title: String,
               subject: Subject, rights: String, body: KeptPage.Segments) {
        entries.withLockedValue { all in
            if all.count >= capacity { all.removeAll(keepingCapacity: true) }
            var entry = all[commitmentID].flatMap { $0.revision == revision && $0.day == day ? $0 : nil }
                ?? Entry(planID: planID, revision: revision, checkedAt: now, day: day, title: title, subject: subject,
                         bodies: [:])
            entry.checkedAt = now
            entry.bodies[rights] = body
            all[commitmentID] = entry
        }
    }

    /// A write here: the plan's pages must be confirmed again (their revision has moved).
    func invalidate(_ planID: UUID) {
        entries.withLockedValue { all in all = all.filter { $0.value.planID != planID } }
    }

    /// Marks an entry as just confirmed at `revision`.
    func confirm(_ commitmentID: UUID, revision: Int, now: Date) {
        entries.withLockedValue { all in
            if all[commitmentID]?.revision == revision { all[commitmentID]?.checkedAt = now }
        }
    }

    func invalidateAll() {
        entries.withLockedValue { $0.removeAll() }
    }
}

extension Application {
    private struct CommitmentPagesKey: StorageKey { typealias Value = CommitmentPageCache }

    /// Set once in `routes`.
    var commitmentPages: CommitmentPageCache {
        get { storage[CommitmentPagesKey.self] ?? CommitmentPageCache() }
        set { storage[CommitmentPagesKey.self] = newValue }
    }
}
