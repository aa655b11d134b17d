import Foundation
import Testing
@testable import MinshengCore

@Suite struct PasswordPolicyTests {
    @Test(arguments: [
        ("Xq7#mLp2-ZrW9", "coord", []),
        ("short-1", "coord", [.tooShort(minimum: 10)]),
        ("my-COORD-pass", "coord", [.containsUserName]),
        ("password123", "wang", [.common]),
        ("Password123", "wang", [.common]),              // case does not matter
        ("1234567890", "wang", [.common]),
        ("qwertyuiop", "wang", [.common]),
        ("woaini1314", "li", [.common]),
        ("admin", "admin", [.tooShort(minimum: 10), .containsUserName, .common]),
        ("Quiet-Harbour-77", "", []),
    ] as [(String, String, [PasswordPolicy.Refusal])])
    func refusals(password: String, user: String, expected: [PasswordPolicy.Refusal]) {
        #expect(PasswordPolicy.standard.refusals(for: password, userName: user) == expected)
    }

    @Test func theBundledListIsShippedAndSizeable() {
        let list = PasswordPolicy.bundledCommonPasswords()
        #expect(list.count >= 300)
        #expect(list.contains("123456"))
        #expect(!list.contains { $0.hasPrefix("#") })
    }
}

@Suite struct SignInLockoutTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// Fails `count` times, a second apart, from `start`.
    func fail(_ rule: SignInLockout, _ counter: SignInLockout.Counter, times count: Int, from start: Date)
        -> (SignInLockout.Counter, [TimeInterval?]) {
        var c = counter
        var locks: [TimeInterval?] = []
        for i in 0..<count {
            let (next, lock) = rule.failed(c, now: start.addingTimeInterval(Double(i)))
            c = next
            locks.append(lock)
        }
        return (c, locks)
    }

    @Test func theFifthFailureLocksForAMinute() {
        let (c, locks) = fail(.account, .init(), times: 5, from: t0)
        #expect(locks == [nil, nil, nil, nil, 60])
        #expect(SignInLockout.account.lockedFor(c, now: t0.addingTimeInterval(4)) == 60)
        #expect(SignInLockout.account.lockedFor(c, now: t0.addingTimeInterval(64)) == nil)
    }

    @Test(arguments: [(1, 60.0), (2, 120), (3, 240), (4, 480), (5, 960), (6, 1920), (7, 3600), (12, 3600)])
    func eachLockoutDoublesUpToAnHour(lockout: Int, seconds: TimeInterval) {
        #expect(SignInLockout.account.lockDuration(lockout: lockout) == seconds)
    }

    @Test func addressesAllowTen() {
        let (_, locks) = fail(.address, .init(), times: 10, from: t0)
        #expect(locks.prefix(9).allSatisfy { $0 == nil })
        #expect(locks.last == 60)
    }

    @Test func failuresFarApartStartOverAndADayForgetsLockouts() {
        let (locked, _) = fail(.account, .init(), times: 5, from: t0)
        #expect(locked.lockouts == 1)
        // four failures, then a fifth twenty minutes later: no lock (the window is 15 minutes)
        let (four, _) = fail(.account, locked, times: 4, from: t0.addingTimeInterval(120))
        let (late, lock) = SignInLockout.account.failed(four, now: t0.addingTimeInterval(120 + 3 + 20 * 60))
        #expect(lock == nil)
        #expect(late.failures == 1)
        #expect(late.lockouts == 1)
        // after a quiet day the next lockout is the first again
        let (_, locks) = fail(.account, late, times: 5, from: t0.addingTimeInterval(2 * 86_400))
        #expect(locks.last == 60)
    }
}

@Suite struct SealedTextTests {
    @Test func roundTripsItsText() {
        let sealed = SealedText(keyID: "3fa2c01b", payload: "q83vEjRWeJ+/=")
        #expect(sealed.text == "ms1.3fa2c01b.q83vEjRWeJ+/=")
        #expect(SealedText(parsing: sealed.text) == sealed)
        #expect(SealedText.keyID(of: sealed.text) == "3fa2c01b")
        #expect(SealedText.headerLength == "ms1.3fa2c01b.".count)
    }

    @Test(arguments: ["13812345678", "张三", "", "ms1.", "ms1.3fa2c01b.", "ms1.3FA2C01B.abc", "ms1.3fa2c0.abc",
                      "ms2.3fa2c01b.abc", "ms1.3fa2c01b.ab c", "ms1.3fa2c01bx.abc"])
    func plainOrMalformedIsNotSealed(text: String) {
        #expect(SealedText(parsing: text) == nil)
    }

    @Test(arguments: [
        ("13812345678", "13812345678"),
        ("138 1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("８６１３８１２３４５６７８", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("0571-8888 8888", "057188888888"),
        ("86-571-88888888", "8657188888888"),   // not a mobile after 86: kept as typed
        ("无", ""),
    ])
    func phonesNormalise(typed: String, expected: String) {
        #expect(PhoneNumber.normalised(typed) == expected)
    }
}
