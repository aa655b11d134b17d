import Crypto
import Fluent
import Foundation
import MinshengCore
import MinshengStore

/// The TOTP second factor (双因素认证) of admins and coordinators (issue 12): enrolment, the
/// check at sign-in, recovery codes. Core's ``Totp`` makes and checks the codes; this keeps the
/// secret sealed in `users.totp_secret`, the last accepted step (so a code is accepted once) and
/// the recovery codes' hashes, and audits every change and every use.
enum SecondFactor {
    /// Roles that must have a second factor (``AccountGate`` sends them to enrol).
    static let requiredRoles: Set<String> = [Role.admin.rawValue, Role.coordinator.rawValue]
    /// What authenticator apps show above the code.
    static let issuer = "民生"
    static let recoveryCodeCount = 10

    /// Whether `user` must enrol before using the site: an admin or coordinator without a
    /// confirmed second factor, when the configuration requires it; demo accounts are exempt.
    static func mustEnrol(_ user: UserRecord, required: Bool) -> Bool {
        required && !user.isDemo && requiredRoles.contains(user.role) && user.totpEnabledAt == nil
    }

    // MARK: Sealing the secret

    /// The key that seals TOTP secrets: derived (HKDF-SHA256) from the configured audit key, so it
    /// comes from configuration and is never stored beside the data; the secret is never logged.
    static func sealingKey(_ auditKey: AuditKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: auditKey.key, info: Data("minsheng totp secret v1".utf8), outputByteCount: 32)
    }

    static func seal(_ secret: [UInt8], key: AuditKey) throws -> String {
        let box = try AES.GCM.seal(secret, using: sealingKey(key))
        guard let combined = box.combined else { throw InternalFailure.sealFailed }
        return "v1:" + combined.base64EncodedString()
    }

    static func open(_ sealed: String, key: AuditKey) throws -> [UInt8] {
        guard sealed.hasPrefix("v1:"), let data = Data(base64Encoded: String(sealed.dropFirst(3))) else {
            throw InternalFailure.secretUnreadable
        }
        return Array(try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: sealingKey(key)))
    }

    // MARK: Enrolment

    /// What the enrolment page shows: the secret as base32 and as an `otpauth://` URI.
    struct Pending: Sendable {
        var base32: String
        var uri: String
    }

    /// Starts (or restarts) enrolment: a new random 20-byte secret, sealed into the user's row but
    /// not yet in force. An enrolled user restarting replaces nothing until they confirm.
    static func begin(for user: UserRecord, in ctx: WriteContext) async throws -> Pending {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let sealed = try seal(secret, key: ctx.auditKey)
        let userID = try user.requireID()
        try await ctx.commit { tx in
            guard let record = try await UserRecord.find(userID, on: tx.db) else { throw Rejection.notFound(.user) }
            if record.totpEnabledAt != nil { throw Rejection.conflict(.secondFactorAlreadyOn) }
            record.totpSecret = sealed
            record.totpLastStep = nil
            try await record.save(on: tx.db)
            try await tx.audit(.totpBegin, .user, userID, after: ["name": record.name])
        }
        return Pending(base32: Base32.encode(secret), uri: Totp.standard.uri(secret: secret, account: user.name, issuer: issuer))
    }

    /// The pending secret of a user who began enrolment (to show it again), or nil.
    static func pending(for user: UserRecord, on db: any Database, key: AuditKey) async throws -> Pending? {
        guard let record = try await UserRecord.find(try user.requireID(), on: db), record.totpEnabledAt == nil,
              let sealed = record.totpSecret else { return nil }
        let secret = try open(sealed, key: key)
        return Pending(base32: Base32.encode(secret), uri: Totp.standard.uri(secret: secret, account: record.name, issuer: issuer))
    }

    /// Confirms enrolment with a code from the app: the factor is in force from now, and the
    /// recovery codes (returned, shown once; only their hashes kept) replace any earlier ones.
    /// Throws ``Rejection/invalid(_:)`` (field `code`) for a wrong code.
    static func confirm(for user: UserRecord, code: String, in ctx: WriteContext) async throws -> [String] {
        let userID = try user.requireID()
        let codes = newRecoveryCodes()
        try await ctx.commit { tx in
            guard let record = try await UserRecord.find(userID, on: tx.db) else { throw Rejection.notFound(.user) }
            if record.totpEnabledAt != nil { throw Rejection.conflict(.secondFactorAlreadyOn) }
            guard let sealed = record.totpSecret else { throw Rejection.invalid([FieldProblem("code", .secondFactorNotStarted)]) }
            let secret = try open(sealed, key: tx.context.auditKey)
            guard let step = Totp.standard.verify(code, secret: secret, at: tx.now, lastUsedStep: nil) else {
                throw Rejection.invalid([FieldProblem("code", .secondFactorCodeWrong)])
            }
            record.totpEnabledAt = tx.now
            record.totpLastStep = step
            try await record.save(on: tx.db)
            try await TotpRecoveryCodeRecord.query(on: tx.db).filter(\.$user.$id == userID).delete()
            for code in codes {
                try await TotpRecoveryCodeRecord(userID: userID, codeHash: hash(code), createdAt: tx.now).create(on: tx.db)
            }
            try await tx.audit(.totpEnable, .user, userID, after: ["name": record.name, "recoveryCodes": String(codes.count)])
        }
        user.totpEnabledAt = ctx.now
        return codes
    }

    /// Turns the second factor off (the user, with a current code; the page asks for it). Admins
    /// and coordinators are then sent to enrol again when it is required.
    static func disable(for user: UserRecord, code: String, in ctx: WriteContext) async throws {
        let userID = try user.requireID()
        try await ctx.commit { tx in
            guard let record = try await UserRecord.find(userID, on: tx.db), record.totpEnabledAt != nil,
                  let sealed = record.totpSecret else { throw Rejection.invalid([FieldProblem("code", .secondFactorNotStarted)]) }
            let secret = try open(sealed, key: tx.context.auditKey)
            guard Totp.standard.verify(code, secret: secret, at: tx.now, lastUsedStep: record.totpLastStep) != nil else {
                throw Rejection.invalid([FieldProblem("code", .secondFactorCodeWrong)])
            }
            record.totpSecret = nil
            record.totpEnabledAt = nil
            record.totpLastStep = nil
            try await record.save(on: tx.db)
            try await TotpRecoveryCodeRecord.query(on: tx.db).filter(\.$user.$id == userID).delete()
            try await tx.audit(.totpDisable, .user, userID, after: ["name": record.name])
        }
        user.totpEnabledAt = nil
    }

    // MARK: At sign-in

    /// Checks a code typed at sign-in: a TOTP code newer than the last accepted one, or an unused
    /// recovery code (then used up). On success the step (or the code) is recorded, in the same
    /// transaction as the audit entry. Returns what was accepted, or nil (the caller counts a
    /// failure through ``SignInProtection``).
    enum Accepted: String, Sendable { case totp, recoveryCode }

    static func verifyAtSignIn(_ user: UserRecord, code typed: String, in ctx: WriteContext) async throws -> Accepted? {
        let userID = try user.requireID()
        return try await ctx.commit { tx -> Accepted? in
            guard let record = try await UserRecord.find(userID, on: tx.db), record.totpEnabledAt != nil,
                  let sealed = record.totpSecret else { return nil }
            let secret = try open(sealed, key: tx.context.auditKey)
            if let step = Totp.standard.verify(typed, secret: secret, at: tx.now, lastUsedStep: record.totpLastStep) {
                record.totpLastStep = step
                try await record.save(on: tx.db)
                return .totp
            }
            let normalized = normalizeRecovery(typed)
            guard normalized.count == 10,
                  let code = try await TotpRecoveryCodeRecord.query(on: tx.db).filter(\.$user.$id == userID)
                    .filter(\.$codeHash == hash(normalized)).filter(\.$usedAt == nil).first() else { return nil }
            code.usedAt = tx.now
            try await code.save(on: tx.db)
            let left = try await TotpRecoveryCodeRecord.query(on: tx.db).filter(\.$user.$id == userID).filter(\.$usedAt == nil).count()
            try await tx.audit(.recoveryCodeUse, .user, userID, after: ["name": record.name, "left": String(left)])
            return .recoveryCode
        }
    }

    // MARK: Recovery codes

    /// Ten codes of 10 characters (no 0/O/1/I), shown as `xxxxx-xxxxx`.
    static func newRecoveryCodes() -> [String] {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return (0..<recoveryCodeCount).map { _ in
            let chars = (0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            return String(chars[0..<5]) + "-" + String(chars[5...])
        }
    }

    static func normalizeRecovery(_ text: String) -> String {
        text.lowercased().filter { $0.isLetter || $0.isNumber }
    }

    static func hash(_ code: String) -> String {
        Hex.string(SHA256.hash(data: Data(normalizeRecovery(code).utf8)))
    }

    /// How many unused recovery codes the user has.
    static func recoveryCodesLeft(_ user: UserRecord, on db: any Database) async throws -> Int {
        try await TotpRecoveryCodeRecord.query(on: db).filter(\.$user.$id == user.requireID()).filter(\.$usedAt == nil).count()
    }
}
