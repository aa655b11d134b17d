import Foundation

/// The OpenAPI 3.1 document of `/api/v1`, written by hand in `openapi.json` beside this file (a
/// resource of the target, so tools such as openapi-spec-validator read the very file served), and
/// kept in step with `routes.swift` by `OpenAPITests`.
enum OpenAPIDocument {
    /// The document's text, read once from the bundle.
    static let json: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { fatalError("openapi.json is missing from the MinshengApp bundle") }
        return text
    }()
}
