import Fluent
import Foundation
import MinshengCore
import SQLKit
import MinshengStore

/// The read side of Open311 GeoReport v2: services from the category catalogue, requests as the
/// public may see them (never a requester's name or phone; confidential requests not at all).
enum GeoReportQueries {
    /// A leaf of the catalogue (a category without active sub-categories) as a GeoReport service.
    struct Service: Sendable {
        var code: String
        var name: String
        /// The parent category's name (GeoReport `group`).
        var group: String
        var attributes: [ServiceAttribute]
    }

    static func services(on db: any Database) async throws -> [Service] {
        let categories = try await RequestCategoryRecord.query(on: db).filter(\.$active == true).sort(\.$code).all()
        let names = Dictionary(categories.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let parents = Set(categories.compactMap { RequestCategory(code: $0.code, name: $0.name).parentCode })
        let attributes = try await RequestQueries.allAttributes(on: db)
        return categories.filter { !parents.contains($0.code) }.map { c in
            let parent = RequestCategory(code: c.code, name: c.name).parentCode
            return Service(code: c.code, name: c.name, group: parent.flatMap { names[$0] } ?? c.name,
                           attributes: attributes[c.code] ?? [])
        }
    }

    /// One request as GeoReport shows it.
    struct PublicRequest: Sendable {
        var trackingNumber: String
        var state: RequestState
        var serviceCode: String
        var serviceName: String?
        var description: String
        var unit: String?
        var address: String?
        var lat: Double?
        var long: Double?
        var requestedAt: Date
        var updatedAt: Date
        /// The handling limit in force (an approved extension moves it), `yyyy-MM-dd`.
        var due: String?
        var reply: String?
        var satisfaction: Int?
        var channel: String
    }

    /// What `GET requests` asks for.
    struct Filter: Sendable {
        /// Tracking numbers; when given, the other filters are ignored (as the spec says).
        var ids: [String] = []
        var serviceCodes: [String] = []
        var window: ClosedRange<Date>
        /// `open`, `closed`, or both when empty.
        var statuses: Set<String> = []
        var limit = GeoReport.maxRequests
    }

    static let closedStates = [RequestState.closed.rawValue, RequestState.merged.rawValue]

    static func requests(_ filter: Filter, keys: DataKeyring, on db: any Database) async throws -> [PublicRequest] {
        guard let sql = db as? any SQLDatabase else { return [] }
        var query = SQLQueryString("""
            SELECT r.id, r.tracking_number, r.state, r.category_code, c.name AS service_name, r.text, r.requester_name, \
            u.name AS unit_name, r.address, r.lat, r."long", r.received_at, r.updated_at, r.handling_due, \
            r.reply_text, r.satisfaction, r.channel \
            FROM citizen_requests r LEFT JOIN request_categories c ON c.code = r.category_code \
            LEFT JOIN units u ON u.id = r.lead_unit_id WHERE r.confidential = \(bind: false)
            """)
        if !filter.ids.isEmpty {
            query.appendInterpolation(unsafeRaw: " AND r.tracking_number IN (")
            query.appendInterpolation(binds: filter.ids)
            query.appendInterpolation(unsafeRaw: ")")
        } else {
            query.appendInterpolation(unsafeRaw: " AND r.received_at >= ")
            query.appendInterpolation(bind: filter.window.lowerBound)
            query.appendInterpolation(unsafeRaw: " AND r.received_at <= ")
            query.appendInterpolation(bind: filter.window.upperBound)
            if !filter.serviceCodes.isEmpty {
                query.appendInterpolation(unsafeRaw: " AND r.category_code IN (")
                query.appendInterpolation(binds: filter.serviceCodes)
                query.appendInterpolation(unsafeRaw: ")")
            }
            if filter.statuses.count == 1 {
                query.appendInterpolation(unsafeRaw: filter.statuses.contains("closed") ? " AND r.state IN (" : " AND r.state NOT IN (")
                query.appendInterpolation(binds: closedStates)
                query.appendInterpolation(unsafeRaw: ")")
            }
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY r.received_at DESC, r.tracking_number DESC LIMIT \(max(0, filter.limit))")
        return try await sql.raw(query).all().map { row in
            let name = try keys.open(try row.decode(column: "requester_name", as: String?.self), .requesterName,
                                     row: try row.decode(column: "id", as: UUID.self))
            let names = name.map { [$0] } ?? []
            return PublicRequest(
                trackingNumber: try row.decode(column: "tracking_number", as: String.self),
                state: RequestState(rawValue: try row.decode(column: "state", as: String.self)) ?? .received,
                serviceCode: try row.decode(column: "category_code", as: String.self),
                serviceName: try row.decode(column: "service_name", as: String?.self),
                description: PersonalData.redactText(try row.decode(column: "text", as: String.self), names: names),
                unit: try row.decode(column: "unit_name", as: String?.self),
                address: try row.decode(column: "address", as: String?.self).map { PersonalData.redactText($0, names: names) },
                lat: try row.decode(column: "lat", as: Double?.self),
                long: try row.decode(column: "long", as: Double?.self),
                requestedAt: try row.decode(column: "received_at", as: Date.self),
                updatedAt: try row.decode(column: "updated_at", as: Date.self),
                due: try row.decode(column: "handling_due", as: String?.self),
                reply: try row.decode(column: "reply_text", as: String?.self).map { PersonalData.redactText($0, names: names) },
                satisfaction: try row.decode(column: "satisfaction", as: Int?.self),
                channel: try row.decode(column: "channel", as: String.self))
        }
    }

    /// What public reads of requests depend on: the latest change to any request (every intake
    /// and every step sets `updated_at`; one indexed MAX, also on a million rows).
    static func version(on db: any Database) async throws -> String {
        guard let sql = db as? any SQLDatabase else { return "" }
        let row = try await sql.raw("SELECT MAX(updated_at) AS v FROM citizen_requests").first()
        let latest = try row?.decode(column: "v", as: Date?.self)
        return latest.map { String($0.timeIntervalSince1970) } ?? "none"
    }

    /// The tracking number an Open311 post's token stands for.
    static func trackingNumber(token: String, on db: any Database) async throws -> String? {
        guard let sql = db as? any SQLDatabase, token.count <= 100 else { return nil }
        return try await sql.raw("""
            SELECT r.tracking_number FROM open311_tokens t JOIN citizen_requests r ON r.id = t.request_id \
            WHERE t.token = \(bind: token)
            """).first()?.decode(column: "tracking_number", as: String.self)
    }

    static func insertToken(_ token: String, request: CitizenRequestID, client: UUID, at: Date, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("""
            INSERT INTO open311_tokens (id, token, request_id, client_id, created_at) \
            VALUES (\(bind: UUID()), \(bind: token), \(bind: request.rawValue), \(bind: client), \(bind: at))
            """).run()
    }
}
