import Foundation
import MinshengApp
import Vapor

// `--data`, `--hostname` and `--port` apply to every command; take them out before ConsoleKit
// parses the command line (it rejects options a command does not declare).
do {
    let (options, arguments) = try AppConfig.extractGlobalOptions(CommandLine.arguments)
    var env = try Environment.detect(arguments: arguments)
    try LoggingSystem.bootstrap(from: &env)
    let app = try await Application.make(env)
    let command = AppConfig.commandName(arguments)
    do {
        try await configure(app, config: .load(options: options, command: command))
        try await app.execute()
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
} catch {
    FileHandle.standardError.write(Data("minsheng: \(error)\n".utf8))
    exit(1)
}
