import Fluent
import Foundation
import MinshengCore
import Vapor

/// `/api/v1/me` (who the token belongs to) and `/api/v1/users` (admin: list, create).
struct UsersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", use: me)
        routes.delete("me", "token", use: revokeOwnToken)
        routes.get("users", use: list)
        routes.post("users", use: create)
    }

    struct UserDTO: Content {
        var id: UUID
        var name: String
        var role: String
        var unit: String?
        var isDemo: Bool
        /// 姓名, when recorded.
        var displayName: String?
    }

    struct UserForm: Content {
        var name: String
        /// 姓名.
        var displayName: String?
        var role: String
        var unit: String?
        var password: String?
    }

    static func dto(_ user: UserRecord, on db: any Database) async throws -> UserDTO {
        let unit = try await user.$unit.get(on: db)?.name
        return UserDTO(id: user.id!, name: user.name, role: user.role, unit: unit, isDemo: user.isDemo, displayName: user.displayName)
    }

    @Sendable func me(req: Vapor.Request) async throws -> UserDTO {
        try await Self.dto(try req.requireUser(), on: req.db)
    }

    /// Signs an API client out: the bearer token of this request stops working (204).
    @Sendable func revokeOwnToken(req: Vapor.Request) async throws -> HTTPStatus {
        let user = try req.requireUser()
        guard let bearer = req.headers.bearerAuthorization else { throw APIError.unauthorized }
        try await UserAccounts.revokeTokens(of: user, onlyHash: TokenRecord.hash(bearer.token), in: req.writeContext(actor: .init(user)))
        return .noContent
    }

    @Sendable func list(req: Vapor.Request) async throws -> [UserDTO] {
        try Access.require(req, .manageUsers)
        var result: [UserDTO] = []
        for u in try await UserRecord.query(on: req.db).sort(\.$name).all() { result.append(try await Self.dto(u, on: req.db)) }
        return result
    }

    @Sendable func create(req: Vapor.Request) async throws -> Response {
        let user = try Access.require(req, .manageUsers)
        let form = try req.content.decode(UserForm.self)
        guard let role = Role(rawValue: form.role) else {
            throw APIError.invalid(["role": "应为 \(Role.allCases.map(\.rawValue).joined(separator: "、"))"])
        }
        let created = try await UserAccounts.create(name: form.name, displayName: form.displayName, role: role,
                                                    unitName: form.unit, password: form.password,
                                                    in: req.writeContext(actor: .init(user)))
        let response = Response(status: .created)
        try response.content.encode(try await Self.dto(created, on: req.db))
        return response
    }
}
