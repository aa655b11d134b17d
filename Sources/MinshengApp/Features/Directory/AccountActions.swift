import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// What a signed-in user does to their own account: change their password (the page
/// `/account/password` and `POST /api/v1/me/password` alike).
enum AccountActions {
    /// Changes `user`'s password after checking the current one. A wrong current password counts
    /// as a failed sign-in of the account and the address (``SignInProtection``), and a locked
    /// account or address is refused before it is checked: this form must not become a way round
    /// the lockout. Throws ``AccountLocked`` (429) or ``Rejection/invalid(_:)`` (fields
    /// `currentPassword`, `newPassword`).
    static func changeOwnPassword(of user: UserRecord, current: String, new newPassword: String, address: String,
                                  keepingSession: String? = nil, in ctx: WriteContext) async throws {
        let attempt = SignInProtection.Attempt(userName: user.name, address: address)
        if let wait = try await SignInProtection.lockedFor(attempt, on: ctx.db, now: ctx.now) {
            throw AccountLocked(seconds: wait)
        }
        guard let hash = user.passwordHash, (try? Bcrypt.verify(current, created: hash)) == true else {
            var failure = ctx
            failure.actor = .init(user)
            if let wait = try await SignInProtection.recordFailure(attempt, user: user, reason: "wrong current password", in: failure) {
                throw AccountLocked(seconds: wait)
            }
            throw Rejection.invalid([FieldProblem("currentPassword", .currentPasswordWrong)])
        }
        if current == newPassword { throw Rejection.invalid([FieldProblem("newPassword", .samePassword)]) }
        try await UserAccounts.changePassword(of: user, to: newPassword, keepingSession: keepingSession, in: ctx)
    }
}
