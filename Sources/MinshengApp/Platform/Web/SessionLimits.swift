import Foundation
import Vapor
import MinshengStore

/// Session time limits (会话超时, 等保2.0 三级): a signed-in session ends after ``idle`` without a
/// request and, however active, ``absolute`` after sign-in. Both instants live in the session
/// (`signedInAt`, `seenAt`, seconds since 1970), so every instance applies them alike. An expired
/// session is signed out and destroyed; the route's own access rule then sends the visitor to sign
/// in. `seenAt` is written back at most once a minute, so a page view does not cost a session write.
struct SessionLimits: Middleware {
    static let signedInKey = "signedInAt"
    static let seenKey = "seenAt"

    var idle: TimeInterval
    var absolute: TimeInterval
    /// How stale `seenAt` may be before it is written again.
    var granularity: TimeInterval = 60

    /// Marks a session as signed in now (``LoginController``).
    static func start(_ req: Request, at now: Date) {
        let stamp = String(Int(now.timeIntervalSince1970))
        req.session.data[signedInKey] = stamp
        req.session.data[seenKey] = stamp
    }

    // Future-based and synchronous: kept pages are answered on the event loop.
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard req.hasSession, req.auth.has(UserRecord.self) else { return next.respond(to: req) }
        let now = req.clock.now().timeIntervalSince1970
        let signedIn = req.session.data[Self.signedInKey].flatMap(Double.init)
        let seen = req.session.data[Self.seenKey].flatMap(Double.init)
        if let signedIn, let seen, now - seen > idle || now - signedIn > absolute {
            req.auth.logout(UserRecord.self)
            req.session.destroy()
            return next.respond(to: req)
        }
        // Sessions from before these limits start counting now.
        if signedIn == nil { req.session.data[Self.signedInKey] = String(Int(now)) }
        if seen == nil || now - (seen ?? 0) >= granularity { req.session.data[Self.seenKey] = String(Int(now)) }
        return next.respond(to: req)
    }
}
