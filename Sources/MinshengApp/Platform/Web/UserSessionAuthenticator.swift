import Fluent
import Foundation
import SQLKit
import Vapor
import MinshengStore

/// Signs in the user whose id the session holds, read with one plain statement (Fluent's
/// `sessionAuthenticator()` decodes the model by reflection, which on a kept page cost more than
/// the page itself).
struct UserSessionAuthenticator: SessionAuthenticator {
    typealias User = UserRecord

    /// The users table's columns as one row decodes them.
    struct Row: Decodable {
        var id: UUID
        var name: String
        var display_name: String?
        var password_hash: String?
        var role: String
        var unit_id: UUID?
        var is_demo: Bool
        var created_at: Date
        var disabled_at: Date?
        var must_change_password: Bool
        var totp_enabled_at: Date?

        static let columns = "id, name, display_name, password_hash, role, unit_id, is_demo, created_at, disabled_at, must_change_password, totp_enabled_at"
        /// The same columns from a `users u` joined with other tables.
        static let joinedColumns = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .map { "u.\($0) AS \($0)" }.joined(separator: ", ")

        var record: UserRecord {
            let user = UserRecord(name: name, role: role, unitID: unit_id, passwordHash: password_hash,
                                  isDemo: is_demo, createdAt: created_at, mustChangePassword: must_change_password)
            user.totpEnabledAt = totp_enabled_at
            user.id = id
            user.$id.exists = true
            user.displayName = display_name
            user.disabledAt = disabled_at
            return user
        }
    }

    /// A user ``SessionStore`` read in the same statement as the session.
    struct PreloadedKey: StorageKey { typealias Value = UserRecord }

    func authenticate(sessionID: UUID, for request: Request) -> EventLoopFuture<Void> {
        // A disabled (停用) account's sessions were ended; one that slipped through signs in nobody.
        if let user = request.storage[PreloadedKey.self], user.id == sessionID {
            if user.disabledAt == nil { request.auth.login(user) }
            return request.eventLoop.makeSucceededVoidFuture()
        }
        guard let sql = request.db as? any SQLDatabase else {
            return UserRecord.find(sessionID, on: request.db).map { user in
                if let user, user.disabledAt == nil { request.auth.login(user) }
            }
        }
        return sql.raw("SELECT \(unsafeRaw: Row.columns) FROM users WHERE id = \(bind: sessionID)")
            .first(decoding: Row.self).map { row in
                if let row, row.disabled_at == nil { request.auth.login(row.record) }
            }
    }
}
