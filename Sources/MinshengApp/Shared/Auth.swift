import Fluent
import Foundation
import MinshengCore
import Vapor

/// Finds the user behind `Authorization: Bearer …` by the token's hash.
struct BearerTokenAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Vapor.Request) async throws {
        let hash = TokenRecord.hash(bearer.token)
        guard let token = try await TokenRecord.query(on: request.db)
            .filter(\.$tokenHash == hash)
            .filter(\.$revokedAt == nil)
            .with(\.$user, { $0.with(\.$unit) })
            .first() else { return }
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
