import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// `/api/v1/me` (who the token belongs to, their password) and `/api/v1/users` (admin: list, create).
struct UsersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", use: me)
        routes.delete("me", "token", use: revokeOwnToken)
        routes.post("me", "password", use: changeOwnPassword)
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

    struct PasswordChange: Content {
        var currentPassword: String
        var newPassword: String
    }

    /// Changes the token's user's own password (204); 422 naming `currentPassword` or
    /// `newPassword`, 429 while the account or address is locked.
    @Sendable func changeOwnPassword(req: Vapor.Request) async throws -> HTTPStatus {
        let user = try req.requireUser()
        let body = try req.content.decode(PasswordChange.self)
        try await AccountActions.changeOwnPassword(of: user, current: body.currentPassword, new: body.newPassword,
                                                   address: ClientAddress.of(req), in: req.writeContext(actor: .init(user)))
        (req.application.sessions.driver as? SessionStore)?.forgetAll()
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
                                                    unitName: form.unit, password: form.password, initialPassword: true,
                                                    in: req.writeContext(actor: .init(user)))
        let response = Response(status: .created)
        try response.content.encode(try await Self.dto(created, on: req.db))
        return response
    }
}
