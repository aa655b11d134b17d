import Fluent
import Foundation
import Vapor

/// `GET /api/v1/audit`: the audit log, newest first, for coordinators and admins.
/// Filters: `?subjectType=commitment&subjectID=…&action=report.create&limit=100&before=ISO8601`.
struct AuditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("audit", use: list)
        routes.get("audit", "heads", use: heads)
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
