import Foundation
import Vapor

/// `GET /api/v1/openapi.json`: the hand-written description of the API (``OpenAPIDocument``).
/// A test checks that every `/api/v1` route is described and every described path is routed.
struct OpenAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("openapi.json", use: document)
    }

    @Sendable func document(req: Vapor.Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(string: OpenAPIDocument.json))
    }
}
