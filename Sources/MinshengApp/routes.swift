import Fluent
import Vapor

/// The site map: every route the App answers, by feature.
func routes(_ app: Application) throws {
    app.get("healthz") { _ in "ok" }

    let api = app.grouped("api", "v1").grouped(BearerTokenAuthenticator())
    try api.register(collection: OpenAPIController())
    try api.register(collection: PlansController())
    try api.register(collection: CommitmentsController())
    try api.register(collection: ReportsController())
    try api.register(collection: ImportsController())
    try api.register(collection: UnitsController())
    try api.register(collection: AuditController())
    try api.register(collection: UsersController())

    try registerWeb(app)
}
