import Fluent
import Foundation
import MinshengCore
import SQLKit
import Vapor
import MinshengStore

/// Sign-in protection (登录失败处理, 等保2.0 三级): failed sign-ins counted per account (the name as
/// typed, any case, known or not) and per client address (``ClientAddress``) in
/// `sign_in_counters`, so every instance and a restarted one honour a lockout; Core's
/// ``SignInLockout`` decides when a key locks and for how long. Every sign-in, failure and lockout
/// is an audit entry, written with the counters in one transaction.
enum SignInProtection {
    enum Scope: String, Sendable, CaseIterable {
        case account, address

        var rule: SignInLockout { self == .account ? .account : .address }
    }

    /// One try: the name typed and where it came from.
    struct Attempt: Sendable {
        var userName: String
        var address: String

        func key(_ scope: Scope) -> String {
            switch scope {
            case .account: userName.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            case .address: address
            }
        }
    }

    /// Who failed sign-ins are recorded as: nobody has signed in.
    static let anonymous = AuditLog.Actor(userID: nil, name: "anonymous")

    /// Whole seconds the attempt must wait (the longer of its account's and its address's lock),
    /// or nil when neither is locked. Checked before the password, which a locked try never reaches.
    static func lockedFor(_ attempt: Attempt, on db: any Database, now: Date) async throws -> Int? {
        guard let sql = db as? any SQLDatabase else { return nil }
        let rows = try await sql.raw("""
            SELECT scope, failures, lockouts, locked_until, last_failure_at FROM sign_in_counters \
            WHERE (scope = 'account' AND key = \(bind: attempt.key(.account))) OR (scope = 'address' AND key = \(bind: attempt.key(.address)))
            """).all()
        var longest: TimeInterval?
        for row in rows {
            guard let scope = Scope(rawValue: try row.decode(column: "scope", as: String.self)) else { continue }
            if let wait = scope.rule.lockedFor(try counter(row), now: now) { longest = max(longest ?? 0, wait) }
        }
        return longest.map { Int($0.rounded(.up)) }
    }

    /// Records a failed try (wrong password, unknown name, wrong current password): both counters
    /// move, the failure is audited, and so is each lockout it starts. Returns the seconds of the
    /// lock it started, if any.
    @discardableResult
    static func recordFailure(_ attempt: Attempt, user: UserRecord?, reason: String, in ctx: WriteContext) async throws -> Int? {
        try await ctx.commit { tx in
            guard let sql = tx.db as? any SQLDatabase else { return nil }
            let lock = sql.dialect.name == "postgresql" ? " FOR UPDATE" : ""
            var started: TimeInterval?
            // Names tried once and never again would stay forever: counters quiet for longer than a
            // lockout is remembered, and not locked, are dropped (failures are rare; this is cheap).
            let forgotten = tx.now.addingTimeInterval(-SignInLockout.account.forgetAfter)
            try await sql.raw("""
                DELETE FROM sign_in_counters WHERE last_failure_at < \(bind: forgotten) \
                AND (locked_until IS NULL OR locked_until < \(bind: tx.now))
                """).run()
            try await tx.audit(.signInFailure, .user, user?.id,
                               after: ["name": attempt.userName, "address": attempt.address, "reason": reason])
            for scope in Scope.allCases {
                let key = attempt.key(scope)
                try await sql.raw("""
                    INSERT INTO sign_in_counters (scope, key, failures, lockouts) VALUES (\(bind: scope.rawValue), \(bind: key), 0, 0) \
                    ON CONFLICT (scope, key) DO NOTHING
                    """).run()
                guard let row = try await sql.raw("""
                    SELECT failures, lockouts, locked_until, last_failure_at FROM sign_in_counters \
                    WHERE scope = \(bind: scope.rawValue) AND key = \(bind: key)\(unsafeRaw: lock)
                    """).first() else { continue }
                let (next, locks) = scope.rule.failed(try counter(row), now: tx.now)
                try await sql.raw("""
                    UPDATE sign_in_counters SET failures = \(bind: next.failures), lockouts = \(bind: next.lockouts), \
                    locked_until = \(bind: next.lockedUntil), last_failure_at = \(bind: next.lastFailureAt) \
                    WHERE scope = \(bind: scope.rawValue) AND key = \(bind: key)
                    """).run()
                if let locks {
                    started = max(started ?? 0, locks)
                    try await tx.audit(.signInLockout, .user, scope == .account ? user?.id : nil,
                                       after: ["scope": scope.rawValue, "key": key, "lockout": String(next.lockouts),
                                               "seconds": String(Int(locks)), "until": ISO8601DateFormatter().string(from: next.lockedUntil!)])
                }
            }
            return started.map { Int($0.rounded(.up)) }
        }
    }

    /// Records a successful sign-in: the account's counter starts afresh (the address's does not:
    /// one good password must not clear a run of guesses at other accounts) and the sign-in is audited.
    static func recordSuccess(_ attempt: Attempt, user: UserRecord, secondFactor: String? = nil, in ctx: WriteContext) async throws {
        try await ctx.commit { tx in
            if let sql = tx.db as? any SQLDatabase {
                try await sql.raw("DELETE FROM sign_in_counters WHERE scope = 'account' AND key = \(bind: attempt.key(.account))").run()
            }
            var after = ["name": user.name, "address": attempt.address]
            if let secondFactor { after["secondFactor"] = secondFactor }
            try await tx.audit(.signIn, .user, user.id, after: after)
        }
    }

    private static func counter(_ row: any SQLRow) throws -> SignInLockout.Counter {
        SignInLockout.Counter(failures: try row.decode(column: "failures", as: Int.self),
                              lockouts: try row.decode(column: "lockouts", as: Int.self),
                              lockedUntil: try row.decode(column: "locked_until", as: Date?.self),
                              lastFailureAt: try row.decode(column: "last_failure_at", as: Date?.self))
    }
}
