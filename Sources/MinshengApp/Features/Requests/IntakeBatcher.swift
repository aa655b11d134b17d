import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor
import MinshengStore

/// Group commit for intake on SQLite. SQLite has one writer, so concurrent intakes queue for the
/// write turn (``WriteContext/commit(_:)``) anyway; here they queue for it together: while one
/// group is being written, the intakes that arrive wait, and the next turn writes all of them in
/// one transaction (``RequestActions/insert(_:in:announce:)``: one statement per table for the
/// group, one audit append, one commit). An intake alone is written alone, at once; nothing waits
/// for a timer.
///
/// Each caller is answered only after its group has committed, so an acknowledged request is
/// stored. If a group fails (a concurrent retry's idempotency key, say), its intakes are written
/// one by one through ``RequestActions/takeAlone(_:)``, which answers each as if it had come alone.
final class IntakeBatcher: Sendable {
    /// At most this many intakes to a transaction.
    let maxGroup: Int

    private struct Waiting: Sendable {
        var checked: RequestActions.Checked
        var answer: CheckedContinuation<RequestActions.Taken, any Error>
    }

    private let state = NIOLockedValueBox<(waiting: [Waiting], writing: Bool)>(([], false))
    /// The catalogue and routing rules as last read, and when.
    private let kept = NIOLockedValueBox<(rules: RequestQueries.IntakeRules, at: Date)?>(nil)
    /// How long read rules are trusted: one process owns a SQLite file, and this process's own
    /// changes forget them at once (``forgetRules()``); another process's (a command) are seen
    /// within this time.
    let trustRulesFor: TimeInterval

    init(maxGroup: Int = 64, trustRulesFor: TimeInterval = 1) {
        self.maxGroup = maxGroup
        self.trustRulesFor = trustRulesFor
    }

    /// The active categories and routing rules, read at most once a second.
    func rules(on db: any Database, now: Date) async throws -> RequestQueries.IntakeRules {
        if let kept = kept.withLockedValue({ $0 }), now.timeIntervalSince(kept.at) < trustRulesFor, now >= kept.at {
            return kept.rules
        }
        let rules = try await RequestQueries.intakeRules(on: db)
        kept.withLockedValue { $0 = (rules, now) }
        return rules
    }

    /// Called after a write to the catalogue or the routing rules.
    func forgetRules() {
        kept.withLockedValue { $0 = nil }
    }

    /// How many intakes wait for the next turn, and whether a group is being written (tests).
    var queue: (waiting: Int, writing: Bool) {
        state.withLockedValue { ($0.waiting.count, $0.writing) }
    }

    /// Writes `checked` with whatever else is waiting, and answers once it is stored.
    func take(_ checked: RequestActions.Checked) async throws -> RequestActions.Taken {
        try await withCheckedThrowingContinuation { answer in
            let lead = state.withLockedValue { s -> Bool in
                s.waiting.append(Waiting(checked: checked, answer: answer))
                if s.writing { return false }
                s.writing = true
                return true
            }
            // The first to find nobody writing writes every group until the queue is empty.
            if lead { Task { await self.writeWhileWaiting() } }
        }
    }

    private func writeWhileWaiting() async {
        while true {
            let group = state.withLockedValue { s -> [Waiting] in
                let group = Array(s.waiting.prefix(maxGroup))
                s.waiting.removeFirst(group.count)
                if group.isEmpty { s.writing = false }
                return group
            }
            if group.isEmpty { return }
            await write(group)
        }
    }

    private func write(_ group: [Waiting]) async {
        if group.count > 1 {
            do {
                let ctx = group[0].checked.context
                let records = try await ctx.commit { tx in try await RequestActions.insert(group.map(\.checked), in: tx) }
                for (waiting, record) in zip(group, records) {
                    waiting.answer.resume(returning: .init(request: record, replayed: false))
                }
                return
            } catch {
                // Nothing of the group was written: each is tried alone below.
            }
        }
        for waiting in group {
            do {
                waiting.answer.resume(returning: try await RequestActions.takeAlone(waiting.checked))
            } catch {
                waiting.answer.resume(throwing: error)
            }
        }
    }
}

/// A unit merge (``WriteTransaction/touchAllPlans()``) rewrites the routing rules' units.
extension IntakeBatcher: PlanCache {
    func invalidate(_ planID: UUID) {}
    func invalidateAll() { forgetRules() }
}

extension Application {
    private struct IntakeBatcherKey: StorageKey { typealias Value = IntakeBatcher }

    /// Groups concurrent intakes into one transaction where writes take turns (SQLite; set in
    /// `configure`); nil where each intake commits on its own (PostgreSQL).
    var intakeBatcher: IntakeBatcher? {
        get { storage[IntakeBatcherKey.self] }
        set { storage[IntakeBatcherKey.self] = newValue }
    }
}
