import Vapor

/// Registers Minsheng's own commands beside Vapor's `serve`, `routes` and Fluent's `migrate`.
func registerCommands(_ app: Application) {
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(TokenCommand(), as: "token")
    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(ExportCommand(), as: "export")
    app.asyncCommands.use(CalendarCommand(), as: "calendar")
    app.asyncCommands.use(RequestsCommand(), as: "requests")
    app.asyncCommands.use(LadderCommand(), as: "ladder")
    app.asyncCommands.use(ApiKeyCommands(), as: "apikey")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(KeysCommand(), as: "keys")
    registerParserCommands(app)
}

/// A command failed in a way the user can fix; printed without a backtrace.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
