import Fluent
import Vapor
import MinshengStore

/// `minsheng migrate [--revert]`: prepares (or reverts the last batch of) the migrations without
/// asking for confirmation, for scripts and CI. Replaces Fluent's interactive `migrate`; `serve`
/// and the other commands migrate by themselves anyway.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "revert", help: "Revert the last batch of migrations")
        var revert: Bool
    }

    var help: String { "Runs pending migrations (--revert reverts the last batch)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if signature.revert {
            try await app.migrator.setupIfNeeded().get()
            try await app.migrator.revertLastBatch().get()
            context.console.print("已回退最近一批迁移")
        } else {
            try await app.autoMigrate()
            context.console.print("数据库迁移已完成")
        }
    }
}
