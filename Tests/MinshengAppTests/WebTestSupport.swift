import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// A browser stand-in for page tests: keeps the session cookie and the latest CSRF token seen
/// in a page, and posts forms URL-encoded.
struct WebClient {
    let app: Application
    var cookie: String?
    var csrf: String?
    /// Where the requests come from, sent as `X-Forwarded-For` (in-memory tests have no socket, and
    /// play the part of the proxy in front); nil sends none.
    var address: String?

    init(app: Application) { self.app = app }

    /// The password of the users ``signedIn(_:_:_:unit:)`` creates: it passes the password policy
    /// (10+ characters, no test user's name in it, not a common password).
    static let password = "Xq7#mLp2-ZrW9"

    /// Signs in as a new user with a password (bcrypt, so once per user per test).
    static func signedIn(_ app: Application, _ name: String, _ role: Role, unit: String? = nil) async throws -> WebClient {
        _ = try await UserAccounts.create(name: name, role: role, unitName: unit, password: password,
                                          in: app.writeContext(actor: .system))
        var client = WebClient(app: app)
        try await client.get("/login")
        let res = try await client.post("/login", ["username": name, "password": password])
        #expect(res.status == .seeOther, "sign-in of \(name) failed: \(res.status)")
        try await client.get("/commitments") // picks up the token rotated at sign-in
        return client
    }

    @discardableResult
    mutating func get(_ path: String) async throws -> TestingHTTPResponse {
        try await send(.GET, path, headers: [:], body: nil)
    }

    /// Posts `form`, adding the CSRF token unless `withToken` is false.
    @discardableResult
    mutating func post(_ path: String, _ form: [String: String] = [:], withToken: Bool = true) async throws -> TestingHTTPResponse {
        var fields = form
        if withToken, let csrf { fields["csrfToken"] = fields["csrfToken"] ?? csrf }
        let body = fields.sorted { $0.key < $1.key }.map { "\(WebLink.encode($0.key))=\(WebLink.encode($0.value))" }
            .joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// Posts fields in order, a name repeated as often as given (`unitIDs[]` ticked twice), with the CSRF token.
    @discardableResult
    mutating func post(_ path: String, pairs: [(String, String)]) async throws -> TestingHTTPResponse {
        let fields = pairs + (csrf.map { [("csrfToken", $0)] } ?? [])
        let body = fields.map { "\(WebLink.encode($0.0))=\(WebLink.encode($0.1))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// Posts a multipart form with one file field.
    @discardableResult
    mutating func upload(_ path: String, field: String, filename: String, data: [UInt8], contentType: String) async throws -> TestingHTTPResponse {
        let boundary = "----minsheng-test-boundary"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrfToken\"\r\n\r\n\(csrf ?? "")\r\n")
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\nContent-Type: \(contentType)\r\n\r\n")
        body.writeBytes(data)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await send(.POST, path, headers: headers, body: body)
    }

    mutating func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> TestingHTTPResponse {
        var headers = headers
        if let cookie { headers.replaceOrAdd(name: .cookie, value: "minsheng_session=\(cookie)") }
        if let address { headers.replaceOrAdd(name: .xForwardedFor, value: address) }
        let res = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        if let set = res.headers.setCookie?["minsheng_session"] {
            cookie = set.string.isEmpty ? nil : set.string
        }
        if let token = Self.csrfToken(in: res.body.string) { csrf = token }
        return res
    }

    static func csrfToken(in html: String) -> String? {
        guard let r = html.range(of: "name=\"csrfToken\" value=\"") else { return nil }
        let rest = html[r.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        let token = String(rest[..<end])
        return token.isEmpty ? nil : token
    }
}

extension TestingHTTPResponse {
    /// Where a redirect points.
    var location: String? { headers.first(name: .location) }
}
