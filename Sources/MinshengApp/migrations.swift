import Fluent
import Vapor

/// Registers the migrations in order. Append only: a merged migration is never edited (STYLE rule 6).
/// Numbers 0001–0019 belong to the tracking core; the web pages use 0020 and up.
func registerMigrations(_ app: Application) {
    app.migrations.add(CreateUnits())
    app.migrations.add(CreateUsers())
    app.migrations.add(CreatePlans())
    app.migrations.add(CreateReports())
    app.migrations.add(CreateAuditEntries())
    app.migrations.add(CreateIndexes())
}
