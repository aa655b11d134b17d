import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// Who may open a page or send a form, checked before the handler by ``WebGuard``.
///
/// Screens that are just "who sees this" name roles; everything that changes something names a
/// Core ``Action`` and asks ``Permissions/may(_:_:on:)`` at route level (without a subject);
/// handlers ask again with the subject (the commitment's units, the notice's addressee).
enum WebAccess: Sendable, Equatable {
    /// Anyone, signed in or not (the sign-in page).
    case anyone
    /// Any signed-in user.
    case signedIn
    /// Signed-in users with one of these roles.
    case roles(Set<Role>)
    /// Signed-in users who may do this action on some subject.
    case action(Action)

    /// Whether a user with `role` (nil: anonymous) passes the route-level check.
    func allows(_ role: Role?) -> Bool {
        switch self {
        case .anyone: return true
        case .signedIn: return role != nil
        case .roles(let set): return role.map(set.contains) ?? false
        case .action(let action):
            guard let role else { return false }
            let probeUnit = WebAccess.probeUnit
            return Permissions.may(Principal(role: role, unit: role.isBoundToUnit ? probeUnit : nil), action,
                                   on: WebAccess.probe(for: action, unit: probeUnit))
        }
    }

    /// Any unit, standing for the user's own in the route-level check.
    static let probeUnit = UnitID(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x2a)))

    /// A subject on which a user of the role could do the action at all, for the route-level
    /// check: a published commitment the clerk's unit leads, a notice addressed to it.
    static func probe(for action: Action, unit: UnitID) -> Subject {
        switch action {
        case .submitReport, .comment, .writeInstruction:
            return .commitment(planStatus: .published, leadUnits: [unit], supportUnits: [])
        case .replyNotice:
            return .notice(addressedTo: unit)
        case .takeRequest, .routeRequest, .handleRequest, .approveRequestReply, .readRequest, .readRequesterIdentity,
             .manageRequestSettings, .readRequestScores:
            return .request(leadUnit: unit, coUnits: [])
        case .publishPlan:
            return .plan(status: .draft)
        default:
            return .system
        }
    }
}

/// One web route as registered, for the permission matrix test and the site map.
struct WebRouteEntry: Sendable, Equatable {
    var method: HTTPMethod
    var path: String
    var access: WebAccess
}

extension Application {
    private struct WebRouteTableKey: StorageKey { typealias Value = [WebRouteEntry] }

    /// Every web route registered by ``registerWeb(_:)``, in order.
    var webRoutes: [WebRouteEntry] {
        get { storage[WebRouteTableKey.self] ?? [] }
        set { storage[WebRouteTableKey.self] = newValue }
    }
}

/// Refuses a request before its handler when the route's ``WebAccess`` does not allow the
/// user's role: anonymous users are sent to sign in, others get 403.
struct WebGuard: Middleware {
    let access: WebAccess

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let user = req.auth.get(UserRecord.self)
        let role = user.flatMap { Role(rawValue: $0.role) }
        if !access.allows(role) {
            return req.eventLoop.makeFailedFuture(role == nil ? WebError.signInRequired : WebError.forbidden)
        }
        return next.respond(to: req)
    }
}

/// Registers web routes through one place so that each carries its guard and is listed in
/// `app.webRoutes`.
struct WebRouter {
    let app: Application
    let base: any RoutesBuilder

    func on(_ method: HTTPMethod, _ path: SitePath, _ access: WebAccess, body: HTTPBodyStreamStrategy = .collect,
            use handler: @escaping @Sendable (Request) async throws -> Response) {
        base.grouped(WebGuard(access: access)).on(method, path.components, body: body, use: handler)
        app.webRoutes.append(WebRouteEntry(method: method, path: path.pattern, access: access))
    }

    /// A page whose kept answer is served without leaving the event loop (see ``KeptPage``).
    func on(_ method: HTTPMethod, _ path: SitePath, _ access: WebAccess,
            onEventLoop handler: @escaping @Sendable (Request) throws -> EventLoopFuture<Response>) {
        base.grouped(WebGuard(access: access)).on(method, path.components, use: handler)
        app.webRoutes.append(WebRouteEntry(method: method, path: path.pattern, access: access))
    }
}
