import Fluent
import Foundation
import MinshengCore
import SQLKit
import Vapor
import MinshengStore

/// Finds the user behind `Authorization: Bearer …` by the token's hash.
///
/// Requests without a bearer token (public reads) pass straight on, on the event loop; only a
/// token costs a trip to the database.
struct BearerTokenAuthenticator: Middleware {
    func respond(to request: Vapor.Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let bearer = request.headers.bearerAuthorization else { return next.respond(to: request) }
        return request.eventLoop.makeFutureWithTask {
            try await Self.authenticate(bearer, for: request)
        }.flatMap { next.respond(to: request) }
    }

    /// One statement: the token's user with their unit's name (Fluent's eager loading took three
    /// and decoded three models by reflection, more than a unit's request list itself).
    static func authenticate(_ bearer: BearerAuthorization, for request: Vapor.Request) async throws {
        let hash = TokenRecord.hash(bearer.token)
        if let sql = request.db as? any SQLDatabase {
            guard let row = try await sql.raw("""
                SELECT \(unsafeRaw: UserSessionAuthenticator.Row.joinedColumns), un.name AS unit_name FROM tokens t \
                JOIN users u ON u.id = t.user_id LEFT JOIN units un ON un.id = u.unit_id \
                WHERE t.token_hash = \(bind: hash) AND t.revoked_at IS NULL
                """).first() else { return }
            let user = try row.decode(model: UserSessionAuthenticator.Row.self).record
            guard user.disabledAt == nil else { return }
            if let unitID = user.$unit.id, let name = try row.decode(column: "unit_name", as: String?.self) {
                let unit = UnitRecord(name: name)
                unit.id = unitID
                unit.$id.exists = true
                user.$unit.value = .some(unit)
            } else {
                user.$unit.value = .some(nil)
            }
            request.auth.login(user)
            return
        }
        guard let token = try await TokenRecord.query(on: request.db)
            .filter(\.$tokenHash == hash)
            .filter(\.$revokedAt == nil)
            .with(\.$user, { $0.with(\.$unit) })
            .first(), token.user.disabledAt == nil else { return }
        request.auth.login(token.user)
    }
}

extension Vapor.Request {
    /// The signed-in user, or 401.
    func requireUser() throws -> UserRecord {
        guard let user = auth.get(UserRecord.self) else { throw APIError.unauthorized }
        return user
    }
}

/// A signed-in user is a Vapor authenticatable; the record lives in the store, which knows no Vapor.
extension UserRecord: Authenticatable {}
