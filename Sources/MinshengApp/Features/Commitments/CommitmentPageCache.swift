import Foundation
import MinshengCore
import NIOConcurrencyHelpers
import Vapor

/// Rendered bodies of commitment pages, per commitment, kept while the plan's revision and the
/// day are the same. Everything on the body comes from the plan's facts and the commitment's
/// reports, notes and attachments, whose writes all move the plan's revision
/// (``WriteContext``), so a kept body is never stale on this instance or another.
final class CommitmentPageCache: PlanCache {
    struct Entry: Sendable {
        var revision: Int
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

    func store(_ commitmentID: UUID, revision: Int, day: CivilDate, title: String, subject: Subject, rights: String,
               body: KeptPage.Segments) {
        entries.withLockedValue { all in
            if all.count >= capacity { all.removeAll(keepingCapacity: true) }
            var entry = all[commitmentID].flatMap { $0.revision == revision && $0.day == day ? $0 : nil }
                ?? Entry(revision: revision, day: day, title: title, subject: subject, bodies: [:])
            entry.bodies[rights] = body
            all[commitmentID] = entry
        }
    }

    // The revision in the key already retires stale bodies; forgetting them frees memory sooner.
    func invalidate(_ planID: UUID) {}

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
