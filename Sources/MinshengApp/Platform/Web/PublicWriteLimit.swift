import Foundation
import NIOConcurrencyHelpers
import Vapor

/// How many public writes (Open311 posts, the citizens' form, objections) one address may make
/// in a window: a sliding window per address, in memory on each instance. A burst from one
/// address is slowed without any outside service; the address is ``ClientAddress``'s (the
/// `X-Forwarded-For` of a trusted proxy).
final class PublicWriteLimit: Sendable {
    let limit: Int
    let window: TimeInterval
    private let hits = NIOLockedValueBox<[String: [Date]]>([:])

    init(limit: Int = 20, window: TimeInterval = 600) {
        self.limit = limit
        self.window = window
    }

    /// Counts one write from `address` at `now`; false when the address has used up its window.
    func allow(_ address: String, now: Date) -> Bool {
        hits.withLockedValue { hits in
            if hits.count > 10_000 { hits = hits.filter { $0.value.last.map { now.timeIntervalSince($0) < window } ?? false } }
            var recent = (hits[address] ?? []).filter { now.timeIntervalSince($0) < window }
            guard recent.count < limit else { hits[address] = recent; return false }
            recent.append(now)
            hits[address] = recent
            return true
        }
    }
}

extension Application {
    private struct PublicWriteLimitKey: StorageKey { typealias Value = PublicWriteLimit }

    /// The limit on public writes per address (configure sets it; tests may lower it).
    var publicWriteLimit: PublicWriteLimit {
        get { storage[PublicWriteLimitKey.self] ?? PublicWriteLimit() }
        set { storage[PublicWriteLimitKey.self] = newValue }
    }
}

extension Request {
    /// The address public write limits count by.
    var clientAddress: String { ClientAddress.of(self) }
}
