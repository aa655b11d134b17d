import Vapor

/// Answers a method an `/api/v1` resource does not have (TRACE, PUT on a read-only list, GET on a
/// POST-only step …) with 405 and an `Allow` header in the API's error shape, and `OPTIONS` with
/// 204 and the same `Allow` (RFC 9110 §15.5.6, §9.3.7).
///
/// Without it the router answers such a request with 404, as if the resource did not exist, or
/// hands it to a parameter route of that method (`GET /requests/import` reached the one-request
/// handler with the id "import"). The table is built once from the registered routes, after
/// `routes(_:)` has run, so it cannot drift from them; the OpenAPI document is checked against the
/// same routes by `OpenAPITests`, so `Allow` names exactly the documented methods.
///
/// Installed in the application's middleware (before routing), since a route group's middleware
/// only runs for requests that matched a route.
struct APIMethodGuard: Middleware {
    /// One resource: its path pattern and the methods routed for it.
    struct Resource: Sendable {
        var pattern: [PathComponent]
        var methods: Set<String>
    }

    let prefix: [String]
    let resources: [Resource]

    /// The resources under `prefix` (e.g. `["api", "v1"]`) among `routes`.
    init(prefix: [String], routes: [Route]) {
        self.prefix = prefix
        var byPattern: [String: Resource] = [:]
        for route in routes {
            let constants = route.path.prefix(prefix.count).map { component -> String? in
                if case .constant(let s) = component { return s } else { return nil }
            }
            guard route.path.count > prefix.count, constants == prefix.map(Optional.some) else { continue }
            let pattern = Array(route.path.dropFirst(prefix.count))
            let key = pattern.map(Self.shape).joined(separator: "/")
            byPattern[key, default: Resource(pattern: pattern, methods: [])].methods.insert(route.method.rawValue)
        }
        resources = Array(byPattern.values)
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let segments = request.url.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard segments.count > prefix.count, Array(segments.prefix(prefix.count)) == prefix,
              let allowed = allowedMethods(for: Array(segments.dropFirst(prefix.count)))
        else { return next.respond(to: request) }
        let method = request.method.rawValue
        if allowed.contains(method) || (method == "HEAD" && allowed.contains("GET")) {
            return next.respond(to: request)
        }
        var names = allowed
        if allowed.contains("GET") { names.insert("HEAD") }
        names.insert("OPTIONS")
        let allow = names.sorted().joined(separator: ", ")
        if method == "OPTIONS" {
            let response = Response(status: .noContent)
            response.headers.replaceOrAdd(name: "Allow", value: allow)
            return request.eventLoop.makeSucceededFuture(response)
        }
        do {
            let response = try APIErrorMiddleware.response(
                for: APIError(.methodNotAllowed, "method_not_allowed", ErrorMapping.chineseMessage(.methodNotAllowed, "")), request: request)
            response.headers.replaceOrAdd(name: "Allow", value: allow)
            return request.eventLoop.makeSucceededFuture(response)
        } catch {
            return request.eventLoop.makeFailedFuture(error)
        }
    }

    /// The methods of the resource the router would pick for these segments, whatever the method:
    /// at each step a constant wins over a parameter, as in Vapor's router. `nil` when no resource
    /// matches (the router's 404 stands).
    func allowedMethods(for segments: [String]) -> Set<String>? {
        let matching = resources.filter { Self.matches($0.pattern, segments) }
        guard let best = matching.max(by: { Self.rank($0.pattern).lexicographicallyPrecedes(Self.rank($1.pattern)) }) else { return nil }
        return best.methods
    }

    private static func matches(_ pattern: [PathComponent], _ segments: [String]) -> Bool {
        for (index, component) in pattern.enumerated() {
            switch component {
            case .catchall: return segments.count > index
            case .constant(let s): if index >= segments.count || segments[index] != s { return false }
            case .parameter, .anything: if index >= segments.count { return false }
            }
        }
        return pattern.count == segments.count
    }

    /// Higher is more specific: constants first, segment by segment from the left.
    private static func rank(_ pattern: [PathComponent]) -> [Int] {
        pattern.map { component in
            switch component {
            case .constant: 3
            case .parameter: 2
            case .anything: 1
            case .catchall: 0
            }
        }
    }

    private static func shape(_ component: PathComponent) -> String {
        switch component {
        case .constant(let s): s
        case .parameter: ":"
        case .anything: "*"
        case .catchall: "**"
        }
    }
}
