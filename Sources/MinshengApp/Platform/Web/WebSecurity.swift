import Fluent
import Foundation
import Vapor
import MinshengStore

extension UserRecord: ModelSessionAuthenticatable {}

/// Per-session CSRF token (防跨站请求伪造): generated on first use, stored in the session, put in
/// every form as the hidden field `csrfToken`, and required on every state-changing request.
enum CSRF {
    static let field = "csrfToken"
    static let header = "X-CSRF-Token"
    static let sessionKey = "csrf"

    /// The session's token, created when missing.
    static func token(for req: Request) -> String {
        if let t = req.session.data[sessionKey], !t.isEmpty { return t }
        let t = randomToken()
        req.session.data[sessionKey] = t
        return t
    }

    /// A new token: 32 random bytes as URL-safe base64.
    static func randomToken() -> String {
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares in time independent of where the strings first differ.
    static func matches(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// Refuses POST, PUT, PATCH and DELETE whose `csrfToken` field (or `X-CSRF-Token` header) does
/// not match the session's token, with 403 before the handler runs.
struct CSRFMiddleware: Middleware {
    /// Largest body read to find the token (uploads are limited further by their routes).
    var maxBody: Int = 12 << 20

    // Future-based, so that reads (most requests) pass on the event loop without a task hop.
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard [.POST, .PUT, .PATCH, .DELETE].contains(req.method) else {
            return next.respond(to: req)
        }
        let expected = req.session.data[CSRF.sessionKey] ?? ""
        if let given = req.headers.first(name: CSRF.header) {
            guard CSRF.matches(given, expected) else { return req.eventLoop.makeFailedFuture(WebError.csrf) }
            return next.respond(to: req)
        }
        return req.body.collect(max: maxBody).flatMap { _ in
            guard let given = try? req.content.get(String.self, at: CSRF.field), CSRF.matches(given, expected) else {
                return req.eventLoop.makeFailedFuture(WebError.csrf)
            }
            return next.respond(to: req)
        }
    }
}

/// Headers every page carries: no framing (clickjacking), no type sniffing, scripts and styles
/// only from this site (no CDN), and no caching of pages that show people's work.
struct WebSecurityHeaders: Middleware {
    static let policy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: req).map { response in
            response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.policy)
            response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
            response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
            response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
            if response.headers.cacheControl == nil {
                response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            }
            return response
        }
    }
}
