import Fluent
import MinshengCore
import Foundation
import Vapor
import MinshengStore

/// `GET /api/v1/audit`: the audit log, newest first, for coordinators and admins.
/// Filters: `?subjectType=commitment&subjectID=…&action=report.create&limit=100&before=ISO8601`.
struct AuditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("audit", use: list)
        routes.get("audit", "heads", use: heads)
        routes.get("audit", "export", use: export)
    }

    /// `GET /api/v1/audit/export?from=YYYY-MM-DD&to=YYYY-MM-DD`: the chained entries of those days
    /// with their hashes, and the days' signed heads, as JSON Lines (``AuditExport``), for the
    /// auditors; at most 366 days at a time. The download is audited (`audit.export`).
    @Sendable func export(req: Vapor.Request) async throws -> Response {
        let user = try Access.require(req, .readAudit)
        let range = try AuditExport.DayRange(from: try req.query.get(String?.self, at: "from") ?? "",
                                          to: try req.query.get(String?.self, at: "to") ?? "")
        if let start = CivilDate(range.from), let end = CivilDate(range.to), end.dayNumber - start.dayNumber > 365 {
            throw APIError.invalid(["to": "一次最多导出366天"])
        }
        var body = ""
        let summary = try await AuditExport.write(range, on: req.db) { body += $0 }
        try await AuditExport.record(range, summary, destination: "download", in: req.writeContext(actor: .init(user)))
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "x-ndjson", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: "audit-\(range.from)-\(range.to).jsonl")
        return response
    }

    struct AuditEntryDTO: Content {
        var id: UUID
        var at: Date
        var actor: String
        var userID: UUID?
        var action: String
        var subjectType: String
        var subjectID: UUID?
        var before: String?
        var after: String?
        /// Place in the audit chain (nil: written before the chain began).
        var seq: Int64?
        var entryHash: String?
    }

    struct Filter: Content {
        var subjectType: String?
        var subjectID: UUID?
        var action: String?
    }

    /// `GET /api/v1/audit/heads`: the chain's signed day heads, newest first. Kept outside the
    /// database (another system, paper), they let a later `audit verify` be checked against them:
    /// a day cut off the end of the chain, head and all, leaves no trace inside the database.
    @Sendable func heads(req: Vapor.Request) async throws -> [AuditChain.Head] {
        try Access.require(req, .readAudit)
        let limit = try req.queryInt("limit", in: 1...3660, default: 31)
        return try await AuditChain.heads(on: req.db, limit: limit)
    }

    @Sendable func list(req: Vapor.Request) async throws -> [AuditEntryDTO] {
        try Access.require(req, .readAudit)
        let filter = try req.query.decode(Filter.self)
        var query = AuditEntryRecord.query(on: req.db)
        if let v = filter.subjectType { query = query.filter(\.$subjectType == v) }
        if let v = filter.subjectID { query = query.filter(\.$subjectID == v) }
        if let v = filter.action { query = query.filter(\.$action == v) }
        let limit = try req.queryInt("limit", in: 1...1000, default: 100)
        return try await query.sort(\.$at, .descending).limit(limit).all().map {
            AuditEntryDTO(id: $0.id!, at: $0.at, actor: $0.actor, userID: $0.userID, action: $0.action,
                          subjectType: $0.subjectType, subjectID: $0.subjectID, before: $0.before, after: $0.after,
                          seq: $0.chainSeq, entryHash: $0.entryHash)
        }
    }
}
