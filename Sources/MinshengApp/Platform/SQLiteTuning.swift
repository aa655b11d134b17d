import Fluent
import SQLKit
import Vapor
import MinshengStore

/// The embedded database's settings for many small writes: write-ahead logging, and a sync at
/// checkpoints rather than at every commit (`synchronous=NORMAL`). A killed process loses nothing
/// that was committed (the WAL is in the file system); only a power cut may lose the last commits.
/// Applied to each event loop's connection (one per loop).
enum SQLiteTuning {
    static func apply(_ app: Application) async throws {
        for loop in app.eventLoopGroup.makeIterator() {
            guard let db = app.databases.database(logger: app.logger, on: loop) as? any SQLDatabase else { continue }
            try await db.raw("PRAGMA journal_mode=WAL").run()
            try await db.raw("PRAGMA synchronous=NORMAL").run()
        }
    }
}
