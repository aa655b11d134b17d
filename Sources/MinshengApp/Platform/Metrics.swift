import CoreMetrics
import Crypto
import Foundation
import Metrics
import MinshengCore
import Prometheus
import SQLKit
import Vapor

/// `/metrics` in Prometheus' text format (运行监控): every request counted by method, route
/// pattern (`/api/v1/plans/:id`, never the raw path, so ids do not explode the series) and status,
/// with a latency histogram per method and route; at each scrape, gauges of the open citizens'
/// requests past their limit and of the reports due this month. Metrics go through swift-metrics
/// with this application's own factory (swift-prometheus over a registry per application), not the
/// process-wide bootstrap, so every test app counts apart.
final class AppMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

    init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        self.factory = factory
    }

    /// Counts one answered request and records how long it took.
    func record(method: String, route: String, status: UInt, duration: Duration) {
        CoreMetrics.Counter(label: "http_requests_total", dimensions: [("method", method), ("route", route), ("status", String(status))],
                factory: factory).increment()
        CoreMetrics.Timer(label: "http_request_duration_seconds", dimensions: [("method", method), ("route", route)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// Sets the domain gauges from the database (at each scrape; two small counting statements).
    func refreshGauges(on db: any SQLDatabase, today: CivilDate) async throws {
        let pastLimit = try await Self.openRequestsPastLimit(on: db, today: today)
        CoreMetrics.Gauge(label: "minsheng_requests_open_past_limit", factory: factory).record(pastLimit)
        let due = try await Self.reportsDueThisMonth(on: db, today: today)
        CoreMetrics.Gauge(label: "minsheng_reports_due_this_month", factory: factory).record(due)
    }

    /// Open citizens' requests (not yet replied, closed or merged) whose limit has passed: the
    /// handling limit once dispatched, or the sign-for limit while waiting to be signed for.
    static func openRequestsPastLimit(on db: any SQLDatabase, today: CivilDate) async throws -> Int {
        let day = today.description
        return try await db.raw("""
            SELECT COUNT(*) AS n FROM citizen_requests \
            WHERE state IN ('received', 'dispatched', 'returned', 'handling', 'awaitingApproval') \
            AND ((handling_due IS NOT NULL AND handling_due < \(bind: day)) \
                 OR (state = 'dispatched' AND sign_for_due IS NOT NULL AND sign_for_due < \(bind: day)))
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Commitments of published plans, not signed off, with no report yet for this month.
    static func reportsDueThisMonth(on db: any SQLDatabase, today: CivilDate) async throws -> Int {
        try await db.raw("""
            SELECT COUNT(*) AS n FROM commitments c JOIN plans p ON p.id = c.plan_id \
            WHERE p.status = 'published' AND c.is_signed_off = \(bind: false) \
            AND NOT EXISTS (SELECT 1 FROM progress_reports r WHERE r.commitment_id = c.id AND r.period = \(bind: today.yearMonth.description))
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

extension Application {
    private struct MetricsKey: StorageKey { typealias Value = AppMetrics }

    var metrics: AppMetrics {
        get {
            if let metrics = storage[MetricsKey.self] { return metrics }
            let metrics = AppMetrics()
            storage[MetricsKey.self] = metrics
            return metrics
        }
        set { storage[MetricsKey.self] = newValue }
    }
}

/// Counts every request (first in the chain, so errors and refusals count with their status) by
/// its route's pattern, and answers with the request's id in `X-Request-Id` (Vapor takes it from
/// the request's `X-Request-Id` or makes one, and logs it as `request-id` on `req.logger`).
struct RequestMetricsMiddleware: AsyncMiddleware {
    let metrics: AppMetrics

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next.respond(to: req)
        } catch {
            // Later middleware turns errors into responses; count what it will send.
            let status = (error as? any AbortError)?.status.code ?? 500
            metrics.record(method: req.method.rawValue, route: Self.pattern(req), status: status, duration: ContinuousClock.now - start)
            throw error
        }
        metrics.record(method: req.method.rawValue, route: Self.pattern(req), status: response.status.code,
                       duration: ContinuousClock.now - start)
        response.headers.replaceOrAdd(name: .xRequestId, value: req.id)
        return response
    }

    /// The matched route's pattern (`/api/v1/plans/:id`); `unmatched` when no route matched (a
    /// static file or a 404), so a scanner's made-up paths do not each make a series.
    static func pattern(_ req: Request) -> String {
        guard let route = req.route else { return "unmatched" }
        return "/" + route.path.map(\.description).joined(separator: "/")
    }
}

/// `GET /metrics`: who may read it. With `MINSHENG_METRICS_TOKEN` set, a request carrying
/// `Authorization: Bearer <that token>` (from anywhere); without one, only a scraper on this
/// machine: a loopback peer that sent no `X-Forwarded-For` (a request through the local nginx
/// carries one, so the public cannot reach it through the proxy). Everyone else: 403.
enum MetricsEndpoint {
    static func mayRead(_ req: Request, token: String?) -> Bool {
        if let token, !token.isEmpty {
            guard let given = req.headers.bearerAuthorization?.token else { return false }
            return Array(SHA256.hash(data: Data(given.utf8))) == Array(SHA256.hash(data: Data(token.utf8)))
        }
        guard let peer = req.remoteAddress?.ipAddress, req.headers[.xForwardedFor].isEmpty else { return false }
        return peer == "127.0.0.1" || peer == "::1" || peer.hasPrefix("127.") || peer == "::ffff:127.0.0.1"
    }

    @Sendable static func metrics(req: Request) async throws -> Response {
        guard mayRead(req, token: req.application.minshengConfig.metricsToken) else {
            let refused = Response(status: .forbidden, body: .init(string: "forbidden\n"))
            refused.headers.contentType = .plainText
            return refused
        }
        if let sql = req.db as? any SQLDatabase {
            try await req.application.metrics.refreshGauges(on: sql, today: req.today)
        }
        let response = Response(status: .ok, body: .init(string: req.application.metrics.registry.emitToString()))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
