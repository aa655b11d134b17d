import Foundation
import SQLKit
import Vapor

/// `GET /health/ready`: 200 when the database answers `SELECT 1`, else 503 (with why, for the
/// operator; no secrets: the error's text, never the connection string).
enum HealthCheck {
    struct Readiness: Content {
        var status: String
        var database: String
    }

    @Sendable static func ready(req: Request) async throws -> Response {
        var readiness = Readiness(status: "ready", database: "ok")
        var status = HTTPStatus.ok
        do {
            guard let sql = req.db as? any SQLDatabase else { throw Abort(.serviceUnavailable) }
            _ = try await sql.raw("SELECT 1 AS one").first()
        } catch {
            readiness = Readiness(status: "unavailable", database: "unreachable")
            status = .serviceUnavailable
            req.logger.warning("readiness: the database does not answer: \(String(describing: error))")
        }
        let response = try await readiness.encodeResponse(for: req)
        response.status = status
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
