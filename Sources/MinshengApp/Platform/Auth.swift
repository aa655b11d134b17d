import Fluent
import Foundation
import MinshengCore
import Vapor

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

    static func authenticate(_ bearer: BearerAuthorization, for request: Vapor.Request) async throws {
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
