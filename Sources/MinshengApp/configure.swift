import Vapor
import Fluent
import FluentSQLiteDriver
import FluentPostgresDriver
import Leaf
import ZIPFoundation
import MinshengCore

public func configure(_ app: Application) async throws {
    app.get("healthz") { _ in "ok" }
}
