import Fluent
import Foundation
import SQLKit
import Vapor

/// Signs in the user whose id the session holds, read with one plain statement (Fluent's
/// `sessionAuthenticator()` decodes the model by reflection, which on a kept page cost more than
/// the page itself).
struct UserSessionAuthenticator: SessionAuthenticator {
    typealias User = UserRecord

    private struct Row: Decodable {
        var id: UUID
        var name: String
        var display_name: String?
        var password_hash: String?
        var role: String
        var unit_id: UUID?
        var is_demo: Bool
        var created_at: Date
    }

    func authenticate(sessionID: UUID, for request: Request) -> EventLoopFuture<Void> {
        guard let sql = request.db as? any SQLDatabase else {
            return UserRecord.find(sessionID, on: request.db).map { $0.map { request.auth.login($0) } ?? () }
        }
        return sql.raw("""
            SELECT id, name, display_name, password_hash, role, unit_id, is_demo, created_at FROM users \
            WHERE id = \(bind: sessionID)
            """).first(decoding: Row.self).map { row in
            guard let row else { return }
            let user = UserRecord(name: row.name, role: row.role, unitID: row.unit_id, passwordHash: row.password_hash,
                                  isDemo: row.is_demo, createdAt: row.created_at)
            user.id = row.id
            user.$id.exists = true
            user.displayName = row.display_name
            request.auth.login(user)
        }
    }
}
