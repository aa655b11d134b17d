import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// `minsheng user add NAME --role ROLE [--unit UNIT] [--password P]`.
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "add")
        var action: String
        @Argument(name: "name", help: "User name (login)")
        var name: String
        @Option(name: "role", help: "admin, coordinator, clerk, leader or deputy")
        var role: String?
        @Option(name: "unit", help: "The clerk's unit, as written in plans")
        var unit: String?
        @Option(name: "password", help: "Password for signing in to the web pages")
        var password: String?
        @Option(name: "name-cn", help: "The person's 姓名")
        var displayName: String?
        @Flag(name: "new-unit", help: "Create --unit when no unit matches it (otherwise refused with close matches)")
        var newUnit: Bool
        @Flag(name: "keep-password", help: "The password is the user's own: no change required at first sign-in")
        var keepPassword: Bool
    }

    var help: String { "Adds a user: user add NAME --role ROLE [--unit UNIT] [--password P] [--keep-password]" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "add" else { throw CommandFailure("未知操作 \(signature.action);用法: user add NAME --role ROLE") }
        guard let roleText = signature.role, let role = Role(rawValue: roleText) else {
            throw CommandFailure("--role 必须是 \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let app = context.application
        let user: UserRecord
        do {
            user = try await UserAccounts.create(name: signature.name, displayName: signature.displayName, role: role,
                                                 unitName: signature.unit, password: signature.password,
                                                 createsUnit: signature.newUnit, initialPassword: !signature.keepPassword,
                                                 in: app.writeContext())
        } catch let unknown as UserAccounts.UnknownUnit {
            throw CommandFailure(unknown.message + "（命令行：加 --new-unit 新建该单位。）")
        } catch {
            // A Core refusal (a bad name, a taken one, a weak password) in the words the API uses.
            guard let refusal = ErrorMapping.coreError(error) else { throw error }
            throw CommandFailure(refusal.description)
        }
        context.console.print("用户 \(user.name) (\(role.rawValue)) 已创建")
    }
}

/// `minsheng token create NAME` prints a new bearer token for the user on its last line;
/// `minsheng token revoke NAME` revokes every token the user holds (a lost laptop, a clerk who left).
struct TokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create | revoke")
        var action: String
        @Argument(name: "name", help: "User name")
        var name: String
    }

    var help: String { "Creates or revokes a user's bearer tokens: token create NAME | token revoke NAME" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard ["create", "revoke"].contains(signature.action) else {
            throw CommandFailure("未知操作 \(signature.action);用法: token create NAME 或 token revoke NAME")
        }
        let app = context.application
        guard let user = try await UserRecord.query(on: app.db).filter(\.$name == signature.name).first() else {
            throw CommandFailure("用户 \(signature.name) 不存在")
        }
        if signature.action == "revoke" {
            let count = try await UserAccounts.revokeTokens(of: user, in: app.writeContext(actor: .system))
            context.console.print("用户 \(user.name) 的 \(count) 个访问令牌已吊销")
            return
        }
        let token = try await UserAccounts.createToken(for: user, in: app.writeContext(actor: .system))
        context.console.print("用户 \(user.name) 的访问令牌(只显示这一次):")
        context.console.print(token)
    }
}
