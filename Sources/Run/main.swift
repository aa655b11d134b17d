import MinshengApp
import Vapor
let app = try await Application.make(.detect())
try await configure(app)
try await app.execute()
try await app.asyncShutdown()
