import Foundation

/// Locking out repeated failed sign-ins (登录失败处理, 等保2.0 三级): after ``threshold`` failures
/// in a row (each within ``failureWindow`` of the one before) the key (an account, or an address)
/// is locked for ``firstLock``; every further lockout doubles it, up to ``longestLock``. A key with
/// no failure for ``forgetAfter`` starts afresh. While locked, attempts are refused unchecked and
/// do not count.
///
/// Example: with `.account` (5 failures), the 5th failure locks for 1 min, the next 5 for 2 min,
/// then 4, 8, 16, 32 and 60 min.
public struct SignInLockout: Sendable, Equatable {
    public var threshold: Int
    public var firstLock: TimeInterval
    public var longestLock: TimeInterval
    public var failureWindow: TimeInterval
    public var forgetAfter: TimeInterval

    public init(threshold: Int, firstLock: TimeInterval = 60, longestLock: TimeInterval = 3600,
                failureWindow: TimeInterval = 15 * 60, forgetAfter: TimeInterval = 24 * 3600) {
        self.threshold = threshold
        self.firstLock = firstLock
        self.longestLock = longestLock
        self.failureWindow = failureWindow
        self.forgetAfter = forgetAfter
    }

    /// Per account (the user name as typed, any case): 5 failures.
    public static let account = SignInLockout(threshold: 5)
    /// Per client address: 10 failures, whichever names were tried (an office shares one address).
    public static let address = SignInLockout(threshold: 10)

    /// What is kept per key.
    public struct Counter: Sendable, Equatable {
        /// Failures since the last lockout (or start).
        public var failures: Int
        /// Lockouts so far: the next lasts `firstLock × 2^lockouts`.
        public var lockouts: Int
        public var lockedUntil: Date?
        public var lastFailureAt: Date?

        public init(failures: Int = 0, lockouts: Int = 0, lockedUntil: Date? = nil, lastFailureAt: Date? = nil) {
            self.failures = failures
            self.lockouts = lockouts
            self.lockedUntil = lockedUntil
            self.lastFailureAt = lastFailureAt
        }
    }

    /// Seconds the key stays locked from `now`, or nil when it is not locked.
    public func lockedFor(_ counter: Counter, now: Date) -> TimeInterval? {
        guard let until = counter.lockedUntil, until > now else { return nil }
        return until.timeIntervalSince(now)
    }

    /// How long the `n`-th lockout lasts (n ≥ 1).
    public func lockDuration(lockout n: Int) -> TimeInterval {
        min(firstLock * pow(2, Double(max(n, 1) - 1)), longestLock)
    }

    /// The counter after a failure at `now`, and the lock it starts (nil when it starts none).
    public func failed(_ counter: Counter, now: Date) -> (counter: Counter, locks: TimeInterval?) {
        var c = counter
        if let last = c.lastFailureAt {
            let gap = now.timeIntervalSince(last)
            if gap > forgetAfter { c = Counter() } else if gap > failureWindow { c.failures = 0 }
        }
        c.failures += 1
        c.lastFailureAt = now
        guard c.failures >= threshold else { return (c, nil) }
        c.lockouts += 1
        c.failures = 0
        let duration = lockDuration(lockout: c.lockouts)
        c.lockedUntil = now.addingTimeInterval(duration)
        return (c, duration)
    }
}
