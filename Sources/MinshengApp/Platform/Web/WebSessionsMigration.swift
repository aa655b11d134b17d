import Fluent
import MinshengStore

/// Sign-in sessions of the web pages, kept in the database so a restart does not sign everyone
/// out. The table is Fluent's own (`_fluent_sessions`); this gives it a number in our sequence.
public struct CreateWebSessions: AsyncMigration {
    public init() {}

    public var name: String { "0020_CreateWebSessions" }

    public func prepare(on database: any Database) async throws {
        try await SessionRecord.migration.prepare(on: database).get()
    }

    public func revert(on database: any Database) async throws {
        try await SessionRecord.migration.revert(on: database).get()
    }
}
