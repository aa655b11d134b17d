import Foundation
import Vapor

/// `minsheng apikey create NAME` prints a new Open311 API key for a client app on its last line
/// (shown once; only its hash is kept); `apikey list`; `apikey revoke ID`.
struct ApiKeyCommands: AsyncCommandGroup {
    var help: String { "Open311 API keys: apikey create NAME | apikey list | apikey revoke ID" }
    var commands: [String: any AnyAsyncCommand] { ["create": Create(), "list": List(), "revoke": Revoke()] }

    struct Create: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "name", help: "The client app's name")
            var name: String
        }

        var help: String { "Issues a key for a client app and prints it once" }

        func run(using context: CommandContext, signature: Signature) async throws {
            let issued = try await ApiClients.issue(name: signature.name, in: context.application.writeContext())
            context.console.print("已为 \(issued.client.name) 签发 Open311 API 密钥（id \(issued.client.id!.uuidString)），只显示这一次：")
            context.console.print(issued.key)
        }
    }

    struct List: AsyncCommand {
        struct Signature: CommandSignature {}

        var help: String { "Lists the keys: id, app, last four characters, state" }

        func run(using context: CommandContext, signature: Signature) async throws {
            for client in try await ApiClients.all(on: context.application.db) {
                let state = client.revokedAt == nil ? "有效" : "已停用"
                context.console.print("\(client.id!.uuidString)\t\(client.name)\t…\(client.keyHint)\t\(state)")
            }
        }
    }

    struct Revoke: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "id", help: "The key's id (apikey list)")
            var id: String
        }

        var help: String { "Revokes a key: posts with it are refused from now on" }

        func run(using context: CommandContext, signature: Signature) async throws {
            guard let id = UUID(uuidString: signature.id) else { throw CommandFailure("用法: apikey revoke 密钥id（见 apikey list）") }
            try await ApiClients.revoke(id, in: context.application.writeContext())
            context.console.print("密钥 \(id.uuidString) 已停用")
        }
    }
}
